"""A batch of events applied to the projection tables: rows kept in memory, written at once.

Events are applied in batches (one event after a command, thousands in a rebuild) by one
code path: each handler records rows to insert and changes to make in a ``Batch``, which
keeps them in memory and writes each table with a few ``executemany`` at the end, in the
transaction that also moves the projections' tracked positions.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Dialect, Select, Table, bindparam, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.types import TypeEngine


@functools.cache
def select_by_key(table: Table) -> Select[Any]:
    """SELECT of the row with a given primary key (built once per table)."""
    return select(table).where(*(c == bindparam(f"_key_{c.name}") for c in table.primary_key))


def in_key_order(item: tuple[Any, Any]) -> Any:
    """Sort key of a (primary key, row) pair: ids by their number, as they are indexed."""
    key = item[0]
    if type(key) is UUID:
        return key.int
    if type(key) is tuple:
        return tuple(part.int if type(part) is UUID else part for part in key)
    return key


class TableChanges:
    """One table's rows inserted and changed by a batch, kept in memory until it is written.

    Rows inserted by the batch are changed in place; changes to rows stored before it are
    merged per row and written as UPDATEs. ``current`` reads a row as the batch has left
    it, from memory or else (once) from the database.
    """

    def __init__(self, table: Table, conn: Connection) -> None:
        self.table, self.conn = table, conn
        self.key_columns = list(table.primary_key.columns)
        self.new: dict[Any, dict[str, Any]] = {}
        self.changed: dict[Any, dict[str, Any]] = {}
        self.stored: dict[Any, dict[str, Any] | None] = {}

    def key_of(self, row: dict[str, Any]) -> Any:
        """The row's primary key: a value, or a tuple of values for a composite key."""
        if len(self.key_columns) == 1:
            return row[self.key_columns[0].name]
        return tuple(row[column.name] for column in self.key_columns)

    def insert(self, row: dict[str, Any]) -> None:
        """Insert a new row (every column named)."""
        key = self.key_of(row)
        self.changed.pop(key, None)  # an earlier change found no row to change
        self.new[key] = row

    def update(self, key: Any, **values: Any) -> None:
        """Change some columns of the row with this key, if there is one."""
        row = self.new.get(key)
        if row is not None:
            row.update(values)
        else:
            self.changed.setdefault(key, {}).update(values)

    def current(self, key: Any) -> dict[str, Any] | None:
        """The row with this key as the batch has left it, or None."""
        row = self.new.get(key)
        if row is not None:
            return row
        if key not in self.stored:
            self.stored[key] = self._select(key)
        stored = self.stored[key]
        if stored is None:
            return None
        return {**stored, **self.changed.get(key, {})}

    def _select(self, key: Any) -> dict[str, Any] | None:
        keys = key if isinstance(key, tuple) else (key,)
        params = {f"_key_{c.name}": k for c, k in zip(self.key_columns, keys, strict=True)}
        return DriverSelect.by_key(self.table, self.conn.dialect).first(self.conn, params)

    def write(self) -> None:
        """Insert the new rows and update the changed ones, a statement per kind of change."""
        dialect = self.conn.dialect
        if self.new:
            # In key order, so that each index page is visited once per batch, not at random.
            rows = [row for _, row in sorted(self.new.items(), key=in_key_order)]
            DriverStatement.insert(self.table, dialect).run(self.conn, rows)
        shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for key, values in self.changed.items():
            params = {f"_set_{name}": value for name, value in values.items()}
            keys = key if isinstance(key, tuple) else (key,)
            params.update(
                {f"_key_{c.name}": k for c, k in zip(self.key_columns, keys, strict=True)}
            )
            shapes.setdefault(tuple(sorted(values)), []).append(params)
        for names, rows in shapes.items():
            DriverStatement.update(self.table, dialect, names).run(self.conn, rows)


def compiled_for(dialect: Dialect, kind: type) -> dict[Any, Any]:
    """The statements of one kind compiled for this dialect object, kept on it.

    Per dialect object, not per kind of dialect: the conversions close over the dialect
    they were made for, and an engine's dialect carries its read models' seal
    (journal/security/sealed.py). They go when the engine goes.
    """
    kept: dict[type, dict[Any, Any]] = dialect.__dict__.setdefault("journal_compiled", {})
    return kept.setdefault(kind, {})


