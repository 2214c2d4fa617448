"""The employee's page: their own development timeline, NPS trend and tasks.

An employee reads shared notes only (the timeline blanks private notes for them) and
only their own record; they start and complete the tasks they have been given.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.exceptions import NotFound
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from journal import clock
from journal.domain.windows import CUSTOMER_DAYS, month_starts, next_month
from journal.errors import DomainError
from journal.projections.nps import MonthlyNps, NpsScore
from journal.projections.task_board import BoardTask
from journal.read import privacy, records
from journal.read.history import WITHHELD
from web.auth import Actor, current_actor, journal
from web.labels import label
from web.messages import in_words
from web.permissions import check_caller_is_employee, check_task_progress
from web.ui.audit_support import display
from web.ui.charts import new_chart, pygal, render_cached
from web.ui.event_words import coded_value, event_name, field_name
from web.ui.local_time import local_today, start_of_day
from web.ui.loop import employee_loop

bp = Blueprint("employee", __name__)

PAGE_SIZE = 20
#: Completed tasks shown: the latest; the rest stay in the timeline.
CLOSED_SHOWN = 10
#: Open tasks shown at first, most urgent first; "show all" lists every one.
OPEN_SHOWN = 10
KINDS = ("interaction", "feedback", "task", "talent", "passions", "handover")


class CompleteTaskForm(FlaskForm):
    """What came of a task, to complete it."""

    outcome = TextAreaField(_l("Outcome"), validators=[DataRequired(), Length(max=2000)])


class StartTaskForm(FlaskForm):
    """Only the CSRF token: starting a task needs no more."""


def complete_form(task_id: UUID) -> CompleteTaskForm:
    """One completion form per task, prefixed so that field ids stay unique on the page."""
    return CompleteTaskForm(prefix=f"task-{task_id}")


@bp.before_request
@login_required
def employees_only() -> None:
    """Every page here is an employee's own."""
    check_caller_is_employee(current_actor())


@bp.route("/me")
def development() -> Any:
    """The employee's timeline (shared notes), NPS trend and tasks."""
    return render_development(current_actor())


def render_development(
    actor: Actor, failed: tuple[UUID, CompleteTaskForm] | None = None, status: int = 200
) -> Any:
    """The page, with a failed completion form shown with its errors."""
    kind = request.args.get("kind") if request.args.get("kind") in KINDS else None
    page = max(1, request.args.get("page", 1, type=int) or 1)
    entries = records.employee_timeline(
        journal(),
        actor.person_id,
        actor.viewer,
        where="my development",
        counted=False,  # the page links to the next one when it got one more
        entry_types=[kind] if kind else None,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE + 1,  # one more tells whether there is a next page
    ).entries
    board = journal().read.task_board.for_employee(actor.person_id, closed_limit=CLOSED_SHOWN)
    all_open = request.args.get("tasks") == "all" or failed is not None
    shown = board.open if all_open else board.open[:OPEN_SHOWN]
    forms = {task.task_id: complete_form(task.task_id) for task in shown}
    if failed:
        forms[failed[0]] = failed[1]
    trend = nps_trend(actor.person_id)
    rolling = rolling_nps(actor.person_id)
    return (
        render_template(
            "employee/development.html",
            entries=entries[:PAGE_SIZE],
            has_next=len(entries) > PAGE_SIZE,
            page=page,
            kind=kind,
            kinds=KINDS,
            board=board,
            open_tasks=shown,
            forms=forms,
            start_form=StartTaskForm(),
            trend=trend,
            month_label=month_label,
            chart=nps_chart(rolling) if any(p.nps.enough for p in rolling) else None,
            today=local_today(),
            coaching_loop=employee_loop(actor.person_id),
        ),
        status,
    )


def nps_trend(employee_id: UUID) -> list[MonthlyNps]:
    """Monthly NPS over the last 12 months, this month included."""
    now = clock.now()
    start = (now.replace(day=1) - timedelta(days=330)).replace(day=1)
    start = datetime(start.year, start.month, 1, tzinfo=now.tzinfo)
    return journal().read.nps.trend(start, now + timedelta(seconds=1), employee_id=employee_id)


