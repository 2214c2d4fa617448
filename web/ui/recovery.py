"""Getting in without an admin's help: a forgotten password is replaced from a mailed
link, and an invited person chooses their username and password from theirs. Links are
single-use and kept as hashes (web/state/links.py)."""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Length

from journal.errors import DomainError
from journal.projections.people import PersonRow
from web.auth import journal, lockout, note, sign_out_everywhere
from web.link_mail import language_of, link_url, links, send_link
from web.state.links import INVITATION, RESET
from web.ui.forms import NewPasswordForm, show_domain_error

bp = Blueprint("recovery", __name__)
#: The journal's field for a password, as these forms name it.
ON_THE_FORM = {"password": "new_password"}  # nosec B105 (field names, not a password)


class ForgotForm(FlaskForm):
    """The address the account's person is registered with."""

    email = EmailField(_l("Your e-mail address"), validators=[DataRequired(), Length(max=254)])


class AcceptForm(NewPasswordForm):
    """The username the invited person signs in with, and their password."""

    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=63)])


def person_with_address(address: str) -> PersonRow | None:
    """The active person registered with this address, if there is one."""
    wanted = address.strip().lower()
    return next(
        (p for p in journal().read.people.list(active_only=True) if p.email.lower() == wanted),
        None,
    )


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot() -> Any:
    """Ask for a link to choose a new password; the answer is the same for any address."""
    form = ForgotForm()
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("auth/forgot.html", form=form, sent=False), status
    address = (form.email.data or "").strip().lower()
    key = f"reset:{address}"
    wait = lockout().wait(key, request.remote_addr)
    if wait is not None:
        minutes = math.ceil(wait.total_seconds() / 60)
        form.email.errors = [_("Too many requests: try again in %(minutes)s minutes.",
                               minutes=minutes)]  # fmt: skip
        return render_template("auth/forgot.html", form=form, sent=False), 429
    lockout().failed(key, request.remote_addr)  # every request counts towards the limit
    person = person_with_address(address)
    account = journal().read.accounts.for_person(person.person_id) if person else None
    if person is None or account is None or not account.can_sign_in:
        note("reset_asked", username=address, known=False)
    else:
        token, lifetime = links().issue(RESET, person.person_id)
        url = link_url(url_for("recovery.reset", token=token))
        sent = send_link(RESET, person.email, person.name, url, lifetime,
                         language_of(person.person_id))  # fmt: skip
        note("reset_asked", person_id=person.person_id, account_id=account.account_id,
             known=True, sent=sent)  # fmt: skip
    return render_template("auth/forgot.html", form=form, sent=True)


def refused(purpose: str, refusal: str) -> Any:
    """A link that opens nothing: says why, and what to do (410 when it once worked)."""
    note("link_refused", purpose=purpose, reason=refusal)
    status = 404 if refusal == "unknown" else 410
    return render_template("auth/link_refused.html", purpose=purpose, refusal=refusal), status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token: str) -> Any:
    """Choose a new password from a mailed link; every session and token of the account
    ends."""
    found = links().find(RESET, token)
    if found.person_id is None:
        return refused(RESET, found.refusal or "unknown")
    account = journal().read.accounts.for_person(found.person_id)
    if account is None or not account.can_sign_in:
        return refused(RESET, "unknown")
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            journal().change_password(
                account.account_id, form.new_password.data or "", recorded_by=found.person_id
            )
        except DomainError as error:
            show_domain_error(form, error, ON_THE_FORM)
        else:
            if not links().use(RESET, token):
                return refused(RESET, "used")
            sign_out_everywhere(account.account_id, reason="password_reset")
            note("reset_used", person_id=found.person_id, account_id=account.account_id)
            flash(_("Your new password is set. Sign in with it."), "info")
            return redirect(url_for("auth.login"))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/reset.html", form=form), status


def suggested_username(person: PersonRow) -> str:
    """The part of the address before the @, as a username to start from."""
    return person.email.split("@", 1)[0].lower()


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept(token: str) -> Any:
    """Choose a username and password from an invitation; the account is opened."""
    found = links().find(INVITATION, token)
    if found.person_id is None:
        return refused(INVITATION, found.refusal or "unknown")
    person = journal().read.people.get(found.person_id)
    if person is None or not person.is_active:
        return refused(INVITATION, "unknown")
    form = AcceptForm(data={"username": suggested_username(person)})
    if form.validate_on_submit():
        try:
            account_id = journal().open_account(
                person.person_id, username=form.username.data or "",
                password=form.new_password.data or "", recorded_by=person.person_id,
            )  # fmt: skip
        except DomainError as error:
            show_domain_error(form, error, {**ON_THE_FORM, "person_id": "username"})
        else:
            links().use(INVITATION, token)
            note("invitation_used", person_id=person.person_id, account_id=account_id)
            flash(_("Your account is ready. Sign in with your new username and password."),
                  "info")  # fmt: skip
            return redirect(url_for("auth.login"))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/accept.html", form=form, person=person), status
