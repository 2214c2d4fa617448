"""Group sessions: one training or team-building a leader logs once for several people of
their team. Only the leader who logged it corrects or withdraws it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import marshmallow as ma
from flask_smorest import Blueprint
from marshmallow import fields, validate
from werkzeug.exceptions import Forbidden

from journal.domain import limits
from journal.domain.group_sessions import GROUP_KINDS, GroupSession
from web.api.schemas import AwareDateTime, ReasonSchema
from web.auth import current_actor, journal
from web.permissions import check_leader, not_found, record_in_path

blp = Blueprint(
    "group_sessions",
    __name__,
    url_prefix="/api/v1",
    description="Group sessions: a training or team-building with several people, once.",
)

MINUTES = validate.Range(min=1, max=limits.INTERACTION_MINUTES)


class GroupFieldsSchema(ma.Schema):
    """The fields of a session, each optional: what a correction may change."""

    kind = fields.String(validate=validate.OneOf(GROUP_KINDS))
    occurred_at = AwareDateTime(metadata={"description": "when it took place, with a time zone"})
    minutes = fields.Integer(strict=True, validate=MINUTES)
    shared_notes = fields.String(
        validate=validate.Length(max=limits.NOTES),
        metadata={"description": "everyone who took part sees these"},
    )


class NewGroupSessionSchema(GroupFieldsSchema):
    """A session to log: who took part, its kind, when and for how long."""

    employee_ids = fields.List(
        fields.UUID(),
        required=True,
        validate=validate.Length(min=2, max=limits.GROUP_SIZE),
        metadata={"description": "two or more employees of your team"},
    )
    kind = fields.String(required=True, validate=validate.OneOf(GROUP_KINDS))
    occurred_at = AwareDateTime(required=True)
    minutes = fields.Integer(required=True, strict=True, validate=MINUTES)


class GroupCorrectionSchema(ReasonSchema):
    """The fields to correct, and why."""

    changes = fields.Nested(GroupFieldsSchema, required=True)


class GroupSessionSchema(GroupFieldsSchema):
    """A logged session."""

    id = fields.UUID(required=True)
    leader_id = fields.UUID(required=True)
    employee_ids = fields.List(fields.UUID(), required=True)
    is_retracted = fields.Boolean(required=True)
    retraction_reason = fields.String(required=True)


def own_session(session_id: UUID, *, reading: bool = False) -> GroupSession:
    """The session, if the caller logged it (or, to read it, is an auditor): 403 for an
    auditor's change, 404 for anyone else (it is not in their view)."""
    session = record_in_path(GroupSession, session_id, "session")
    actor = current_actor()
    if session.leader_id == actor.person_id:
        return session
    if actor.role == "auditor":
        if reading:
            return session
        raise Forbidden("an auditor reads sessions; only the leader who logged one changes it")
    raise not_found("session", session_id)


@blp.route("/group-sessions", methods=["POST"])
@blp.arguments(NewGroupSessionSchema)
@blp.response(201, GroupSessionSchema)
@blp.alt_response(403, description="only a leader logs group sessions")
def log_group_session(new: dict[str, Any]) -> GroupSession:
    """Log a training or team-building with several employees of your team, once."""
    actor = current_actor()
    check_leader(actor)
    session_id = journal().log_group_session(
        leader_id=actor.person_id, **new, recorded_by=actor.person_id
    )
    return own_session(session_id)


@blp.route("/group-sessions/<uuid:session_id>", methods=["GET"])
@blp.response(200, GroupSessionSchema)
@blp.alt_response(404, description="no such session of yours")
def get_group_session(session_id: UUID) -> GroupSession:
    """One of your group sessions (an auditor reads any)."""
    return own_session(session_id, reading=True)


@blp.route("/group-sessions/<uuid:session_id>/corrections", methods=["POST"])
@blp.arguments(GroupCorrectionSchema)
@blp.response(200, GroupSessionSchema)
@blp.alt_response(404, description="no such session of yours")
def correct_group_session(correction: dict[str, Any], session_id: UUID) -> GroupSession:
    """Correct some fields of a session you logged, saying why."""
    own_session(session_id)
    journal().correct_group_session(
        session_id, correction["changes"], correction["reason"],
        recorded_by=current_actor().person_id,
    )  # fmt: skip
    return own_session(session_id)


@blp.route("/group-sessions/<uuid:session_id>/retraction", methods=["POST"])
@blp.arguments(ReasonSchema)
@blp.response(200, GroupSessionSchema)
@blp.alt_response(404, description="no such session of yours")
def retract_group_session(body: dict[str, Any], session_id: UUID) -> GroupSession:
    """Withdraw a session you logged, saying why; it stays in the history."""
    own_session(session_id)
    journal().retract_group_session(
        session_id, body["reason"], recorded_by=current_actor().person_id
    )
    return own_session(session_id)
