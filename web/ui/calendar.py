"""The leader's own calendar: import an export, see each meeting with the rule behind its
category, and change a category (for a recurring meeting, its whole series)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from journal.commands.meetings import CalendarImport
from journal.domain.leadership import CATEGORIES
from journal.domain.windows import last_four_weeks
from journal.errors import DomainError
from journal.projections.meetings import MeetingRow
from journal.read.import_preview import preview_import
from journal.read.keywords import meeting_keywords
from web.auth import current_actor, journal
from web.labels import label
from web.messages import in_words
from web.permissions import leader_pages, not_found
from web.state.feeds import FeedStore
from web.state.uploads import UploadStore
from web.ui.calendar_forms import (
    CalendarImportForm,
    ConfirmImportForm,
    KeywordsForm,
    MeetingCategoryForm,
)
from web.ui.calendar_subscriptions import section_context
from web.ui.forms import show_domain_error
from web.ui.local_time import local_today
from web.ui.submitting import submitted

bp = Blueprint("calendar", __name__)


leader_pages(bp)


def period() -> tuple[date, date]:
    """The days shown: ``?from=&to=``, or the last four weeks."""
    end = parsed(request.args.get("to")) or local_today()
    start = parsed(request.args.get("from")) or last_four_weeks(end)[0]
    return (start, end) if start <= end else (end, start)


def meetings_url(start: str | None, end: str | None) -> str:
    """The meetings page for the days ``start`` to ``end`` (``from`` is a Python keyword)."""
    days = {k: v for k, v in (("from", start), ("to", end)) if v}
    return url_for("calendar.meetings") + (f"?{urlencode(days)}" if days else "")


def parsed(value: str | None) -> date | None:
    """A ``YYYY-MM-DD`` argument, or None."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@bp.route("/leader/calendar", methods=["GET", "POST"])
def meetings() -> Any:
    """Upload a calendar export (it waits for its preview); list the period's meetings."""
    me = current_actor().person_id
    form = CalendarImportForm()
    if form.validate_on_submit():
        data = form.file.data.read()
        try:
            journal().import_calendar(
                me, data, start=form.start.data, end=form.end.data, dry_run=True,
                withdraw_most=True,
            )  # fmt: skip
        except DomainError as error:
            show_domain_error(form, error)
        else:
            upload_id = uploads().keep(current_actor().account_id, data)
            days = {"from": form.start.data.isoformat(), "to": form.end.data.isoformat()}
            return redirect(url_for("calendar.preview", upload_id=upload_id, **days))
    return render_calendar(form), 422 if request.method == "POST" else 200


def uploads() -> UploadStore:
    store: UploadStore = current_app.extensions["uploads"]
    return store


@bp.route("/leader/calendar/imports/<uuid:upload_id>", methods=["GET", "POST"])
def preview(upload_id: UUID) -> Any:
    """What the upload would change, and the verdict before and after; import on confirm."""
    me = current_actor().person_id
    data = uploads().find(current_actor().account_id, upload_id)
    if data is None:
        raise not_found("upload", upload_id)
    start, end = period()
    form = ConfirmImportForm()
    shown = preview_import(journal(), me, data, start=start, end=end)
    if form.validate_on_submit():
        if shown.plan.withdraws_most and not form.withdraw_most.data:
            form.withdraw_most.errors = [
                _("Tick the box to withdraw these meetings, or choose a fuller export.")
            ]
        else:
            done = journal().import_calendar(
                me, data, start=start, end=end, recorded_by=me, withdraw_most=True
            )
            uploads().forget(upload_id)
            flash_import(done)
            return redirect(meetings_url(start.isoformat(), end.isoformat()))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "leader/calendar_preview.html", preview=shown, form=form, start=start, end=end
    ), status


def flash_import(done: CalendarImport) -> None:
    """Say what an import did, and what it skipped."""
    summary = done.summary
    flash(
        _(
            "From %(first)s to %(last)s, the days the file covers: imported"
            " %(imported)s meetings, corrected %(corrected)s, withdrew %(withdrawn)s;"
            " %(unchanged)s were unchanged.",
            first=format_date(done.start),
            last=format_date(done.end),
            imported=summary.imported,
            corrected=summary.corrected,
            withdrawn=summary.withdrawn,
            unchanged=summary.unchanged,
        ),
        "info",
    )
    for skipped in done.skipped:
        reason = in_words(skipped.error)
        flash(_("Skipped %(item)s: %(reason)s", item=skipped.item, reason=reason))


@bp.route("/leader/calendar/imports/undo", methods=["POST"])
def undo() -> Any:
    """Undo the newest import: its meetings go back to how they were before it."""
    me = current_actor().person_id
    if not FlaskForm().validate_on_submit():
        return render_template("error.html", code=422, title=_("The form has expired.")), 422
    try:
        last = journal().undo_calendar_import(me, recorded_by=me)
    except DomainError as error:
        flash(in_words(error), "error")
    else:
        flash(
            _(
                "The import of %(first)s to %(last)s is undone: its meetings are as they were"
                " before it. Both stay in the history.",
                first=format_date(last.event.period_start),
                last=format_date(last.event.period_end),
            ),
            "info",
        )
    return redirect(url_for("calendar.meetings"))


