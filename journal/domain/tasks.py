"""Tasks a leader assigns, matched to what the employee is passionate about."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from journal.domain import limits
from journal.domain.base import (
    JournalAggregate,
    check_actor,
    check_choice,
    check_date,
    check_text,
)
from journal.domain.people import PASSIONS
from journal.errors import DomainError

#: A task's states, in the order it can pass through them.
STATES = ("assigned", "started", "completed", "cancelled")
#: The states in which a task can still change.
OPEN = ("assigned", "started")
#: 1 high, 2 normal, 3 low; a task is normal unless the leader says otherwise.
DEFAULT_PRIORITY = 2


class Task(JournalAggregate):
    """A task with a lifecycle: assigned, started, then completed or cancelled."""

    @property
    def data_subject(self) -> UUID:
        """Whose personal data this holds: ``employee_id``."""
        return self.employee_id

    @classmethod
    def assign(
        cls,
        *,
        leader_id: UUID,
        employee_id: UUID,
        title: str,
        description: str = "",
        passion: str,
        due_on: date,
        priority: int = DEFAULT_PRIORITY,
        recorded_by: UUID,
    ) -> Task:
        """Assign a new task to an employee."""
        due_on = check_date("due_on", due_on)
        return cls(
            leader_id=leader_id,
            employee_id=employee_id,
            title=check_text("title", title, max_length=limits.TITLE),
            description=check_text(
                "description", description, max_length=limits.DESCRIPTION, required=False
            ),
            passion=check_choice("passion", passion, PASSIONS),
            due_on=due_on,
            priority=check_priority(priority),
            recorded_by=check_actor(recorded_by),
        )

    class Assigned(JournalAggregate.Created):
        """A task was assigned to an employee."""

        personal_data = ("title", "description")

        leader_id: UUID
        employee_id: UUID
        title: str
        description: str
        passion: str
        due_on: date
        priority: int
        recorded_by: UUID

    @event(Assigned)
    def __init__(
        self,
        leader_id: UUID,
        employee_id: UUID,
        title: str,
        description: str,
        passion: str,
        due_on: date,
        priority: int,
        recorded_by: UUID,
    ) -> None:
        self.leader_id = leader_id
        self.employee_id = employee_id
        self.title = title
        self.description = description
        self.passion = passion
        self.due_on = due_on
        self.priority = priority
        self.state = "assigned"
        self.outcome = ""
        self.cancel_reason = ""

    def start(self, *, recorded_by: UUID) -> None:
        """Mark the task as started."""
        self.check_state(
            ("assigned",), "only an assigned task can be started; this one is %(state)s"
        )
        self._started(recorded_by=check_actor(recorded_by))

    class Started(JournalAggregate.Event):
        """The employee started the task."""

        recorded_by: UUID

    @event(Started)
    def _started(self, recorded_by: UUID) -> None:
        self.state = "started"

    def complete(self, outcome: str, *, recorded_by: UUID) -> None:
        """Mark the task as completed, with what came of it."""
        self.check_state(OPEN, "only an open task can be completed; this one is %(state)s")
        self._completed(
            outcome=check_text("outcome", outcome, max_length=limits.OUTCOME),
            recorded_by=check_actor(recorded_by),
        )

    class Completed(JournalAggregate.Event):
        """The task was completed, with its outcome."""

        personal_data = ("outcome",)

        outcome: str
        recorded_by: UUID

    @event(Completed)
    def _completed(self, outcome: str, recorded_by: UUID) -> None:
        self.state = "completed"
        self.outcome = outcome

    def cancel(self, reason: str, *, recorded_by: UUID) -> None:
        """Cancel the task, saying why."""
        self.check_state(OPEN, "only an open task can be cancelled; this one is %(state)s")
        self._cancelled(
            reason=check_text("reason", reason, max_length=limits.REASON),
            recorded_by=check_actor(recorded_by),
        )

    class Cancelled(JournalAggregate.Event):
        """The task was cancelled, with a reason."""

        personal_data = ("reason",)

        reason: str
        recorded_by: UUID

    @event(Cancelled)
    def _cancelled(self, reason: str, recorded_by: UUID) -> None:
        self.state = "cancelled"
        self.cancel_reason = reason

    def reassign(self, employee_id: UUID, leader_id: UUID, *, recorded_by: UUID) -> None:
        """Give the task to another employee (in ``leader_id``'s team)."""
        self.check_state(OPEN, "only an open task can be reassigned; this one is %(state)s")
        if employee_id == self.employee_id:
            raise DomainError("employee_id", "the task is already assigned to this employee")
        self._reassigned(
            employee_id=employee_id,
            previous_employee_id=self.employee_id,
            leader_id=leader_id,
            recorded_by=check_actor(recorded_by),
        )

    class Reassigned(JournalAggregate.Event):
        """The task was given to another employee."""

        employee_id: UUID
        previous_employee_id: UUID
        leader_id: UUID
        recorded_by: UUID

    @event(Reassigned)
    def _reassigned(
        self, employee_id: UUID, previous_employee_id: UUID, leader_id: UUID, recorded_by: UUID
    ) -> None:
        self.employee_id = employee_id
        self.leader_id = leader_id
        self.state = "assigned"

    def change_priority(self, priority: int, *, recorded_by: UUID) -> None:
        """Change the priority: 1 (high), 2 (normal) or 3 (low)."""
        self.check_state(OPEN, "only an open task can change priority; this one is %(state)s")
        checked = check_priority(priority)
        if checked == self.priority:
            raise DomainError(
                "priority", "the task already has priority %(checked)s", checked=checked
            )
        self._priority_changed(priority=checked, recorded_by=check_actor(recorded_by))

    class PriorityChanged(JournalAggregate.Event):
        """The task's priority changed."""

        priority: int
        recorded_by: UUID

    @event(PriorityChanged)
    def _priority_changed(self, priority: int, recorded_by: UUID) -> None:
        self.priority = priority

    def check_state(self, allowed: tuple[str, ...], refusal: str) -> None:
        """Raise a DomainError (``refusal``, with the task's state) for an illegal
        transition."""
        if self.state not in allowed:
            raise DomainError("state", refusal, state=self.state)


def check_priority(value: Any) -> int:
    """Priority is 1 (high), 2 (normal) or 3 (low)."""
    if isinstance(value, bool) or value not in range(limits.PRIORITY_MIN, limits.PRIORITY_MAX + 1):
        raise DomainError("priority", "must be 1 (high), 2 (normal) or 3 (low)")
    return int(value)
