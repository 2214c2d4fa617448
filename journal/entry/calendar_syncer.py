"""The projection worker's second job: fetching calendar subscriptions when they are due.

A thread beside the worker's catch-up loop, so that a slow calendar server (30 s before it
times out) never holds up the read models. It looks every minute; ``sync_calendars``
fetches only the subscriptions whose time has come (journal/calendar_sync/status.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

from journal.commands import Journal

LOOK_EVERY_SECONDS = 60.0


class CalendarSyncer(threading.Thread):
    """Syncs the due subscriptions every minute until stopped."""

    def __init__(self, app: Journal, every: timedelta, say: Callable[[str], None]) -> None:
        super().__init__(name="calendar-sync", daemon=True)
        self.app, self.every, self.say = app, every, say
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            self.pass_once()
            self.stopping.wait(LOOK_EVERY_SECONDS)

    def pass_once(self) -> None:
        """One pass; a failure of the pass itself is said, and the next pass comes."""
        try:
            done = self.app.sync_calendars(every=self.every)
        except Exception as error:  # noqa: BLE001 (the worker must outlive one bad pass)
            self.say(f"calendar sync failed: {type(error).__name__}: {error}")
            return
        if done.due:
            self.say(
                f"calendar sync: {done.due} due, {done.imported} imported"
                f" ({done.changed} changed), {done.not_modified} unchanged,"
                f" {len(done.failed)} failed"
            )

    def stop(self) -> None:
        self.stopping.set()