def shown_keywords(leader_id: UUID) -> KeywordsForm:
    """The keywords form with the leader's words in force."""
    form = KeywordsForm(formdata=None)
    form.show(meeting_keywords(journal(), leader_id))
    return form


@bp.route("/leader/calendar/keywords", methods=["POST"])
def keywords() -> Any:
    """Save the leader's words per category; they classify titles from the next import."""
    me = current_actor().person_id
    form = KeywordsForm()
    return submitted(
        form,
        lambda: journal().set_meeting_keywords(me, form.words(), recorded_by=me),
        done=lambda: _(
            "Your words are saved. They sort titles from your next import; import the"
            " same export again to apply them to the meetings below."
        ),
        then=lambda: url_for("calendar.meetings") + "#keywords",
        failed=lambda: (
            render_calendar(CalendarImportForm(formdata=None), keywords_form=form),
            422,
        ),
    )


@dataclass(frozen=True)
class Week:
    """One ISO week of the period's meetings."""

    number: int
    first: date  # the first day with a meeting shown
    last: date
    rows: list[MeetingRow]

    @property
    def minutes(self) -> int:
        """The minutes the week's meetings count for."""
        return sum(row.minutes for row in self.rows if not row.left_out)


def by_week(rows: list[MeetingRow]) -> list[Week]:
    """The meetings in weeks, oldest first, each week's meetings in the order they start."""
    weeks: dict[tuple[int, int], list[MeetingRow]] = {}
    for row in rows:
        year, number, _weekday = row.day.isocalendar()
        weeks.setdefault((year, number), []).append(row)
    return [
        Week(number, found[0].day, found[-1].day, found)
        for (_year, number), found in sorted(weeks.items())
    ]


def render_calendar(
    form: CalendarImportForm,
    new_feed: str | None = None,
    keywords_form: KeywordsForm | None = None,
) -> str:
    """The page: the import form, the period's meetings, and the feed's link."""
    me = current_actor().person_id
    start, end = period()
    feeds: FeedStore = current_app.extensions["feeds"]
    return render_template(
        "leader/calendar.html",
        form=form,
        weeks=by_week(journal().read.meetings.for_leader(me, start, end)),
        audit=journal().read.calendar_audit.for_leader(me, start, end + timedelta(days=1)),
        start=start,
        end=end,
        categories=CATEGORIES,
        category_form=MeetingCategoryForm(),
        feed_form=FlaskForm(),
        keywords_form=keywords_form or shown_keywords(me),
        feed=feeds.of(me),
        new_feed=new_feed,
        webcal=new_feed and "webcal://" + new_feed.split("://", 1)[1],
        last_import=journal().last_calendar_import(me),
        undo_form=FlaskForm(),
        **section_context(),
    )


@bp.route("/leader/calendar/feed", methods=["POST"])
def issue_feed() -> Any:
    """A new private link to the leader's due coaching; the old one stops working."""
    if not FlaskForm().validate_on_submit():
        return render_template("error.html", code=422, title=_("The form has expired.")), 422
    feeds: FeedStore = current_app.extensions["feeds"]
    token = feeds.issue(current_actor().person_id, str(get_locale() or "en"))
    url = url_for("feed.feed", token=token, _external=True)
    return render_calendar(CalendarImportForm(formdata=None), new_feed=url)


@bp.route("/leader/calendar/feed/stop", methods=["POST"])
def stop_feed() -> Any:
    """Stop the leader's feed link: calendars subscribed to it get nothing more."""
    if not FlaskForm().validate_on_submit():
        return render_template("error.html", code=422, title=_("The form has expired.")), 422
    feeds: FeedStore = current_app.extensions["feeds"]
    feeds.stop(current_actor().person_id)
    flash(_("The link to your due coaching is stopped."), "info")
    return redirect(url_for("calendar.meetings") + "#feed")


@bp.route("/leader/calendar/category", methods=["POST"])
def choose_category() -> Any:
    """The leader's category for a meeting; for a recurring one, for its whole series."""
    me = current_actor().person_id
    form = MeetingCategoryForm()
    back = meetings_url(request.args.get("from"), request.args.get("to"))
    if form.validate_on_submit():
        try:
            changed = journal().choose_meeting_category(
                me, form.key.data, form.category.data, recorded_by=me
            )
        except DomainError as error:
            return render_template("error.html", code=422, title=in_words(error)), 422
        flash(
            _(
                "%(count)s meetings now count as %(category)s.",
                count=changed,
                category=label(form.category.data),
            ),
            "info",
        )
        return redirect(back)
    return render_template("error.html", code=422, title=_("Choose a category.")), 422
