"""/scim/v2/Users: the directory lists, finds, creates, replaces, patches and deletes people.

A single user is read from the journal's own records (so a provider's read right after its
write sees it, whatever a worker's read models lag); lists come from the directory's read
model. A deactivated person is shut out at once: their sessions, API tokens and calendar
feed end in the same request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from flask import Response, current_app, request

from journal.commands import Journal
from journal.projections.directory import DirectoryRow
from journal.projections.people import PersonRow
from web.auth import journal, sign_out_everywhere
from web.scim import bp, filters
from web.scim.discovery import MAX_RESULTS
from web.scim.errors import ScimError
from web.scim.patch import apply
from web.scim.responses import listed, scim_json
from web.scim.selection import selected
from web.scim.user_json import from_scim, to_scim
from web.state.feeds import FeedStore


@bp.get("/Users")
def users() -> Response:
    """A page of users, optionally filtered; no match is an empty list, not an error."""
    return listing(request.args)


def listing(args: Mapping[str, str]) -> Response:
    """A page of users as ``args`` (a query's, or a search body's) ask for."""
    start = number(args, "startIndex", 1, minimum=1)
    count = min(number(args, "count", 100, minimum=0), MAX_RESULTS)
    wanted = filters.parse(args.get("filter"), journal())
    if wanted.person_ids is not None and not wanted.person_ids:
        return listed([], total=0, start=start)
    rows, total = journal().read.directory.page(
        person_ids=wanted.person_ids, active=wanted.active, offset=start - 1, limit=count
    )
    return listed([shown(to_scim(row), args) for row in rows], total=total, start=start)


@bp.get("/Users/<user_id>")
def user(user_id: str) -> Response:
    """One user, deactivated or not; a deleted one is gone (404)."""
    return scim_json(shown(to_scim(current(person_of(user_id))), request.args))


@bp.post("/Users")
def create_user() -> Response:
    """A new user (201), or the person the directory deleted before, back (201 too)."""
    entry = from_scim(request.get_json(force=True, silent=True))
    person_id, _ = journal().provision(entry)
    if not entry.active:
        shut_out(person_id)
    resource = to_scim(current(person_id))
    return scim_json(resource, 201, location=resource["meta"]["location"])


@bp.put("/Users/<user_id>")
def replace_user(user_id: str) -> Response:
    """The user as the directory now has them; the same PUT twice records nothing."""
    person_id = person_of(user_id)
    body = request.get_json(force=True, silent=True)
    if isinstance(body, dict) and not any(str(key).lower() == "active" for key in body):
        # A PUT that leaves ``active`` out keeps it: it is no order to reactivate anyone.
        body = {**body, "active": journal().person(person_id, "id").is_active}
    write(person_id, body)
    return scim_json(to_scim(current(person_id)))


@bp.patch("/Users/<user_id>")
def patch_user(user_id: str) -> Response:
    """Operations on the user as they are now (web/scim/patch.py)."""
    person_id = person_of(user_id)
    resource = apply(to_scim(current(person_id)), request.get_json(force=True, silent=True))
    write(person_id, resource)
    return scim_json(to_scim(current(person_id)))


@bp.delete("/Users/<user_id>")
def delete_user(user_id: str) -> Response:
    """The person is deactivated and no longer listed; never erased."""
    person_id = person_of(user_id)
    journal().unlist(person_id)
    shut_out(person_id)
    return Response(status=204)


def write(person_id: UUID, body: Any) -> None:
    """Keep what the resource says; shut the person out if it deactivates them."""
    entry = from_scim(body)
    was_active = journal().person(person_id, "id").is_active
    journal().replace_in_directory(person_id, entry)
    if was_active and not entry.active:
        shut_out(person_id)


def shut_out(person_id: UUID) -> None:
    """End the person's sessions, API tokens and calendar feed now."""
    account = journal().read.accounts.for_person(person_id)
    if account is not None:
        sign_out_everywhere(account.account_id, reason="deactivated")
    feeds: FeedStore = current_app.extensions["feeds"]
    feeds.stop(person_id)


def person_of(user_id: str) -> UUID:
    """The person a listed user's id names, else 404."""
    try:
        person_id = UUID(user_id)
    except ValueError:
        raise ScimError(404, None, f"no user {user_id}") from None
    record = journal().directory_record(person_id)
    if record is None or not record.listed:
        raise ScimError(404, None, f"no user {user_id}")
    return person_id


def current(person_id: UUID) -> DirectoryRow:
    """The user as the journal's records have them now (not a read model)."""
    app: Journal = journal()
    person = app.person(person_id, "id")
    record = app.directory_record(person_id)
    if record is None:
        raise ScimError(404, None, f"no user {person_id}")
    return DirectoryRow(
        person=PersonRow(
            person.id, person.role, person.name, person.email, person.leader_id,
            person.is_active, list(person.passions), None, None,
        ),
        listed=record.listed,
        attributes=record.attributes,
        manager_id=record.manager_id,
        version=record.version,
        created_at=record.created_on,
        updated_at=record.modified_on,
    )  # fmt: skip


def shown(resource: dict[str, Any], args: Mapping[str, str]) -> dict[str, Any]:
    """The resource with only the attributes asked for (``attributes``,
    ``excludedAttributes``)."""
    return selected(resource, args.get("attributes"), args.get("excludedAttributes"))


def number(args: Mapping[str, str], name: str, default: int, *, minimum: int) -> int:
    """A whole-number argument (startIndex, count), at least ``minimum``."""
    given = args.get(name)
    if given is None:
        return default
    try:
        return max(int(given), minimum)
    except ValueError:
        raise ScimError(400, "invalidValue", f"{name} must be a whole number") from None


@bp.post("/Users/.search")
@bp.post("/.search")
def search() -> Response:
    """A search sent as a body (RFC 7644 §3.4.3): the same as a filtered GET."""
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise ScimError(400, "invalidSyntax", "the body must be a SearchRequest")
    names = {
        "filter": "filter", "startindex": "startIndex", "count": "count",
        "attributes": "attributes", "excludedattributes": "excludedAttributes",
    }  # fmt: skip
    query = {}
    for key, value in body.items():
        name = names.get(str(key).lower())
        if name is not None and value is not None:
            query[name] = ",".join(value) if isinstance(value, list) else str(value)
    return listing(query)
