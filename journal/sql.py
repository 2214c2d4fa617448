"""SQL helpers shared by the journal's own tables and the web app's: one engine per store
(SQLite or PostgreSQL) with the locking the journal relies on, instants stored as UTC, and
table creation that tolerates several processes starting at once."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Connection, DateTime, Engine, MetaData, Table, TypeDecorator, event, func
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool


class UTCDateTime(TypeDecorator[datetime]):
    """Store instants as UTC on both SQLite and PostgreSQL; read them back timezone-aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class DriverQuery:
    """A SELECT compiled once for the engine's dialect and run by its driver directly."""

    def __init__(self, statement: Any, dialect: Any) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        self.names = list(compiled.positiontup or []) if compiled.positional else None

    def first(self, engine: Engine, **values: Any) -> tuple[Any, ...] | None:
        """The first row for these parameter values, or None."""
        params: Any = values if self.names is None else tuple(values[n] for n in self.names)
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            try:
                cursor.execute(self.sql, params)
                row = cursor.fetchone()
            finally:
                cursor.close()
        finally:
            raw.close()  # back to the pool, which ends the read's transaction
        return None if row is None else tuple(row)


def days_between(engine: Engine, earlier: Any, later: Any) -> Any:
    """The days from one stored instant to another, fractional, as SQL on either store."""
    if engine.dialect.name == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return func.extract("epoch", later - earlier) / 86400.0


#: An execution option for an engine whose connections only read (``reading``).
READS_ONLY = "journal_reads_only"


def reading(engine: Engine) -> Engine:
    """The engine for connections that only read: on SQLite their transactions take no
    write lock; on PostgreSQL each statement runs on its own (autocommit), without the
    BEGIN and ROLLBACK round trips a transaction around it costs, and a request may hold
    one connection for all its reads (``holding``)."""
    if engine.dialect.name == "postgresql":
        return cast(Engine, ReadingEngine(engine.execution_options(isolation_level="AUTOCOMMIT")))
    return engine.execution_options(**{READS_ONLY: True})


class _Slot:
    """A request's reading connection on PostgreSQL, taken at its first read."""

    def __init__(self) -> None:
        self.conn: Connection | None = None


_HELD: ContextVar[_Slot | None] = ContextVar("journal_reading_connection", default=None)


class ReadingEngine:
    """PostgreSQL's reading engine: ``connect()`` lends the request's held connection
    while one is held (``holding``), else checks one out as usual. A page makes 12 to 16
    queries; each checkout took the pool's lock and a ping's round trip."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def connect(self) -> Any:
        slot = _HELD.get()
        if slot is None:
            return self._engine.connect()
        if slot.conn is None:
            slot.conn = self._engine.connect()  # pinged once: it may have sat idle
        return nullcontext(slot.conn)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)


@contextmanager
def holding() -> Iterator[None]:
    """Around a request: its reads on PostgreSQL share one connection, checked out at the
    first and returned at the end (SQLite's readers are each a snapshot: not held, so a
    request that writes then reads sees its own write)."""
    slot = _Slot()
    token = _HELD.set(slot)
    try:
        yield
    finally:
        _HELD.reset(token)
        if slot.conn is not None:
            slot.conn.close()


def create_engine(url: str, lock_timeout: int = 15, *, durable: bool = False) -> Engine:
    """Create an engine for the journal's tables; SQLite writers take the lock when they begin and
    wait up to ``lock_timeout`` seconds for another writer's (then "database is locked").

    ``durable`` SQLite connections sync every commit to disk, as the event store's do.
    """
    if not url.startswith("sqlite"):
        return sa_create_engine(url, pool_size=3, max_overflow=3, pool_pre_ping=True)
    if url == "sqlite://":
        engine = sa_create_engine(
            url, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        engine = sa_create_engine(url, connect_args={"timeout": lock_timeout})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout = {int(lock_timeout * 1000)}")
        # Read models are rebuilt from the log and move their tracked position in the same
        # transaction, so a crash may lose their last commits but never makes them wrong:
        # they skip the fsync the event store's commits make (WAL keeps them consistent).
        dbapi_connection.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
        # Applying events touches index pages all over the read models' tables; SQLite's
        # default 2 MB page cache made a rebuild of a million events re-read them from disk.
        dbapi_connection.execute("PRAGMA cache_size = -131072")  # KiB: 128 MB
        # Checkpoint the write-ahead log every 40 MB rather than 4 MB: a rebuild rewrites
        # the same pages batch after batch, and each checkpoint copies and syncs them all.
        dbapi_connection.execute("PRAGMA wal_autocheckpoint = 10000")

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # IMMEDIATE: two processes that both read then write would otherwise deadlock.
        # Sent by the driver itself: every write begins here, and SQLAlchemy's execution
        # of one statement cost more than SQLite's taking the lock. A connection that only
        # reads (``READS_ONLY``) begins a plain transaction: a snapshot, no write lock, so
        # readers neither queue behind each other nor hold up a writer.
        sql = "BEGIN" if conn.get_execution_options().get(READS_ONLY) else "BEGIN IMMEDIATE"
        try:
            conn.connection.driver_connection.execute(sql)  # type: ignore[union-attr]
        except sqlite3.Error as error:  # locked for too long: an OperationalError, as usual
            raise DBAPIError.instance(sql, None, error, sqlite3.Error) from error

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
