"""The coaching loop on the pages: an employee asks their leader for coaching (My
development), the leader meets or declines it (My team, the person page), and either of
them ticks off or drops the actions agreed in coaching.

The sections live on those pages (templates ``loop/*.html``); this module gives them their
data and forms, and takes their posts.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from journal.domain import limits
from journal.domain.requests import REQUESTABLE
from journal.errors import DomainError
from journal.projections.people import PersonRow
from web.auth import current_actor, journal
from web.labels import choices, label
from web.messages import in_words
from web.permissions import (
    check_asks,
    check_caller_is_employee,
    check_coaches,
    closable_action,
    request_of,
    visible_person,
)

bp = Blueprint("loop", __name__)


class AskForm(FlaskForm):
    """What the employee asks their leader for."""

    kind = SelectField(_l("What would you like?"), choices=choices(REQUESTABLE))
    note = TextAreaField(
        _l("A note for your leader (optional)"),
        validators=[Length(max=limits.REQUEST_NOTE)],
        render_kw={"rows": 2},
    )


class ReasonForm(FlaskForm):
    """Why a request is declined, or an agreed action dropped."""

    reason = TextAreaField(
        _l("Why?"), validators=[DataRequired(), Length(max=limits.REASON)], render_kw={"rows": 2}
    )


def reason_form(kind: str, item_id: UUID) -> ReasonForm:
    """One reason form per item, prefixed so that field ids stay unique on the page."""
    return ReasonForm(formdata=None, prefix=f"{kind}-{item_id}")


def employee_loop(employee_id: UUID) -> dict[str, Any]:
    """What My development and the person page show of the loop for one employee."""
    loop = journal().read.coaching_loop
    actions = loop.open_actions(employee_id)
    requests = loop.requests_of(employee_id)
    return {
        "employee_id": employee_id,
        "actions": actions,
        "requests": requests,
        "drop_forms": {a.action_id: reason_form("drop", a.action_id) for a in actions},
        "decline_forms": {
            r.request_id: reason_form("decline", r.request_id)
            for r in requests
            if r.state == "open"
        },
        "ask_form": AskForm(formdata=None, prefix="ask"),
        "plain_form": FlaskForm(formdata=None),
    }


def leader_loop(leader_id: UUID) -> dict[str, Any]:
    """What My team shows: the requests waiting for the leader, with decline forms."""
    waiting = journal().read.coaching_loop.open_requests(leader_id)
    return {
        "waiting": waiting,
        "decline_forms": {r.request_id: reason_form("decline", r.request_id) for r in waiting},
    }


def refused(message: str) -> Any:
    """A post the journal refused: its message, and nothing written (422)."""
    return render_template("error.html", code=422, title=message), 422


def back_to(employee: PersonRow, anchor: str) -> Any:
    """After a post: the employee's own page, or the leader's page of them."""
    if current_actor().person_id == employee.person_id:
        return redirect(url_for("employee.development") + f"#{anchor}")
    return redirect(url_for("person.show", person_id=employee.person_id) + f"#{anchor}")


# -- the employee asks ------------------------------------------------------------------


@bp.route("/me/requests", methods=["POST"])
@login_required
def ask() -> Any:
    """Ask the leader for a 1-to-1, walk-and-talk, training or team-building."""
    actor = current_actor()
    check_caller_is_employee(actor)
    form = AskForm(prefix="ask")
    if not form.validate_on_submit():
        return refused(_("Choose what you would like; a note is at most 1,000 characters."))
    try:
        journal().ask_for_coaching(
            actor.person_id, form.kind.data, form.note.data or "", recorded_by=actor.person_id
        )
    except DomainError as error:
        return refused(in_words(error))
    flash(_("Your leader can see your request: %(kind)s.", kind=label(form.kind.data)), "info")
    return redirect(url_for("employee.development") + "#requests")


@bp.route("/me/requests/<uuid:request_id>/withdraw", methods=["POST"])
@login_required
def withdraw(request_id: UUID) -> Any:
    """Take back an open request."""
    actor = current_actor()
    check_caller_is_employee(actor)
    employee = visible_person(actor, actor.person_id)
    check_asks(actor, employee)
    request_of(employee, request_id)
    if not FlaskForm().validate_on_submit():
        return refused(_("The form has expired."))
    try:
        journal().withdraw_request(actor.person_id, request_id, recorded_by=actor.person_id)
    except DomainError as error:
        return refused(in_words(error))
    flash(_("Your request is withdrawn."), "info")
    return redirect(url_for("employee.development") + "#requests")


# -- the leader answers -----------------------------------------------------------------


@bp.route("/people/<uuid:employee_id>/requests/<uuid:request_id>/decline", methods=["POST"])
@login_required
def decline(employee_id: UUID, request_id: UUID) -> Any:
    """Decline a request with a reason the employee reads."""
    actor = current_actor()
    employee = visible_person(actor, employee_id)
    request_of(employee, request_id)
    check_coaches(actor, employee)
    form = ReasonForm(prefix=f"decline-{request_id}")
    if not form.validate_on_submit():
        return refused(_("Say why you decline: the employee reads it."))
    try:
        journal().decline_request(
            employee_id, request_id, form.reason.data, recorded_by=actor.person_id
        )
    except DomainError as error:
        return refused(in_words(error))
    flash(_("The request is declined; %(name)s sees why.", name=employee.name), "info")
    return redirect(url_for("leader.home") + "#requests")


# -- either closes an agreed action -----------------------------------------------------


@bp.route("/people/<uuid:employee_id>/actions/<uuid:action_id>/done", methods=["POST"])
@login_required
def tick(employee_id: UUID, action_id: UUID) -> Any:
    """Tick an agreed action off."""
    actor = current_actor()
    employee, action = closable_action(actor, employee_id, action_id)
    if not FlaskForm().validate_on_submit():
        return refused(_("The form has expired."))
    try:
        journal().tick_action(action.interaction_id, action_id, recorded_by=actor.person_id)
    except DomainError as error:
        return refused(in_words(error))
    flash(_("Done: %(text)s", text=action.text), "info")
    return back_to(employee, "actions")


@bp.route("/people/<uuid:employee_id>/actions/<uuid:action_id>/drop", methods=["POST"])
@login_required
def drop(employee_id: UUID, action_id: UUID) -> Any:
    """Drop an agreed action, saying why."""
    actor = current_actor()
    employee, action = closable_action(actor, employee_id, action_id)
    form = ReasonForm(prefix=f"drop-{action_id}")
    if not form.validate_on_submit():
        return refused(_("Say why you drop the action."))
    try:
        journal().drop_action(
            action.interaction_id, action_id, form.reason.data, recorded_by=actor.person_id
        )
    except DomainError as error:
        return refused(in_words(error))
    flash(_("Dropped: %(text)s", text=action.text), "info")
    return back_to(employee, "actions")


@bp.route("/people/<uuid:employee_id>/actions/close", methods=["POST"])
@login_required
def close_several(employee_id: UUID) -> Any:
    """Tick off, or drop with one reason, the actions chosen on the list: all or none."""
    actor = current_actor()
    chosen = []
    for value in request.form.getlist("action_ids"):
        try:
            action_id = UUID(value)
        except ValueError:
            return refused(_("Choose the actions from the list."))
        chosen.append(closable_action(actor, employee_id, action_id))
    if not FlaskForm().validate_on_submit():
        return refused(_("The form has expired."))
    dropping = request.form.get("how") == "drop"
    reason = (request.form.get("reason") or "").strip()
    if not chosen:
        return refused(_("Choose one or more actions from the list."))
    if dropping and not reason:
        return refused(_("Say why you drop the actions."))
    try:
        closed = journal().close_actions(
            [(action.interaction_id, action.action_id) for _employee, action in chosen],
            reason=reason if dropping else None,
            recorded_by=actor.person_id,
        )
    except DomainError as error:
        return refused(in_words(error))
    message = (
        ngettext("%(num)s action dropped.", "%(num)s actions dropped.", closed)
        if dropping
        else ngettext("%(num)s action done.", "%(num)s actions done.", closed)
    )
    flash(message, "info")
    return back_to(chosen[0][0], "actions")
