"""Task board: per employee, open and closed tasks, and how many match their passions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    Column,
    Date,
    Index,
    Integer,
    String,
    Table,
    Uuid,
    func,
    select,
)

from journal.domain.people import ERASED, Person
from journal.domain.tasks import Task
from journal.projections.base import Projection, metadata
from journal.projections.batch import Batch
from journal.security.sealed import SealedText
from journal.sql import UTCDateTime

board = Table(
    "task_board",
    metadata,
    Column("task_id", Uuid, primary_key=True),
    Column("employee_id", Uuid, nullable=False),
    Column("leader_id", Uuid, nullable=False, index=True),
    Column("title", SealedText, nullable=False),
    Column("passion", String(20), nullable=False),
    Column("priority", Integer, nullable=False),
    Column("due_on", Date, nullable=False),
    Column("state", String(20), nullable=False),
    Column("outcome", SealedText, nullable=False),
    Column("assigned_at", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime),
    # An employee's latest closed tasks of a kind, without their whole history.
    Index("task_board_closed", "employee_id", "state", "closed_at"),
)
#: The states of a task still to do.
OPEN_STATES = ("assigned", "started")

board_passions = Table(
    "task_board_passions",
    metadata,
    Column("employee_id", Uuid, primary_key=True),
    Column("passions", JSON, nullable=False),
)


@dataclass(frozen=True)
class BoardTask:
    """One task on the board."""

    task_id: UUID
    employee_id: UUID
    leader_id: UUID
    title: str
    passion: str
    priority: int
    due_on: date
    state: str
    outcome: str
    assigned_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True)
class EmployeeBoard:
    """An employee's tasks and how well they match what the employee cares about."""

    employee_id: UUID
    passions: list[str]
    open: list[BoardTask]
    completed: list[BoardTask]  # newest first; the latest few when the board is limited
    cancelled: list[BoardTask]
    #: Open and completed tasks per passion, all of them, limited board or not.
    per_passion: dict[str, int] = field(default_factory=dict)
    #: Completed and cancelled tasks in all (more than the lists hold when limited).
    completed_total: int = 0
    cancelled_total: int = 0

    @property
    def passion_match(self) -> float | None:
        """The share (0-1) of open and completed tasks that serve one of the passions."""
        total = sum(self.per_passion.values())
        if not total:
            return None
        matching = sum(n for passion, n in self.per_passion.items() if passion in self.passions)
        return round(matching / total, 3)


class TaskBoard(Projection):
    """Tasks by employee, and each employee's current passions."""

    name = "task_board"
    tables = (board, board_passions)

    @singledispatchmethod
    def apply(self, event: Any, batch: Batch) -> None:
        """Only tasks and passions change the board."""

    @apply.register
    def _erased(self, event: Person.Erased, batch: Batch) -> None:
        batch.flush()
        mine = board.c.employee_id == event.originator_id
        batch.conn.execute(board.update().where(mine).values(title=ERASED))
        batch.conn.execute(board.update().where(mine, board.c.outcome != "").values(outcome=ERASED))

    @apply.register
    def _assigned(self, event: Task.Assigned, batch: Batch) -> None:
        batch[board].insert(
            dict(
                task_id=event.originator_id,
                employee_id=event.employee_id,
                leader_id=event.leader_id,
                title=event.title,
                passion=event.passion,
                priority=event.priority,
                due_on=event.due_on,
                state="assigned",
                outcome="",
                assigned_at=event.timestamp,
                closed_at=None,
            )
        )

    @apply.register
    def _started(self, event: Task.Started, batch: Batch) -> None:
        self._update(batch, event, state="started")

    @apply.register
    def _completed(self, event: Task.Completed, batch: Batch) -> None:
        self._update(
            batch, event, state="completed", outcome=event.outcome, closed_at=event.timestamp
        )

    @apply.register
    def _cancelled(self, event: Task.Cancelled, batch: Batch) -> None:
        self._update(
            batch, event, state="cancelled", outcome=event.reason, closed_at=event.timestamp
        )

    @apply.register
    def _reassigned(self, event: Task.Reassigned, batch: Batch) -> None:
        self._update(
            batch, event, employee_id=event.employee_id, leader_id=event.leader_id, state="assigned"
        )

    @apply.register
    def _priority(self, event: Task.PriorityChanged, batch: Batch) -> None:
        self._update(batch, event, priority=event.priority)

    @apply.register
    def _passions(self, event: Person.PassionsSet, batch: Batch) -> None:
        rows = batch[board_passions]
        if rows.current(event.originator_id) is not None:
            rows.update(event.originator_id, passions=list(event.passions))
        else:
            rows.insert(dict(employee_id=event.originator_id, passions=list(event.passions)))

    @staticmethod
    def _update(batch: Batch, event: Any, **values: Any) -> None:
        batch[board].update(event.originator_id, **values)

    def for_employee(self, employee_id: UUID, closed_limit: int | None = None) -> EmployeeBoard:
        """The employee's board: open tasks by priority and due date; closed ones newest
        first, all of them or the latest ``closed_limit`` of each kind (a page's share of
        a history that only grows)."""
        mine = board.c.employee_id == employee_id

        def closed(state: str) -> list[BoardTask]:
            query = (
                select(board)
                .where(mine, board.c.state == state)
                .order_by(board.c.closed_at.desc(), board.c.task_id.desc())
                .limit(closed_limit)
            )
            return [BoardTask(**row._mapping) for row in conn.execute(query)]

        with self.engine.connect() as conn:
            open_tasks = [
                BoardTask(**row._mapping)
                for row in conn.execute(
                    select(board)
                    .where(mine, board.c.state.in_(OPEN_STATES))
                    .order_by(board.c.priority, board.c.due_on, board.c.task_id)
                )
            ]
            completed, cancelled = closed("completed"), closed("cancelled")
            counts = conn.execute(
                select(board.c.state, board.c.passion, func.count())
                .where(mine)
                .group_by(board.c.state, board.c.passion)
            ).all()
            passions = conn.execute(
                select(board_passions.c.passions).where(board_passions.c.employee_id == employee_id)
            ).scalar()
        per_passion: dict[str, int] = {}
        totals: dict[str, int] = {}
        for state, passion, count in counts:
            totals[state] = totals.get(state, 0) + count
            if state in (*OPEN_STATES, "completed"):
                per_passion[passion] = per_passion.get(passion, 0) + count
        return EmployeeBoard(
            employee_id=employee_id,
            passions=list(passions or []),
            open=open_tasks,
            completed=completed,
            cancelled=cancelled,
            per_passion=per_passion,
            completed_total=totals.get("completed", 0),
            cancelled_total=totals.get("cancelled", 0),
        )

    def open_counts(self, leader_id: UUID) -> dict[UUID, int]:
        """Open tasks per employee of one leader's team."""
        query = (
            select(board.c.employee_id, func.count())
            .where(board.c.leader_id == leader_id, board.c.state.in_(OPEN_STATES))
            .group_by(board.c.employee_id)
        )
        with self.engine.connect() as conn:
            return dict(conn.execute(query).all())
