"""The schemas of what the service keeps: scim2-models' User and enterprise User, cut to
the attributes the journal stores (a provider reads these to know what to send).

scim2-models is imported on a provider's first call, not as the app starts: with pydantic it
costs each gunicorn worker about 15 MB (measured), and most installations never call.
"""

from __future__ import annotations

from functools import cache
from typing import Any

#: Kept attributes, with the sub-attributes kept of a complex one.
KEPT_CORE: dict[str, tuple[str, ...]] = {
    "userName": (),
    "name": ("givenName", "familyName"),
    "displayName": (),
    "title": (),
    "preferredLanguage": (),
    "active": (),
    "emails": ("value", "type", "primary"),  # one address is kept (the primary, or work)
    "roles": ("value",),
}
KEPT_ENTERPRISE: dict[str, tuple[str, ...]] = {
    "employeeNumber": (),
    "department": (),
    "manager": ("value", "$ref"),
}


@cache
def kept_schemas() -> list[dict[str, Any]]:
    """The core User schema and the enterprise extension, each with what is kept."""
    from scim2_models import EnterpriseUser, User

    return [cut(User, KEPT_CORE), cut(EnterpriseUser, KEPT_ENTERPRISE)]


def cut(model: Any, kept: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """A model's schema with only the ``kept`` attributes and sub-attributes."""
    schema: dict[str, Any] = model.to_schema().model_dump()
    attributes = []
    for attribute in schema["attributes"]:
        if attribute["name"] not in kept:
            continue
        subs = kept[attribute["name"]]
        if subs:
            attribute["subAttributes"] = [
                sub for sub in attribute.get("subAttributes", []) if sub["name"] in subs
            ]
        attributes.append(attribute)
    for attribute in attributes:
        if attribute["name"] == "emails":
            # The journal knows people by their work address: a user needs one (or a
            # userName that is an address, as Entra's UPN is).
            attribute["required"] = True
            for sub in attribute["subAttributes"]:
                sub["required"] = sub["name"] == "value"
        if attribute["name"] == "active":
            # Always answered (a person is active or not); a request without it keeps it.
            attribute["required"] = True
    schema["attributes"] = attributes
    schema["meta"] = {"resourceType": "Schema", "location": f"/scim/v2/Schemas/{schema['id']}"}
    return schema
