"""Check your calendar: the founding article's test on the leader's imported calendar.

First the leader says how they wish their time to split; then the page draws three random
working days from the imported meetings and shows their split against the wish and
against the controller pattern (about 60/25/15), in words, as a chart and as a table.
Each draw is recorded (``LeaderMeetings.DaysDrawn``), so an auditor sees the days drawn.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from journal.domain.calendar_check import CONTROLLER_PATTERN, GROUPS, CalendarCheck
from journal.domain.leadership import CATEGORIES
from journal.domain.windows import CHECK_MINUTES
from journal.errors import DomainError
from web.auth import current_actor, journal
from web.labels import label
from web.permissions import leader_pages
from web.ui.calendar_forms import DrawForm
from web.ui.charts import new_chart, pygal, render
from web.ui.forms import SplitForm, show_domain_error

bp = Blueprint("calendar_check", __name__)


leader_pages(bp)


@bp.route("/leader/calendar/check", methods=["GET", "POST"])
def check() -> Any:
    """The wish, the draw form, the latest draw against wish and pattern, earlier draws."""
    me = current_actor().person_id
    form = DrawForm()
    if form.validate_on_submit():
        try:
            journal().draw_calendar_days(
                me, start=form.start.data, end=form.end.data, recorded_by=me
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            return redirect(url_for("calendar_check.check") + "#drawn")
    return render_check(form), 422 if request.method == "POST" else 200


@bp.route("/leader/calendar/check/wish", methods=["POST"])
def wish() -> Any:
    """Say how the time should split; it is the leader's priorities' split."""
    me = current_actor().person_id
    form = SplitForm()
    if form.validate_on_submit():
        calendar = journal().calendar_of(me)
        try:
            journal().set_priorities(
                me,
                split=form.split(),
                one_to_one_every_days=calendar.one_to_one_every_days,
                walk_and_talk_every_days=calendar.walk_and_talk_every_days,
                focus_areas=calendar.focus_areas,
                recorded_by=me,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Your wish is saved. Now draw three days."), "info")
            return redirect(url_for("calendar_check.check") + "#draw")
    return render_check(DrawForm(formdata=None), wish_form=form), 422


def render_check(form: DrawForm, wish_form: SplitForm | None = None) -> str:
    """The page, with the leader's latest draws."""
    me = current_actor().person_id
    calendar = journal().calendar_of(me)
    checks = journal().read.meetings.checks(me)
    latest = checks[0] if checks else None
    return render_template(
        "leader/calendar_check.html",
        form=form,
        wish_form=wish_form or SplitForm(formdata=None, data=split_data(calendar.split)),
        wished=calendar.priorities_set,
        split=calendar.split,
        categories=CATEGORIES,
        groups=tuple(GROUPS),
        pattern=CONTROLLER_PATTERN,
        check_hours=CHECK_MINUTES // 60,
        latest=latest,
        earlier=checks[1:],
        chart=check_chart(latest) if latest and latest.minutes else None,
    )


def split_data(split: dict[str, int]) -> dict[str, int]:
    """A split as the form's fields."""
    return {f"split_{category}": share for category, share in split.items()}


def check_chart(drawn: CalendarCheck) -> Markup:
    """The days' split, the wish and the controller pattern, per group, as grouped bars."""
    chart = new_chart(
        pygal.Bar,
        _("Three days against your wish and the controller pattern, in percent"),
        x_labels=[label(group) for group in GROUPS],
        range=(0, 100),
        width=640,
        height=340,
        truncate_label=-1,
    )
    found, wished = drawn.found_shares, drawn.wish_shares
    chart.add(_("Your three days"), [found[group] for group in GROUPS])
    chart.add(_("Your wish"), [wished[group] for group in GROUPS])
    chart.add(_("Controller pattern"), [CONTROLLER_PATTERN[group] for group in GROUPS])
    return render(chart)
