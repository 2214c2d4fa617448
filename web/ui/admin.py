"""The admin's page: people, teams and accounts. An admin never sees timelines or notes."""

from __future__ import annotations

import json
import math
from typing import Any
from uuid import UUID

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length

from journal.domain.people import ROLES
from journal.errors import DomainError
from journal.projections.accounts import AccountRow
from journal.projections.people import PersonRow
from journal.read import privacy
from web.auth import current_actor, journal, sign_out_everywhere
from web.labels import choices
from web.permissions import check_admin
from web.ui.forms import show_domain_error
from web.ui.submitting import submitted

bp = Blueprint("admin", __name__)

PAGE_SIZE = 25


class RegisterPersonForm(FlaskForm):
    """A new person: who they are, their role and, for an employee, their leader."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    role = SelectField(_l("Role"), choices=choices(ROLES), default="employee")
    leader = SelectField(_l("Leader (employees only)"), validate_choice=True)


class OpenAccountForm(FlaskForm):
    """An account for a person who has none yet."""

    person = SelectField(_l("Person"), validators=[DataRequired()], validate_choice=True)
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=63)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class DisableAccountForm(FlaskForm):
    """Stop an account from signing in, saying why."""

    account = SelectField(_l("Account"), validators=[DataRequired()], validate_choice=True)
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])


class ErasePersonForm(FlaskForm):
    """Erase a person's personal data for good, saying why."""

    person = SelectField(_l("Person"), validators=[DataRequired()], validate_choice=True)
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])
    confirm = BooleanField(
        _l("I understand that this cannot be undone"), validators=[DataRequired()]
    )


class OversightForm(FlaskForm):
    """A manager of leaders, a leader, and whether the manager is to oversee them or not."""

    manager = SelectField(_l("Manager"), validators=[DataRequired()], validate_choice=True)
    leader = SelectField(_l("Leader"), validators=[DataRequired()], validate_choice=True)
    action = SelectField(
        _l("Change"),
        choices=[
            SelectChoice("oversee", _l("oversees from now on")),
            SelectChoice("release", _l("no longer oversees")),
        ],
    )


@bp.before_request
@login_required
def admins_only() -> None:
    """Every page here is the admin's."""
    check_admin(current_actor())


def forms(**given: FlaskForm) -> dict[str, FlaskForm]:
    """The page's three forms with their choices; a submitted one is passed in as given."""
    everyone = journal().read.people.list()
    accounts = {a.person_id: a for a in all_accounts()}
    register = given.get("register") or RegisterPersonForm(prefix="register")
    register.leader.choices = [SelectChoice("", _("No leader"))] + [
        SelectChoice(str(p.person_id), p.name)
        for p in everyone
        if p.role == "leader" and p.is_active
    ]
    open_account = given.get("open_account") or OpenAccountForm(prefix="account")
    open_account.person.choices = [SelectChoice("", _("Choose a person"))] + [
        SelectChoice(str(p.person_id), p.name)
        for p in everyone
        if p.is_active and p.person_id not in accounts
    ]
    disable = given.get("disable") or DisableAccountForm(prefix="disable")
    disable.account.choices = [SelectChoice("", _("Choose an account"))] + [
        SelectChoice(str(a.account_id), f"{a.username} ({a.name})")
        for a in sorted(accounts.values(), key=lambda a: a.username)
        if a.is_active
    ]
    erase = given.get("erase") or ErasePersonForm(prefix="erase")
    erase.person.choices = [SelectChoice("", _("Choose a person"))] + [
        SelectChoice(str(p.person_id), f"{p.name} ({p.email})")
        for p in everyone
        if not p.is_erased and p.person_id != current_actor().person_id
    ]
    oversight = given.get("oversight") or OversightForm(prefix="oversight")
    oversight.manager.choices = [SelectChoice("", _("Choose a manager"))] + [
        SelectChoice(str(p.person_id), p.name) for p in everyone if p.role == "manager"
    ]
    oversight.leader.choices = [SelectChoice("", _("Choose a leader"))] + [
        SelectChoice(str(p.person_id), p.name) for p in everyone if p.role == "leader"
    ]
    return {
        "register": register,
        "open_account": open_account,
        "disable": disable,
        "erase": erase,
        "oversight": oversight,
    }


def all_accounts() -> list[AccountRow]:
    """Every account (the list is as long as the organisation, not as the history)."""
    rows, total = journal().read.accounts.list(limit=10_000)
    return rows


