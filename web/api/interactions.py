"""Coaching interactions: a leader logs 1-to-1s, walk-and-talks and more with their team.

Only the leader who logged an interaction corrects or retracts it; both are new events,
so the original stays in the history.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import marshmallow as ma
from flask_smorest import Blueprint
from marshmallow import fields, validate

from journal.domain import limits
from journal.domain.coaching import KINDS, Interaction
from web.api.schemas import AwareDateTime, ReasonSchema
from web.auth import current_actor, journal
from web.permissions import authored_record, check_coaches, record_in_path, visible_person

blp = Blueprint(
    "interactions",
    __name__,
    url_prefix="/api/v1",
    description="Coaching: 1-to-1s, walk-and-talks, training, team-building, quality reviews.",
)

MAX_MINUTES = limits.INTERACTION_MINUTES
NOTES = validate.Length(max=limits.NOTES)


class InteractionFieldsSchema(ma.Schema):
    """The fields of an interaction, each optional: what a correction may change."""

    kind = fields.String(validate=validate.OneOf(KINDS))
    occurred_at = AwareDateTime(metadata={"description": "when it took place, with a time zone"})
    minutes = fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_MINUTES))
    shared_notes = fields.String(validate=NOTES, metadata={"description": "the employee sees"})
    private_notes = fields.String(validate=NOTES, metadata={"description": "only you see"})
    agreed_actions = fields.List(
        fields.String(validate=validate.Length(min=1, max=limits.AGREED_ACTION)),
        validate=validate.Length(max=limits.AGREED_ACTIONS),
    )


class NewInteractionSchema(InteractionFieldsSchema):
    """An interaction to log: its kind, when, and for how long; notes are optional."""

    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    occurred_at = AwareDateTime(required=True)
    minutes = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=MAX_MINUTES)
    )


class InteractionCorrectionSchema(ReasonSchema):
    """The fields to correct, and why."""

    changes = fields.Nested(InteractionFieldsSchema, required=True)


class InteractionSchema(InteractionFieldsSchema):
    """A logged interaction, as its author sees it (private notes included)."""

    id = fields.UUID(required=True)
    leader_id = fields.UUID(required=True)
    employee_id = fields.UUID(required=True)
    is_retracted = fields.Boolean(required=True)
    retraction_reason = fields.String(required=True)


def interaction_of(interaction_id: UUID) -> Interaction:
    """The interaction, or 404 if it does not exist."""
    return record_in_path(Interaction, interaction_id, "interaction")


def authored(interaction_id: UUID) -> Interaction:
    """The interaction, if the caller made it: 404 if unseen, 403 if someone else's."""
    return authored_record(current_actor(), Interaction, interaction_id, "interaction")


@blp.route("/people/<uuid:person_id>/interactions", methods=["POST"])
@blp.arguments(NewInteractionSchema)
@blp.response(201, InteractionSchema)
@blp.alt_response(403, description="only the employee's own leader logs interactions")
@blp.alt_response(404, description="no such person in your view")
def log_interaction(new: dict[str, Any], person_id: UUID) -> Interaction:
    """Log a coaching interaction with an employee in your team."""
    actor = current_actor()
    check_coaches(actor, visible_person(actor, person_id))
    interaction_id = journal().log_interaction(
        leader_id=actor.person_id, employee_id=person_id, **new, recorded_by=actor.person_id
    )
    return interaction_of(interaction_id)


@blp.route("/interactions/<uuid:interaction_id>/corrections", methods=["POST"])
@blp.arguments(InteractionCorrectionSchema)
@blp.response(200, InteractionSchema)
@blp.alt_response(403, description="only the leader who logged it corrects it")
@blp.alt_response(404, description="no such interaction in your view")
def correct_interaction(correction: dict[str, Any], interaction_id: UUID) -> Interaction:
    """Correct some fields of an interaction you logged, saying why."""
    authored(interaction_id)
    journal().correct_interaction(
        interaction_id,
        correction["changes"],
        correction["reason"],
        recorded_by=current_actor().person_id,
    )
    return interaction_of(interaction_id)


@blp.route("/interactions/<uuid:interaction_id>/retraction", methods=["POST"])
@blp.arguments(ReasonSchema)
@blp.response(200, InteractionSchema)
@blp.alt_response(403, description="only the leader who logged it retracts it")
@blp.alt_response(404, description="no such interaction in your view")
def retract_interaction(body: dict[str, Any], interaction_id: UUID) -> Interaction:
    """Withdraw an interaction you logged, saying why; it stays in the history."""
    authored(interaction_id)
    journal().retract_interaction(
        interaction_id, body["reason"], recorded_by=current_actor().person_id
    )
    return interaction_of(interaction_id)
