"""POST /api/v1/tokens signs in and returns a bearer token; DELETE revokes it."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import current_app, g
from flask_smorest import Blueprint
from marshmallow import fields
from werkzeug.exceptions import Unauthorized

from journal.domain import limits
from journal.security import passwords
from web.auth import bearer_token, note, sign_in, token_store

blp = Blueprint("tokens", __name__, url_prefix="/api/v1/tokens", description="Sign in")


class CredentialsSchema(ma.Schema):
    """A username and password."""

    username = fields.String(
        required=True, validate=ma.validate.Length(min=1, max=limits.USERNAME_MAX)
    )
    password = fields.String(
        required=True, validate=ma.validate.Length(min=1, max=passwords.MAX_LENGTH)
    )


class TokenSchema(ma.Schema):
    """A bearer token, shown once."""

    token = fields.String(required=True)
    token_type = fields.String(required=True)
    expires_at = fields.AwareDateTime(required=True)
    person_id = fields.UUID(required=True)
    role = fields.String(required=True)


@blp.route("", methods=["POST"])
@blp.doc(security=[])  # signing in is how a client gets its token
@blp.arguments(CredentialsSchema)
@blp.response(201, TokenSchema)
@blp.alt_response(401, description="wrong username or password")
@blp.alt_response(429, description="locked out after failed sign-ins; see Retry-After")
def issue(credentials: dict[str, Any]) -> dict[str, Any]:
    """Sign in with a username and password; returns a bearer token that expires."""
    actor = sign_in(credentials["username"], credentials["password"], via="api")
    if actor is None:
        raise Unauthorized("wrong username or password")
    issued = token_store().issue(actor.account_id, current_app.config["API_TOKEN_LIFETIME"])
    note("token_issued", account_id=actor.account_id, expires_at=issued.expires_at.isoformat())
    return {
        "token": issued.token,
        # Bandit: the token type, not a password.
        "token_type": "Bearer",  # nosec B105
        "expires_at": issued.expires_at,
        "person_id": actor.person_id,
        "role": actor.role,
    }


@blp.route("", methods=["DELETE"])
@blp.response(204)
def revoke() -> None:
    """Revoke the token this request was sent with (sign out)."""
    token = bearer_token()
    assert token is not None and g.actor is not None  # require_token saw a live token
    if token_store().revoke(token):
        note("token_revoked", account_id=g.actor.account_id, reason="signed_out")
