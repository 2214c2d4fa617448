"""What every projection shares: SQL tables, a tracked position, an ``apply`` per event."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import singledispatchmethod
from typing import Any, ClassVar

from sqlalchemy import Connection, DateTime, Engine, MetaData, Table, TypeDecorator

metadata = MetaData()

# The runner puts the log position of the event being applied in ``Connection.info``.
LOG_POSITION = "journal_log_position"


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


class Projection:
    """A read model: owns its tables, applies domain events to them, answers queries."""

    name: ClassVar[str]
    tables: ClassVar[tuple[Table, ...]]

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @singledispatchmethod
    def apply(self, event: Any, conn: Connection) -> None:
        """Apply one domain event inside the caller's transaction; unknown events are skipped."""

    def rows(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table, in primary-key order: for comparing two builds."""
        with self.engine.connect() as conn:
            return {
                table.name: [
                    tuple(row)
                    for row in conn.execute(table.select().order_by(*table.primary_key.columns))
                ]
                for table in self.tables
            }
