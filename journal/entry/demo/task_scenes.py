"""The demo's tasks: assigned by passion, started, completed, cancelled, handed over."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING
from uuid import UUID

from journal import clock
from journal.domain.people import PASSIONS
from journal.entry.demo import texts
from journal.entry.demo.roster import Employee, Leader, OpenTask

if TYPE_CHECKING:
    pass


from journal.entry.demo.scenes import DemoYear


def plan_task(year: DemoYear, employee: Employee, day: int) -> None:
    """Every month or so the leader gives the employee a task."""
    if day < employee.due["task"] or not employee.passions:
        return
    employee.due["task"] = day + year.rng.randint(21, 45)
    moment = year.when(day, year.rng.uniform(8, 15))
    year.at(moment, partial(assign_task, year, employee.leader, employee, day))


def assign_task(year: DemoYear, leader: Leader, employee: Employee, day: int) -> None:
    """Assign a task matched to one of the employee's passions (mostly), then plan its life."""
    if not (employee.active and employee.leader is leader):
        return
    matched = year.rng.random() < 0.85
    passion = year.rng.choice(employee.passions if matched else PASSIONS)
    language = year.language(leader, employee)
    due_in = year.rng.randint(7, 28)
    priority = year.rng.choices((1, 2, 3), weights=(2, 6, 2))[0]
    task_id = year.app.assign_task(
        leader_id=leader.person_id,
        employee_id=employee.person_id,
        title=year.rng.choice(texts.TASK_TITLES[passion][language]),
        passion=passion,
        due_on=year.first_day + timedelta(days=day + due_in),
        priority=priority,
    )
    year.open_tasks[task_id] = OpenTask(leader, employee, "assigned", priority, language)
    if year.rng.random() < 0.15:
        plan_task_step(year, task_id, day + year.rng.randint(1, 5), change_task_priority)
    if year.rng.random() < 0.07:
        plan_task_step(year, task_id, day + year.rng.randint(1, 6), reassign_task)
    if year.rng.random() < 0.85:
        plan_task_step(year, task_id, day + year.rng.randint(0, 4), start_task)
    roll = year.rng.random()
    if roll < 0.78:
        plan_task_step(year, task_id, day + year.rng.randint(3, due_in + 5), complete_task)
    elif roll < 0.9:
        plan_task_step(year, task_id, day + year.rng.randint(2, 20), cancel_task)


def plan_task_step(
    year: DemoYear, task_id: UUID, day: int, step: Callable[[DemoYear, UUID], None]
) -> None:
    """Plan one step of a task's life on the first working day from ``day`` (not before now)."""
    moment = year.when(year.working_day_from(day), year.rng.uniform(8, 16))
    year.at(max(moment, clock.now() + timedelta(minutes=30)), partial(step, year, task_id))


def start_task(year: DemoYear, task_id: UUID) -> None:
    """The employee starts the task."""
    task = year.open_tasks.get(task_id)
    if task is not None and task.state == "assigned":
        year.app.start_task(task_id, recorded_by=task.employee.person_id)
        task.state = "started"


def complete_task(year: DemoYear, task_id: UUID) -> None:
    """The employee completes the task and says what came of it."""
    task = year.open_tasks.pop(task_id, None)
    if task is not None:
        outcome = year.rng.choice(texts.TASK_OUTCOMES[task.language])
        year.app.complete_task(task_id, outcome, recorded_by=task.employee.person_id)


def cancel_task(year: DemoYear, task_id: UUID) -> None:
    """The leader cancels the task, saying why."""
    task = year.open_tasks.pop(task_id, None)
    if task is not None:
        reason = year.rng.choice(texts.CANCEL_REASONS[task.language])
        year.app.cancel_task(task_id, reason, recorded_by=task.leader.person_id)


def reassign_task(year: DemoYear, task_id: UUID) -> None:
    """The leader gives the task to a colleague in the same team."""
    task = year.open_tasks.get(task_id)
    colleagues = year.teammates(task.leader, besides=task.employee) if task else []
    if task is not None and colleagues:
        colleague = year.rng.choice(colleagues)
        year.app.reassign_task(task_id, colleague.person_id, recorded_by=task.leader.person_id)
        task.employee, task.state = colleague, "assigned"


def change_task_priority(year: DemoYear, task_id: UUID) -> None:
    """The leader raises or lowers the task's priority."""
    task = year.open_tasks.get(task_id)
    if task is not None:
        priority = year.rng.choice([p for p in (1, 2, 3) if p != task.priority])
        year.app.change_task_priority(task_id, priority, recorded_by=task.leader.person_id)
        task.priority = priority
