"""The auditor's API: the event log, any record at any moment, changes, priority history.

Private notes are read only through a person's record, where each read is recorded as a
``NotesAccess.PrivateNotesRead`` event; in the event log and in the changes they are
replaced by a pointer to that record. Password hashes are never shown.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import marshmallow as ma
from flask_smorest import Blueprint
from marshmallow import fields
from werkzeug.exceptions import NotFound

from journal import clock
from journal.domain.windows import AUDIT_DAYS
from journal.errors import DomainError, NotFoundError
from journal.read import records
from journal.read.history import EmployeeRecord, LoggedEvent, withhold
from journal.security.trail import KINDS
from web.api.schemas import PageArgs, offset, page_of, paged
from web.auth import Actor, current_actor, journal
from web.permissions import (
    check_auditor,
    check_reads_development,
    leader_in_view,
    visible_person,
)

blp = Blueprint(
    "audit",
    __name__,
    url_prefix="/api/v1",
    description="The audit trail: event log, records as of a moment, changes (auditors).",
)

STAND_INS = {"private": "[private: read the person's record]", "hidden": "[hidden]"}


def redact(value: Any) -> Any:
    """Event data as JSON values, with private notes and password hashes replaced."""
    return as_json(withhold(value, STAND_INS.__getitem__))


def as_json(value: Any) -> Any:
    """Dates, times and ids as text, at any depth."""
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [as_json(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


class RedactedData(fields.Field):
    """An event's data: any JSON object, private notes replaced."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return redact(value)


class EventArgs(PageArgs):
    """Filters of the event log."""

    person_id = fields.UUID(metadata={"description": "events about this person"})
    event_types = fields.List(
        fields.String(),
        data_key="type",
        metadata={"description": "e.g. Interaction.Corrected (repeatable)"},
    )
    recorded_by = fields.UUID()
    since = fields.AwareDateTime(metadata={"description": "recorded at or after"})
    until = fields.AwareDateTime(metadata={"description": "recorded before"})

    @ma.validates_schema
    def check_order(self, data: dict[str, Any], **kwargs: Any) -> None:
        """``until`` comes after ``since``."""
        if data.get("since") and data.get("until") and data["until"] <= data["since"]:
            raise ma.ValidationError("must be after since", "until")


class LoggedEventSchema(ma.Schema):
    """One event of the log, private notes redacted."""

    position = fields.Integer(required=True)
    event_type = fields.String(required=True)
    originator_id = fields.UUID(required=True)
    version = fields.Integer(required=True)
    subject_id = fields.UUID(allow_none=True)
    recorded_by = fields.UUID(allow_none=True)
    recorded_at = fields.AwareDateTime(required=True)
    data = RedactedData(required=True)


class MomentArgs(ma.Schema):
    """``?as_of=&known_at=``: business and knowledge time, now by default."""

    as_of = fields.AwareDateTime(metadata={"description": "what had happened by then"})
    known_at = fields.AwareDateTime(metadata={"description": "what was recorded by then"})


class RecordedInteractionSchema(ma.Schema):
    """An interaction as it stood, private notes included."""

    id = fields.UUID(required=True)
    leader_id = fields.UUID(required=True)
    kind = fields.String(required=True)
    occurred_at = fields.AwareDateTime(required=True)
    minutes = fields.Integer(required=True)
    shared_notes = fields.String(required=True)
    private_notes = fields.String(allow_none=True)
    agreed_actions = fields.List(fields.String(), required=True)
    is_retracted = fields.Boolean(required=True)
    retraction_reason = fields.String(required=True)


class RecordedFeedbackSchema(ma.Schema):
    """A customer's rating as it stood."""

    id = fields.UUID(required=True)
    leader_id = fields.UUID(required=True)
    score = fields.Integer(required=True)
    comment = fields.String(required=True)
    channel = fields.String(required=True)
    received_at = fields.AwareDateTime(required=True)
    reference = fields.String(required=True)
    is_retracted = fields.Boolean(required=True)
    retraction_reason = fields.String(required=True)


