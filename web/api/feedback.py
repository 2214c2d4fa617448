"""Customer feedback: a leader records a customer's NPS score (0-10) about an employee.

Only the leader who recorded a piece of feedback corrects or retracts it; both are new
events, so the original stays in the history.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import marshmallow as ma
from flask_smorest import Blueprint
from marshmallow import fields, validate

from journal.domain import limits
from journal.domain.feedback import CHANNELS, Feedback
from web.api.schemas import AwareDateTime, ReasonSchema
from web.auth import current_actor, journal
from web.permissions import authored_record, check_coaches, record_in_path, visible_person

blp = Blueprint(
    "feedback",
    __name__,
    url_prefix="/api/v1",
    description="Customer feedback (NPS) about an employee, with corrections and retractions.",
)

SCORE = validate.Range(min=limits.SCORE_MIN, max=limits.SCORE_MAX)


class FeedbackFieldsSchema(ma.Schema):
    """The fields of a piece of feedback, each optional: what a correction may change."""

    score = fields.Integer(strict=True, validate=SCORE, metadata={"description": "NPS, 0-10"})
    channel = fields.String(validate=validate.OneOf(CHANNELS))
    received_at = AwareDateTime(metadata={"description": "when the customer gave it"})
    comment = fields.String(validate=validate.Length(max=limits.COMMENT))
    reference = fields.String(
        validate=validate.Length(max=limits.REFERENCE),
        metadata={"description": "e.g. a ticket number"},
    )


class NewFeedbackSchema(FeedbackFieldsSchema):
    """Feedback to record: the score, the channel and when; comment and reference optional."""

    score = fields.Integer(required=True, strict=True, validate=SCORE)
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    received_at = AwareDateTime(required=True)


class FeedbackCorrectionSchema(ReasonSchema):
    """The fields to correct, and why."""

    changes = fields.Nested(FeedbackFieldsSchema, required=True)


class FeedbackSchema(FeedbackFieldsSchema):
    """A piece of recorded feedback."""

    id = fields.UUID(required=True)
    employee_id = fields.UUID(required=True)
    leader_id = fields.UUID(required=True, metadata={"description": "who recorded it"})
    is_retracted = fields.Boolean(required=True)
    retraction_reason = fields.String(required=True)


def feedback_of(feedback_id: UUID) -> Feedback:
    """The feedback, or 404 if it does not exist."""
    return record_in_path(Feedback, feedback_id, "feedback")


def authored(feedback_id: UUID) -> Feedback:
    """The feedback, if the caller made it: 404 if unseen, 403 if someone else's."""
    return authored_record(current_actor(), Feedback, feedback_id, "feedback")


@blp.route("/people/<uuid:person_id>/feedback", methods=["POST"])
@blp.arguments(NewFeedbackSchema)
@blp.response(201, FeedbackSchema)
@blp.alt_response(403, description="only the employee's own leader records feedback")
@blp.alt_response(404, description="no such person in your view")
def record_feedback(new: dict[str, Any], person_id: UUID) -> Feedback:
    """Record a customer's feedback about an employee in your team."""
    actor = current_actor()
    check_coaches(actor, visible_person(actor, person_id))
    feedback_id = journal().record_feedback(
        employee_id=person_id, **new, recorded_by=actor.person_id
    )
    return feedback_of(feedback_id)


@blp.route("/feedback/<uuid:feedback_id>/corrections", methods=["POST"])
@blp.arguments(FeedbackCorrectionSchema)
@blp.response(200, FeedbackSchema)
@blp.alt_response(403, description="only the leader who recorded it corrects it")
@blp.alt_response(404, description="no such feedback in your view")
def correct_feedback(correction: dict[str, Any], feedback_id: UUID) -> Feedback:
    """Correct some fields of feedback you recorded, saying why."""
    authored(feedback_id)
    journal().correct_feedback(
        feedback_id,
        correction["changes"],
        correction["reason"],
        recorded_by=current_actor().person_id,
    )
    return feedback_of(feedback_id)


@blp.route("/feedback/<uuid:feedback_id>/retraction", methods=["POST"])
@blp.arguments(ReasonSchema)
@blp.response(200, FeedbackSchema)
@blp.alt_response(403, description="only the leader who recorded it retracts it")
@blp.alt_response(404, description="no such feedback in your view")
def retract_feedback(body: dict[str, Any], feedback_id: UUID) -> Feedback:
    """Withdraw feedback you recorded, saying why; it stays in the history."""
    authored(feedback_id)
    journal().retract_feedback(feedback_id, body["reason"], recorded_by=current_actor().person_id)
    return feedback_of(feedback_id)
