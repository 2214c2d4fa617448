"""The projection worker behind ``journal project --follow``: one active, the others on standby.

Exactly-once application does not depend on this module: every batch is applied in one
transaction that row-locks the projections' tracking rows (see ``runner``), so any number
of processes may catch up at once. The worker adds two things a production layout needs:

- **Handover.** On PostgreSQL the active worker holds a session-level advisory lock on a
  connection of its own. Other workers try the lock every ``poll_seconds`` and wait as
  standbys; when the active one dies, PostgreSQL ends its session and releases the lock,
  and a standby takes over from the tracked positions. Only one worker does the work, so
  workers do not queue on each other's row locks.
- **Low lag.** The event store already sends ``NOTIFY <events table>`` inside every
  transaction that inserts events (the eventsourcing library's PostgreSQL recorder does,
  and PostgreSQL delivers it at commit). The active worker LISTENs on that channel on its
  lock connection, so it needs neither a trigger of ours nor a NOTIFY from the app, and
  writers that bypass the app (``journal import``, the benchmarks' dataset) wake it too.
  A missed notification costs at most ``poll_seconds``: it looks at the log that often
  anyway. SQLite has no notifications: there the worker polls, and needs no lock because
  SQLite's write lock already serialises catch-ups.

SIGTERM and SIGINT stop the worker between two batches, so a long catch-up ends with its
last batch committed; the lock is released when its connection closes. It prints a line
when it starts, waits, takes over, loses its database connection and stops, never per event.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from time import monotonic
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import psycopg
from eventsourcing.persistence import OperationalError as StoreOperationalError
from psycopg import sql
from sqlalchemy.exc import OperationalError as SQLOperationalError

if TYPE_CHECKING:
    from journal.commands import Journal

# The advisory lock's key, the same for every worker on a database: "JOURNAL" in ASCII.
LOCK_KEY = 0x4A4F55524E414C
# How often a wait for a notification wakes up to see whether it was asked to stop.
WAKE_SECONDS = 0.2
# A lost connection (a database restart, a failover) ends the worker's turn, not its life.
CONNECTION_LOST = (psycopg.OperationalError, SQLOperationalError, StoreOperationalError)


class Stopping(Exception):
    """Raised between two batches when the worker has been asked to stop."""


class ProjectionWorker:
    """Keeps one journal's projections current until ``stop()`` is called."""

    def __init__(
        self,
        journal: Journal,
        *,
        poll_seconds: float = 1.0,
        say: Callable[[str], None] = lambda line: print(line, flush=True),
    ) -> None:
        self.journal = journal
        self.poll_seconds = poll_seconds
        self.say = say
        self._stopped = threading.Event()

    @property
    def stopped(self) -> bool:
        """Whether the worker has been asked to stop."""
        return self._stopped.is_set()

    def stop(self) -> None:
        """Ask the worker to stop after the batch it is applying (safe from a signal handler)."""
        self._stopped.set()

    def run(self) -> None:
        """Follow the log until stopped; on PostgreSQL only while holding the lock."""
        try:
            if self.journal.settings.store == "postgresql":
                self._run_with_lock()
            else:
                self._run_polling()
        except Stopping:
            pass
        try:
            where = f"projections are at {self._position()}"
        except CONNECTION_LOST:
            where = "the database is out of reach"
        self.say(f"Stopped (pid {os.getpid()}); {where}.")

    # -- SQLite ---------------------------------------------------------------------------

    def _run_polling(self) -> None:
        """Catch up, then look at the log every ``poll_seconds``."""
        self.say(
            f"Active (pid {os.getpid()}): {self.journal.settings.store} has no notifications;"
            f" polling the log every {self.poll_seconds:g}s."
        )
        self._catch_up_and_report()
        while not self.stopped:
            self._catch_up()
            self._stopped.wait(self.poll_seconds)

    # -- PostgreSQL -----------------------------------------------------------------------

    def _run_with_lock(self) -> None:
        """Wait for the lock, then follow; after a lost connection, start over."""
        waited = False
        while not self.stopped:
            try:
                with self._connect() as conn:
                    waited = self._acquire(conn, waited)
                    if self.stopped:
                        return
                    self._listen(conn)
                    verb = "Took over" if waited else "Active"
                    self.say(
                        f"{verb} (pid {os.getpid()}): holding the projection lock;"
                        f" listening on {self._channel()}, polling every"
                        f" {self.poll_seconds:g}s as a fallback."
                    )
                    self._catch_up_and_report()
                    self._follow(conn)
            except CONNECTION_LOST as error:
                reason = (str(error).strip().splitlines() or ["no reason"])[0]
                self.say(f"Lost the database connection ({reason}); trying again.")
                waited = True
                self._stopped.wait(self.poll_seconds)

    def _connect(self) -> psycopg.Connection[Any]:
        """A connection of the worker's own: it holds the lock and receives notifications."""
        # libpq takes postgresql:// but not SQLAlchemy's postgresql+psycopg://.
        url = urlsplit(self.journal.settings.database_url)._replace(scheme="postgresql").geturl()
        return psycopg.connect(
            url, autocommit=True, application_name="journal projection worker", connect_timeout=10
        )

    def _acquire(self, conn: psycopg.Connection[Any], waited: bool) -> bool:
        """Take the advisory lock, waiting as a standby while another worker holds it.

        Returns whether the worker waited (then it takes over), unless it was stopped.
        """
        while not self.stopped:
            row = conn.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()
            if row is not None and row[0]:
                return waited
            if not waited:
                self.say(
                    f"Standby (pid {os.getpid()}): another worker holds the projection lock;"
                    f" trying again every {self.poll_seconds:g}s."
                )
                waited = True
            self._stopped.wait(self.poll_seconds)
        return waited

    def _channel(self) -> str:
        """The channel the event store notifies on each insert, e.g. ``journal_events``."""
        return str(self.journal.recorder.channel_name)  # type: ignore[attr-defined]

    def _listen(self, conn: psycopg.Connection[Any]) -> None:
        """Subscribe before the first catch-up, so no commit falls between the two."""
        conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self._channel())))

    def _follow(self, conn: psycopg.Connection[Any]) -> None:
        """Catch up whenever a commit is announced, or after ``poll_seconds`` of silence."""
        while not self.stopped:
            self._wait_for_news(conn)
            # Notifications that came meanwhile are answered by the catch-up that follows.
            for _ in conn.notifies(timeout=0):
                pass
            self._catch_up()

    def _wait_for_news(self, conn: psycopg.Connection[Any]) -> None:
        """Return at the next notification, after ``poll_seconds``, or when asked to stop."""
        deadline = monotonic() + self.poll_seconds
        while not self.stopped:
            left = deadline - monotonic()
            if left <= 0:
                return
            # Waiting in short slices lets a signal's stop() take effect promptly.
            for _ in conn.notifies(timeout=min(left, WAKE_SECONDS), stop_after=1):
                return

    # -- both -----------------------------------------------------------------------------

    def _catch_up(self) -> int:
        """Apply what is new, stopping between two batches if asked to."""
        return self.journal.read.catch_up(self._between_batches)

    def _catch_up_and_report(self) -> None:
        """The first catch-up of a turn, which may have a backlog to work through."""
        start = self._position()
        applied = self._catch_up()
        self.say(
            f"Caught up from position {start}: applied {applied} events;"
            f" projections are at {self._position()}."
        )

    def _between_batches(self, _count: int) -> None:
        """Called after each committed batch: the place where stopping is clean."""
        if self.stopped:
            raise Stopping

    def _position(self) -> int:
        """The log position every projection has reached."""
        return min(self.journal.read.projector.positions().values(), default=0)


@contextmanager
def stopped_by_signals(worker: ProjectionWorker) -> Iterator[None]:
    """Let SIGTERM and SIGINT stop the worker cleanly while the block runs."""
    signals = (signal.SIGTERM, signal.SIGINT)
    previous = {number: signal.getsignal(number) for number in signals}
    for number in signals:
        signal.signal(number, lambda _number, _frame: worker.stop())
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
