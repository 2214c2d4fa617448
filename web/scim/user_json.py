"""A person as SCIM's User resource (RFC 7643 §4.1, with the enterprise extension), and
back: what a provider sends, read the way Entra ID and Okta actually send it."""

from __future__ import annotations

from typing import Any

from flask import url_for

from journal.commands.directory import DirectoryEntry
from journal.projections.directory import DirectoryRow
from web.scim.errors import ScimError

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

#: SCIM's names for what a record keeps (the core schema's; the extension's below).
CORE = {
    "userName": "user_name",
    "externalId": "external_id",
    "displayName": "display_name",
    "title": "title",
    "preferredLanguage": "preferred_language",
}
EXTENSION = {"employeeNumber": "employee_number", "department": "department"}
NAME = {"givenName": "given_name", "familyName": "family_name"}


def to_scim(row: DirectoryRow) -> dict[str, Any]:
    """The User resource of a provisioned person."""
    kept = row.attributes
    person = row.person
    user: dict[str, Any] = {"schemas": [USER, ENTERPRISE], "id": str(person.person_id)}
    for scim_name, ours in CORE.items():
        if kept.get(ours) is not None:
            user[scim_name] = kept[ours]
    name = {s: kept[o] for s, o in NAME.items() if kept.get(o) is not None}
    if name:
        user["name"] = name
    primary = kept.get("email_primary")
    user["emails"] = [
        {
            "value": person.email,
            "type": kept.get("email_type") or "work",
            "primary": True if primary is None else primary,
        }
    ]
    user["active"] = person.is_active
    if kept.get("roles"):
        user["roles"] = [{"value": role} for role in kept["roles"]]
    extension = {s: kept[o] for s, o in EXTENSION.items() if kept.get(o) is not None}
    if kept.get("manager_ref"):
        manager: dict[str, Any] = {"value": kept["manager_ref"]}
        if row.manager_id is not None:
            manager["$ref"] = url_for("scim.user", user_id=row.manager_id, _external=True)
        extension["manager"] = manager
    if extension:
        user[ENTERPRISE] = extension
    user["meta"] = {
        "resourceType": "User",
        "created": row.created_at.isoformat(),
        "lastModified": row.updated_at.isoformat(),
        "location": url_for("scim.user", user_id=person.person_id, _external=True),
        "version": f'W/"{row.version}"',
    }
    return user


def from_scim(body: Any) -> DirectoryEntry:
    """The entry a User resource describes. Attribute names are read whatever their case,
    ``active`` may be the text "False" (Entra), the manager a plain string or
    ``{"value": …}``; whatever else a provider sends is accepted and not kept."""
    if not isinstance(body, dict):
        raise ScimError(400, "invalidSyntax", "the body must be a JSON object (a User)")
    user = folded(body)
    extension = folded(user.get(ENTERPRISE.lower()) or {})
    attributes: dict[str, Any] = {
        ours: text(user.get(scim_name.lower()), scim_name) for scim_name, ours in CORE.items()
    }
    name = folded(user.get("name") or {})
    attributes |= {ours: text(name.get(s.lower()), f"name.{s}") for s, ours in NAME.items()}
    attributes |= {ours: text(extension.get(s.lower()), s) for s, ours in EXTENSION.items()}
    attributes["manager_ref"] = manager_reference(extension.get("manager"))
    attributes["roles"] = role_values(user.get("roles"))
    if not attributes["user_name"]:
        raise ScimError(400, "invalidValue", "userName is required")
    email, attributes["email_type"], attributes["email_primary"] = work_email(
        user.get("emails"), attributes["user_name"]
    )
    return DirectoryEntry(
        email=email,
        active=truth(user.get("active", True)),
        attributes=attributes,
    )


def folded(value: Any) -> dict[str, Any]:
    """A JSON object with its keys in lower case (SCIM's names are case-insensitive)."""
    if not isinstance(value, dict):
        raise ScimError(400, "invalidValue", "a complex attribute must be a JSON object")
    return {str(key).lower(): item for key, item in value.items()}


def text(value: Any, name: str) -> str | None:
    """A text attribute, None when absent or empty."""
    if value is None:
        return None
    if isinstance(value, bool | dict | list):
        raise ScimError(400, "invalidValue", f"{name} must be text")
    return str(value).strip() or None


def truth(value: Any) -> bool:
    """``active``: a JSON boolean, or "True"/"False" in any case, as Entra sends it."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ScimError(400, "invalidValue", "active must be true or false")


def manager_reference(value: Any) -> str | None:
    """The manager line: ``{"value": id}``, or the id alone as Entra also sends it."""
    if isinstance(value, dict):
        value = folded(value).get("value")
    return text(value, "manager")


def role_values(value: Any) -> list[str]:
    """The roles sent (``[{"value": "Leader"}]`` or plain texts), in lower case."""
    if value is None:
        return []
    if not isinstance(value, list):
        value = [value]
    found = []
    for role in value:
        if isinstance(role, dict):
            role = folded(role).get("value")
        if isinstance(role, str) and role.strip():
            found.append(role.strip().lower())
    return found


def work_email(value: Any, user_name: str) -> tuple[str, str | None, bool | None]:
    """The address the journal keeps, with its type and whether it is primary: the primary
    one, else the work one, else the first; without any, a user name that is an address
    (Entra's UPN)."""
    emails = value if isinstance(value, list) else [value] if value else []
    candidates = [folded(e) for e in emails if isinstance(e, dict) and e.get("value")]
    candidates.sort(key=lambda e: (e.get("primary") not in (True, "true", "True"),
                                   str(e.get("type", "")).lower() != "work"))  # fmt: skip
    if candidates:
        chosen = candidates[0]
        primary = chosen.get("primary")
        return (
            str(chosen["value"]).strip(),
            text(chosen.get("type"), "emails.type"),
            None if primary is None else truth(primary),
        )
    if "@" in user_name:
        return user_name, None, None
    raise ScimError(400, "invalidValue", "emails: a work e-mail address is required")
