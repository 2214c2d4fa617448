"""The leader's own pages: the team, their time log, their priorities, their coaching log.

The home page answers the article's quick test: over the last four weeks, did the
leader's time go to their people (a coach) or to plans and reports (a controller)?
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup

from journal import clock
from journal.domain.coaching import KINDS
from journal.domain.leadership import CATEGORIES
from journal.domain.windows import (
    CUSTOMER_DAYS,
    VERDICT_DAYS,
    VERDICT_MINUTES,
    last_four_weeks,
    next_month,
)
from journal.errors import DomainError
from journal.projections.calendar_audit import CalendarAuditReport
from journal.read import leader_logs, records
from journal.read.digest import digest_for
from web.auth import current_actor, journal
from web.labels import label
from web.permissions import leader_pages
from web.ui.charts import new_chart, pygal, render
from web.ui.forms import (
    MINUTE,
    GroupSessionForm,
    PrioritiesForm,
    RetractForm,
    TimeEntryForm,
    lines,
    show_domain_error,
    text,
)
from web.ui.local_time import local_today, start_of_day, wall_clock
from web.ui.loop import leader_loop
from web.ui.submitting import submitted

bp = Blueprint("leader", __name__)

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


leader_pages(bp)


# -- home: the team and the calendar audit ------------------------------------------------


@bp.route("/leader")
def home() -> Any:
    """The team with its rhythm, NPS and open tasks; the last four weeks' calendar audit."""
    me = current_actor().person_id
    read = journal().read
    now = clock.now()
    team = read.people.list(role="employee", leader_id=me, active_only=True)
    today = local_today()
    start, end = last_four_weeks(today)
    audit = read.calendar_audit.for_leader(me, start, end + timedelta(days=1))
    since, until = now - timedelta(days=CUSTOMER_DAYS), now + timedelta(seconds=1)
    cadence = read.cadence.for_leader(me, now)
    leader = read.people.get(me)
    assert leader is not None  # a signed-in leader is in the directory
    return render_template(
        "leader/home.html",
        team=team,
        cadence={row.employee_id: row for row in cadence},
        digest=digest_for(journal(), leader, now, cadence),
        mailed=bool(current_app.config["SMTP_URL"]),
        nps=read.nps.for_employees([p.person_id for p in team], since, until),
        open_tasks=read.task_board.open_counts(me),
        audit=audit,
        verdict_hours=VERDICT_MINUTES // 60,
        verdict_days=VERDICT_DAYS,
        categories=CATEGORIES,
        chart=audit_chart(audit) if audit.total_minutes else None,
        unlogged=records.unlogged_one_to_ones(journal(), me, *last_four_weeks(today)),
        local_input=lambda moment: wall_clock(moment).strftime(MINUTE),
        coaching_loop=leader_loop(me),
        now=now,
    )


def audit_chart(audit: CalendarAuditReport) -> Markup:
    """Actual against target share of time per category, as grouped bars."""
    chart = new_chart(
        pygal.Bar,
        _("My time in the last 4 weeks, in percent: actual and target share"),
        x_labels=[label(c) for c in CATEGORIES],
        range=(0, 100),
        width=560,
        height=340,
    )
    chart.add(_("Actual share"), [audit.actual_percent[c] for c in CATEGORIES])
    chart.add(_("Target share"), [audit.target_percent[c] for c in CATEGORIES])
    return render(chart)


# -- the time log: a form and one ISO week -------------------------------------------------


