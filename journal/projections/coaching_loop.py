"""The coaching loop: what employees asked their leader for and how soon it came, and the
actions agreed in coaching until they are ticked off or dropped.

Each row keeps the leader it belongs to: the employee's leader when it was asked or
agreed; an open request or action follows the employee to a new leader, a closed one stays
with the leader who closed it (their response times and follow-through).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import singledispatchmethod
from statistics import median
from typing import Any
from uuid import UUID

from sqlalchemy import Column, Index, Integer, String, Table, Uuid, and_, case, func, select

from journal.domain.actions import BOTH, DONE, DROPPED, OPEN, AgreedActions
from journal.domain.people import ERASED, Person
from journal.domain.requests import DECLINED, FULFILLED, WITHDRAWN, EmployeeRequests
from journal.domain.windows import CUSTOMER_DAYS, FOLLOW_THROUGH_DAYS
from journal.projections.base import Projection, metadata
from journal.projections.batch import Batch
from journal.security.sealed import SealedText
from journal.sql import UTCDateTime, days_between

requests = Table(
    "coaching_requests",
    metadata,
    Column("request_id", Uuid, primary_key=True),
    Column("employee_id", Uuid, nullable=False, index=True),
    Column("leader_id", Uuid, nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("note", SealedText, nullable=False),
    Column("state", String(20), nullable=False),
    Column("asked_at", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime),
    Column("reason", SealedText, nullable=False),
    Column("interaction_id", Uuid),
)
actions = Table(
    "agreed_actions",
    metadata,
    Column("action_id", Uuid, primary_key=True),
    Column("employee_id", Uuid, nullable=False, index=True),
    Column("leader_id", Uuid, nullable=False),
    Column("interaction_id", Uuid, nullable=False),
    Column("text", SealedText, nullable=False),
    Column("agreed_at", UTCDateTime, nullable=False),
    Column("state", String(20), nullable=False),
    Column("closed_at", UTCDateTime),
    Column("closed_by", Uuid),
    Column("reason", SealedText, nullable=False),
    Column("position", Integer, nullable=False),  # in the log: the order they were agreed in
    # A leader's actions agreed in a window (follow-through), without their whole history.
    Index("agreed_actions_by_leader", "leader_id", "agreed_at"),
)
# Whose an action is to tick off, when it is not either's (a table of its own, so that a
# store made before owners were named gains it without a rebuild).
owners = Table(
    "agreed_action_owners",
    metadata,
    Column("action_id", Uuid, primary_key=True),
    Column("owner", String(10), nullable=False),
)


@dataclass(frozen=True)
class RequestRow:
    """One request as the pages show it."""

    request_id: UUID
    employee_id: UUID
    leader_id: UUID
    kind: str
    note: str
    state: str
    asked_at: datetime
    closed_at: datetime | None
    reason: str
    interaction_id: UUID | None


@dataclass(frozen=True)
class ActionRow:
    """One agreed action as the pages show it."""

    action_id: UUID
    employee_id: UUID
    leader_id: UUID
    interaction_id: UUID
    text: str
    agreed_at: datetime
    state: str
    closed_at: datetime | None
    closed_by: UUID | None
    reason: str
    position: int
    owner: str = BOTH


@dataclass(frozen=True)
class ResponseTimes:
    """How soon a leader's requests were met: fulfilled ones, in days."""

    fulfilled: int
    median_days: float | None
    open: int


