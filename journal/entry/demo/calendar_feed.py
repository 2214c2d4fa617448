"""Henrik's calendar by subscription: the demo publishes his calendar as Outlook would, at
a private address, and the journal fetches it there instead of his monthly uploads.

``./scripts/run`` names the address the app will serve (``journal demo --calendar-feed-at
http://127.0.0.1:5000``). While the year is played, a small server of the demo's own
answers there, and every Monday morning his published calendar (the five weeks before)
is rewritten and his subscription fetched, as the worker would. Afterwards the file stays
in the feeds folder and the app serves it at the same address (web/ui/demo_feeds.py, only
when JOURNAL_DEMO_CALENDARS names the folder), so "Fetch now" on his My calendar works.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from journal.entry.demo import calendars
from journal.entry.demo.roster import Leader

#: The demo leader whose calendar comes by subscription.
SUBSCRIBER = "Henrik Dalsgaard"
#: Where, under the feeds folder and the app's address, the published calendars are.
PATH = "demo/calendars"
#: The weeks a published calendar holds before the day it is fetched.
WINDOW = timedelta(days=35)


FOLDER_VARIABLE = "JOURNAL_DEMO_CALENDARS"


def feeds_folder() -> Path:
    """Where the demo's published calendars are kept (JOURNAL_DEMO_CALENDARS, by default
    var/demo-feeds): the app serves them from there when the variable is set."""
    return Path(os.environ.get(FOLDER_VARIABLE) or "var/demo-feeds")


class Quiet(SimpleHTTPRequestHandler):
    """Serves the feeds folder, answering If-Modified-Since with 304, without logging."""

    def log_message(self, *_args: object) -> None:
        pass


class DemoFeed:
    """A published calendar file for one leader, and the address it is fetched from."""

    def __init__(self, folder: Path, address: str, name: str) -> None:
        self.folder = folder
        self.base = address.rstrip("/")
        self.file = folder / PATH / f"{name}.ics"
        self.url = f"{self.base}/{PATH}/{name}.ics"

    def publish(self, leader: Leader, today: date) -> None:
        """Write the leader's calendar of the weeks before ``today``, as they publish it."""
        self.file.parent.mkdir(parents=True, exist_ok=True)
        first = today - WINDOW
        data = calendars.export(leader, first, today - timedelta(days=1))
        partial = self.file.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(self.file)

    @contextmanager
    def served(self) -> Iterator[None]:
        """Serve the feeds folder at the address while the year is played."""
        parts = urlsplit(self.base)
        handler = functools.partial(Quiet, directory=str(self.folder))
        server = ThreadingHTTPServer((parts.hostname or "127.0.0.1", parts.port or 80), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield
        finally:
            server.shutdown()
            server.server_close()