def week_of(day: date) -> str:
    """A day's ISO week, as ``2026-W47``."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(week: str | None) -> date:
    """The Monday of ``?week=2026-W47``, or of this week when absent or not a week."""
    match = _WEEK.match(week or "")
    if match:
        try:
            return date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            pass
    today = local_today()
    return today - timedelta(days=today.weekday())


@bp.route("/leader/time", methods=["GET", "POST"])
def time_log() -> Any:
    """Log minutes spent on a category, and see one week's time per category per day."""
    me = current_actor().person_id
    form = TimeEntryForm()
    if form.validate_on_submit():
        try:
            journal().log_time(
                me,
                on=form.on.data,
                minutes=form.minutes.data,
                category=form.category.data,
                note=text(form.note.data),
                recorded_by=me,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(
                _(
                    "%(minutes)s minutes of %(category)s logged for %(day)s.",
                    minutes=form.minutes.data,
                    category=label(form.category.data),
                    day=format_date(form.on.data),
                ),
                "info",
            )
            return redirect(url_for("leader.time_log", week=week_of(form.on.data)))
    monday = monday_of(request.args.get("week"))
    week = leader_logs.time_week(journal(), me, monday)
    html = render_template(
        "leader/time.html",
        form=form,
        days=week.days,
        categories=CATEGORIES,
        totals=week.totals,
        week=week_of(monday),
        previous_week=week_of(monday - timedelta(days=7)),
        next_week=week_of(monday + timedelta(days=7))
        if monday + timedelta(days=7) <= local_today()
        else None,
        is_current=monday <= local_today() < monday + timedelta(days=7),
    )
    return html, 422 if request.method == "POST" else 200


# -- priorities ------------------------------------------------------------------------------


@bp.route("/leader/priorities", methods=["GET", "POST"])
def priorities() -> Any:
    """The target time split, coaching cadence and focus areas: see and change them."""
    me = current_actor().person_id
    calendar = journal().calendar_of(me)
    form = PrioritiesForm(data=PrioritiesForm.current(calendar))

    def page() -> str:
        return render_template(
            "leader/priorities.html", form=form, calendar=calendar, categories=CATEGORIES
        )

    return submitted(
        form,
        lambda: journal().set_priorities(
            me,
            split=form.split(),
            one_to_one_every_days=form.one_to_one_every_days.data,
            walk_and_talk_every_days=form.walk_and_talk_every_days.data,
            focus_areas=lines(form.focus_areas.data),
            recorded_by=me,
        ),
        done=lambda: _("Your priorities are saved."),
        then=lambda: url_for("leader.priorities"),
        failed=lambda: (page(), 422 if request.method == "POST" else 200),
    )


# -- the coaching log, by month ---------------------------------------------------------------


def first_of(month: str | None) -> date:
    """The first day of ``?month=2026-11``, or of this month when absent or not a month."""
    match = _MONTH.match(month or "")
    if match and 1 <= int(match[2]) <= 12 and int(match[1]) >= 1:
        return date(int(match[1]), int(match[2]), 1)
    return local_today().replace(day=1)


@bp.route("/leader/coaching-log")
def coaching_log() -> Any:
    """The leader's conversations in one month: per kind, per team member, one by one."""
    return render_coaching_log(first_of(request.args.get("month")))


def render_coaching_log(first: date, group_form: GroupSessionForm | None = None) -> str:
    """The coaching log of the month that starts on ``first``, with the form for a group
    session (``group_form`` when it was refused)."""
    me = current_actor().person_id
    after = next_month(first)
    month = leader_logs.coaching_month(journal(), me, start_of_day(first), start_of_day(after))
    report = month.report
    group_form = group_form or team_form(GroupSessionForm(prefix="group"))
    return render_template(
        "leader/coaching_log.html",
        report=report,
        kinds=KINDS,
        minutes=month.minutes,
        team_ids=month.team_ids,
        people=month.people,
        month=first,
        previous_month=(first - timedelta(days=1)).strftime("%Y-%m"),
        next_month=after.strftime("%Y-%m") if after <= local_today() else None,
        chart=coaching_chart(report.per_kind, first) if report.interactions else None,
        group_form=group_form,
        retract_form=RetractForm(prefix="retract"),
    )


def team_form(form: GroupSessionForm) -> GroupSessionForm:
    """The group form with the leader's active team to choose from."""
    team = journal().read.people.list(
        role="employee", leader_id=current_actor().person_id, active_only=True
    )
    form.employee_ids.choices = [(str(p.person_id), p.name) for p in team]
    return form


def coaching_chart(per_kind: dict[str, int], month: date) -> Markup:
    """Conversations per kind in the month, as bars."""
    chart = new_chart(
        pygal.HorizontalBar,
        (
            _("Conversations in %(month)s so far", month=format_date(month, "MMMM yyyy"))
            if (month.year, month.month) == (local_today().year, local_today().month)
            else _("Conversations in %(month)s", month=format_date(month, "MMMM yyyy"))
        ),
        # A horizontal chart draws its first label at the bottom: reverse to read top-down.
        x_labels=[label(k) for k in reversed(KINDS)],
        show_legend=False,
        width=560,
        height=300,
        print_values=True,
        min_scale=1,
        truncate_label=-1,
    )
    chart.add(_("Conversations"), [per_kind[k] for k in reversed(KINDS)])
    return render(chart)
