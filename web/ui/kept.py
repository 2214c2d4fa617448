"""Markup kept per key in this process, the least recently used dropped past a size: for
what is costly to draw and always the same for the same inputs (charts, long selects).
The key must hold everything the markup shows."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock

from markupsafe import Markup


class Kept:
    """Up to ``size`` pieces of markup, by key."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._markup: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable, make: Callable[[], Markup]) -> Markup:
        """The markup kept for ``key``, made (outside the lock) the first time."""
        with self._lock:
            markup = self._markup.get(key)
            if markup is not None:
                self._markup.move_to_end(key)
                return markup
        markup = make()
        with self._lock:
            self._markup[key] = markup
            while len(self._markup) > self.size:
                self._markup.popitem(last=False)
        return markup
