"""The auditor's pages: the event log, a record at any past moment, changes, priorities,
and the log's integrity (its hash chain, journal/store/chain.py).

Read-only. Private notes are shown only on the time-travel page, and each showing is
recorded as a ``NotesAccess.PrivateNotesRead`` event; the log and the changes redact them.
"""

from __future__ import annotations

import functools
import math
from datetime import timedelta
from typing import Any
from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import SelectChoice

from journal import clock
from journal.errors import NotFoundError
from journal.projections.people import PersonRow
from journal.read import records
from journal.read.history import LoggedEvent
from web.auth import current_actor, journal
from web.labels import label
from web.permissions import check_auditor, leader_in_view
from web.ui import audit_support as support
from web.ui.audit_support import (
    ChangesForm,
    EventLogForm,
    LeaderForm,
    SecurityTrailForm,
    TimeTravelForm,
)
from web.ui.charts import new_chart, pygal, render
from web.ui.csv_export import EXPORT_LIMIT, as_json, csv_response
from web.ui.event_words import coded_value, event_name, field_name
from web.ui.filters import displayed
from web.ui.local_time import aware, local_today

bp = Blueprint("auditor", __name__)

PAGE_SIZE = 50


@bp.before_request
@login_required
def auditors_only() -> None:
    """Every page here is the auditor's."""
    check_auditor(current_actor())


def page_number() -> int:
    """The ``page`` query argument, at least 1."""
    return max(1, request.args.get("page", 1, type=int) or 1)


def paging(total: int) -> tuple[int, int]:
    """(the page asked for, kept within the pages there are; how many pages ``total``
    rows make), ``PAGE_SIZE`` rows a page."""
    pages = math.ceil(total / PAGE_SIZE)
    return min(page_number(), max(1, pages)), pages


def record_url(subject_id: UUID | None) -> str:
    """Where an auditor reads a person's record, private notes included (and recorded)."""
    return url_for("auditor.time_travel", person=subject_id) if subject_id else "#"


def show(names: dict[UUID, str], subject_id: UUID | None) -> Any:
    """A template helper that displays event values about one person."""
    # The record's address is built only for a redacted value, once: most events have none.
    url = functools.cache(lambda: record_url(subject_id))
    return lambda value: support.display(value, names, url)


def event_log_form(everyone: list[PersonRow]) -> EventLogForm:
    """The event log's filters, with everyone and every event type to choose from."""
    form = EventLogForm()
    form.person.choices = support.person_choices(everyone, _("Anyone"))
    form.recorded_by.choices = support.person_choices(everyone, _("Anyone"))
    form.event_type.choices = [SelectChoice("", _("Any type"))] + sorted(
        (SelectChoice(t, event_name(t)) for t in support.event_types()),
        key=lambda choice: choice.label,
    )
    return form


def log_filters(form: EventLogForm) -> dict[str, Any]:
    """What the filters ask of the log."""
    return dict(
        subject_id=support.selected_uuid(form.person),
        event_types=[form.event_type.data] if form.event_type.data else None,
        recorded_by=support.selected_uuid(form.recorded_by),
        since=aware(form.since.data),
        until=aware(form.until.data),
    )


@bp.route("/audit/events")
def events() -> Any:
    """The event log, newest first, filtered and paged, with private notes redacted."""
    everyone = journal().read.people.list()
    form = event_log_form(everyone)
    if form.submitted and not form.validate():
        return render_template(
            "auditor/events.html",
            form=form,
            rows=[],
            total=0,
            page=1,
            pages=0,
            integrity=journal().verifications.latest(),
        ), 422
    filters = log_filters(form)
    history = journal().history
    total = history.log(**filters, limit=0).total
    page, pages = paging(total)
    # The log is stored oldest first; page 1 shows the newest events.
    end = total - (page - 1) * PAGE_SIZE
    start = max(0, end - PAGE_SIZE)
    logged = history.log(**filters, offset=start, limit=end - start).events if end > 0 else []
    names = {person.person_id: person.name for person in everyone}
    rows = [(event, support.redact(event.data)) for event in reversed(logged)]
    return render_template(
        "auditor/events.html",
        form=form,
        rows=rows,
        total=total,
        page=page,
        pages=pages,
        names=names,
        show=lambda subject_id: show(names, subject_id),
        integrity=journal().verifications.latest(),
        event_name=event_name,
        field_name=field_name,
        coded_value=coded_value,
    )


