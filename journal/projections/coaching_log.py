"""Leader coaching log: a leader's interactions by period, counted per kind and per employee."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from sqlalchemy import Boolean, Column, Integer, String, Table, Uuid, select

from journal.domain.coaching import KINDS, Interaction
from journal.projections.base import Projection, metadata
from journal.projections.batch import Batch
from journal.sql import UTCDateTime

coaching_log = Table(
    "coaching_log",
    metadata,
    Column("interaction_id", Uuid, primary_key=True),
    Column("leader_id", Uuid, nullable=False, index=True),
    Column("employee_id", Uuid, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("is_retracted", Boolean, nullable=False),
)


@dataclass(frozen=True)
class LoggedInteraction:
    """One line of the coaching log."""

    interaction_id: UUID
    employee_id: UUID
    kind: str
    occurred_at: datetime
    minutes: int


@dataclass(frozen=True)
class CoachingLogReport:
    """A leader's interactions in a period with their counts."""

    interactions: list[LoggedInteraction]
    per_kind: dict[str, int]
    per_employee: dict[UUID, int]
    minutes: int


class CoachingLog(Projection):
    """Every interaction a leader logged, retracted ones flagged."""

    name = "coaching_log"
    tables = (coaching_log,)

    @singledispatchmethod
    def apply(self, event: Any, batch: Batch) -> None:
        """Only interactions enter the coaching log."""

    @apply.register
    def _logged(self, event: Interaction.Logged, batch: Batch) -> None:
        batch[coaching_log].insert(
            dict(
                interaction_id=event.originator_id,
                leader_id=event.leader_id,
                employee_id=event.employee_id,
                kind=event.kind,
                occurred_at=event.occurred_at,
                minutes=event.minutes,
                is_retracted=False,
            )
        )

    @apply.register
    def _corrected(self, event: Interaction.Corrected, batch: Batch) -> None:
        values = {k: v for k, v in event.changes.items() if k in ("kind", "occurred_at", "minutes")}
        if values:
            batch[coaching_log].update(event.originator_id, **values)

    @apply.register
    def _retracted(self, event: Interaction.Retracted, batch: Batch) -> None:
        batch[coaching_log].update(event.originator_id, is_retracted=True)

    def for_leader(self, leader_id: UUID, start: datetime, end: datetime) -> CoachingLogReport:
        """The leader's interactions with ``start <= occurred_at < end``, newest first."""
        query = (
            select(
                coaching_log.c.interaction_id,
                coaching_log.c.employee_id,
                coaching_log.c.kind,
                coaching_log.c.occurred_at,
                coaching_log.c.minutes,
            )
            .where(
                coaching_log.c.leader_id == leader_id,
                coaching_log.c.is_retracted.is_(False),
                coaching_log.c.occurred_at >= start,
                coaching_log.c.occurred_at < end,
            )
            .order_by(coaching_log.c.occurred_at.desc(), coaching_log.c.interaction_id)
        )
        with self.engine.connect() as conn:
            rows = [LoggedInteraction(**row._mapping) for row in conn.execute(query)]
        kinds = Counter(row.kind for row in rows)
        return CoachingLogReport(
            interactions=rows,
            per_kind={kind: kinds.get(kind, 0) for kind in KINDS},
            per_employee=dict(Counter(row.employee_id for row in rows)),
            minutes=sum(row.minutes for row in rows),
        )
