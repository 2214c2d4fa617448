"""What every projection shares: SQL tables, a tracked position, an ``apply`` per event."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import singledispatchmethod
from typing import Any, ClassVar

from sqlalchemy import Engine, MetaData, Table

from journal.projections.batch import Batch

metadata = MetaData()

Handler = Callable[[Any, Any, Batch], None]


class Projection:
    """A read model: owns its tables, applies domain events to them, answers queries."""

    name: ClassVar[str]
    tables: ClassVar[tuple[Table, ...]]
    #: The shape of its tables and rows: raised when a change needs the log replayed
    #: (journal/projections/versions.py).
    version: ClassVar[int] = 1

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._handlers: dict[type, Handler | None] = {}

    @singledispatchmethod
    def apply(self, event: Any, batch: Batch) -> None:
        """Apply one domain event to the batch; unknown events are skipped."""

    def handler(self, event_type: type) -> Handler | None:
        """The function ``apply`` dispatches this type of event to, or None to skip it.

        Looked up once per type: dispatching through ``singledispatchmethod`` binds a new
        function on every call, which cost more than applying most events.
        """
        try:
            return self._handlers[event_type]
        except KeyError:
            dispatcher = inspect.getattr_static(type(self), "apply").dispatcher
            found = dispatcher.dispatch(event_type)
            chosen = None if found is dispatcher.registry[object] else found
            self._handlers[event_type] = chosen
            return chosen

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
