"""The journal's clock: knowledge time for every recorded event.

Real use reads the wall clock. The demo generator and tests replay a year of history by
moving the clock, so that each event's ``recorded_at`` is the moment it was recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time, tzinfo

_frozen_at: ContextVar[datetime | None] = ContextVar("frozen_at", default=None)


def now() -> datetime:
    """Return the current knowledge time, timezone-aware, in UTC."""
    frozen = _frozen_at.get()
    return frozen if frozen is not None else datetime.now(UTC)


def today(zone: tzinfo) -> date:
    """The organisation's date now, on its wall clock in ``zone`` (``Settings.zone``).

    Reports, defaults and validation all count days this way, so the API, the pages and
    the CLI agree between midnight UTC and midnight in the organisation's time zone.
    """
    return now().astimezone(zone).date()


def midnight(day: date, zone: tzinfo) -> datetime:
    """The instant ``day`` begins on the wall clock of ``zone``."""
    return datetime.combine(day, time(0), tzinfo=zone)


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    """Record everything inside the block as if it happened at ``moment``."""
    if moment.tzinfo is None:
        raise ValueError("frozen_at needs a timezone-aware datetime")
    token = _frozen_at.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _frozen_at.reset(token)
