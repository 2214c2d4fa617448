"""Errors to HTTP, in one place: a JSON envelope for the API, a page for everyone else.

The envelope is ``{code, message, errors: {field: [messages]}}`` for every API error.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import OperationalError as StoreOperationalError
from flask import Flask, Response, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError as SQLAlchemyOperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from journal.errors import ConflictError, DomainError, JournalError
from web.messages import in_words

#: Seconds a client is asked to wait when the store is busy.
BUSY_RETRY_AFTER = 2
#: Seconds to wait before writing again into a full store: someone has to make room.
FULL_RETRY_AFTER = 60

MESSAGES = {
    400: "The request could not be read.",
    401: "Sign in first: send a bearer token from POST /api/v1/tokens.",
    403: "You may not do this.",
    404: "Not found.",
    405: "This method is not allowed here.",
    409: "Someone else changed this record at the same time; load it again and retry.",
    422: "Some fields are not valid.",
    429: "Too many attempts; wait a minute and try again.",
    503: "The journal is busy; try again in a moment.",
}


def is_api_request() -> bool:
    """Whether the request is for the JSON API."""
    return request.path.startswith("/api/")


def flatten(errors: Any) -> dict[str, list[str]]:
    """webargs nests errors by location (``json``, ``query``); callers want field names."""
    if not isinstance(errors, dict):
        return {}
    flat: dict[str, list[str]] = {}
    for key, value in errors.items():
        if key in ("json", "query", "form", "headers", "path") and isinstance(value, dict):
            for field, messages in flatten_field(value).items():
                flat.setdefault(field, []).extend(messages)
        else:
            flat.setdefault(str(key), []).extend(as_messages(value))
    return flat


def flatten_field(errors: dict[str, Any], prefix: str = "") -> dict[str, list[str]]:
    """Nested schema errors as dotted field names: ``split.people``."""
    flat: dict[str, list[str]] = {}
    for key, value in errors.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten_field(value, f"{name}."))
        else:
            flat[name] = as_messages(value)
    return flat


def as_messages(value: Any) -> list[str]:
    """One message or several, always as a list of text."""
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def envelope(code: int, message: str, errors: dict[str, list[str]] | None = None) -> Response:
    """The API's one error shape."""
    response = jsonify({"code": code, "message": message, "errors": errors or {}})
    response.status_code = code
    return response


def handle_http(error: HTTPException) -> Any:
    """404s, 403s, 401s, validation errors from webargs: JSON for the API, a page otherwise."""
    code = error.code or 500
    data = getattr(error, "data", None) or {}
    if is_api_request():
        errors = flatten(data.get("errors") or data.get("messages") or {})
        message = data.get("message") or (
            error.description
            if error.description and error.description != type(error).description
            else MESSAGES.get(code, error.name)
        )
        response = envelope(code, message, errors)
        if code == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="coaching-journal"'
        # The error's own headers: Allow on a 405, Retry-After on a lockout's 429.
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        for name, value in (data.get("headers") or {}).items():
            response.headers[name] = value
        return response
    return render_template("error.html", code=code, title=error.name), code


def handle_domain(error: JournalError) -> Any:
    """A broken business rule: 422 naming the field; a lost race: 409."""
    code = 409 if isinstance(error, ConflictError) else 422
    if is_api_request():
        return envelope(code, error.message, {error.field: [error.message]})
    return render_template("error.html", code=code, title=in_words(error)), code


def handle_busy(error: Exception) -> Any:
    """The store stayed locked or out of reach past its wait and retries: 503, try again.

    SQLite's "database is locked" after the busy timeout, PostgreSQL's connection lost
    after the recorder's ten retries. Nothing was written (a write either commits or
    not), so the client may retry, with the same Idempotency-Key to be safe.
    """
    from flask import current_app

    if store_is_full(error):
        current_app.logger.error("store full on %s %s: %s", request.method, request.path, error)
        message = _(
            "The journal's storage is full, so nothing was saved. Reading still works; "
            "tell your administrator, and try again once there is room."
        )
        retry_after = FULL_RETRY_AFTER
    else:
        current_app.logger.warning("store busy on %s %s: %s", request.method, request.path, error)
        message = _("The journal is busy; try again in a moment.")
        retry_after = BUSY_RETRY_AFTER
    if is_api_request():
        response = envelope(503, str(message))
    else:
        response = make_response(render_template("error.html", code=503, title=message), 503)
    response.headers["Retry-After"] = str(retry_after)
    return response


def store_is_full(error: BaseException | None) -> bool:
    """Whether the store refused a write for want of space: SQLite's "database or disk is
    full" (SQLITE_FULL), PostgreSQL's disk_full (53100) or out-of-space errors, found on
    the error or anything it was raised from."""
    for _depth in range(10):  # a chain of causes is short; never follow a loop
        if error is None:
            return False
        text = str(error).lower()
        state = getattr(error, "sqlstate", None)
        if state == "53100" or "disk is full" in text or "no space left" in text:
            return True
        error = error.__cause__ or getattr(error, "orig", None) or error.__context__
    return False


def handle_unexpected(error: Exception) -> Any:
    """A bug: log it and answer 500 without details."""
    if isinstance(error, HTTPException):
        return handle_http(error)
    from flask import current_app

    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    if is_api_request():
        return envelope(500, "Something went wrong on our side; it has been logged.")
    return render_template("error.html", code=500, title=_("Something went wrong")), 500


def init_errors(app: Flask) -> None:
    """Register the handlers, the same in production and in tests."""
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(DomainError, handle_domain)
    app.register_error_handler(ConflictError, handle_domain)
    app.register_error_handler(StoreOperationalError, handle_busy)
    app.register_error_handler(SQLAlchemyOperationalError, handle_busy)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
