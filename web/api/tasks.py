"""Tasks a leader assigns to an employee, and their lifecycle: start, complete, cancel."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import marshmallow as ma
from flask_smorest import Blueprint
from marshmallow import fields, validate

from journal.domain import limits
from journal.domain.people import PASSIONS
from journal.domain.tasks import DEFAULT_PRIORITY, STATES, Task
from journal.errors import DomainError
from journal.projections.people import PersonRow
from journal.read import records
from journal.read.records import TaskRecord
from web.api.schemas import CreatedSchema, ReasonSchema
from web.auth import Actor, current_actor, journal
from web.permissions import (
    check_author,
    check_coaches,
    check_reads_development,
    check_task_progress,
    may_see_person,
    not_found,
    record_in_path,
)

blp = Blueprint(
    "tasks",
    __name__,
    url_prefix="/api/v1",
    description="Tasks matched to what an employee is passionate about.",
)

PRIORITY = validate.Range(min=limits.PRIORITY_MIN, max=limits.PRIORITY_MAX)


class AssignTaskSchema(ma.Schema):
    """A new task for an employee in the caller's team."""

    employee_id = fields.UUID(required=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=limits.TITLE))
    description = fields.String(load_default="", validate=validate.Length(max=limits.DESCRIPTION))
    passion = fields.String(required=True, validate=validate.OneOf(PASSIONS))
    due_on = fields.Date(required=True)
    priority = fields.Integer(
        strict=True,
        load_default=DEFAULT_PRIORITY,
        validate=PRIORITY,
        metadata={"description": "1 high, 2 normal, 3 low"},
    )


class OutcomeSchema(ma.Schema):
    """What came of a completed task."""

    outcome = fields.String(required=True, validate=validate.Length(min=1, max=limits.OUTCOME))


class ReassignSchema(ma.Schema):
    """Another employee of the same leader."""

    employee_id = fields.UUID(required=True)


class PrioritySchema(ma.Schema):
    """A task's new priority."""

    priority = fields.Integer(required=True, strict=True, validate=PRIORITY)