class DriverStatement:
    """An INSERT or UPDATE compiled once, run by the driver's ``executemany``.

    Each value is converted by its column type's own bind processor, exactly as
    SQLAlchemy converts it, so rows read back the same; what is skipped is SQLAlchemy's
    per-row bookkeeping, which cost twice what the database spent storing the rows.
    """

    def __init__(self, statement: Any, dialect: Dialect, types: dict[str, TypeEngine[Any]]):
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        self.positional = bool(compiled.positional)
        self.names = list(compiled.positiontup or []) if self.positional else list(compiled.binds)
        self.values_of = operator.itemgetter(*self.names)
        converters = [types[n].dialect_impl(dialect).bind_processor(dialect) for n in self.names]
        # Only ids, instants, dates, JSON and sealed text need converting; the rest goes as is.
        self.converters = [(i, c) for i, c in enumerate(converters) if c is not None]

    @classmethod
    def insert(cls, table: Table, dialect: Dialect) -> DriverStatement:
        """INSERT of every column of the table."""
        compiled = compiled_for(dialect, cls)
        key = (table, "insert")
        if key not in compiled:
            types = {column.key: column.type for column in table.columns}
            compiled[key] = cls(
                table.insert().values({c.key: bindparam(c.key) for c in table.columns}),
                dialect,
                types,
            )
        return compiled[key]

    @classmethod
    def update(cls, table: Table, dialect: Dialect, names: tuple[str, ...]) -> DriverStatement:
        """UPDATE of the named columns of the row with a given primary key."""
        compiled = compiled_for(dialect, cls)
        key = (table, "update", names)
        if key not in compiled:
            keys = list(table.primary_key.columns)
            statement = (
                table.update()
                .where(*(c == bindparam(f"_key_{c.name}") for c in keys))
                .values({name: bindparam(f"_set_{name}") for name in names})
            )
            types = {f"_set_{name}": table.c[name].type for name in names}
            types.update({f"_key_{c.name}": c.type for c in keys})
            compiled[key] = cls(statement, dialect, types)
        return compiled[key]

    def run(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        """Run the statement once per row, in one ``executemany``."""
        converters, values_of = self.converters, self.values_of
        params: list[Any] = []
        for row in rows:
            values = list(values_of(row)) if len(self.names) > 1 else [values_of(row)]
            for i, convert in converters:
                values[i] = convert(values[i])
            params.append(
                tuple(values) if self.positional else dict(zip(self.names, values, strict=True))
            )
        with driver_cursor(conn, self.sql) as cursor:
            cursor.executemany(self.sql, params)


class DriverSelect:
    """A SELECT of one table's row by key, compiled once, run by the driver.

    Values come back converted by each column type's own result processor, as SQLAlchemy
    converts them (ids, instants, dates, JSON), without its per-row bookkeeping.
    """

    def __init__(self, table: Table, dialect: Dialect) -> None:
        compiled = select_by_key(table).compile(dialect=dialect)
        self.sql = str(compiled)
        self.positional = bool(compiled.positional)
        self.names = list(compiled.positiontup or []) if self.positional else None
        keys = {f"_key_{c.name}": c.type for c in table.primary_key.columns}
        self.binders = {
            name: keys[name].dialect_impl(dialect).bind_processor(dialect) for name in keys
        }
        self.columns = [c.name for c in table.columns]
        self.readers = [
            (i, reader)
            for i, column in enumerate(table.columns)
            if (reader := column.type.dialect_impl(dialect).result_processor(dialect, None))
        ]

    @classmethod
    def by_key(cls, table: Table, dialect: Dialect) -> DriverSelect:
        """The row of ``table`` with a given primary key."""
        compiled = compiled_for(dialect, cls)
        if table not in compiled:
            compiled[table] = cls(table, dialect)
        return compiled[table]

    def first(self, conn: Connection, params: dict[str, Any]) -> dict[str, Any] | None:
        """The row for these key values (named ``_key_<column>``), or None."""
        bound = {n: b(v) if (b := self.binders[n]) else v for n, v in params.items()}
        args: Any = bound if self.names is None else tuple(bound[n] for n in self.names)
        with driver_cursor(conn, self.sql) as cursor:
            cursor.execute(self.sql, args)
            found = cursor.fetchone()
        if found is None:
            return None
        values = list(found)
        for i, reader in self.readers:
            values[i] = reader(values[i])
        return dict(zip(self.columns, values, strict=True))


@contextmanager
def pipelined(conn: Connection) -> Iterator[None]:
    """On PostgreSQL, send the statements run inside without waiting for each answer.

    A batch's writes need no answer to go on, so they travel together and the errors, if
    any, arrive at the end: one round trip instead of one per table (psycopg's pipeline
    mode). SQLite runs in the process; there is nothing to wait for.
    """
    if conn.dialect.name != "postgresql":
        yield
        return
    dbapi = conn.dialect.loaded_dbapi
    try:
        with conn.connection.driver_connection.pipeline():  # type: ignore[union-attr]
            yield
    except dbapi.Error as error:
        raise DBAPIError.instance("(a pipeline of writes)", None, error, dbapi.Error) from error


@contextmanager
def driver_cursor(conn: Connection, sql: str) -> Iterator[Any]:
    """A cursor of the driver's connection inside ``conn``'s transaction.

    The driver's errors reach callers as SQLAlchemy's, as if ``conn`` had run ``sql``: a
    full disk or a lock held too long is an ``OperationalError`` either way.
    """
    dbapi = conn.dialect.loaded_dbapi
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        yield cursor
    except dbapi.Error as error:
        raise DBAPIError.instance(sql, None, error, dbapi.Error) from error
    finally:
        cursor.close()


class Batch:
    """What a batch of events does to the projection tables, written when it is applied."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.position = 0  # the log position of the event being applied
        self.tables: dict[Table, TableChanges] = {}

    def __getitem__(self, table: Table) -> TableChanges:
        changes = self.tables.get(table)
        if changes is None:
            changes = self.tables[table] = TableChanges(table, self.conn)
        return changes

    def write(self) -> None:
        """Write every table's changes."""
        for changes in self.tables.values():
            changes.write()

    def flush(self) -> None:
        """Write what is pending now, so that plain SQL can follow (an erasure's scrub)."""
        self.write()
        self.tables = {}
