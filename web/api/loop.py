"""The coaching loop: an employee asks their leader for coaching, the leader meets or
declines it; the actions agreed in coaching are ticked off or dropped."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import marshmallow as ma
from flask_smorest import Blueprint
from marshmallow import fields, validate

from journal import clock
from journal.domain import limits
from journal.domain.actions import STATES as ACTION_STATES
from journal.domain.requests import REQUESTABLE
from journal.domain.requests import STATES as REQUEST_STATES
from journal.domain.windows import CUSTOMER_DAYS
from journal.projections.coaching_loop import ActionRow, RequestRow
from journal.read.digest import REMINDED_KINDS, Digest, digest_for
from web.api.schemas import ReasonSchema
from web.auth import current_actor, journal
from web.permissions import (
    check_asks,
    check_coaches,
    closable_action,
    leader_in_view,
    readable_employee,
    request_of,
    visible_person,
)

blp = Blueprint(
    "coaching_loop",
    __name__,
    url_prefix="/api/v1",
    description="Employees' requests for coaching, and the actions agreed in coaching.",
)


class AskSchema(ma.Schema):
    """What the employee asks for, and an optional note their leader reads."""

    kind = fields.String(required=True, validate=validate.OneOf(REQUESTABLE))
    note = fields.String(load_default="", validate=validate.Length(max=limits.REQUEST_NOTE))


class RequestSchema(ma.Schema):
    """A request and how it was answered."""

    request_id = fields.UUID(required=True)
    employee_id = fields.UUID(required=True)
    leader_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(REQUESTABLE))
    note = fields.String(required=True)
    state = fields.String(required=True, validate=validate.OneOf(REQUEST_STATES))
    asked_at = fields.AwareDateTime(required=True)
    closed_at = fields.AwareDateTime(allow_none=True)
    reason = fields.String(required=True, metadata={"description": "why it was declined"})
    interaction_id = fields.UUID(allow_none=True, metadata={"description": "what met it"})


class RequestsSchema(ma.Schema):
    """An employee's requests, newest first."""

    items = fields.List(fields.Nested(RequestSchema), required=True)


class LeaderRequestsSchema(ma.Schema):
    """The requests waiting for a leader, oldest first, and how soon they meet them."""

    items = fields.List(fields.Nested(RequestSchema), required=True)
    fulfilled = fields.Integer(
        required=True, metadata={"description": f"met in the last {CUSTOMER_DAYS} days"}
    )
    median_days = fields.Float(
        allow_none=True, metadata={"description": "median days from asking to the meeting"}
    )


class ActionSchema(ma.Schema):
    """An action agreed in coaching."""

    action_id = fields.UUID(required=True)
    employee_id = fields.UUID(required=True)
    interaction_id = fields.UUID(required=True)
    text = fields.String(required=True)
    agreed_at = fields.AwareDateTime(required=True)
    state = fields.String(required=True, validate=validate.OneOf(ACTION_STATES))
    closed_at = fields.AwareDateTime(allow_none=True)
    reason = fields.String(required=True)


class ActionsSchema(ma.Schema):
    """An employee's open agreed actions, oldest first."""

    items = fields.List(fields.Nested(ActionSchema), required=True)


class OverdueSchema(ma.Schema):
    """A meeting with a team member past its due date (the leader's own rhythm)."""

    employee_id = fields.UUID(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(REMINDED_KINDS))
    last = fields.AwareDateTime(allow_none=True, metadata={"description": "null: never"})
    due = fields.AwareDateTime(required=True)


