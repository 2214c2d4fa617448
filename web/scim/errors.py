"""SCIM's error bodies (RFC 7644 §3.12): every failure under /scim/v2 answers in them."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from werkzeug.exceptions import HTTPException

from journal.errors import ConflictError, DomainError, JournalError, NotFoundError, UniquenessError

ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
MEDIA_TYPE = "application/scim+json"


class ScimError(Exception):
    """A request the service refuses: its status, SCIM's ``scimType`` and why."""

    def __init__(self, status: int, scim_type: str | None, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.scim_type = scim_type
        self.detail = detail


def body(status: int, detail: str, scim_type: str | None = None) -> Response:
    """An error response in SCIM's shape."""
    payload: dict[str, Any] = {"schemas": [ERROR], "status": str(status), "detail": detail}
    if scim_type:
        payload["scimType"] = scim_type
    response = jsonify(payload)
    response.status_code = status
    response.mimetype = MEDIA_TYPE
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="coaching-journal-scim"'
    return response


def from_scim_error(error: ScimError) -> Response:
    return body(error.status, error.detail, error.scim_type)


def from_journal(error: JournalError) -> Response:
    """A journal's refusal: a missing person 404, a taken key 409 uniqueness, a lost race
    409, any other broken rule 400 naming the attribute."""
    detail = f"{error.field}: {error.message}"
    if isinstance(error, NotFoundError):
        return body(404, detail)
    if isinstance(error, UniquenessError):
        return body(409, detail, "uniqueness")
    if isinstance(error, ConflictError):
        return body(409, detail)
    assert isinstance(error, DomainError)
    return body(400, detail, "invalidValue")


def from_http(error: HTTPException) -> Response:
    """Routing and method errors (404, 405), unreadable bodies (400), in SCIM's shape."""
    code = error.code or 500
    return body(code, error.description or error.name)
