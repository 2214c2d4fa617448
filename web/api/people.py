"""People and accounts: the directory, an employee's talent and passions, signing-in accounts.

Admins register, move and deactivate people and manage accounts; an employee's own leader
assesses their talent and records their passions; everyone sees the people in their view.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import marshmallow as ma
from flask_smorest import Blueprint
from marshmallow import fields, validate

from journal.domain import limits
from journal.domain.people import PASSIONS, ROLES
from journal.errors import DomainError, NotFoundError
from journal.projections.accounts import AccountRow
from journal.projections.people import PersonRow
from journal.security import passwords
from web.api.schemas import PageArgs, ReasonSchema, offset, page_of, paged
from web.auth import current_actor, journal, sign_out_everywhere
from web.link_mail import invite
from web.permissions import check_admin, check_coaches, may_see_person, not_found, visible_person

blp = Blueprint("people", __name__, url_prefix="/api/v1", description="People, teams and accounts.")


class PersonSchema(ma.Schema):
    """A person as the directory knows them, with their latest talent score."""

    id = fields.UUID(attribute="person_id", required=True)
    role = fields.String(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    leader_id = fields.UUID(allow_none=True, metadata={"description": "an employee's leader"})
    is_active = fields.Boolean(required=True)
    passions = fields.List(fields.String(), required=True)
    talent_score = fields.Integer(allow_none=True)
    talent_assessed_on = fields.Date(allow_none=True)
    is_erased = fields.Boolean(
        dump_only=True, metadata={"description": "personal data erased: texts read [erased]"}
    )


class PeopleArgs(PageArgs):
    """``?role=&leader_id=&active=`` narrow the list of people."""

    role = fields.String(validate=validate.OneOf(ROLES))
    leader_id = fields.UUID()
    active = fields.Boolean(metadata={"description": "true: active people only; false: others"})


class NewPersonSchema(ma.Schema):
    """A person to register; an employee names their leader."""

    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    name = fields.String(required=True, validate=validate.Length(min=1, max=limits.NAME))
    email = fields.String(required=True, validate=validate.Length(min=3, max=limits.EMAIL))
    leader_id = fields.UUID(load_default=None, allow_none=True)


class MoveSchema(ma.Schema):
    """The leader whose team an employee joins."""

    leader_id = fields.UUID(required=True)


class TalentSchema(ma.Schema):
    """A talent assessment: 1 (low) to 5 (high), on a day."""

    score = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=limits.TALENT_SCORE_MIN, max=limits.TALENT_SCORE_MAX),
    )
    note = fields.String(load_default="", validate=validate.Length(max=limits.TALENT_NOTE))
    assessed_on = fields.Date(required=True)


class PassionsSchema(ma.Schema):
    """What an employee is passionate about: one or more of the four passions."""

    passions = fields.List(
        fields.String(validate=validate.OneOf(PASSIONS)),
        required=True,
        validate=validate.Length(min=1, max=len(PASSIONS)),
    )


class AccountSchema(ma.Schema):
    """An account: who signs in with which username. Never the password or its hash."""

    id = fields.UUID(attribute="account_id", required=True)
    username = fields.String(required=True)
    person_id = fields.UUID(required=True)
    name = fields.String(required=True)
    role = fields.String(required=True)
    is_active = fields.Boolean(required=True)


class NewAccountSchema(ma.Schema):
    """The account to open for a person."""

    person_id = fields.UUID(required=True)
    username = fields.String(
        required=True, validate=validate.Length(min=limits.USERNAME_MIN, max=limits.USERNAME_MAX)
    )
    password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(min=passwords.MIN_LENGTH, max=passwords.MAX_LENGTH),
    )


def person_now(person_id: UUID) -> PersonRow:
    """The person as the directory now shows them, after a command."""
    person = journal().read.people.get(person_id)
    assert person is not None  # the command just wrote them
    return person


@blp.route("/people", methods=["GET"])
@blp.arguments(PeopleArgs, location="query")
@blp.response(200, paged(PersonSchema))
def list_people(args: dict[str, Any]) -> dict[str, Any]:
    """List the people in your view: everyone for admins and auditors, a leader's team."""
    actor = current_actor()
    people = [
        person
        for person in journal().read.people.list(
            role=args.get("role"), leader_id=args.get("leader_id")
        )
        if may_see_person(actor, person) and args.get("active") in (None, person.is_active)
    ]
    first = offset(args)
    return page_of(people[first : first + args["limit"]], len(people), args)


@blp.route("/people", methods=["POST"])
@blp.arguments(NewPersonSchema)
@blp.response(201, PersonSchema)
@blp.alt_response(403, description="only an admin registers people")
def register_person(new: dict[str, Any]) -> PersonRow:
    """Register a person (admin)."""
    actor = current_actor()
    check_admin(actor)
    return person_now(journal().register_person(**new, recorded_by=actor.person_id))


@blp.route("/people/<uuid:person_id>", methods=["GET"])
@blp.response(200, PersonSchema)
@blp.alt_response(404, description="no such person in your view")
def get_person(person_id: UUID) -> PersonRow:
    """Show one person in your view."""
    return visible_person(current_actor(), person_id)


