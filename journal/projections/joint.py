"""One commit per command: a save's events recorded and projected in a single transaction.

Projecting inline (the default, and SQLite's only layout) used to take two transactions
per command: the event store's recorder committed the events and their chain links, then
the projector began again, re-read those events from the log, decoded them, wrote the
read models' rows and committed. A ``JointWrite`` makes that one: the recorder writes
the events and links on the read side's connection (SQLite and PostgreSQL keep both in
one database), the projector applies the very events the save has in memory, and one
commit makes all of it durable, with the tracked positions that keep it exactly-once.

If a projection is not right behind the new events (a worker still catching up, a
rebuild under way) the events are committed alone and the journal catches up afterwards
as before, so nothing is applied twice or skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine

from journal.projections.runner import Projector


class JointWrite:
    """The transaction the recorder writes one save's events in, and their projecting."""

    def __init__(self, projector: Projector, engine: Engine, events: Sequence[Any]) -> None:
        self.projector = projector
        self.engine = engine
        self.events = events
        self.applied = False  # whether the read models took the events in the same commit
        self._conn: Connection | None = None

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """Begin the transaction; yield its driver connection, for the recorder's inserts."""
        with self.engine.begin() as conn:
            self._conn = conn
            try:
                yield conn.connection.driver_connection
            finally:
                self._conn = None

    def recorded(self, positions: Sequence[int]) -> None:
        """The events now have these log positions: apply them in the same transaction."""
        assert self._conn is not None, "recorded() belongs inside transaction()"
        numbered = list(zip(positions, self.events, strict=True))
        self.applied = self.projector.apply_recorded(self._conn, numbered)