class WaitingSchema(ma.Schema):
    """A request from a team member that waits for the leader."""

    employee_id = fields.UUID(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    asked_at = fields.AwareDateTime(required=True)


class OpenActionsSchema(ma.Schema):
    """A team member's open agreed actions: how many, and the oldest's date."""

    employee_id = fields.UUID(required=True)
    name = fields.String(required=True)
    count = fields.Integer(required=True)
    oldest = fields.AwareDateTime(required=True)


class DigestSchema(ma.Schema):
    """What the morning reminder tells the leader: names and counts, no notes."""

    items = fields.Integer(required=True, metadata={"description": "0: nothing to remind of"})
    overdue = fields.List(fields.Nested(OverdueSchema), required=True)
    waiting = fields.List(fields.Nested(WaitingSchema), required=True)
    actions = fields.List(fields.Nested(OpenActionsSchema), required=True)


@blp.route("/people/<uuid:employee_id>/requests", methods=["POST"])
@blp.arguments(AskSchema)
@blp.response(201, RequestSchema)
@blp.alt_response(403, description="only the employee asks for their own coaching")
@blp.alt_response(404, description="no such employee in the caller's view")
@blp.alt_response(422, description="an unknown kind, a note too long, or 3 open of the kind")
def ask(body: dict[str, Any], employee_id: UUID) -> RequestRow:
    """Ask the leader for a 1-to-1, a walk-and-talk, training or team-building."""
    actor = current_actor()
    employee = visible_person(actor, employee_id)
    check_asks(actor, employee)
    request_id = journal().ask_for_coaching(
        employee_id, body["kind"], body["note"], recorded_by=actor.person_id
    )
    return request_of(employee, request_id)


@blp.route("/people/<uuid:employee_id>/requests")
@blp.response(200, RequestsSchema)
@blp.alt_response(403, description="an admin does not read development records")
@blp.alt_response(404, description="no such employee in the caller's view")
def requests_of(employee_id: UUID) -> dict[str, list[RequestRow]]:
    """The employee's requests and their answers, newest first (the last 50)."""
    employee = readable_employee(current_actor(), employee_id)
    return {"items": journal().read.coaching_loop.requests_of(employee.person_id)}


@blp.route("/people/<uuid:employee_id>/requests/<uuid:request_id>/decline", methods=["POST"])
@blp.arguments(ReasonSchema)
@blp.response(200, RequestSchema)
@blp.alt_response(403, description="only the employee's leader answers a request")
@blp.alt_response(404, description="no such request in the caller's view")
@blp.alt_response(422, description="no reason, or the request is no longer open")
def decline(body: dict[str, Any], employee_id: UUID, request_id: UUID) -> RequestRow:
    """Decline an open request with a reason the employee reads."""
    actor = current_actor()
    employee = visible_person(actor, employee_id)
    request = request_of(employee, request_id)
    check_coaches(actor, employee)
    journal().decline_request(
        employee_id, request.request_id, body["reason"], recorded_by=actor.person_id
    )
    return request_of(employee, request_id)


@blp.route("/people/<uuid:employee_id>/requests/<uuid:request_id>/withdrawal", methods=["POST"])
@blp.response(200, RequestSchema)
@blp.alt_response(403, description="only the employee withdraws their request")
@blp.alt_response(404, description="no such request in the caller's view")
@blp.alt_response(422, description="the request is no longer open")
def withdraw(employee_id: UUID, request_id: UUID) -> RequestRow:
    """Take back an open request."""
    actor = current_actor()
    employee = visible_person(actor, employee_id)
    request = request_of(employee, request_id)
    check_asks(actor, employee)
    journal().withdraw_request(employee_id, request.request_id, recorded_by=actor.person_id)
    return request_of(employee, request_id)


@blp.route("/leaders/<uuid:leader_id>/requests")
@blp.response(200, LeaderRequestsSchema)
@blp.alt_response(403, description="an admin does not read a leader's journal")
@blp.alt_response(404, description="no such leader in the caller's view")
def waiting(leader_id: UUID) -> dict[str, Any]:
    """The requests waiting for the leader, oldest first, and the median days from asking
    to the meeting over the requests met in the last 90 days."""
    leader = leader_in_view(current_actor(), leader_id, write=False)
    loop = journal().read.coaching_loop
    times = loop.response_times(leader.person_id, clock.now() - timedelta(days=CUSTOMER_DAYS))
    return {
        "items": loop.open_requests(leader.person_id),
        "fulfilled": times.fulfilled,
        "median_days": times.median_days,
    }


@blp.route("/leaders/<uuid:leader_id>/digest")
@blp.response(200, DigestSchema)
@blp.alt_response(403, description="an admin does not read a leader's journal")
@blp.alt_response(404, description="no such leader in the caller's view")
def digest(leader_id: UUID) -> Digest:
    """Today's digest, as the morning reminder sends it: team members overdue a 1-to-1 or a
    walk-and-talk, requests waiting, open agreed actions per team member."""
    leader = leader_in_view(current_actor(), leader_id, write=False)
    return digest_for(journal(), leader, clock.now())


@blp.route("/people/<uuid:employee_id>/actions")
@blp.response(200, ActionsSchema)
@blp.alt_response(403, description="an admin does not read development records")
@blp.alt_response(404, description="no such employee in the caller's view")
def open_actions(employee_id: UUID) -> dict[str, list[ActionRow]]:
    """The employee's open agreed actions, oldest first."""
    employee = readable_employee(current_actor(), employee_id)
    return {"items": journal().read.coaching_loop.open_actions(employee.person_id)}


@blp.route("/people/<uuid:employee_id>/actions/<uuid:action_id>/done", methods=["POST"])
@blp.response(200, ActionSchema)
@blp.alt_response(403, description="only the employee or their leader ticks it off")
@blp.alt_response(404, description="no such agreed action in the caller's view")
@blp.alt_response(422, description="the action is already closed")
def tick(employee_id: UUID, action_id: UUID) -> ActionRow:
    """Tick an agreed action off: done."""
    actor = current_actor()
    _, action = closable_action(actor, employee_id, action_id)
    journal().tick_action(action.interaction_id, action.action_id, recorded_by=actor.person_id)
    return closable_action(actor, employee_id, action_id)[1]


@blp.route("/people/<uuid:employee_id>/actions/<uuid:action_id>/drop", methods=["POST"])
@blp.arguments(ReasonSchema)
@blp.response(200, ActionSchema)
@blp.alt_response(403, description="only the employee or their leader drops it")
@blp.alt_response(404, description="no such agreed action in the caller's view")
@blp.alt_response(422, description="no reason, or the action is already closed")
def drop(body: dict[str, Any], employee_id: UUID, action_id: UUID) -> ActionRow:
    """Drop an agreed action, saying why."""
    actor = current_actor()
    _, action = closable_action(actor, employee_id, action_id)
    journal().drop_action(
        action.interaction_id, action.action_id, body["reason"], recorded_by=actor.person_id
    )
    return closable_action(actor, employee_id, action_id)[1]
