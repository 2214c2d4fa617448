"""What the service supports, for a provider to discover (RFC 7644 §4): its configuration,
its one resource type (User) and the schemas of what it keeps (web/scim/schemas.py)."""

from __future__ import annotations

from typing import Any

from flask import Response, request, url_for

from web.scim import bp
from web.scim.errors import ScimError
from web.scim.responses import listed, scim_json
from web.scim.schemas import kept_schemas
from web.scim.user_json import ENTERPRISE, USER

#: The largest page a list returns.
MAX_RESULTS = 200
CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"


@bp.get("/ServiceProviderConfig")
def service_provider_config() -> Response:
    """What the service supports: PATCH and filters; no bulk, sorting, ETags or passwords."""
    return scim_json(
        {
            "schemas": [CONFIG],
            "patch": {"supported": True},
            "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": True, "maxResults": MAX_RESULTS},
            "changePassword": {"supported": False},
            "sort": {"supported": False},
            "etag": {"supported": False},
            "authenticationSchemes": [
                {
                    "type": "oauthbearertoken",
                    "name": "Bearer token",
                    "description": "The token `journal scim token` prints, sent as a bearer",
                    "primary": True,
                }
            ],
            "meta": {
                "resourceType": "ServiceProviderConfig",
                "location": url_for("scim.service_provider_config", _external=True),
            },
        }
    )


def user_type() -> dict[str, Any]:
    """The User resource type, with the enterprise extension."""
    return {
        "schemas": [RESOURCE_TYPE],
        "id": "User",
        "name": "User",
        "endpoint": "/Users",
        "description": "A person of the organisation",
        "schema": USER,
        "schemaExtensions": [{"schema": ENTERPRISE, "required": False}],
        "meta": {
            "resourceType": "ResourceType",
            "location": url_for("scim.resource_type", name="User", _external=True),
        },
    }


@bp.get("/ResourceTypes")
def resource_types() -> Response:
    """The resource types: User only (roles come with the user; there are no Groups)."""
    return listed([user_type()], total=1, start=1)


@bp.get("/ResourceTypes/<name>")
def resource_type(name: str) -> Response:
    if name != "User":
        raise ScimError(404, None, f"no resource type {name}")
    return scim_json(user_type())


@bp.get("/Schemas")
def schemas() -> Response:
    found = kept_schemas()
    return listed(found, total=len(found), start=1)


@bp.get("/Schemas/<path:schema_id>")
def schema(schema_id: str) -> Response:
    for found in kept_schemas():
        if found["id"] == schema_id:
            return scim_json(found)
    raise ScimError(404, None, f"no schema {schema_id}")


@bp.route("/<path:anything>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def elsewhere(anything: str) -> Response:
    """Anything else under /scim/v2 (Groups, Bulk, /Me): not here, said in SCIM's words;
    a resource here asked with a method it does not take: 405."""
    if anything.split("/")[0] in ("ServiceProviderConfig", "ResourceTypes", "Schemas", "Users"):
        raise ScimError(405, None, f"{request.method} is not allowed on /scim/v2/{anything}")
    raise ScimError(404, None, f"/scim/v2/{anything} is not a resource of this service")
