"""``attributes`` and ``excludedAttributes`` (RFC 7644 §3.4.2.5): a resource cut to what
the request asks for; ``id`` and ``schemas`` always stay."""

from __future__ import annotations

from typing import Any

from web.scim.user_json import ENTERPRISE

ALWAYS = ("id", "schemas")


def selected(
    resource: dict[str, Any], attributes: str | None, excluded: str | None
) -> dict[str, Any]:
    """The resource with only ``attributes`` (comma separated), or without ``excluded``."""
    if attributes:
        names = split(attributes)
        return {k: v for k, v in picked(resource, names).items() if v not in ({}, None)} | {
            k: resource[k] for k in ALWAYS if k in resource
        }
    if excluded:
        names = split(excluded)
        return dropped(resource, names)
    return resource


def split(given: str) -> list[tuple[str | None, str, str | None]]:
    """Each name as (schema, attribute, sub-attribute), lower case; no schema: the core."""
    found = []
    for raw in given.split(","):
        name = raw.strip()
        schema = None
        if name.lower().startswith(ENTERPRISE.lower() + ":"):
            schema, name = ENTERPRISE, name[len(ENTERPRISE) + 1 :]
        elif name.lower().startswith("urn:") and ":" in name:
            schema, _, name = name.rpartition(":")
        attribute, _, sub = name.partition(".")
        found.append((schema, attribute.lower(), sub.lower() or None))
    return found


def picked(
    resource: dict[str, Any], names: list[tuple[str | None, str, str | None]]
) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for schema, attribute, sub in names:
        source = resource.get(ENTERPRISE, {}) if schema == ENTERPRISE else resource
        target = found.setdefault(ENTERPRISE, {}) if schema == ENTERPRISE else found
        for key, value in source.items():
            if key.lower() != attribute:
                continue
            if sub is None:
                target[key] = value
            elif isinstance(value, dict):
                target.setdefault(key, {}).update(
                    {k: v for k, v in value.items() if k.lower() == sub}
                )
            elif isinstance(value, list):
                target[key] = [
                    {k: v for k, v in item.items() if k.lower() == sub}
                    for item in value if isinstance(item, dict)
                ]  # fmt: skip
    return found


def dropped(
    resource: dict[str, Any], names: list[tuple[str | None, str, str | None]]
) -> dict[str, Any]:
    kept = {k: (dict(v) if isinstance(v, dict) else v) for k, v in resource.items()}
    for schema, attribute, sub in names:
        target = kept.get(ENTERPRISE, {}) if schema == ENTERPRISE else kept
        for key in list(target):
            if key.lower() != attribute or key in ALWAYS:
                continue
            if sub is None:
                del target[key]
            elif isinstance(target[key], dict):
                target[key] = {k: v for k, v in target[key].items() if k.lower() != sub}
    return kept
