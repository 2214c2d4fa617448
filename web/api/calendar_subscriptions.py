"""A leader's calendar subscriptions: a published ICS address or a CalDAV calendar, fetched
by the journal itself (journal/commands/subscriptions.py). The address and the password
are never given back: a subscription is listed with its host and a few last characters,
and how its last fetches went."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import marshmallow as ma
from flask_smorest import Blueprint
from marshmallow import fields

from journal.domain.subscriptions import ADDRESS_LENGTH, SECRET_LENGTH
from journal.errors import NotFoundError
from web.auth import current_actor, journal
from web.permissions import leader_in_view, not_found

blp = Blueprint(
    "calendar_subscriptions",
    __name__,
    url_prefix="/api/v1",
    description="A leader's calendar, fetched from its published address or CalDAV server.",
)


class SubscribeSchema(ma.Schema):
    """Either a published address (``url``) or a CalDAV calendar with its app password."""

    url = fields.String(
        load_default="", validate=ma.validate.Length(max=ADDRESS_LENGTH),
        metadata={"description": "the calendar's private ICS address (https:// or webcal://)"},
    )  # fmt: skip
    caldav_url = fields.String(
        load_default="", validate=ma.validate.Length(max=ADDRESS_LENGTH),
        metadata={"description": "a CalDAV calendar's address"},
    )  # fmt: skip
    username = fields.String(load_default="", validate=ma.validate.Length(max=SECRET_LENGTH))
    password = fields.String(
        load_default="", load_only=True, validate=ma.validate.Length(max=SECRET_LENGTH),
        metadata={"description": "an app password for the CalDAV calendar"},
    )  # fmt: skip


class SubscriptionSchema(ma.Schema):
    """A subscription without its secrets, and how its fetches went."""

    id = fields.UUID(required=True)
    kind = fields.String(required=True, metadata={"description": "ics or caldav"})
    address = fields.String(
        required=True, metadata={"description": "the host and a few last characters only"}
    )
    subscribed_at = fields.AwareDateTime(required=True)
    tried_at = fields.AwareDateTime(allow_none=True)
    succeeded_at = fields.AwareDateTime(allow_none=True)
    outcome = fields.Dict(
        keys=fields.String(), values=fields.Raw(),
        metadata={"description": "what the last success did: not_modified, or the import's"
                  " imported, corrected, withdrawn and unchanged meetings"},
    )  # fmt: skip
    error = fields.String(
        allow_none=True, metadata={"description": "the last failure's code, while it fails"}
    )
    error_detail = fields.String(allow_none=True)
    failures = fields.Integer(required=True, metadata={"description": "failures in a row"})
    due_at = fields.AwareDateTime(allow_none=True)


class SubscriptionListSchema(ma.Schema):
    """The leader's subscriptions."""

    items = fields.List(fields.Nested(SubscriptionSchema), required=True)


class CreatedSubscriptionSchema(ma.Schema):
    """The new subscription's id; the first fetch comes with the next sync."""

    id = fields.UUID(required=True)


def listed(leader_id: UUID) -> list[dict[str, Any]]:
    """The leader's subscriptions with their fetch status."""
    app = journal()
    statuses = app.sync_statuses(leader_id)
    items = []
    for row in app.read.subscriptions.of_leader(leader_id):
        status = statuses.get(row.subscription_id)
        items.append({
            "id": row.subscription_id, "kind": row.kind, "address": row.shown,
            "subscribed_at": row.subscribed_at,
            "tried_at": status.tried_at if status else None,
            "succeeded_at": status.succeeded_at if status else None,
            "outcome": status.outcome if status else {},
            "error": (status.error_code or None) if status else None,
            "error_detail": (status.error_detail or None) if status else None,
            "failures": status.failures if status else 0,
            "due_at": status.due_at if status else None,
        })  # fmt: skip
    return items


@blp.route("/leaders/<uuid:leader_id>/calendar-subscriptions")
@blp.response(200, SubscriptionListSchema)
@blp.alt_response(403, description="an admin does not read a leader's journal")
@blp.alt_response(404, description="no such leader in the caller's view")
def subscriptions(leader_id: UUID) -> dict[str, Any]:
    """The leader's calendar subscriptions, without their secrets."""
    leader_in_view(current_actor(), leader_id, write=False)
    return {"items": listed(leader_id)}


@blp.route("/leaders/<uuid:leader_id>/calendar-subscriptions", methods=["POST"])
@blp.arguments(SubscribeSchema)
@blp.response(201, CreatedSubscriptionSchema)
@blp.alt_response(403, description="only the leader subscribes their own calendar")
@blp.alt_response(404, description="no such leader in the caller's view")
@blp.alt_response(422, description="not an https:// address, no app password, or subscribed")
def subscribe(body: dict[str, Any], leader_id: UUID) -> dict[str, UUID]:
    """Subscribe to the leader's published calendar or CalDAV calendar; the next sync (the
    worker's, every hour by default) fetches it."""
    actor = current_actor()
    leader_in_view(actor, leader_id, write=True)
    subscription_id = journal().subscribe_calendar(leader_id, recorded_by=actor.person_id, **body)
    return {"id": subscription_id}


@blp.route(
    "/leaders/<uuid:leader_id>/calendar-subscriptions/<uuid:subscription_id>", methods=["DELETE"]
)
@blp.response(204)
@blp.alt_response(403, description="only the leader stops their own subscriptions")
@blp.alt_response(404, description="no such leader or subscription in the caller's view")
def stop(leader_id: UUID, subscription_id: UUID) -> None:
    """Stop fetching a subscription; the meetings it brought stay."""
    actor = current_actor()
    leader_in_view(actor, leader_id, write=True)
    try:
        journal().stop_calendar_subscription(
            leader_id, subscription_id, recorded_by=actor.person_id
        )
    except NotFoundError:
        raise not_found("subscription", subscription_id) from None
