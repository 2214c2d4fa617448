"""Commands on tasks a leader gives an employee, matched to what they are passionate about."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from journal.commands.people import PeopleCommands
from journal.domain.tasks import DEFAULT_PRIORITY, Task


class TaskCommands(PeopleCommands):
    """Assign, start, complete, cancel, reassign and prioritise tasks."""

    def assign_task(
        self,
        *,
        leader_id: UUID,
        employee_id: UUID,
        title: str,
        passion: str,
        due_on: date,
        description: str = "",
        priority: int = DEFAULT_PRIORITY,
        recorded_by: UUID | None = None,
    ) -> UUID:
        """Assign a task to an employee in the leader's team."""
        self.team_member(leader_id, employee_id)
        task = Task.assign(
            leader_id=leader_id,
            employee_id=employee_id,
            title=title,
            description=description,
            passion=passion,
            due_on=due_on,
            priority=priority,
            recorded_by=recorded_by or leader_id,
        )
        self.save(task)
        return task.id

    def start_task(self, task_id: UUID, *, recorded_by: UUID) -> None:
        """Mark a task as started."""
        task = self.load(Task, task_id, "task_id")
        task.start(recorded_by=recorded_by)
        self.save(task)

    def complete_task(self, task_id: UUID, outcome: str, *, recorded_by: UUID) -> None:
        """Mark a task as completed, with its outcome."""
        task = self.load(Task, task_id, "task_id")
        task.complete(outcome, recorded_by=recorded_by)
        self.save(task)

    def cancel_task(self, task_id: UUID, reason: str, *, recorded_by: UUID) -> None:
        """Cancel a task, saying why."""
        task = self.load(Task, task_id, "task_id")
        task.cancel(reason, recorded_by=recorded_by)
        self.save(task)

    def reassign_task(self, task_id: UUID, employee_id: UUID, *, recorded_by: UUID) -> None:
        """Give a task to another employee of the same leader."""
        task = self.load(Task, task_id, "task_id")
        self.team_member(task.leader_id, employee_id)
        task.reassign(employee_id, task.leader_id, recorded_by=recorded_by)
        self.save(task)

    def change_task_priority(self, task_id: UUID, priority: int, *, recorded_by: UUID) -> None:
        """Change a task's priority (1 high, 2 normal, 3 low)."""
        task = self.load(Task, task_id, "task_id")
        task.change_priority(priority, recorded_by=recorded_by)
        self.save(task)
