"""Responses in SCIM's media type, and its ListResponse (RFC 7644 §3.4.2)."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from web.scim.errors import MEDIA_TYPE

LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"


def scim_json(payload: Any, status: int = 200, location: str | None = None) -> Response:
    """A JSON body as application/scim+json."""
    response = jsonify(payload)
    response.status_code = status
    response.mimetype = MEDIA_TYPE
    if location:
        response.headers["Location"] = location
    return response


def listed(resources: list[dict[str, Any]], *, total: int, start: int) -> Response:
    """One page of resources, with how many there are in all."""
    return scim_json(
        {
            "schemas": [LIST_RESPONSE],
            "totalResults": total,
            "startIndex": start,
            "itemsPerPage": len(resources),
            "Resources": resources,
        }
    )
