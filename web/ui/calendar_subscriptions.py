"""My calendar's subscriptions: the leader pastes a published address or a CalDAV calendar,
sees how each one's last fetch went, fetches now, and stops one
(journal/commands/subscriptions.py does the work)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import Length

from journal.domain.subscriptions import ADDRESS_LENGTH, SECRET_LENGTH
from journal.errors import DomainError
from journal.projections.subscriptions import SubscriptionRow
from web.auth import current_actor, journal
from web.messages import in_words
from web.permissions import leader_pages
from web.ui.calendar_sync_words import failure_in_words, outcome_in_words

bp = Blueprint("subscriptions", __name__)
leader_pages(bp)
BACK = "calendar.meetings"


class PublishedForm(FlaskForm):
    """A published calendar's private address."""

    url = StringField(_l("Private address (ICS)"), validators=[Length(max=ADDRESS_LENGTH)])


class CalDavForm(FlaskForm):
    """A CalDAV calendar with an app password."""

    caldav_url = StringField(_l("CalDAV address"), validators=[Length(max=ADDRESS_LENGTH)])
    username = StringField(_l("Username"), validators=[Length(max=SECRET_LENGTH)])
    password = PasswordField(_l("App password"), validators=[Length(max=SECRET_LENGTH)])


@dataclass(frozen=True)
class Shown:
    """One subscription as My calendar lists it."""

    row: SubscriptionRow
    tried_at: datetime | None
    outcome: str
    failure: str
    failures: int


def subscriptions_shown(leader_id: UUID) -> list[Shown]:
    """The leader's subscriptions with their last fetch in words."""
    app = journal()
    statuses = app.sync_statuses(leader_id)
    shown = []
    for row in app.read.subscriptions.of_leader(leader_id):
        status = statuses.get(row.subscription_id)
        failure = ""
        if status is not None and status.failing:
            failure = failure_in_words(status.error_code, status.error_detail)
        shown.append(Shown(
            row, status.tried_at if status else None, outcome_in_words(status), failure,
            status.failures if status else 0,
        ))  # fmt: skip
    return shown


def section_context() -> dict[str, Any]:
    """What calendar.html's subscriptions section needs."""
    return {
        "subscriptions": subscriptions_shown(current_actor().person_id),
        "published_form": PublishedForm(formdata=None),
        "caldav_form": CalDavForm(formdata=None),
        "subscription_form": FlaskForm(formdata=None),
    }


def back() -> Any:
    return redirect(url_for(BACK) + "#subscriptions")


def expired() -> Any:
    return render_template("error.html", code=422, title=_("The form has expired.")), 422


@bp.route("/leader/calendar/subscriptions", methods=["POST"])
def subscribe_published() -> Any:
    """Subscribe to a published address."""
    form = PublishedForm()
    if not form.validate_on_submit():
        return expired()
    return subscribed(url=form.url.data or "")


@bp.route("/leader/calendar/subscriptions/caldav", methods=["POST"])
def subscribe_caldav() -> Any:
    """Subscribe to a CalDAV calendar."""
    form = CalDavForm()
    if not form.validate_on_submit():
        return expired()
    return subscribed(
        caldav_url=form.caldav_url.data or "", username=form.username.data or "",
        password=form.password.data or "",
    )  # fmt: skip


def subscribed(**given: str) -> Any:
    me = current_actor().person_id
    try:
        journal().subscribe_calendar(me, recorded_by=me, **given)
    except DomainError as error:
        flash(_("Not subscribed: %(reason)s", reason=in_words(error)), "error")
        return back()
    done = journal().sync_calendars(force=True, leader_id=me)
    flash(_("Subscribed. The calendar is fetched every hour.") if not done.failed
          else _("Subscribed, but the first fetch failed: see below."), "info")  # fmt: skip
    return back()


@bp.route("/leader/calendar/subscriptions/sync", methods=["POST"])
def sync_now() -> Any:
    """Fetch the leader's subscriptions now."""
    if not FlaskForm().validate_on_submit():
        return expired()
    me = current_actor().person_id
    done = journal().sync_calendars(force=True, leader_id=me)
    flash(_("Fetched %(count)s calendars; %(failed)s failed.", count=done.due,
            failed=len(done.failed)), "info")  # fmt: skip
    return back()


@bp.route("/leader/calendar/subscriptions/<uuid:subscription_id>/stop", methods=["POST"])
def stop(subscription_id: UUID) -> Any:
    """Stop a subscription; the meetings it brought stay."""
    if not FlaskForm().validate_on_submit():
        return expired()
    me = current_actor().person_id
    try:
        journal().stop_calendar_subscription(me, subscription_id, recorded_by=me)
    except DomainError as error:
        flash(in_words(error), "error")
        return back()
    flash(_("The subscription is stopped; the meetings it brought stay."), "info")
    return back()
