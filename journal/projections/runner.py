"""Keeps projections current by reading the notification log after each one's position.

The same catch-up loop serves SQLite and PostgreSQL: the library's projection runner
cannot subscribe to SQLite. Each batch is applied in one transaction that also moves
every projection's tracked position, so an event is applied exactly once even when
several processes catch up at the same time (the tracking rows are locked first).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    event,
    insert,
    select,
)
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool

from journal.projections.base import LOG_POSITION, Projection, metadata

BATCH_SIZE = 500

tracking = Table(
    "projection_tracking",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
)

Progress = Callable[[int], None]


def create_engine(url: str) -> Engine:
    """Create the projections' engine; SQLite writers take the lock when they begin."""
    if not url.startswith("sqlite"):
        return sa_create_engine(url, pool_size=3, max_overflow=3, pool_pre_ping=True)
    if url == "sqlite://":
        engine = sa_create_engine(
            url, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        engine = sa_create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA busy_timeout = 30000")
        # Read models are rebuilt from the log and move their tracked position in the same
        # transaction, so a crash may lose their last commits but never makes them wrong:
        # they skip the fsync the event store's commits make (WAL keeps them consistent).
        dbapi_connection.execute("PRAGMA synchronous = NORMAL")

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # IMMEDIATE: two processes that both read then write would otherwise deadlock.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def create_tables(engine: Engine, schema: MetaData, tables: list[Table] | None = None) -> None:
    """Create missing tables; several processes starting at once on one store may race.

    PostgreSQL lets two concurrent ``CREATE TABLE IF NOT EXISTS`` collide; the loser
    retries and then finds the table there.
    """
    for attempt in range(3):
        try:
            schema.create_all(engine, tables=tables)
            return
        except DBAPIError:
            if attempt == 2:
                raise
            time.sleep(0.2 * (attempt + 1))


class Projector:
    """Applies new events from the log to every projection, tracking each one's position."""

    def __init__(self, app: Any, engine: Engine, projections: Sequence[Projection]) -> None:
        self.app = app
        self.engine = engine
        self.projections = {p.name: p for p in projections}
        tables = [t for p in projections for t in p.tables] + [tracking]
        create_tables(engine, metadata, tables)

    def positions(self) -> dict[str, int]:
        """The last log position each projection has applied."""
        with self.engine.connect() as conn:
            known = dict(conn.execute(select(tracking.c.name, tracking.c.position)).all())
        return {name: int(known.get(name, 0)) for name in self.projections}

    def head(self) -> int:
        """The position of the newest event in the log (0 when empty)."""
        return self.app.recorder.max_notification_id() or 0

    def catch_up(self, progress: Progress | None = None) -> int:
        """Apply every event not yet applied; return how many log positions were applied."""
        applied = 0
        while True:
            count = self._apply_next_batch()
            if count == 0:
                return applied
            applied += count
            if progress is not None:
                progress(count)

    def _apply_next_batch(self) -> int:
        """Apply up to BATCH_SIZE events in one transaction; return how many."""
        with self.engine.begin() as conn:
            positions = self._lock_positions(conn)
            start = min(positions.values()) + 1
            notifications = self.app.recorder.select_notifications(start=start, limit=BATCH_SIZE)
            if not notifications:
                return 0
            for notification in notifications:
                domain_event = self.app.mapper.to_domain_event(notification)
                conn.info[LOG_POSITION] = notification.id
                for name, projection in self.projections.items():
                    if notification.id > positions[name]:
                        projection.apply(domain_event, conn)
            last = notifications[-1].id
            behind = [name for name in self.projections if last > positions[name]]
            conn.execute(tracking.update().where(tracking.c.name.in_(behind)).values(position=last))
            return len(notifications)

    def _lock_positions(self, conn: Connection) -> dict[str, int]:
        """Read (and on PostgreSQL lock) every projection's tracking row."""
        query = select(tracking.c.name, tracking.c.position).where(
            tracking.c.name.in_(self.projections)
        )
        known = dict(conn.execute(query.with_for_update()).all())
        missing = [name for name in self.projections if name not in known]
        if missing:
            conn.execute(insert(tracking), [{"name": n, "position": 0} for n in missing])
            known = dict(conn.execute(query.with_for_update()).all())
        return {name: int(position) for name, position in known.items()}

    def rebuild(self, names: Sequence[str] | None = None, progress: Progress | None = None) -> int:
        """Drop and recreate the named projections (all by default), then replay the log."""
        chosen = [self.projections[n] for n in (names or list(self.projections))]
        tables = [t for p in chosen for t in p.tables]
        with self.engine.begin() as conn:
            self._lock_positions(conn)
            metadata.drop_all(conn, tables=tables)
            metadata.create_all(conn, tables=tables)
            conn.execute(
                tracking.update()
                .where(tracking.c.name.in_([p.name for p in chosen]))
                .values(position=0)
            )
        return self.catch_up(progress)

    def follow(self, poll_seconds: float = 1.0, stop: Callable[[], bool] = lambda: False) -> None:
        """Keep catching up until ``stop()`` says so; the worker process runs this."""
        while not stop():
            if self.catch_up() == 0:
                time.sleep(poll_seconds)