@dataclass(frozen=True)
class RollingNps:
    """The NPS of the 90 days up to one moment (a month's end, or now)."""

    end: date
    nps: NpsScore
    in_progress: bool


def rolling_nps(employee_id: UUID) -> list[RollingNps]:
    """The employee's NPS over the 90 days before each month's end of the last 12 months,
    and before now for this month: a line that moves with every answer, not two dots a
    year when few answers fall in any one month."""
    now, today = clock.now(), local_today()
    followings = [next_month(first) for first in month_starts(today)]
    ends = [min(now, start_of_day(following)) for following in followings]
    scores = journal().read.nps.rolling(employee_id, ends, CUSTOMER_DAYS)
    return [
        RollingNps(min(today, following - timedelta(days=1)), score, following > today)
        for following, score in zip(followings, scores, strict=True)
    ]


def nps_chart(points: list[RollingNps]) -> Markup:
    """The rolling 90-day NPS between dashed lines for its 95 % interval; a point with too
    few answers leaves a gap, and the interval's lines are drawn only where there is one.
    Drawn once per set of figures (charts.render_cached)."""
    title = _("My NPS over the 90 days before each month's end")
    labels = tuple(
        _("%(day)s, so far", day=format_date(p.end, "d MMM")) if p.in_progress
        else format_date(p.end, "MMM yy")
        for p in points
    )  # fmt: skip
    scored = [p.nps if p.nps.enough else None for p in points]
    series = (
        (_("NPS, 90 days"), tuple(n.score if n else None for n in scored)),
        (_("95 % interval, low"), tuple(n.interval_low if n else None for n in scored)),
        (_("95 % interval, high"), tuple(n.interval_high if n else None for n in scored)),
    )

    def build() -> Any:
        chart = new_chart(
            pygal.Line, title, x_labels=list(labels), range=(-100, 100),
            allow_interruptions=True, x_label_rotation=30, height=300,
        )  # fmt: skip
        dashed = {"dasharray": "4, 4", "width": 1}
        (name, values), *bounds = series
        chart.add(name, list(values))
        for bound, bound_values in bounds:
            if any(v is not None for v in bound_values):
                chart.add(bound, list(bound_values), stroke_style=dashed, show_dots=False)
        return chart

    return render_cached(("employee rolling nps", title, labels, series), build)


def month_label(month: str) -> str:
    """``2026-03`` as the reader's short month name and year."""
    year, number = month.split("-")
    return format_date(date(int(year), int(number), 1), "MMM yyyy")


def own_open_task(actor: Actor, task_id: UUID) -> BoardTask:
    """One of the employee's open tasks, or 404."""
    board = journal().read.task_board.for_employee(actor.person_id, closed_limit=0)
    task = next((t for t in board.open if t.task_id == task_id), None)
    if task is None:
        raise NotFound(f"no open task with id {task_id}")
    check_task_progress(actor, task.leader_id, task.employee_id)
    return task


#: Where a read of someone's private notes took place, in the employee's words.
READ_PLACES = {
    "time travel": _l("the auditor's view of your record"),
    "audit record": _l("the auditor's view of your record, through the API"),
    "person page": _l("your page in the journal"),
    "API timeline": _l("your timeline, through the API"),
    "my development": _l("your development page"),
}


def read_described(context: str) -> str:
    """A recorded read's place and moments as a sentence: "the auditor's view of your
    record, as it was on 1 June 2026" rather than ``time travel as_of=2026-06-01T12:00``."""
    moments = dict(part.split("=", 1) for part in context.split() if "=" in part)
    where = " ".join(part for part in context.split() if "=" not in part)
    said = str(READ_PLACES.get(where, where))
    try:
        for name, text in (
            ("as_of", _l("%(where)s, as it was on %(day)s")),
            ("known_at", _l("%(where)s, as the journal knew it on %(day)s")),
        ):
            if name in moments:
                day = format_date(datetime.fromisoformat(moments[name]), "long")
                said = str(text) % {"where": said, "day": day}
    except ValueError:  # a context written some other way: shown as it was recorded
        return context
    return said


