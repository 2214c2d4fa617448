"""The caller's own account: change its password."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import g
from flask_smorest import Blueprint
from marshmallow import fields

from journal.security import passwords
from web.auth import bearer_token, journal, sign_out_everywhere

blp = Blueprint("account", __name__, url_prefix="/api/v1/account", description="Your own account")


class PasswordChangeSchema(ma.Schema):
    """The current password and the new one."""

    current_password = fields.String(
        required=True, validate=ma.validate.Length(min=1, max=passwords.MAX_LENGTH)
    )
    new_password = fields.String(
        required=True, validate=ma.validate.Length(min=1, max=passwords.MAX_LENGTH)
    )


@blp.route("/password", methods=["POST"])
@blp.arguments(PasswordChangeSchema)
@blp.response(204)
@blp.alt_response(422, description="the current password is wrong, or the new one too weak")
def change_password(body: dict[str, Any]) -> None:
    """Change your password; your page sessions and every other API token end, the token
    this request was sent with keeps working."""
    actor = g.actor
    journal().change_own_password(actor.account_id, body["current_password"], body["new_password"])
    sign_out_everywhere(actor.account_id, but_token=bearer_token(), reason="password_changed")