@blp.route("/people/<uuid:person_id>/moves", methods=["POST"])
@blp.arguments(MoveSchema)
@blp.response(200, PersonSchema)
@blp.alt_response(403, description="only an admin moves employees")
@blp.alt_response(404, description="no such person in your view")
def move_employee(move: dict[str, Any], person_id: UUID) -> PersonRow:
    """Hand an employee over to another leader's team (admin)."""
    actor = current_actor()
    visible_person(actor, person_id)
    check_admin(actor)
    journal().move_employee(person_id, move["leader_id"], recorded_by=actor.person_id)
    return person_now(person_id)


@blp.route("/people/<uuid:person_id>/deactivation", methods=["POST"])
@blp.arguments(ReasonSchema)
@blp.response(200, PersonSchema)
@blp.alt_response(403, description="only an admin deactivates people")
@blp.alt_response(404, description="no such person in your view")
def deactivate_person(body: dict[str, Any], person_id: UUID) -> PersonRow:
    """Deactivate a person, saying why (admin); their history stays."""
    actor = current_actor()
    visible_person(actor, person_id)
    check_admin(actor)
    if person_id == actor.person_id:
        raise DomainError("person_id", "you cannot deactivate yourself; ask another admin")
    journal().deactivate_person(person_id, body["reason"], recorded_by=actor.person_id)
    return person_now(person_id)


@blp.route("/people/<uuid:person_id>/talent", methods=["POST"])
@blp.arguments(TalentSchema)
@blp.response(201, PersonSchema)
@blp.alt_response(403, description="only the employee's own leader assesses talent")
@blp.alt_response(404, description="no such person in your view")
def assess_talent(talent: dict[str, Any], person_id: UUID) -> PersonRow:
    """Record a talent assessment of an employee in your team; the person shows the latest."""
    actor = current_actor()
    check_coaches(actor, visible_person(actor, person_id))
    journal().assess_talent(person_id, **talent, recorded_by=actor.person_id)
    return person_now(person_id)


@blp.route("/people/<uuid:person_id>/passions", methods=["PUT"])
@blp.arguments(PassionsSchema)
@blp.response(200, PersonSchema)
@blp.alt_response(403, description="only the employee's own leader records passions")
@blp.alt_response(404, description="no such person in your view")
def set_passions(body: dict[str, Any], person_id: UUID) -> PersonRow:
    """Record what an employee in your team is passionate about."""
    actor = current_actor()
    check_coaches(actor, visible_person(actor, person_id))
    journal().set_passions(person_id, body["passions"], recorded_by=actor.person_id)
    return person_now(person_id)


@blp.route("/accounts", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, paged(AccountSchema))
@blp.alt_response(403, description="only an admin manages accounts")
def list_accounts(args: dict[str, Any]) -> dict[str, Any]:
    """List every account by username (admin)."""
    check_admin(current_actor())
    accounts, total = journal().read.accounts.list(offset=offset(args), limit=args["limit"])
    return page_of(accounts, total, args)


@blp.route("/accounts", methods=["POST"])
@blp.arguments(NewAccountSchema)
@blp.response(201, AccountSchema)
@blp.alt_response(403, description="only an admin opens accounts")
def open_account(new: dict[str, Any]) -> AccountRow | None:
    """Open the account a person signs in with (admin)."""
    actor = current_actor()
    check_admin(actor)
    person_id = new.pop("person_id")
    account_id = journal().open_account(person_id, **new, recorded_by=actor.person_id)
    return journal().read.accounts.get(account_id)


@blp.route("/accounts/<uuid:account_id>/disable", methods=["POST"])
@blp.arguments(ReasonSchema)
@blp.response(200, AccountSchema)
@blp.alt_response(403, description="only an admin disables accounts")
@blp.alt_response(404, description="no such account")
def disable_account(body: dict[str, Any], account_id: UUID) -> AccountRow | None:
    """Disable an account, saying why (admin); its bearer tokens stop working at once."""
    actor = current_actor()
    check_admin(actor)
    if account_id == actor.account_id:
        raise DomainError("account_id", "you cannot disable the account you are signed in with")
    try:
        journal().disable_account(account_id, body["reason"], recorded_by=actor.person_id)
    except NotFoundError:
        raise not_found("account", account_id) from None
    sign_out_everywhere(account_id)
    return journal().read.accounts.get(account_id)


class InvitationSchema(ma.Schema):
    """What became of an invitation: mailed, or the link for the admin to pass on."""

    sent = fields.Boolean(required=True, metadata={"description": "mailed to the person"})
    link = fields.String(
        allow_none=True, metadata={"description": "only when no mail server is set: pass it on"}
    )


@blp.route("/people/<uuid:person_id>/invitation", methods=["POST"])
@blp.response(201, InvitationSchema)
@blp.alt_response(403, description="only an admin invites people")
@blp.alt_response(404, description="no such person in your view")
@blp.alt_response(422, description="the person already has an account, or is deactivated")
def invite_person(person_id: UUID) -> dict[str, Any]:
    """Invite a person to choose their username and password from a link that works once,
    for 7 days; a new invitation replaces the old."""
    actor = current_actor()
    person = visible_person(actor, person_id)
    check_admin(actor)
    link = invite(person, actor.person_id)
    return {"sent": link is None, "link": link}