class CoachingLoop(Projection):
    """Requests and agreed actions, per employee and leader."""

    name = "coaching_loop"
    tables = (requests, actions, owners)

    @singledispatchmethod
    def apply(self, event: Any, batch: Batch) -> None:
        """Other events leave the loop alone."""

    # -- requests -----------------------------------------------------------------------

    @apply.register
    def _asked(self, event: EmployeeRequests.Asked, batch: Batch) -> None:
        batch[requests].insert(
            dict(
                request_id=event.request_id,
                employee_id=event.employee_id,
                leader_id=event.leader_id,
                kind=event.kind,
                note=event.note,
                state=OPEN,
                asked_at=event.timestamp,
                closed_at=None,
                reason="",
                interaction_id=None,
            )  # fmt: skip
        )

    @apply.register
    def _fulfilled(self, event: EmployeeRequests.Fulfilled, batch: Batch) -> None:
        batch[requests].update(
            event.request_id,
            state=FULFILLED,
            closed_at=event.timestamp,
            interaction_id=event.interaction_id,
        )

    @apply.register
    def _declined(self, event: EmployeeRequests.Declined, batch: Batch) -> None:
        batch[requests].update(
            event.request_id, state=DECLINED, closed_at=event.timestamp, reason=event.reason
        )

    @apply.register
    def _withdrawn(self, event: EmployeeRequests.Withdrawn, batch: Batch) -> None:
        batch[requests].update(event.request_id, state=WITHDRAWN, closed_at=event.timestamp)

    @apply.register
    def _reopened(self, event: EmployeeRequests.Reopened, batch: Batch) -> None:
        batch[requests].update(event.request_id, state=OPEN, closed_at=None, interaction_id=None)

    # -- agreed actions -----------------------------------------------------------------

    @apply.register
    def _agreed(self, event: AgreedActions.Agreed, batch: Batch) -> None:
        if event.owner != BOTH:
            batch[owners].insert(dict(action_id=event.action_id, owner=event.owner))
        batch[actions].insert(
            dict(
                action_id=event.action_id,
                employee_id=event.employee_id,
                leader_id=event.leader_id,
                interaction_id=event.interaction_id,
                text=event.text,
                agreed_at=event.agreed_at,
                state=OPEN,
                closed_at=None,
                closed_by=None,
                reason="",
                position=batch.position,
            )  # fmt: skip
        )

    @apply.register
    def _done(self, event: AgreedActions.Done, batch: Batch) -> None:
        batch[actions].update(
            event.action_id, state=DONE, closed_at=event.timestamp, closed_by=event.recorded_by
        )

    @apply.register
    def _dropped(self, event: AgreedActions.Dropped, batch: Batch) -> None:
        batch[actions].update(
            event.action_id, state=DROPPED, closed_at=event.timestamp,
            closed_by=event.recorded_by, reason=event.reason,
        )  # fmt: skip

    # -- people ---------------------------------------------------------------------------

    @apply.register
    def _moved(self, event: Person.MovedToLeader | Person.JoinedTeam, batch: Batch) -> None:
        batch.flush()
        for table in (requests, actions):
            batch.conn.execute(
                table.update()
                .where(table.c.employee_id == event.originator_id, table.c.state == OPEN)
                .values(leader_id=event.leader_id)
            )

    @apply.register
    def _erased(self, event: Person.Erased, batch: Batch) -> None:
        batch.flush()
        batch.conn.execute(
            requests.update()
            .where(requests.c.employee_id == event.originator_id)
            .values(note=ERASED, reason=ERASED)
        )
        batch.conn.execute(
            actions.update()
            .where(actions.c.employee_id == event.originator_id)
            .values(text=ERASED, reason=ERASED)
        )

    # -- queries --------------------------------------------------------------------------

    def requests_of(self, employee_id: UUID, limit: int = 50) -> list[RequestRow]:
        """The employee's requests, newest first."""
        query = (
            select(requests)
            .where(requests.c.employee_id == employee_id)
            .order_by(requests.c.asked_at.desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [RequestRow(**row._mapping) for row in conn.execute(query)]

    def open_requests(self, leader_id: UUID) -> list[RequestRow]:
        """Requests waiting for the leader, oldest first."""
        query = (
            select(requests)
            .where(requests.c.leader_id == leader_id, requests.c.state == OPEN)
            .order_by(requests.c.asked_at)
        )
        with self.engine.connect() as conn:
            return [RequestRow(**row._mapping) for row in conn.execute(query)]

    def request(self, request_id: UUID) -> RequestRow | None:
        """One request."""
        with self.engine.connect() as conn:
            row = conn.execute(select(requests).where(requests.c.request_id == request_id)).first()
        return None if row is None else RequestRow(**row._mapping)

    def response_times(self, leader_id: UUID, since: datetime) -> ResponseTimes:
        """How soon the leader met the requests fulfilled since ``since``; how many wait."""
        return self.response_times_for([leader_id], since)[leader_id]

    def response_times_for(
        self, leader_ids: list[UUID], since: datetime
    ) -> dict[UUID, ResponseTimes]:
        """``response_times`` for many leaders: two queries, however many."""
        days: dict[UUID, list[float]] = {leader: [] for leader in leader_ids}
        with self.engine.connect() as conn:
            for leader, asked, closed in conn.execute(
                select(requests.c.leader_id, requests.c.asked_at, requests.c.closed_at).where(
                    requests.c.leader_id.in_(leader_ids),
                    requests.c.state == FULFILLED,
                    requests.c.closed_at >= since,
                )
            ):
                days[leader].append((closed - asked) / timedelta(days=1))
            waiting: dict[UUID, int] = dict(
                conn.execute(
                    select(requests.c.leader_id, func.count())
                    .where(requests.c.leader_id.in_(leader_ids), requests.c.state == OPEN)
                    .group_by(requests.c.leader_id)
                ).all()
            )
        return {
            leader: ResponseTimes(
                len(met), round(median(met), 1) if met else None, int(waiting.get(leader, 0))
            )
            for leader, met in days.items()
        }

    def open_actions(self, employee_id: UUID) -> list[ActionRow]:
        """The employee's open agreed actions, oldest first."""
        query = (
            select(actions, func.coalesce(owners.c.owner, BOTH).label("owner"))
            .select_from(actions.outerjoin(owners, owners.c.action_id == actions.c.action_id))
            .where(actions.c.employee_id == employee_id, actions.c.state == OPEN)
            .order_by(actions.c.agreed_at, actions.c.position)
        )
        with self.engine.connect() as conn:
            return [ActionRow(**row._mapping) for row in conn.execute(query)]

    def open_actions_by_employee(self, leader_id: UUID) -> dict[UUID, tuple[int, datetime]]:
        """Per employee of the leader: how many agreed actions are open, and since when
        the oldest."""
        query = (
            select(actions.c.employee_id, func.count(), func.min(actions.c.agreed_at))
            .where(actions.c.leader_id == leader_id, actions.c.state == OPEN)
            .group_by(actions.c.employee_id)
        )
        with self.engine.connect() as conn:
            return {
                employee_id: (int(count), oldest)
                for employee_id, count, oldest in conn.execute(query)
            }

    def action(self, action_id: UUID) -> ActionRow | None:
        """One agreed action."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(actions, func.coalesce(owners.c.owner, BOTH).label("owner"))
                .select_from(actions.outerjoin(owners, owners.c.action_id == actions.c.action_id))
                .where(actions.c.action_id == action_id)
            ).first()
        return None if row is None else ActionRow(**row._mapping)

    def follow_through(
        self, leader_id: UUID, now: datetime, days: int = CUSTOMER_DAYS
    ) -> float | None:
        """Of the actions agreed with the leader's team between ``days`` and 30 days ago
        (each had its 30 days), the share ticked off within 30 days; None if none."""
        return self.follow_through_for([leader_id], now, days)[leader_id]

    def follow_through_for(
        self, leader_ids: list[UUID], now: datetime, days: int = CUSTOMER_DAYS
    ) -> dict[UUID, float | None]:
        """``follow_through`` for many leaders: one query that counts, however many."""
        start, end = now - timedelta(days=days), now - timedelta(days=FOLLOW_THROUGH_DAYS)
        in_time = and_(
            actions.c.state == DONE,
            days_between(self.engine, actions.c.agreed_at, actions.c.closed_at)
            <= FOLLOW_THROUGH_DAYS,
        )
        query = (
            select(
                actions.c.leader_id,
                func.count(),
                func.sum(case((in_time, 1), else_=0)),
            )
            .where(
                actions.c.leader_id.in_(leader_ids),
                actions.c.agreed_at >= start,
                actions.c.agreed_at < end,
            )
            .group_by(actions.c.leader_id)
        )
        with self.engine.connect() as conn:
            counted = {leader: (int(n), int(done or 0)) for leader, n, done in conn.execute(query)}
        return {
            leader: round(100 * counted[leader][1] / counted[leader][0], 1)
            if leader in counted
            else None
            for leader in leader_ids
        }