class TaskSchema(ma.Schema):
    """A task as it stands now."""

    id = fields.UUID(required=True)
    leader_id = fields.UUID(required=True)
    employee_id = fields.UUID(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    passion = fields.String(required=True, validate=validate.OneOf(PASSIONS))
    due_on = fields.Date(required=True)
    priority = fields.Integer(required=True)
    state = fields.String(required=True, validate=validate.OneOf(STATES))
    outcome = fields.String(required=True)
    cancel_reason = fields.String(required=True)
    assigned_at = fields.AwareDateTime(required=True)
    changed_at = fields.AwareDateTime(required=True)


def employee_named(actor: Actor, employee_id: UUID) -> PersonRow:
    """The employee a request body names: one the caller may not see is a bad value (422)."""
    person = journal().read.people.get(employee_id)
    if person is None or not may_see_person(actor, person):
        raise DomainError(
            "employee_id", "no employee with id %(employee_id)s", employee_id=employee_id
        )
    return person


def task_in_view(task_id: UUID) -> tuple[Actor, Task]:
    """The caller and the task, 404 if it does not exist or its employee is out of view."""
    actor = current_actor()
    task = record_in_path(Task, task_id, "task")
    employee = journal().read.people.get(task.employee_id)
    if employee is None or not may_see_person(actor, employee):
        raise not_found("task", task_id)
    check_reads_development(actor, employee)
    return actor, task


def reloaded(task: Task) -> TaskRecord:
    """The task after a command changed it."""
    return records.task_record(journal(), task.id)


@blp.route("/tasks", methods=["POST"])
@blp.arguments(AssignTaskSchema)
@blp.response(201, CreatedSchema)
@blp.alt_response(403, description="only the employee's leader assigns tasks")
@blp.alt_response(422, description="a field is not valid")
def assign(body: dict[str, Any]) -> dict[str, Any]:
    """Assign a task to an employee in the caller's team."""
    actor = current_actor()
    check_coaches(actor, employee_named(actor, body["employee_id"]))
    task_id = journal().assign_task(leader_id=actor.person_id, **body, recorded_by=actor.person_id)
    return {"id": task_id}


@blp.route("/tasks/<uuid:task_id>")
@blp.response(200, TaskSchema)
@blp.alt_response(403, description="an admin does not read development records")
@blp.alt_response(404, description="no such task in the caller's view")
def get(task_id: UUID) -> TaskRecord:
    """One task: the employee, their leader and auditors read it."""
    return reloaded(task_in_view(task_id)[1])


@blp.route("/tasks/<uuid:task_id>/start", methods=["POST"])
@blp.response(200, TaskSchema)
@blp.alt_response(403, description="only the task's leader or its employee starts it")
@blp.alt_response(404, description="no such task in the caller's view")
@blp.alt_response(422, description="the task is not assigned (field state)")
def start(task_id: UUID) -> TaskRecord:
    """Mark a task as started."""
    actor, task = task_in_view(task_id)
    check_task_progress(actor, task.leader_id, task.employee_id)
    journal().start_task(task.id, recorded_by=actor.person_id)
    return reloaded(task)


@blp.route("/tasks/<uuid:task_id>/complete", methods=["POST"])
@blp.arguments(OutcomeSchema)
@blp.response(200, TaskSchema)
@blp.alt_response(403, description="only the task's leader or its employee completes it")
@blp.alt_response(404, description="no such task in the caller's view")
@blp.alt_response(422, description="no outcome, or the task is closed (field state)")
def complete(body: dict[str, Any], task_id: UUID) -> TaskRecord:
    """Mark a task as completed, with what came of it."""
    actor, task = task_in_view(task_id)
    check_task_progress(actor, task.leader_id, task.employee_id)
    journal().complete_task(task.id, body["outcome"], recorded_by=actor.person_id)
    return reloaded(task)


@blp.route("/tasks/<uuid:task_id>/cancel", methods=["POST"])
@blp.arguments(ReasonSchema)
@blp.response(200, TaskSchema)
@blp.alt_response(403, description="only the task's leader cancels it")
@blp.alt_response(404, description="no such task in the caller's view")
@blp.alt_response(422, description="no reason, or the task is closed (field state)")
def cancel(body: dict[str, Any], task_id: UUID) -> TaskRecord:
    """Cancel a task, saying why."""
    actor, task = task_in_view(task_id)
    check_author(actor, task.leader_id, task.employee_id)
    journal().cancel_task(task.id, body["reason"], recorded_by=actor.person_id)
    return reloaded(task)


@blp.route("/tasks/<uuid:task_id>/reassign", methods=["POST"])
@blp.arguments(ReassignSchema)
@blp.response(200, TaskSchema)
@blp.alt_response(403, description="only the task's leader reassigns it")
@blp.alt_response(404, description="no such task in the caller's view")
@blp.alt_response(422, description="not an employee of the leader's team, or the task is closed")
def reassign(body: dict[str, Any], task_id: UUID) -> TaskRecord:
    """Give a task to another employee of the same leader."""
    actor, task = task_in_view(task_id)
    check_author(actor, task.leader_id, task.employee_id)
    employee_named(actor, body["employee_id"])
    journal().reassign_task(task.id, body["employee_id"], recorded_by=actor.person_id)
    return reloaded(task)


@blp.route("/tasks/<uuid:task_id>/priority", methods=["POST"])
@blp.arguments(PrioritySchema)
@blp.response(200, TaskSchema)
@blp.alt_response(403, description="only the task's leader changes its priority")
@blp.alt_response(404, description="no such task in the caller's view")
@blp.alt_response(422, description="not 1-3, unchanged, or the task is closed")
def change_priority(body: dict[str, Any], task_id: UUID) -> TaskRecord:
    """Change a task's priority: 1 (high), 2 (normal) or 3 (low)."""
    actor, task = task_in_view(task_id)
    check_author(actor, task.leader_id, task.employee_id)
    journal().change_task_priority(task.id, body["priority"], recorded_by=actor.person_id)
    return reloaded(task)