def without_withheld(data: dict[str, Any]) -> dict[str, Any]:
    """Event data without the fields a person does not see of their own record (their
    leader's private notes, password hashes), at the top and inside corrections."""
    kept = {k: v for k, v in data.items() if k not in WITHHELD and k != "recorded_by"}
    if isinstance(kept.get("changes"), dict):
        kept["changes"] = {k: v for k, v in kept["changes"].items() if k not in WITHHELD}
    return kept


def in_own_words(data: dict[str, Any]) -> dict[str, Any]:
    """An event about the person as My data shows it: what they may see, and where an
    auditor read their record as a sentence."""
    shown = without_withheld(data)
    if isinstance(shown.get("context"), str):
        shown["context"] = read_described(shown["context"])
    return shown


#: How many of the newest events about them My data lists.
RECENT = 30


@bp.route("/me/data")
def own_data() -> Any:
    """My data: download everything about me, and see who besides my leader read my
    record's private notes (auditors), when and where, never what."""
    actor = current_actor()
    people = {person.person_id: person for person in journal().read.people.list()}
    names = {
        person_id: _("%(name)s (%(role)s)", name=person.name, role=str(label(person.role)).lower())
        for person_id, person in people.items()
    }
    reads = privacy.record_reads(actor.person_id, journal().history)
    history = journal().history
    total = history.log(subject_id=actor.person_id, limit=0).total
    latest = history.log(
        subject_id=actor.person_id, offset=max(0, total - RECENT), limit=RECENT
    ).events
    kinds = journal().read.event_index.types_about(actor.person_id)
    me = people.get(actor.person_id)
    return render_template(
        "employee/data.html", reads=reads, names=names, described=read_described, me=me,
        account=journal().read.accounts.for_person(actor.person_id), total=total,
        kinds=sorted(((event_name(k), n) for k, n in kinds.items()), key=lambda kn: -kn[1]),
        latest=[(e, in_own_words(e.data)) for e in reversed(latest)],
        event_name=event_name, field_name=field_name, coded_value=coded_value,
        shown=lambda value: display(value, names, lambda: ""),
    )  # fmt: skip


@bp.route("/me/export")
def export_own_data() -> Any:
    """Download everything the journal holds about me that I may see, as a JSON file."""
    exported = privacy.export_own_data(journal(), current_actor().person_id)
    name = f"coaching-journal-{local_today().isoformat()}.json"
    return Response(
        json.dumps(exported, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/me/tasks/<uuid:task_id>/start", methods=["POST"])
def start_task(task_id: UUID) -> Any:
    """Mark one of the employee's tasks as started."""
    actor = current_actor()
    task = own_open_task(actor, task_id)
    try:
        journal().start_task(task.task_id, recorded_by=actor.person_id)
    except DomainError as error:
        flash(in_words(error), "error")
        return render_development(actor, status=422)
    flash(_("You started “%(title)s”.", title=task.title), "info")
    return redirect(url_for("employee.development", _anchor="tasks"))


@bp.route("/me/tasks/<uuid:task_id>/complete", methods=["POST"])
def complete_task(task_id: UUID) -> Any:
    """Mark one of the employee's tasks as completed, with its outcome."""
    actor = current_actor()
    task = own_open_task(actor, task_id)
    form = complete_form(task_id)
    if not form.validate_on_submit():
        return render_development(actor, failed=(task_id, form), status=422)
    try:
        journal().complete_task(task.task_id, form.outcome.data or "", recorded_by=actor.person_id)
    except DomainError as error:
        form.outcome.errors = [*form.outcome.errors, in_words(error)]
        return render_development(actor, failed=(task_id, form), status=422)
    flash(_("You completed “%(title)s”.", title=task.title), "info")
    return redirect(url_for("employee.development", _anchor="tasks"))
