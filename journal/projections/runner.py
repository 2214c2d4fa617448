"""Keeps projections current by reading the notification log after each one's position.

The same catch-up loop serves SQLite and PostgreSQL: the library's projection runner
cannot subscribe to SQLite. Each batch is applied in one transaction that also moves
every projection's tracked position, so an event is applied exactly once even when
several processes catch up at the same time (the tracking rows are locked first).

Events are decoded once and handed to each projection's handler for their type; the
handlers collect rows in a ``Batch`` that writes each table with a few statements at the
end (see ``batch``). A catch-up after a command applies a batch of one event, a rebuild
batches of thousands: one code path. A full rebuild creates the secondary indexes after
the rows are in, which builds them several times faster than row by row.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING, Any

from eventsourcing.utils import resolve_topic
from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    String,
    Table,
    insert,
    inspect,
    select,
)

from journal.projections import versions
from journal.projections.base import Handler, Projection, metadata
from journal.projections.batch import Batch, DriverStatement, driver_cursor, pipelined
from journal.sql import READS_ONLY, create_tables

if TYPE_CHECKING:
    from eventsourcing.persistence import ApplicationRecorder, Mapper, Notification

# Events per transaction when catching up: enough to amortise each statement, few enough
# that a SQLite writer waiting for the lock waits a fraction of a second.
BATCH_SIZE = 5_000
# A rebuild (an operator's command) takes bigger batches: at a million events each batch
# rewrites primary-key pages all over the tables, and bigger batches share those pages
# among more rows (measured: 50,000 a batch rebuilt 1M events 24% faster than 5,000), at
# the price of writers waiting a few seconds for the lock meanwhile.
REBUILD_BATCH_SIZE = 20_000

tracking = Table(
    "projection_tracking",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
)

Progress = Callable[[int], None]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a batch builds its rows.

    A batch makes tens of thousands of small dicts that live until it is written; the
    collector kept walking them (and every other live object) as they piled up, about a
    tenth of a rebuild's time. The rows hold no cycles, so nothing is lost by waiting.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def secondary_indexes(tables: Sequence[Table]) -> list[Index]:
    """The tables' indexes besides their primary keys."""
    return [index for table in tables for index in sorted(table.indexes, key=lambda i: str(i.name))]


def create_indexes(engine: Engine, tables: Sequence[Table]) -> None:
    """Create the tables' secondary indexes that are missing."""
    inspector = inspect(engine)
    present = {
        table.name: {found["name"] for found in inspector.get_indexes(table.name)}
        for table in tables
    }
    missing = [
        index
        for table in tables
        for index in secondary_indexes([table])
        if index.name not in present[table.name]
    ]
    if missing:
        with engine.begin() as conn:
            for index in missing:
                index.create(conn, checkfirst=True)