class RecordedTaskSchema(ma.Schema):
    """A task as it stood."""

    id = fields.UUID(required=True)
    leader_id = fields.UUID(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    passion = fields.String(required=True)
    due_on = fields.Date(required=True)
    priority = fields.Integer(required=True)
    state = fields.String(required=True)
    outcome = fields.String(required=True)
    cancel_reason = fields.String(required=True)


class RecordedTalentSchema(ma.Schema):
    """One talent assessment."""

    score = fields.Integer(required=True)
    note = fields.String(required=True)
    assessed_on = fields.Date(required=True)
    assessed_by = fields.UUID(allow_none=True)


class EmployeeRecordSchema(ma.Schema):
    """An employee's whole record as of ``as_of``, as known at ``known_at``."""

    employee_id = fields.UUID(required=True)
    as_of = fields.AwareDateTime(required=True)
    known_at = fields.AwareDateTime(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    leader_id = fields.UUID(allow_none=True)
    is_active = fields.Boolean(required=True)
    passions = fields.List(fields.String(), required=True)
    talent = fields.List(fields.Nested(RecordedTalentSchema), required=True)
    interactions = fields.List(fields.Nested(RecordedInteractionSchema), required=True)
    feedback = fields.List(fields.Nested(RecordedFeedbackSchema), required=True)
    tasks = fields.List(fields.Nested(RecordedTaskSchema), required=True)


class ChangesArgs(ma.Schema):
    """``?from=&to=``: moments with a time zone; by default the 30 days up to now."""

    since = fields.AwareDateTime(data_key="from")
    until = fields.AwareDateTime(data_key="to")


class ChangesSchema(ma.Schema):
    """Every event about one person recorded in ``[from, to)``, private notes redacted."""

    person_id = fields.UUID(required=True)
    since = fields.AwareDateTime(data_key="from", required=True)
    until = fields.AwareDateTime(data_key="to", required=True)
    events = fields.List(fields.Nested(LoggedEventSchema), required=True)


class PrioritiesChangeSchema(ma.Schema):
    """One change of a leader's priorities: who set what, when."""

    set_at = fields.AwareDateTime(required=True)
    set_by = fields.UUID(allow_none=True)
    split = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    one_to_one_every_days = fields.Integer(required=True)
    walk_and_talk_every_days = fields.Integer(required=True)
    focus_areas = fields.List(fields.String(), required=True)


def auditor() -> Actor:
    """The caller, if they are an auditor (403 otherwise)."""
    actor = current_actor()
    check_auditor(actor)
    return actor


@blp.route("/audit/events")
@blp.arguments(EventArgs, location="query")
@blp.response(200, paged(LoggedEventSchema))
@blp.alt_response(403, description="only an auditor reads the audit trail")
@blp.alt_response(422, description="a filter is not valid")
def events(args: dict[str, Any]) -> dict[str, Any]:
    """The event log in recorded order, filtered; private notes redacted."""
    auditor()
    page = journal().history.log(
        subject_id=args.get("person_id"),
        event_types=args.get("event_types"),
        recorded_by=args.get("recorded_by"),
        since=args.get("since"),
        until=args.get("until"),
        offset=offset(args),
        limit=args["limit"],
    )
    return page_of(page.events, page.total, args)


class TrailArgs(PageArgs):
    """Filters of the security trail."""

    kinds = fields.List(
        fields.String(validate=ma.validate.OneOf(KINDS)),
        data_key="kind",
        metadata={"description": "e.g. sign_in_failed (repeatable)"},
    )
    who = fields.String(
        validate=ma.validate.Length(min=1, max=250),
        metadata={"description": "a username as typed (any case) or a client address"},
    )
    account_id = fields.UUID(metadata={"description": "rows about this account or person"})
    since = fields.AwareDateTime(metadata={"description": "at or after"})
    until = fields.AwareDateTime(metadata={"description": "before"})

    @ma.validates_schema
    def check_order(self, data: dict[str, Any], **kwargs: Any) -> None:
        """``until`` comes after ``since``."""
        if data.get("since") and data.get("until") and data["until"] <= data["since"]:
            raise ma.ValidationError("must be after since", "until")


class TrailEntrySchema(ma.Schema):
    """One row of the security trail: never a password, a token or a session id."""

    position = fields.Integer(required=True)
    at = fields.AwareDateTime(required=True)
    kind = fields.String(required=True, metadata={"enum": list(KINDS)})
    account_id = fields.UUID(allow_none=True)
    person_id = fields.UUID(allow_none=True)
    actor_id = fields.UUID(allow_none=True)
    username = fields.String(allow_none=True, metadata={"description": "as typed"})
    address = fields.String(allow_none=True)
    detail = fields.Dict(
        required=True, metadata={"description": "reason, delay and retry_after (seconds), via"}
    )


@blp.route("/audit/security")
@blp.arguments(TrailArgs, location="query")
@blp.response(200, paged(TrailEntrySchema))
@blp.alt_response(403, description="only an auditor reads the audit trail")
@blp.alt_response(422, description="a filter is not valid")
def security(args: dict[str, Any]) -> dict[str, Any]:
    """The security trail, newest first: sign-ins, sessions, tokens, disabled accounts,
    exports and erasures (journal/security/trail.py)."""
    auditor()
    rows, total = journal().trail.page(
        kinds=args.get("kinds"),
        who=args.get("who"),
        account_id=args.get("account_id"),
        since=args.get("since"),
        until=args.get("until"),
        offset=offset(args),
        limit=args["limit"],
    )
    return page_of(rows, total, args)


@blp.route("/audit/people/<uuid:person_id>")
@blp.arguments(MomentArgs, location="query")
@blp.response(200, EmployeeRecordSchema)
@blp.alt_response(403, description="only an auditor reads the audit trail")
@blp.alt_response(404, description="no such employee, or not yet in the journal then")
@blp.alt_response(422, description="a moment without a time zone")
def record(args: dict[str, Any], person_id: UUID) -> EmployeeRecord:
    """An employee's full record, private notes included; the read is recorded."""
    actor = auditor()
    check_reads_development(actor, visible_person(actor, person_id))
    try:
        return records.employee_record(
            journal(), person_id, actor.viewer, where="audit record", **args
        )
    except NotFoundError as error:
        raise NotFound(error.message) from None


@blp.route("/audit/people/<uuid:person_id>/changes")
@blp.arguments(ChangesArgs, location="query")
@blp.response(200, ChangesSchema)
@blp.alt_response(403, description="only an auditor reads the audit trail")
@blp.alt_response(404, description="no such person")
@blp.alt_response(422, description="a moment is missing, has no time zone, or runs backwards")
def changes(args: dict[str, Any], person_id: UUID) -> dict[str, Any]:
    """Every event about a person recorded in ``[from, to)``; private notes redacted."""
    actor = auditor()
    visible_person(actor, person_id)
    until = args.get("until") or clock.now()
    since = args.get("since") or until - timedelta(days=AUDIT_DAYS)
    if since >= until:
        raise DomainError("to", "must be after from")
    logged: list[LoggedEvent] = journal().history.changes(person_id, since, until)
    return {"person_id": person_id, "since": since, "until": until, "events": logged}


@blp.route("/audit/leaders/<uuid:leader_id>/priorities")
@blp.response(200, PrioritiesChangeSchema(many=True))
@blp.alt_response(403, description="only an auditor reads the audit trail")
@blp.alt_response(404, description="no such leader")
def priorities_history(leader_id: UUID) -> Any:
    """Every change of a leader's priorities, oldest first, with who set them and when."""
    leader_in_view(auditor(), leader_id, write=False)
    return journal().read.calendar_audit.priorities_history(leader_id)
