"""One person on the admin's pages: correct their name and e-mail, give them another role
or team, deactivate them or make them active again. Each change is an event with who made
it; a role change and a deactivation say why."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.exceptions import NotFound
from wtforms import EmailField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length

from journal.domain.people import ROLES
from journal.errors import DomainError
from journal.projections.people import PersonRow
from web.auth import current_actor, journal, sign_out_everywhere
from web.labels import choices
from web.link_mail import invite
from web.messages import in_words
from web.permissions import check_admin
from web.ui.submitting import submitted

bp = Blueprint("admin_person", __name__)


class DetailsForm(FlaskForm):
    """The person's name and e-mail address as they should be."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])


class RoleForm(FlaskForm):
    """The person's role and, for an employee, their leader; and why."""

    role = SelectField(_l("Role"), choices=choices(ROLES))
    leader = SelectField(_l("Leader (employees only)"), validate_choice=True)
    reason = StringField(
        _l("Why (needed for a new role)"), validators=[Length(max=500)], default=""
    )


class StatusForm(FlaskForm):
    """Deactivate, saying why; or make active again."""

    reason = StringField(_l("Why they are deactivated"), validators=[Length(max=500)])


@bp.before_request
@login_required
def admins_only() -> None:
    """Every page here is the admin's."""
    check_admin(current_actor())


def person_of(person_id: UUID) -> PersonRow:
    """The person, or 404."""
    person = journal().read.people.get(person_id)
    if person is None or person.is_erased:
        raise NotFound()
    return person


def leader_choices(person: PersonRow) -> list[SelectChoice]:
    """The active leaders an employee may belong to (not the person themselves)."""
    leaders = journal().read.people.list(role="leader", active_only=True)
    return [SelectChoice("", _("No leader"))] + [
        SelectChoice(str(p.person_id), p.name) for p in leaders if p.person_id != person.person_id
    ]


def render_person(person: PersonRow, code: int = 200, **given: FlaskForm) -> Any:
    """The person's page with its three forms (a refused one as it was sent)."""
    details = given.get("details") or DetailsForm(
        prefix="details", formdata=None, data={"name": person.name, "email": person.email}
    )
    role = given.get("role") or RoleForm(
        prefix="role", formdata=None,
        data={"role": person.role, "leader": str(person.leader_id or "")},
    )  # fmt: skip
    role.leader.choices = leader_choices(person)
    status_form = given.get("status") or StatusForm(prefix="status", formdata=None)
    account = journal().read.accounts.for_person(person.person_id)
    listed = journal().read.directory.get(person.person_id)
    listed = listed if listed is not None and listed.listed else None
    page = render_template(
        "admin/person.html", person=person, details=details, role=role, status=status_form,
        account=account, listed=listed,
        directory_teams=bool(listed and (listed.attributes.get("roles")
                                         or journal().read.directory.has_lines())),
    )  # fmt: skip
    return page, code


def back_to(person_id: UUID) -> str:
    return url_for("admin_person.show", person_id=person_id)


@bp.route("/admin/people/<uuid:person_id>")
def show(person_id: UUID) -> Any:
    """The person, and what an admin may change about them."""
    return render_person(person_of(person_id))


@bp.route("/admin/people/<uuid:person_id>/details", methods=["POST"])
def change_details(person_id: UUID) -> Any:
    """Correct the person's name or e-mail address."""
    person = person_of(person_id)
    form = DetailsForm(prefix="details")
    return submitted(
        form,
        lambda: journal().change_person_details(
            person_id,
            name=form.name.data,
            email=form.email.data,
            recorded_by=current_actor().person_id,
        ),  # fmt: skip
        done=lambda: _("%(name)s's details are corrected.", name=form.name.data),
        then=lambda: back_to(person_id),
        failed=lambda: render_person(person, 422, details=form),
    )


@bp.route("/admin/people/<uuid:person_id>/role", methods=["POST"])
def change_role(person_id: UUID) -> Any:
    """Give the person another role, or move an employee to another leader's team."""
    person = person_of(person_id)
    form = RoleForm(prefix="role")
    form.leader.choices = leader_choices(person)
    me = current_actor().person_id

    def change() -> None:
        leader = UUID(form.leader.data) if form.leader.data else None
        if form.role.data == person.role == "employee" and leader is not None:
            journal().move_employee(person_id, leader, recorded_by=me)
        else:
            journal().change_role(
                person_id, form.role.data, leader_id=leader, reason=form.reason.data or "",
                recorded_by=me,
            )  # fmt: skip

    return submitted(
        form,
        change,
        done=lambda: _("%(name)s's role and team are changed.", name=person.name),
        then=lambda: back_to(person_id),
        failed=lambda: render_person(person, 422, role=form),
        fields={"leader_id": "leader"},
    )


@bp.route("/admin/people/<uuid:person_id>/status", methods=["POST"])
def change_status(person_id: UUID) -> Any:
    """Deactivate the person (their account's sessions end), or make them active again."""
    person = person_of(person_id)
    form = StatusForm(prefix="status")
    me = current_actor()
    reactivating = not person.is_active

    def change() -> None:
        if reactivating:
            journal().reactivate_person(person_id, recorded_by=me.person_id)
            return
        if person_id == me.person_id:
            raise DomainError("person_id", "you cannot deactivate yourself; ask another admin")
        journal().deactivate_person(person_id, form.reason.data or "", recorded_by=me.person_id)
        account = journal().read.accounts.for_person(person_id)
        if account is not None:
            sign_out_everywhere(account.account_id)

    return submitted(
        form,
        change,
        done=lambda: (
            _("%(name)s is active again.", name=person.name)
            if reactivating
            else _("%(name)s is deactivated.", name=person.name)
        ),
        then=lambda: back_to(person_id),
        failed=lambda: render_person(person, 422, status=form),
        fallback="first",
    )


@bp.route("/admin/people/<uuid:person_id>/invitation", methods=["POST"])
def send_invitation(person_id: UUID) -> Any:
    """Invite the person to choose their username and password (a new link replaces the
    old); without a mail server the admin is shown the link to pass on."""
    person = person_of(person_id)
    if not FlaskForm().validate_on_submit():
        return render_person(person, 422)
    try:
        link = invite(person, current_actor().person_id)
    except DomainError as error:
        flash(in_words(error), "error")
        return render_person(person, 422)
    if link is None:
        flash(_("An invitation is on its way to %(email)s.", email=person.email), "info")
    else:
        flash(
            _("No mail server is set, so no mail was sent. Pass this link on to %(name)s; it "
              "works once, for 7 days: %(link)s", name=person.name, link=link),
            "info",
        )  # fmt: skip
    return redirect(back_to(person_id))
