"""The filters providers send to find a user before they write (RFC 7644 §3.4.2.2): ``eq``
over userName, externalId, id, a work e-mail address and active, joined by ``and``.
scim2-models parses the filter; this says which people it names.

scim2-models is imported on a provider's first call, not as the app starts: with pydantic it
costs each gunicorn worker about 15 MB (measured), and most installations never call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from journal.commands import Journal
from web.scim.errors import ScimError
from web.scim.user_json import ENTERPRISE, truth

SUPPORTED = "eq over userName, externalId, id, emails.value and active, joined by and"


@dataclass(frozen=True)
class Wanted:
    """Whom a filter names: only these people (None: anyone), only the (in)active."""

    person_ids: set[UUID] | None = None
    active: bool | None = None


def parse(expression: str | None, journal: Journal) -> Wanted:
    """The people a filter names; 400 invalidFilter for one the service does not support."""
    from scim2_models import ScimFilter
    from scim2_models.exceptions import SCIMException

    if not expression:
        return Wanted()
    try:
        tree = ScimFilter(expression).ast
    except (SCIMException, ValueError) as error:
        raise ScimError(400, "invalidFilter", f"{expression}: {error}") from None
    wanted = Wanted()
    for term in terms(tree):
        wanted = narrowed(wanted, term, journal)
    return wanted


def terms(node: Any) -> list[tuple[str, Any]]:
    """The filter as (attribute, value) pairs that must all hold."""
    from scim2_models.path.expressions import Comparison, LogicalExpr, ValuePath

    if isinstance(node, LogicalExpr) and node.op.value == "and":
        return [pair for term in node.terms for pair in terms(term)]
    if isinstance(node, ValuePath) and node.attr_path.attr.lower() == "emails":
        inner = terms(node.val_filter)
        values = [value for name, value in inner if name in ("value", "emails.value")]
        others = [(name, value) for name, value in inner if name not in ("value", "emails.value")]
        if any(name != "type" for name, _ in others) or len(values) != 1:
            raise ScimError(400, "invalidFilter", f"{node}: supported are {SUPPORTED}")
        return [("emails.value", values[0])]
    if isinstance(node, Comparison) and node.op.value == "eq":
        path = node.attr_path
        if path.uri and path.uri.lower() == ENTERPRISE.lower():
            name = path.attr.lower()
        else:
            name = f"{path.attr}.{path.sub_attr}" if path.sub_attr else path.attr
        return [(name.lower() if name.lower() != "value" else "value", node.value)]
    raise ScimError(400, "invalidFilter", f"{node}: supported are {SUPPORTED}")


def narrowed(wanted: Wanted, term: tuple[str, Any], journal: Journal) -> Wanted:
    """``wanted`` with one more condition."""
    name, value = term
    if name == "active":
        try:
            return Wanted(wanted.person_ids, truth(value))
        except ScimError:
            raise ScimError(400, "invalidFilter", "active eq takes true or false") from None
    if not isinstance(value, str):
        raise ScimError(400, "invalidFilter", f"{name} eq takes a text value")
    found = holder(name, value, journal)
    ids = {found} if found is not None else set()
    return Wanted(ids if wanted.person_ids is None else wanted.person_ids & ids, wanted.active)


def holder(name: str, value: str, journal: Journal) -> UUID | None:
    """The person an attribute's value names, from the journal's own records."""
    if name == "username":
        return journal.key_holder("user_name", value)
    if name == "externalid":
        return journal.key_holder("external_id", value)
    if name == "employeenumber":
        return journal.key_holder("employee_number", value)
    if name in ("emails.value", "emails"):
        return journal.address_holder(value)
    if name == "id":
        try:
            return UUID(value)
        except ValueError:
            return None
    raise ScimError(400, "invalidFilter", f"{name}: supported are {SUPPORTED}")