def render_people(status: int = 200, **given: FlaskForm) -> Any:
    """The people list (``?q=`` finds people by name or e-mail) and the forms."""
    query = (request.args.get("q") or "").strip()
    everyone = [p for p in journal().read.people.list() if matches(p, query)]
    pages = max(1, math.ceil(len(everyone) / PAGE_SIZE))
    page = min(max(1, request.args.get("page", 1, type=int) or 1), pages)
    accounts = {a.person_id: a for a in all_accounts()}
    without_leader = [
        p for p in everyone if p.role == "employee" and p.is_active and p.leader_id is None
    ]
    return (
        render_template(
            "admin/people.html",
            from_directory=journal().read.directory.provisioned(),
            without_leader=len(without_leader),
            people=everyone[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
            accounts=accounts,
            page=page,
            pages=pages,
            total=len(everyone),
            query=query,
            **forms(**given),
        ),
        status,
    )


def matches(person: PersonRow, query: str) -> bool:
    """Whether ``query`` is part of the person's name or e-mail, whatever its case (names
    are sealed in the database, so the list is searched here, not in SQL)."""
    wanted = query.casefold()
    return not wanted or wanted in person.name.casefold() or wanted in person.email.casefold()


@bp.route("/admin/people")
def people() -> Any:
    """Everyone, with role, leader, whether active and whether they can sign in."""
    return render_people()


@bp.route("/admin/people", methods=["POST"])
def register_person() -> Any:
    """Register a person."""
    form = forms(register=RegisterPersonForm(prefix="register"))["register"]
    return submitted(
        form,
        lambda: journal().register_person(
            role=form.role.data,
            name=form.name.data or "",
            email=form.email.data or "",
            leader_id=UUID(form.leader.data) if form.leader.data else None,
            recorded_by=current_actor().person_id,
        ),
        done=lambda: _("%(name)s is registered.", name=form.name.data),
        then=lambda: url_for("admin.people"),
        failed=lambda: render_people(422, register=form),
        fields={"leader_id": "leader"},
        fallback="first",
    )


@bp.route("/admin/accounts", methods=["POST"])
def open_account() -> Any:
    """Open the account a person signs in with."""
    form = forms(open_account=OpenAccountForm(prefix="account"))["open_account"]
    return submitted(
        form,
        lambda: journal().open_account(
            UUID(form.person.data),
            username=form.username.data or "",
            password=form.password.data or "",
            recorded_by=current_actor().person_id,
        ),
        done=lambda: _("%(name)s can now sign in.", name=name_of(UUID(form.person.data))),
        then=lambda: url_for("admin.people"),
        failed=lambda: render_people(422, open_account=form),
        fields={"person_id": "person"},
        fallback="first",
    )


@bp.route("/admin/oversight", methods=["POST"])
def change_oversight() -> Any:
    """A manager oversees a leader from now on, or no longer."""
    form = forms(oversight=OversightForm(prefix="oversight"))["oversight"]
    if not form.validate_on_submit():
        return render_people(422, oversight=form)
    manager, leader = UUID(form.manager.data), UUID(form.leader.data)
    change = journal().oversee_leader if form.action.data == "oversee" else journal().release_leader
    try:
        change(manager, leader, recorded_by=current_actor().person_id)
    except DomainError as error:
        show_domain_error(
            form, error, {"manager_id": "manager", "leader_id": "leader"}, fallback="first"
        )
        return render_people(422, oversight=form)
    if form.action.data == "oversee":
        message = _("%(manager)s now oversees %(leader)s.", manager=name_of(manager),
                    leader=name_of(leader))  # fmt: skip
    else:
        message = _("%(manager)s no longer oversees %(leader)s.", manager=name_of(manager),
                    leader=name_of(leader))  # fmt: skip
    flash(message, "info")
    return redirect(url_for("admin.people"))


def name_of(person_id: UUID) -> str:
    """A person's name, for a message."""
    person: PersonRow | None = journal().read.people.get(person_id)
    return person.name if person else str(person_id)


@bp.route("/admin/accounts/disable", methods=["POST"])
def disable_account() -> Any:
    """Disable an account and end its API tokens; its person's history stays."""
    form = forms(disable=DisableAccountForm(prefix="disable"))["disable"]
    if not form.validate_on_submit():
        return render_people(422, disable=form)
    account_id = UUID(form.account.data)
    if account_id == current_actor().account_id:
        form.account.errors = [_("You cannot disable the account you are signed in with.")]
        return render_people(422, disable=form)
    try:
        journal().disable_account(
            account_id, form.reason.data or "", recorded_by=current_actor().person_id
        )
    except DomainError as error:
        show_domain_error(form, error, {"account_id": "account"}, fallback="first")
        return render_people(422, disable=form)
    sign_out_everywhere(account_id)
    flash(_("The account is disabled."), "info")
    return redirect(url_for("admin.people"))


@bp.route("/admin/people/<uuid:person_id>/export")
def export_person(person_id: UUID) -> Any:
    """Download everything the journal holds about a person, as JSON (the right of access)."""
    try:
        export = privacy.export_person(journal(), person_id, exported_by=current_actor().person_id)
    except DomainError:
        flash(_("There is no such person."), "error")
        return redirect(url_for("admin.people"))
    response = Response(
        json.dumps(export, ensure_ascii=False, indent=2), mimetype="application/json"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="person-{person_id}.json"'
    return response


@bp.route("/admin/people/erase", methods=["POST"])
def erase_person() -> Any:
    """Erase a person's personal data by deleting their key; the erasure is recorded."""
    form = forms(erase=ErasePersonForm(prefix="erase"))["erase"]
    if not form.validate_on_submit():
        return render_people(422, erase=form)
    person_id = UUID(form.person.data)
    account = journal().read.accounts.for_person(person_id)
    try:
        journal().erase_person(
            person_id, form.reason.data or "", recorded_by=current_actor().person_id
        )
    except DomainError as error:
        show_domain_error(form, error, {"person_id": "person"}, fallback="first")
        return render_people(422, erase=form)
    if account is not None:  # the account is gone with the person: so are its tokens
        sign_out_everywhere(account.account_id)
    # Not by name: the message would keep the erased name in the session cookie.
    flash(_("The personal data is erased; the erasure is in the log."), "info")
    return redirect(url_for("admin.people"))
