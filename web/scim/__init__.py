"""SCIM 2.0 provisioning at /scim/v2 (RFC 7643, RFC 7644): the company directory (Entra ID,
Okta, Google) creates, changes and deactivates people here with the token from ``journal
scim token``, which opens this service and nothing else. docs/provisioning.md says how to
set a provider up."""

from __future__ import annotations

from flask import Blueprint, Flask, request
from werkzeug.exceptions import HTTPException

from journal.errors import ConflictError, DomainError
from web.auth import bearer_token, journal
from web.extensions import csrf
from web.scim import errors
from web.scim.errors import ScimError

bp = Blueprint("scim", __name__, url_prefix="/scim/v2")
bp.register_error_handler(ScimError, errors.from_scim_error)
bp.register_error_handler(DomainError, errors.from_journal)
bp.register_error_handler(ConflictError, errors.from_journal)
bp.register_error_handler(HTTPException, errors.from_http)


@bp.before_request
def require_provisioning_token() -> None:
    """Only the directory's current token opens the service (the API's tokens do not)."""
    token = bearer_token()
    if token is None or not journal().is_provisioning_token(token):
        raise ScimError(401, None, "send the SCIM token from `journal scim token` as a bearer")


def is_scim_request() -> bool:
    """Whether the request is for the SCIM service (its errors are SCIM's)."""
    return request.path.startswith(bp.url_prefix or "/scim/v2")


def init_scim(app: Flask) -> None:
    """Register the service, its routes and its error bodies."""
    from web.scim import discovery, users  # noqa: F401  (their routes join ``bp``)

    csrf.exempt(bp)  # a bearer token, not cookies: nothing to forge across sites
    app.register_blueprint(bp)
