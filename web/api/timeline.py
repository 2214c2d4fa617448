"""GET an employee's development timeline (now, or as of a past moment) and their tasks.

Private notes are shown only as the caller's Viewer allows: a leader their own, an
auditor all (each such read is recorded as an event), an employee none (null).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import marshmallow as ma
from flask_smorest import Blueprint
from marshmallow import fields, validate

from journal.domain.people import PASSIONS
from journal.domain.tasks import STATES
from journal.errors import DomainError, NotFoundError
from journal.projections.timeline import ENTRY_TYPES
from journal.read import records
from web.api.schemas import PageArgs, offset, page_of, paged
from web.auth import current_actor, journal
from web.permissions import readable_employee

blp = Blueprint(
    "timeline",
    __name__,
    url_prefix="/api/v1",
    description="An employee's development timeline and tasks.",
)


class TimelineArgs(PageArgs):
    """Filters of a timeline, and the moments to read it at."""

    entry_types = fields.List(
        # The enum documents the items; ContainsOnly names the field itself in an error.
        fields.String(metadata={"enum": list(ENTRY_TYPES)}),
        data_key="type",
        validate=validate.ContainsOnly(ENTRY_TYPES, error="each must be one of {choices}"),
        metadata={"description": "entry types to show (repeatable); all by default"},
    )
    include_retracted = fields.Boolean(load_default=False)
    as_of = fields.AwareDateTime(
        metadata={"description": "business time: what had happened by then"}
    )
    known_at = fields.AwareDateTime(
        metadata={"description": "knowledge time: what the journal had been told by then"}
    )


class TimelineEntrySchema(ma.Schema):
    """One item on an employee's timeline."""

    entry_key = fields.String(required=True)
    employee_id = fields.UUID(required=True)
    entry_type = fields.String(required=True, validate=validate.OneOf(ENTRY_TYPES))
    kind = fields.String(required=True)
    occurred_at = fields.AwareDateTime(required=True)
    leader_id = fields.UUID(allow_none=True)
    title = fields.String(required=True)
    shared_notes = fields.String(required=True)
    private_notes = fields.String(
        allow_none=True, metadata={"description": "null where the caller may not read them"}
    )
    agreed_actions = fields.List(fields.String(), required=True)
    score = fields.Integer(allow_none=True)
    state = fields.String(required=True)
    details = fields.Dict(keys=fields.String(), required=True)
    recorded_at = fields.AwareDateTime(allow_none=True)
    recorded_by = fields.UUID(allow_none=True)


class BoardTaskSchema(ma.Schema):
    """One task on an employee's board."""

    task_id = fields.UUID(required=True)
    employee_id = fields.UUID(required=True)
    leader_id = fields.UUID(required=True)
    title = fields.String(required=True)
    passion = fields.String(required=True, validate=validate.OneOf(PASSIONS))
    priority = fields.Integer(required=True)
    due_on = fields.Date(required=True)
    state = fields.String(required=True, validate=validate.OneOf(STATES))
    outcome = fields.String(required=True)
    assigned_at = fields.AwareDateTime(required=True)
    closed_at = fields.AwareDateTime(allow_none=True)


class EmployeeBoardSchema(ma.Schema):
    """An employee's tasks and how well they match the employee's passions."""

    employee_id = fields.UUID(required=True)
    passions = fields.List(fields.String(validate=validate.OneOf(PASSIONS)), required=True)
    open = fields.List(fields.Nested(BoardTaskSchema), required=True)
    completed = fields.List(fields.Nested(BoardTaskSchema), required=True)
    cancelled = fields.List(fields.Nested(BoardTaskSchema), required=True)
    passion_match = fields.Float(
        allow_none=True, metadata={"description": "share (0-1) of open and completed tasks"}
    )


@blp.route("/people/<uuid:person_id>/timeline")
@blp.arguments(TimelineArgs, location="query")
@blp.response(200, paged(TimelineEntrySchema))
@blp.alt_response(403, description="an admin does not read development records")
@blp.alt_response(404, description="no such employee in the caller's view")
@blp.alt_response(422, description="a filter or moment is not valid")
def timeline(args: dict[str, Any], person_id: UUID) -> dict[str, Any]:
    """An employee's timeline, newest first; with as_of or known_at, as it stood then."""
    actor, employee_id = current_actor(), person_id
    readable_employee(actor, employee_id)
    try:
        page = records.employee_timeline(
            journal(),
            employee_id,
            actor.viewer,
            where="API timeline",
            as_of=args.get("as_of"),
            known_at=args.get("known_at"),
            entry_types=args.get("entry_types"),
            include_retracted=args["include_retracted"],
            offset=offset(args),
            limit=args["limit"],
        )
    except NotFoundError as error:
        field = "as_of" if args.get("as_of") else "known_at"
        raise DomainError(field, "the employee was not yet in the journal then") from error
    assert page.total is not None  # counted, as asked by default
    return page_of(page.entries, page.total, args)


@blp.route("/people/<uuid:person_id>/tasks")
@blp.response(200, EmployeeBoardSchema)
@blp.alt_response(403, description="an admin does not read development records")
@blp.alt_response(404, description="no such employee in the caller's view")
def tasks(person_id: UUID) -> Any:
    """An employee's open, completed and cancelled tasks, and how they match the passions."""
    employee_id = readable_employee(current_actor(), person_id).person_id
    return journal().read.task_board.for_employee(employee_id)
