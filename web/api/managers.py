"""Managers of leaders (a head of customer service): which leaders they oversee, and the
overview of those leaders in aggregates and counts only."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import marshmallow as ma
from flask_smorest import Blueprint
from marshmallow import fields

from journal.read import overview
from journal.read.overview import LeaderOverview
from web.api.leaders import NpsScoreSchema
from web.auth import current_actor, journal
from web.permissions import check_admin, manager_in_view

blp = Blueprint(
    "managers",
    __name__,
    url_prefix="/api/v1",
    description="Managers of leaders: who oversees whom, and the overview they read.",
)


class OverseeSchema(ma.Schema):
    """The leader a manager is to oversee."""

    leader_id = fields.UUID(required=True)


class OverseenSchema(ma.Schema):
    """The leaders a manager oversees."""

    leader_ids = fields.List(fields.UUID(), required=True)


class MonthShareSchema(ma.Schema):
    """One month of a leader's time."""

    month = fields.Date(required=True, metadata={"description": "the first day"})
    people_share = fields.Float(allow_none=True, metadata={"description": "percent"})


class LeaderOverviewSchema(ma.Schema):
    """One leader: aggregates and counts only, never notes or a single employee's records."""

    leader_id = fields.UUID(required=True)
    name = fields.String(required=True)
    verdict = fields.String(
        required=True,
        allow_none=True,
        attribute="audit.verdict",
        metadata={
            "description": "coach or controller over the last 4 weeks; null while there is "
            "not enough time for a verdict (see enough)"
        },
    )
    enough = fields.Boolean(required=True, attribute="audit.enough")
    band = fields.String(
        required=True,
        allow_none=True,
        attribute="audit.band",
        metadata={"description": "coach, near (the target) or controller; null without enough"},
    )
    hours = fields.Float(required=True, attribute="audit.hours")
    people_share = fields.Float(required=True, attribute="audit.people_share")
    team_size = fields.Integer(required=True)
    in_cadence = fields.Integer(
        required=True,
        metadata={
            "description": "with no 1-to-1 or walk-and-talk overdue on the leader's rhythm "
            "(counted from the last one, or from the day they joined)"
        },
    )
    cadence_share = fields.Float(allow_none=True)
    open_requests = fields.Integer(required=True)
    requests_met = fields.Integer(required=True, metadata={"description": "last 90 days"})
    median_response_days = fields.Float(allow_none=True)
    follow_through = fields.Float(
        allow_none=True, metadata={"description": "percent of actions done within 30 days"}
    )
    nps = fields.Nested(NpsScoreSchema, required=True, metadata={"description": "90 days"})
    months = fields.List(fields.Nested(MonthShareSchema), required=True)


class OverviewSchema(ma.Schema):
    """Every leader the manager oversees."""

    items = fields.List(fields.Nested(LeaderOverviewSchema), required=True)


@blp.route("/managers/<uuid:manager_id>/leaders", methods=["POST"])
@blp.arguments(OverseeSchema)
@blp.response(200, OverseenSchema)
@blp.alt_response(403, description="only an admin assigns leaders to a manager")
@blp.alt_response(404, description="no such manager")
@blp.alt_response(422, description="not a leader, or already overseen")
def oversee(body: dict[str, Any], manager_id: UUID) -> dict[str, list[UUID]]:
    """The manager oversees the leader from now on."""
    actor = current_actor()
    check_admin(actor)
    journal().oversee_leader(manager_id, body["leader_id"], recorded_by=actor.person_id)
    return overseen(manager_id)


@blp.route("/managers/<uuid:manager_id>/leaders/<uuid:leader_id>/release", methods=["POST"])
@blp.response(200, OverseenSchema)
@blp.alt_response(403, description="only an admin releases a leader from a manager")
@blp.alt_response(404, description="no such manager")
@blp.alt_response(422, description="the manager does not oversee that leader")
def release(manager_id: UUID, leader_id: UUID) -> dict[str, list[UUID]]:
    """The manager no longer oversees the leader."""
    actor = current_actor()
    check_admin(actor)
    journal().release_leader(manager_id, leader_id, recorded_by=actor.person_id)
    return overseen(manager_id)


def overseen(manager_id: UUID) -> dict[str, list[UUID]]:
    """The ids of the leaders the manager oversees."""
    return {"leader_ids": [p.person_id for p in journal().read.people.overseen_by(manager_id)]}


@blp.route("/managers/<uuid:manager_id>/overview")
@blp.response(200, OverviewSchema)
@blp.alt_response(403, description="an admin does not read the overview")
@blp.alt_response(404, description="no such manager in the caller's view")
def manager_overview(manager_id: UUID) -> dict[str, list[LeaderOverview]]:
    """Each overseen leader's verdict, cadence, requests, follow-through and team NPS."""
    manager = manager_in_view(current_actor(), manager_id)
    return {"items": overview.manager_overview(journal(), manager.person_id)}