@bp.route("/audit/events.csv")
def events_csv() -> Any:
    """The filtered event log as a CSV file, newest first, private notes redacted; a cell
    a spreadsheet would read as a formula is neutralised (web/ui/csv_export.py)."""
    everyone = journal().read.people.list()
    form = event_log_form(everyone)
    if form.submitted and not form.validate():
        return render_template("error.html", code=422, title=_("The filters are not valid.")), 422
    logged = journal().history.log(**log_filters(form), limit=EXPORT_LIMIT).events
    names = {person.person_id: person.name for person in everyone}
    return csv_response(
        "event-log.csv",
        [_("Position"), _("Recorded"), _("Event"), _("Event type"), _("About"),
         _("Recorded by"), _("Data")],
        (
            [event.position, event.recorded_at.isoformat(), event_name(event.event_type),
             event.event_type, names.get(event.subject_id, "") if event.subject_id else "",
             names.get(event.recorded_by, "") if event.recorded_by else "",
             as_json(support.redact(event.data))]
            for event in reversed(logged)
        ),
    )  # fmt: skip


@bp.route("/audit/security")
def security() -> Any:
    """The security trail: sign-ins, sessions, tokens, disabled accounts, exports and
    erasures, newest first, filtered and paged (journal/security/trail.py)."""
    form = SecurityTrailForm()
    form.kind.choices = [SelectChoice("", _("Anything"))] + [
        SelectChoice(kind, str(label)) for kind, label in support.TRAIL_KINDS.items()
    ]
    context: dict[str, Any] = dict(form=form, rows=[], total=0, page=1, pages=0, names={})
    if form.submitted and not form.validate():
        return render_template("auditor/security.html", **context), 422
    trail = journal().trail
    filters: dict[str, Any] = dict(
        kinds=[form.kind.data] if form.kind.data else None,
        who=form.who.data or None,
        since=aware(form.since.data),
        until=aware(form.until.data),
    )
    total = trail.page(**filters, limit=0)[1]
    page, pages = paging(total)
    rows, _total = trail.page(**filters, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    context.update(
        rows=rows,
        total=total,
        page=page,
        pages=pages,
        names=trail_names(rows),
        kinds=support.TRAIL_KINDS,
        reasons=support.TRAIL_REASONS,
        check=trail.verify(),
    )
    return render_template("auditor/security.html", **context)


def trail_names(rows: list[Any]) -> dict[UUID, str]:
    """Who the trail's ids are: people by name, accounts by their username."""
    read = journal().read
    names = {person.person_id: person.name for person in read.people.list()}
    for account_id in {row.account_id for row in rows if row.account_id}:
        account = read.accounts.get(account_id)
        names[account_id] = account.username if account else str(account_id)
    return names


def travellers() -> list[PersonRow]:
    """The people whose record an auditor can travel through: employees and leaders."""
    return [p for p in journal().read.people.list() if p.role in ("employee", "leader")]


@bp.route("/audit/time-travel")
def time_travel() -> Any:
    """An employee's record, or a leader's priorities, as of one moment and known at another."""
    form = TimeTravelForm()
    form.person.choices = support.person_choices(travellers(), _("Choose a person"))
    context: dict[str, Any] = dict(form=form, record=None, calendar=None, person=None)
    if not form.person.data:
        return render_template("auditor/time_travel.html", **context)
    if not form.validate():
        return render_template("auditor/time_travel.html", **context), 422
    actor = current_actor()
    person_id = UUID(form.person.data)
    as_of, known_at = aware(form.as_of.data), aware(form.known_at.data)
    context["person"] = person = journal().read.people.get(person_id)
    assert person is not None  # the select offers only people in the directory
    try:
        if person.role == "leader":
            leader_in_view(actor, person_id, write=False)
            context["moment"] = moment = known_at or as_of or clock.now()
            context["calendar"] = journal().history.priorities(person_id, known_at=moment)
        else:
            context["record"] = records.employee_record(
                journal(),
                person_id,
                actor.viewer,
                where="time travel",
                as_of=as_of,
                known_at=known_at,
                purpose=form.purpose.data or "",
            )
    except NotFoundError:
        name = displayed(person.name)
        form.as_of.errors = [_("%(name)s was not yet in the journal then.", name=name)]
        return render_template("auditor/time_travel.html", **context), 422
    return render_template("auditor/time_travel.html", **context)


@bp.route("/audit/changes")
def changes() -> Any:
    """What was recorded about one person between two days, as a diff."""
    form = ChangesForm()
    form.person.choices = support.person_choices(travellers(), _("Choose a person"))
    context: dict[str, Any] = dict(form=form, changes=[], person=None)
    if not form.person.data:
        return render_template("auditor/changes.html", **context)
    if not form.validate():
        return render_template("auditor/changes.html", **context), 422
    person_id = UUID(form.person.data)
    since, until = form.period(local_today())
    logged = journal().history.changes(person_id, since, until)
    names = journal().read.people.names()
    context.update(
        person=journal().read.people.get(person_id),
        since=since,
        until=until,
        changes=[(event, diff(event)) for event in logged],
        show=show(names, person_id),
        one_day=timedelta(days=1),
        names=names,
        event_name=event_name,
        field_name=field_name,
        coded_value=coded_value,
    )
    return render_template("auditor/changes.html", **context)


def diff(event: LoggedEvent) -> list[support.DiffRow]:
    """The rows of one event's change; a correction is compared with the version before it."""
    previous: Any = None
    if event.event_type.endswith(".Corrected"):
        previous = journal().history.before(event)
    return support.diff_rows(event.event_type, event.data, previous)


@bp.route("/audit/priorities")
def priorities() -> Any:
    """A leader's priority changes: a chart of the target split and a table of who and when."""
    leaders = journal().read.people.list(role="leader")
    form = LeaderForm()
    form.leader.choices = support.person_choices(leaders, _("Choose a leader"))
    context: dict[str, Any] = dict(form=form, leader=None, history=[], chart=None)
    if not form.leader.data:
        return render_template("auditor/priorities.html", **context)
    if not form.validate():
        return render_template("auditor/priorities.html", **context), 422
    leader = leader_in_view(current_actor(), UUID(form.leader.data), write=False)
    history = journal().read.calendar_audit.priorities_history(leader.person_id)
    context.update(leader=leader, history=history, chart=priorities_chart(leader, history))
    return render_template("auditor/priorities.html", **context)


def priorities_chart(leader: PersonRow, history: list[Any]) -> Any:
    """Stacked bars of the target split per change, so each bar sums to 100%."""
    if not history:
        return None
    from web.ui.filters import day

    chart = new_chart(
        pygal.StackedBar,
        _("Target time split of %(name)s, per change", name=displayed(leader.name)),
        x_labels=[day(change.set_at, "short") for change in history],
        y_title="%",
        range=(0, 100),
        x_label_rotation=30 if len(history) > 6 else 0,
    )
    for category in history[0].split:
        chart.add(label(category), [change.split.get(category, 0) for change in history])
    return render(chart)


@bp.route("/audit/integrity", methods=["GET", "POST"])
def integrity() -> Any:
    """The last check of the log against its hash chain, and a button to check it now."""
    form = FlaskForm()
    if request.method == "POST" and form.validate_on_submit():
        report = journal().verify_log(checked_by=current_actor().person_id)
        if report is None:
            flash(_("This store keeps its events in memory and has no hash chain."), "error")
        elif report.intact:
            flash(_("Checked %(count)s events: the log is intact.", count=report.events), "info")
        else:
            flash(
                _("Checked %(count)s events: %(problems)s problems.",
                  count=report.events, problems=len(report.problems)),
                "error",
            )  # fmt: skip
        return redirect(url_for("auditor.integrity"))
    latest = journal().verifications.latest()
    names = journal().read.people.names()
    return render_template(
        "auditor/integrity.html",
        form=form,
        report=latest,
        checked_by=names.get(latest.checked_by) if latest and latest.checked_by else None,
        chained=journal().chain is not None,
    )
