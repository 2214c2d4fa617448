"""The JSON API under /api/v1: flask-smorest blueprints, one module per resource."""

from __future__ import annotations

from typing import Any

import swagger_ui_bundle
from flask import Flask, g, request, send_from_directory
from flask_smorest import Api, Blueprint
from marshmallow import RAISE
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import Unauthorized

from web.auth import api_actor
from web.extensions import csrf
from web.state.idempotency import IdempotencyKeyDocs, init_idempotency

# Paths under /api/v1 that answer without a token.
# A survey tool's post to its hook proves itself by its signature (web/api/feedback_hooks.py).
PUBLIC = ("/api/v1/tokens", "/api/v1/openapi.json", "/api/v1/docs", "/api/v1/feedback-hooks/")


class StrictParser(FlaskParser):
    """Query arguments the API does not know are an error (422), not silently ignored:
    a misspelt filter would otherwise return everything as if it had been applied."""

    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": RAISE}


Blueprint.ARGUMENTS_PARSER = StrictParser()


def require_token() -> None:
    """Every API route but the public ones needs a live bearer token: 401 otherwise."""
    if not request.path.startswith("/api/"):
        return
    if request.path.startswith(PUBLIC) and not (
        request.path == "/api/v1/tokens" and request.method == "DELETE"
    ):
        return
    actor = api_actor()
    if actor is None:
        raise Unauthorized("sign in first: send a bearer token from POST /api/v1/tokens")
    g.actor = actor


def swagger_asset(filename: str) -> Any:
    """Swagger UI's own files, from the swagger-ui-bundle package."""
    return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)


def init_api(app: Flask) -> Api:
    """Register every API blueprint, the token check and the docs' assets."""
    from web.api import (
        account,
        audit,
        calendar_subscriptions,
        calendars,
        feedback,
        feedback_hooks,
        group_sessions,
        interactions,
        leaders,
        loop,
        managers,
        people,
        privacy,
        surveys,
        tasks,
        timeline,
        tokens,
    )

    # flask-smorest registers its own error handler here; web.errors, registered after the
    # API (see create_app), replaces it, so every error has the one envelope.
    api = Api(app, spec_kwargs={"extra_plugins": [IdempotencyKeyDocs()]})
    api.spec.components.security_scheme(
        "bearer", {"type": "http", "scheme": "bearer", "description": "POST /api/v1/tokens"}
    )
    api.spec.options["security"] = [{"bearer": []}]
    for module in (
        tokens,
        account,
        people,
        privacy,
        timeline,
        interactions,
        group_sessions,
        feedback,
        feedback_hooks,
        tasks,
        loop,
        leaders,
        calendars,
        calendar_subscriptions,
        managers,
        surveys,
        audit,
    ):
        csrf.exempt(module.blp)  # bearer tokens, not cookies: no cross-site forgery to stop
        api.register_blueprint(module.blp)
    app.before_request(require_token)
    # After the token check (it needs the caller): replays, or keeps, keyed write answers.
    init_idempotency(app)
    app.add_url_rule("/api/v1/docs/assets/<path:filename>", "swagger_asset", swagger_asset)
    return api
