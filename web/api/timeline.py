"""GET an employee's development timeline (now, or as of a past moment) and their tasks.

Private notes are shown only as the caller's Viewer allows: a leader their own, an
auditor all (each such read is recorded as an event), an employee none (null).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID

import marshmallow as ma
from flask_smorest import Blueprint
from marshmallow import fields, validate

from journal.errors import DomainError, NotFoundError
from journal.history import EmployeeRecord
from journal.projections.timeline import TimelineEntry, start_of
from web.api.schemas import PageArgs, offset, page_of, paged
from web.auth import Actor, current_actor, journal
from web.permissions import check_reads_development, records_private_notes_read, visible_person

blp = Blueprint(
    "timeline",
    __name__,
    url_prefix="/api/v1",
    description="An employee's development timeline and tasks.",
)

ENTRY_TYPES = ("interaction", "feedback", "task", "talent", "passions", "handover")


class TimelineArgs(PageArgs):
    """Filters of a timeline, and the moments to read it at."""

    entry_types = fields.List(
        fields.String(),
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
    entry_type = fields.String(required=True)
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
    passion = fields.String(required=True)
    priority = fields.Integer(required=True)
    due_on = fields.Date(required=True)
    state = fields.String(required=True)
    outcome = fields.String(required=True)
    assigned_at = fields.AwareDateTime(required=True)
    closed_at = fields.AwareDateTime(allow_none=True)


class EmployeeBoardSchema(ma.Schema):
    """An employee's tasks and how well they match the employee's passions."""

    employee_id = fields.UUID(required=True)
    passions = fields.List(fields.String(), required=True)
    open = fields.List(fields.Nested(BoardTaskSchema), required=True)
    completed = fields.List(fields.Nested(BoardTaskSchema), required=True)
    cancelled = fields.List(fields.Nested(BoardTaskSchema), required=True)
    passion_match = fields.Float(
        allow_none=True, metadata={"description": "share (0-1) of open and completed tasks"}
    )


def employee_in_view(person_id: UUID) -> tuple[Actor, UUID]:
    """The caller, if they may read this employee's development (404/403 otherwise)."""
    actor = current_actor()
    check_reads_development(actor, visible_person(actor, person_id))
    return actor, person_id


@blp.route("/people/<uuid:person_id>/timeline")
@blp.arguments(TimelineArgs, location="query")
@blp.response(200, paged(TimelineEntrySchema))
@blp.alt_response(403, description="an admin does not read development records")
@blp.alt_response(404, description="no such employee in the caller's view")
@blp.alt_response(422, description="a filter or moment is not valid")
def timeline(args: dict[str, Any], person_id: UUID) -> dict[str, Any]:
    """An employee's timeline, newest first; with as_of or known_at, as it stood then."""
    actor, employee_id = employee_in_view(person_id)
    start = offset(args)
    if args.get("as_of") or args.get("known_at"):
        entries = historical_entries(actor, employee_id, args)
        items, total = entries[start : start + args["limit"]], len(entries)
    else:
        filters = {
            "entry_types": args.get("entry_types"),
            "include_retracted": args["include_retracted"],
        }
        read = journal().read.timeline
        items = read.for_employee(
            employee_id, actor.viewer, offset=start, limit=args["limit"], **filters
        )
        total = read.count_for_employee(employee_id, **filters)
    if any(entry.private_notes for entry in items):
        records_private_notes_read(actor, employee_id, read_context("API timeline", args))
    return page_of(items, total, args)


@blp.route("/people/<uuid:person_id>/tasks")
@blp.response(200, EmployeeBoardSchema)
@blp.alt_response(403, description="an admin does not read development records")
@blp.alt_response(404, description="no such employee in the caller's view")
def tasks(person_id: UUID) -> Any:
    """An employee's open, completed and cancelled tasks, and how they match the passions."""
    _, employee_id = employee_in_view(person_id)
    return journal().read.task_board.for_employee(employee_id)


def read_context(where: str, args: dict[str, Any]) -> str:
    """Where private notes were read, with the moments asked for."""
    moments = [
        f"{name}={args[name].isoformat(timespec='minutes')}"
        for name in ("as_of", "known_at")
        if args.get(name)
    ]
    return " ".join([where, *moments])


