"""Sign in, sign out and choose a language."""

from __future__ import annotations

import logging
import math
from datetime import timedelta
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.exceptions import TooManyRequests
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from journal.errors import DomainError, JournalError
from journal.security import passwords
from web.auth import (
    Actor,
    current_actor,
    journal,
    note,
    session_store,
    sign_in,
    sign_out_everywhere,
)
from web.extensions import LANGUAGE_COOKIE
from web.redirects import next_or
from web.ui.forms import NewPasswordForm, show_domain_error
from web.ui.sso import end_session_url

bp = Blueprint("auth", __name__)
logger = logging.getLogger(__name__)


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=63)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class PasswordForm(NewPasswordForm):
    """The current password, and the new one twice."""

    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=200)]
    )


def safe_target(target: str | None) -> str:
    """``next`` if it is a path on this site, else the start page (web/redirects.py)."""
    return next_or(target, url_for("home.index"))


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """The sign-in page."""
    form = LoginForm()
    if form.validate_on_submit():
        try:
            actor = sign_in(form.username.data or "", form.password.data or "", via="page")
        except TooManyRequests as locked:
            seconds = locked.retry_after if isinstance(locked.retry_after, int) else 60
            minutes = math.ceil(seconds / 60)
            form.password.errors.append(
                _("Too many failed sign-ins: try again in %(minutes)s minutes.", minutes=minutes)
            )
            page = render_template("auth/login.html", form=form)
            return page, 429, {"Retry-After": str(seconds)}
        if actor is None:
            form.password.errors.append(_("Wrong username or password."))
            return render_template("auth/login.html", form=form), 401
        session.clear()  # a fresh session at sign-in, never the one the browser came with
        session["sid"] = session_store().start(actor.account_id)
        note("session_started", account_id=actor.account_id)
        login_user(actor)
        keep_language(actor, str(get_locale()))
        return redirect(safe_target(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Any:
    """Sign out, ending the session on the server too."""
    if isinstance(session.get("sid"), str):
        session_store().end(session["sid"])
        note("session_ended", account_id=current_actor().account_id, reason="signed_out")
    provider_end = end_session_url(session.get("oidc_id_token"))
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    # Signed in through the company's provider: it ends its own session too.
    return redirect(provider_end or url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password() -> Any:
    """Change your own password; every other session and API token of yours ends."""
    form = PasswordForm()
    actor = current_actor()
    if form.validate_on_submit():
        try:
            journal().change_own_password(
                actor.account_id, form.current_password.data, form.new_password.data
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            sign_out_everywhere(
                actor.account_id, but_session=session.get("sid"), reason="password_changed"
            )
            flash(_("Your password is changed. You were signed out everywhere else."), "info")
            return redirect(url_for("home.index"))
    status = 422 if request.method == "POST" else 200
    page = render_template("auth/password.html", form=form, min_length=passwords.MIN_LENGTH)
    return page, status


@bp.route("/language", methods=["POST"])
def language() -> Any:
    """Remember the chosen language in this browser for a year, signed in or not."""
    response = redirect(safe_target(request.form.get("next")))
    chosen = request.form.get("language", "")
    if chosen in current_app.config["LANGUAGES"]:
        if current_user.is_authenticated:
            keep_language(current_actor(), chosen)
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen,
            max_age=int(timedelta(days=365).total_seconds()),
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
    return response


def keep_language(actor: Actor, language: str) -> None:
    """The journal keeps the language a person uses, for what it sends them (reminders).

    Only a change is written. A failed write does not stop a sign-in: the language is
    kept at the next one.
    """
    if language == actor.language:
        return
    try:
        journal().choose_language(actor.account_id, language, recorded_by=actor.person_id)
    except JournalError:
        logger.warning("could not keep the language of %s", actor.username, exc_info=True)
