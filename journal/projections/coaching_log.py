"""Leader coaching log: a leader's interactions by period, counted per kind and per employee.

A group session (journal/domain/group_sessions.py) is one line with its minutes once,
and counts as one conversation for each of its participants.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Boolean, Column, Integer, String, Table, Uuid, select

from journal.domain.coaching import KINDS, Interaction
from journal.domain.group_sessions import GroupSession
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
coaching_log_groups = Table(
    "coaching_log_groups",
    metadata,
    Column("session_id", Uuid, primary_key=True),
    Column("leader_id", Uuid, nullable=False, index=True),
    Column("employee_ids", JSON, nullable=False),  # the participants' ids, as text
    Column("kind", String(20), nullable=False),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("is_retracted", Boolean, nullable=False),
)


@dataclass(frozen=True)
class LoggedInteraction:
    """One line of the coaching log: a conversation with one employee, or a group
    session (``employee_id`` None) with its ``participants``."""

    interaction_id: UUID
    employee_id: UUID | None
    kind: str
    occurred_at: datetime
    minutes: int
    participants: tuple[UUID, ...] = ()

    def __post_init__(self) -> None:
        if not self.participants and self.employee_id is not None:
            object.__setattr__(self, "participants", (self.employee_id,))


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
    tables = (coaching_log, coaching_log_groups)

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

    @apply.register
    def _group_logged(self, event: GroupSession.Logged, batch: Batch) -> None:
        batch[coaching_log_groups].insert(
            dict(
                session_id=event.originator_id,
                leader_id=event.leader_id,
                employee_ids=[str(e) for e in event.employee_ids],
                kind=event.kind,
                occurred_at=event.occurred_at,
                minutes=event.minutes,
                is_retracted=False,
            )
        )

    @apply.register
    def _group_corrected(self, event: GroupSession.Corrected, batch: Batch) -> None:
        values = {k: v for k, v in event.changes.items() if k in ("kind", "occurred_at", "minutes")}
        if values:
            batch[coaching_log_groups].update(event.originator_id, **values)

    @apply.register
    def _group_retracted(self, event: GroupSession.Retracted, batch: Batch) -> None:
        batch[coaching_log_groups].update(event.originator_id, is_retracted=True)

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
        groups = select(coaching_log_groups).where(
            coaching_log_groups.c.leader_id == leader_id,
            coaching_log_groups.c.is_retracted.is_(False),
            coaching_log_groups.c.occurred_at >= start,
            coaching_log_groups.c.occurred_at < end,
        )
        with self.engine.connect() as conn:
            rows = [LoggedInteraction(**row._mapping) for row in conn.execute(query)]
            rows.extend(
                LoggedInteraction(
                    interaction_id=row.session_id,
                    employee_id=None,
                    kind=row.kind,
                    occurred_at=row.occurred_at,
                    minutes=row.minutes,
                    participants=tuple(UUID(e) for e in row.employee_ids),
                )  # fmt: skip
                for row in conn.execute(groups)
            )
        rows.sort(key=lambda row: (-row.occurred_at.timestamp(), str(row.interaction_id)))
        kinds = Counter(row.kind for row in rows)
        return CoachingLogReport(
            interactions=rows,
            per_kind={kind: kinds.get(kind, 0) for kind in KINDS},
            per_employee=dict(Counter(e for row in rows for e in row.participants)),
            minutes=sum(row.minutes for row in rows),
        )