def historical_entries(actor: Actor, employee_id: UUID, args: dict[str, Any]) -> list[Any]:
    """The timeline rebuilt from the employee's record as of / as known at the moments."""
    try:
        record = journal().history.employee(
            employee_id, as_of=args.get("as_of"), known_at=args.get("known_at")
        )
    except NotFoundError as error:
        field = "as_of" if args.get("as_of") else "known_at"
        raise DomainError(field, "the employee was not yet in the journal then") from error
    # The same rule as the live timeline: a note the viewer may not read is null, not "".
    entries = [
        e
        if e.private_notes is None or actor.viewer.sees_private_notes_of(e.leader_id)
        else replace(e, private_notes=None)
        for e in entries_of(record.visible_to(actor.viewer))
    ]
    if args.get("entry_types"):
        entries = [e for e in entries if e.entry_type in args["entry_types"]]
    if not args["include_retracted"]:
        entries = [e for e in entries if e.state != "retracted"]
    entries.sort(key=lambda e: e.entry_key)
    entries.sort(key=lambda e: e.occurred_at, reverse=True)
    return entries


def entries_of(record: EmployeeRecord) -> list[TimelineEntry]:
    """A past record as timeline entries (interactions, feedback, tasks and talent)."""
    employee_id = record.employee_id
    entries = [
        TimelineEntry(
            entry_key=str(i["id"]),
            employee_id=employee_id,
            entry_type="interaction",
            kind=i["kind"],
            occurred_at=i["occurred_at"],
            leader_id=i["leader_id"],
            title="",
            shared_notes=i["shared_notes"],
            private_notes=i["private_notes"],
            agreed_actions=list(i["agreed_actions"]),
            score=None,
            state=retraction_state(i),
            details=retraction_details(i, minutes=i["minutes"]),
        )
        for i in record.interactions
    ]
    entries += [
        TimelineEntry(
            entry_key=str(f["id"]),
            employee_id=employee_id,
            entry_type="feedback",
            kind=f["channel"],
            occurred_at=f["received_at"],
            leader_id=f["leader_id"],
            title="",
            shared_notes=f["comment"],
            private_notes="",
            agreed_actions=[],
            score=f["score"],
            state=retraction_state(f),
            details=retraction_details(f, reference=f["reference"]),
        )
        for f in record.feedback
    ]
    entries += [task_entry(record, task) for task in record.tasks]
    entries += [
        TimelineEntry(
            entry_key=f"{employee_id}:talent:{n}",
            employee_id=employee_id,
            entry_type="talent",
            kind="talent",
            occurred_at=start_of(t["assessed_on"]),
            leader_id=t.get("assessed_by"),
            title="",
            shared_notes=t["note"],
            private_notes="",
            agreed_actions=[],
            score=t["score"],
            state="recorded",
        )
        for n, t in enumerate(record.talent)
    ]
    return entries


def task_entry(record: EmployeeRecord, task: dict[str, Any]) -> TimelineEntry:
    """A task as it stood then; it appears on the timeline when it was assigned."""
    assigned_at: datetime = journal().history.task(task["id"], known_at=record.known_at).created_on
    details: dict[str, Any] = {"due_on": task["due_on"].isoformat(), "priority": task["priority"]}
    if task["outcome"]:
        details["outcome"] = task["outcome"]
    if task["cancel_reason"]:
        details["reason"] = task["cancel_reason"]
    return TimelineEntry(
        entry_key=str(task["id"]),
        employee_id=record.employee_id,
        entry_type="task",
        kind=task["passion"],
        occurred_at=assigned_at,
        leader_id=task["leader_id"],
        title=task["title"],
        shared_notes=task["description"],
        private_notes="",
        agreed_actions=[],
        score=None,
        state=task["state"],
        details=details,
    )


def retraction_state(item: dict[str, Any]) -> str:
    """``retracted`` or ``recorded``, as on the live timeline."""
    return "retracted" if item["is_retracted"] else "recorded"


def retraction_details(item: dict[str, Any], **details: Any) -> dict[str, Any]:
    """The entry's details, with the reason if it was retracted."""
    if item["is_retracted"]:
        details["retraction_reason"] = item["retraction_reason"]
    return details