class Projector:
    """Applies new events from the log to every projection, tracking each one's position."""

    batch_size = BATCH_SIZE
    rebuild_batch_size = REBUILD_BATCH_SIZE

    def __init__(
        self,
        recorder: ApplicationRecorder,
        mapper: Mapper[Any],
        engine: Engine,
        projections: Sequence[Projection],
        before_catch_up: Callable[[], None] | None = None,
        *,
        building: bool = False,
    ) -> None:
        """``building``: the tables are new, made to be built from the whole log (a rebuild
        beside the live ones): they have the code's versions, whatever the log holds."""
        self.recorder = recorder
        self.mapper = mapper
        # Events about a person erased meanwhile must read as erased (Journal.refresh_keys).
        self.before_catch_up = before_catch_up
        self.engine = engine
        self.projections = {p.name: p for p in projections}
        self._handlers: dict[type, list[tuple[Projection, Handler]]] = {}
        self._wanted: dict[str, bool] = {}  # topic -> whether a projection here applies it
        self._positions_sql: dict[str, str] = {}
        tables = [t for p in projections for t in p.tables] + [tracking, versions.versions]
        create_tables(engine, metadata, tables)
        # A rebuild that stopped half-way left its indexes out: put them back.
        create_indexes(engine, tables)
        versions.settle(engine, projections, self.positions(), 0 if building else self.head())
        # A read model older than this code is left alone, frozen, until it is built anew
        # (its old tables may not take this code's rows): journal/projections/online.py.
        self.frozen: dict[str, Projection] = {}
        for name in self.outdated():
            self.frozen[name] = self.projections.pop(name)

    def everyone(self) -> list[Projection]:
        """Every projection of this code, frozen or not."""
        return [*self.projections.values(), *self.frozen.values()]

    def outdated(self) -> dict[str, tuple[int, int]]:
        """Read models whose tables are older than this code: name -> (stored, expected)."""
        return versions.outdated(self.engine, self.everyone())

    def thaw(self) -> None:
        """Take back the frozen read models that were built anew meanwhile (by this or
        another process), so that they are kept current again."""
        if not self.frozen:
            return
        still = self.outdated()
        for name in [name for name in self.frozen if name not in still]:
            self.projections[name] = self.frozen.pop(name)
            self._positions_sql.clear()
            self.forget_handlers()

    def positions(self) -> dict[str, int]:
        """The last log position each projection has applied (read without SQLite's write
        lock: /readyz and /metrics ask every few seconds, and must not queue behind writers)."""
        with self.engine.execution_options(**{READS_ONLY: True}).connect() as conn:
            known = dict(conn.execute(select(tracking.c.name, tracking.c.position)).all())
        return {name: int(known.get(name, 0)) for name in self.projections}

    def head(self) -> int:
        """The position of the newest event in the log (0 when empty)."""
        return self.recorder.max_notification_id() or 0

    def catch_up(self, progress: Progress | None = None, batch_size: int | None = None) -> int:
        """Apply every event not yet applied; return how many log positions were applied."""
        if self.before_catch_up is not None:
            self.before_catch_up()
        self.thaw()
        size = batch_size or self.batch_size
        applied = 0
        while True:
            count = self._apply_next_batch(size)
            applied += count
            if count and progress is not None:
                progress(count)
            # A short batch reached the head of the log: another look would only take the
            # write lock again to find nothing (a command's catch-up paid for that twice).
            if count < size:
                return applied

    def _apply_next_batch(self, batch_size: int) -> int:
        """Apply up to ``batch_size`` events in one transaction; return how many."""
        with self.engine.begin() as conn:
            positions = self.lock_positions(conn)
            start = min(positions.values()) + 1
            notifications = self.recorder.select_notifications(start=start, limit=batch_size)
            if not notifications:
                return 0
            self._apply(conn, positions, self._decoded(notifications), notifications[-1].id)
            return len(notifications)

    def apply_pending(self, conn: Connection) -> int:
        """Apply every event not yet applied inside ``conn``'s transaction (an online
        rebuild's last step, journal/projections/online.py); how many."""
        applied = 0
        while True:
            positions = self.lock_positions(conn)
            start = min(positions.values()) + 1
            found = self.recorder.select_notifications(start=start, limit=self.batch_size)
            if not found:
                return applied
            self._apply(conn, positions, self._decoded(found), found[-1].id)
            applied += len(found)

    def apply_recorded(self, conn: Connection, numbered: Sequence[tuple[int, Any]]) -> bool:
        """Apply events that ``conn``'s transaction has just recorded, as (position, event).

        Only when every projection has applied everything before them: then the events,
        the rows they make and the new positions commit together (a command projected
        inline, journal/projections/joint.py). Otherwise nothing is applied here and
        False says that a catch-up must follow the commit.
        """
        self.thaw()  # a read model another process built anew is kept current here too
        positions = self.lock_positions(conn)
        before = numbered[0][0] - 1
        if any(position != before for position in positions.values()):
            return False
        self._apply(conn, positions, numbered, numbered[-1][0])
        return True

    def _decoded(self, notifications: Sequence[Notification]) -> Iterator[tuple[int, Any]]:
        """The notifications some projection here applies, decoded, with their positions.

        The others are not decoded at all: a process that builds a few read models (a
        rebuild on several cores, journal/projections/parallel.py) skips most of the log.
        """
        wanted = self._wanted
        to_domain_event = self.mapper.to_domain_event
        for notification in notifications:
            topic = notification.topic
            needed = wanted.get(topic)
            if needed is None:
                needed = wanted[topic] = bool(self._handlers_for(resolve_topic(topic)))
            if needed:
                yield notification.id, to_domain_event(notification)

    def _apply(
        self,
        conn: Connection,
        positions: dict[str, int],
        numbered: Iterable[tuple[int, Any]],
        last: int,
    ) -> None:
        """Apply numbered events to the projections behind them and move their positions
        to ``last``, the batch's last position (its event may be one none of them apply)."""
        batch = Batch(conn)
        first = 0
        with collector_paused():
            for position, domain_event in numbered:
                first = first or position
                batch.position = position
                for projection, handler in self._handlers_for(type(domain_event)):
                    if position > positions[projection.name]:
                        handler(projection, domain_event, batch)
            behind = [name for name in self.projections if last > positions[name]]
            # A command's few rows travel together; a rebuild's thousands go a table at a
            # time (a pipeline of that many statements can stall on full socket buffers).
            with pipelined(conn) if last - (first or last) < 100 else nullcontext():
                batch.write()
                DriverStatement.update(tracking, conn.dialect, ("position",)).run(
                    conn, [{"_set_position": last, "_key_name": name} for name in behind]
                )

    def forget_handlers(self) -> None:
        """Choose each type of event's handlers afresh on its next event (they are
        remembered per type: a projection whose handlers changed needs this)."""
        self._handlers.clear()
        self._wanted.clear()

    def _handlers_for(self, event_type: type) -> list[tuple[Projection, Handler]]:
        """The projections that apply this type of event, each with its handler."""
        found = self._handlers.get(event_type)
        if found is None:
            found = self._handlers[event_type] = [
                (projection, handler)
                for projection in self.projections.values()
                if (handler := projection.handler(event_type)) is not None
            ]
        return found

    def lock_positions(self, conn: Connection) -> dict[str, int]:
        """Read (and on PostgreSQL lock) every projection's tracking row.

        The query is compiled once, names and all, and run by the driver: built and
        compiled by SQLAlchemy on every catch-up it cost a command 0.4 ms.
        """
        sql = self._positions_sql.get(conn.dialect.name)
        if sql is None:
            query = select(tracking.c.name, tracking.c.position).where(
                tracking.c.name.in_(list(self.projections))
            )
            sql = self._positions_sql[conn.dialect.name] = str(
                query.with_for_update().compile(
                    dialect=conn.dialect, compile_kwargs={"literal_binds": True}
                )
            )
        known = self._read_positions(conn, sql)
        missing = [name for name in self.projections if name not in known]
        if missing:
            conn.execute(insert(tracking), [{"name": n, "position": 0} for n in missing])
            known = self._read_positions(conn, sql)
        return known

    @staticmethod
    def _read_positions(conn: Connection, sql: str) -> dict[str, int]:
        with driver_cursor(conn, sql) as cursor:
            cursor.execute(sql)
            return {name: int(position) for name, position in cursor.fetchall()}

    def rebuild(
        self,
        names: Sequence[str] | None = None,
        progress: Progress | None = None,
        batch_size: int | None = None,
    ) -> int:
        """Drop and recreate the named projections (all by default), then replay the log."""
        every = {p.name: p for p in self.everyone()}
        chosen = [every[n] for n in (names or list(every))]
        tables = [t for p in chosen for t in p.tables]
        with self.engine.begin() as conn:
            self.lock_positions(conn)
            metadata.drop_all(conn, tables=tables)
            metadata.create_all(conn, tables=tables)
            for index in secondary_indexes(tables):
                index.drop(conn)
            conn.execute(
                tracking.update()
                .where(tracking.c.name.in_([p.name for p in chosen]))
                .values(position=0)
            )
            versions.record(conn, {p.name: p.version for p in chosen})
        self.thaw()
        applied = self.catch_up(progress, batch_size or self.rebuild_batch_size)
        create_indexes(self.engine, tables)
        return applied
