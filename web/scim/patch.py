"""PATCH (RFC 7644 §3.5.2) on a User as JSON: the operations applied in order to the
resource as it is, giving the resource as it is to be. Read as providers send them: Entra's
capitalised ``"Replace"``, a path-less value whose keys are dotted (``"name.givenName"``) or
schema URNs, Okta's ``{"op": "replace", "value": {"active": false}}``. Paths are parsed by
scim2-models; the journal keeps what the resulting resource says (web/scim/user_json.py).

scim2-models is imported on a provider's first call, not as the app starts: with pydantic it
costs each gunicorn worker about 15 MB (measured), and most installations never call.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scim2_models.path.expressions import ValuePath

from web.scim.errors import ScimError
from web.scim.user_json import ENTERPRISE, USER

PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
OPS = ("add", "replace", "remove")


def apply(resource: dict[str, Any], request: Any) -> dict[str, Any]:
    """The resource with the request's operations applied."""
    if not isinstance(request, dict):
        raise ScimError(400, "invalidSyntax", "the body must be a PatchOp message")
    operations = request.get("Operations", request.get("operations"))
    if not isinstance(operations, list) or not operations:
        raise ScimError(400, "invalidSyntax", "Operations must list one or more operations")
    changed = copy.deepcopy(resource)
    for operation in operations:
        if not isinstance(operation, dict):
            raise ScimError(400, "invalidSyntax", "each operation must be a JSON object")
        op = str(operation.get("op", "")).lower()
        if op not in OPS:
            raise ScimError(400, "invalidSyntax", f"op must be one of {', '.join(OPS)}")
        path, value = operation.get("path"), operation.get("value")
        if path:
            at_path(changed, op, str(path), value)
        elif op == "remove":
            raise ScimError(400, "noTarget", "remove needs a path")
        elif isinstance(value, dict):
            for key, item in value.items():
                at_path(changed, op, str(key), item)
        else:
            raise ScimError(400, "invalidValue", "an operation without a path needs an object")
    return changed


def at_path(resource: dict[str, Any], op: str, path: str, value: Any) -> None:
    """One operation at one path."""
    from scim2_models import Path
    from scim2_models.exceptions import SCIMException
    from scim2_models.path.expressions import AttrPath, ValuePath

    if path.lower() == ENTERPRISE.lower() and op == "remove":
        resource.pop(key_in(resource, ENTERPRISE), None)
        return
    if path.lower() in (ENTERPRISE.lower(), USER.lower()):
        if op == "remove" or not isinstance(value, dict):
            raise ScimError(400, "invalidValue", "a schema's attributes come as an object")
        for key, item in value.items():
            at_path(resource, op, f"{path}:{key}", item)
        return
    try:
        node = Path(path).ast
    except (SCIMException, ValueError) as error:
        raise ScimError(400, "invalidPath", f"{path}: {error}") from None
    if isinstance(node, ValuePath):
        in_values(resource, op, node, value)
        return
    if not isinstance(node, AttrPath):
        raise ScimError(400, "invalidPath", f"{path} is not an attribute path")
    target = container(resource, node.uri)
    if node.sub_attr is None:
        set_or_remove(target, node.attr, op, value)
        return
    key = key_in(target, node.attr)
    parent = target.get(key)
    if not isinstance(parent, dict):
        if op == "remove":
            return
        parent = target[key] = {}
    set_or_remove(parent, node.sub_attr, op, value)


def in_values(resource: dict[str, Any], op: str, node: ValuePath, value: Any) -> None:
    """An operation on the values of a multi-valued attribute a filter selects, e.g.
    ``emails[type eq "work"].value``; a replace that selects none adds one."""
    target = container(resource, node.attr_path.uri)
    key = key_in(target, node.attr_path.attr)
    present = target.get(key)
    values: list[Any] = present if isinstance(present, list) else []
    wanted = equalities(node.val_filter)
    chosen = [v for v in values if isinstance(v, dict) and matches(v, wanted)]
    if op == "remove":
        if node.sub_attr is None:
            target[key] = [v for v in values if not any(v is c for c in chosen)]
        else:
            for item in chosen:
                item.pop(key_in(item, node.sub_attr), None)
        return
    if not chosen:
        chosen = [dict(wanted)]
        values.append(chosen[0])
        target[key] = values
    for item in chosen:
        if node.sub_attr is None:
            if not isinstance(value, dict):
                raise ScimError(400, "invalidValue", f"{node.attr_path} takes an object")
            item.update(value)
        else:
            item[key_in(item, node.sub_attr)] = value


def equalities(node: Any) -> dict[str, Any]:
    """The ``attr eq value`` terms of a value filter (the only kind providers send here)."""
    from scim2_models.path.expressions import Comparison, LogicalExpr

    if isinstance(node, Comparison) and node.op.value == "eq" and not node.attr_path.sub_attr:
        return {node.attr_path.attr: node.value}
    if isinstance(node, LogicalExpr) and node.op.value == "and":
        found: dict[str, Any] = {}
        for term in node.terms:
            found |= equalities(term)
        return found
    raise ScimError(400, "invalidFilter", f"{node}: only eq and and are supported in a path")


def matches(item: dict[str, Any], wanted: dict[str, Any]) -> bool:
    """Whether a value has every attribute the filter names (text compared in any case)."""
    for name, expected in wanted.items():
        actual = item.get(key_in(item, name))
        if isinstance(actual, str) and isinstance(expected, str):
            if actual.lower() != expected.lower():
                return False
        elif str(actual).lower() != str(expected).lower():
            return False
    return True


def container(resource: dict[str, Any], uri: str | None) -> dict[str, Any]:
    """The object an attribute of ``uri``'s schema lives in (the extension's own object)."""
    if uri is None or uri.lower() == USER.lower():
        return resource
    if uri.lower() != ENTERPRISE.lower():
        return {}  # another schema's attribute: accepted, not kept
    key = key_in(resource, ENTERPRISE)
    if not isinstance(resource.get(key), dict):
        resource[key] = {}
    found: dict[str, Any] = resource[key]
    return found


def key_in(target: dict[str, Any], name: str) -> str:
    """The key ``target`` has for ``name`` whatever its case, else ``name``."""
    for key in target:
        if key.lower() == name.lower():
            return key
    return name


def set_or_remove(target: dict[str, Any], name: str, op: str, value: Any) -> None:
    """Set an attribute (a complex one merged on add), or remove it."""
    key = key_in(target, name)
    if op == "remove":
        target.pop(key, None)
    elif op == "add" and isinstance(value, dict) and isinstance(target.get(key), dict):
        target[key].update(value)
    elif op == "add" and isinstance(value, list) and isinstance(target.get(key), list):
        target[key] = target[key] + value
    else:
        target[key] = value
