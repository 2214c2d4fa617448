"""The person page: a leader's view of one team member, and the forms that write about them.

Only the employee's current leader comes here (``check_coaches``); someone outside the
leader's view gets 404. Each form posts to its own route, redirects after a success and
re-renders the page with the field errors (422) after a failure. Corrections and
retractions are for the leader who made the entry (``authored_record``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf import FlaskForm

from journal import clock
from journal.domain import limits
from journal.domain.coaching import KINDS, Interaction
from journal.domain.feedback import Feedback
from journal.domain.windows import CUSTOMER_DAYS
from journal.errors import DomainError
from journal.projections.people import PersonRow
from journal.projections.timeline import ENTRY_TYPES
from journal.read import records
from web.auth import current_actor, journal
from web.labels import label
from web.permissions import authored_record, check_coaches, visible_person
from web.ui.forms import (
    MINUTE,
    TASK_IDEAS,
    CorrectFeedbackForm,
    CorrectInteractionForm,
    FeedbackForm,
    InteractionForm,
    PassionsForm,
    RetractForm,
    TalentForm,
    TaskForm,
    show_domain_error,
    task_ideas,
    text,
)
from web.ui.local_time import local_today
from web.ui.loop import employee_loop
from web.ui.submitting import submitted

bp = Blueprint("person", __name__)

PAGE_SIZE = 20


@bp.before_request
@login_required
def signed_in() -> None:
    """Every page here needs a signed-in user; the routes check who."""


def coached_employee(person_id: UUID) -> PersonRow:
    """An employee in the signed-in leader's team: 404 if unseen, 403 if not theirs."""
    actor = current_actor()
    person = visible_person(actor, person_id)
    check_coaches(actor, person)
    return person


@bp.route("/people/<uuid:person_id>")
def show(person_id: UUID) -> Any:
    """The team member's timeline, NPS, open tasks and the leader's forms."""
    return render_person(coached_employee(person_id))


def blank_forms(person: PersonRow) -> dict[str, FlaskForm]:
    """The page's forms, unbound from any posted data; quick links may prefill some."""
    interaction = InteractionForm(formdata=None, prefix="interaction")
    if request.args.get("log") in KINDS:
        interaction.kind.data = request.args["log"]
        # From a meeting in the leader's calendar: its start and length, filled in.
        with suppress(ValueError):
            interaction.occurred_at.data = datetime.strptime(request.args.get("at", ""), MINUTE)
        minutes = request.args.get("minutes", type=int)
        if minutes is not None and 0 < minutes <= limits.INTERACTION_MINUTES:
            interaction.minutes.data = minutes
    task = TaskForm(formdata=None, prefix="task")
    passion, _sep, index = request.args.get("idea", "").partition(":")
    ideas = TASK_IDEAS.get(passion, ())
    if index.isdigit() and int(index) < len(ideas):
        task.title.data = str(ideas[int(index)])
        task.passion.data = passion
    return {
        "interaction": interaction,
        "feedback": FeedbackForm(formdata=None, prefix="feedback"),
        "task": task,
        "talent": TalentForm(formdata=None, prefix="talent"),
        "passions": PassionsForm(
            formdata=None, prefix="passions", data={"passions": person.passions}
        ),
    }


def page_url(person_id: UUID, **changes: Any) -> str:
    """The person page with the current query changed: also right after a failed POST."""
    args: dict[str, Any] = request.args.to_dict(flat=False)
    for name, value in changes.items():
        args.pop(name, None)
        if value is not None:
            args[name] = value
    return url_for("person.show", person_id=person_id, **args)


def render_person(person: PersonRow, failed: dict[str, FlaskForm] | None = None) -> Any:
    """The page; a failed form is shown with its errors, and the answer is then 422."""
    actor = current_actor()
    read = journal().read
    chosen_types = [t for t in request.args.getlist("show") if t in ENTRY_TYPES]
    include_retracted = request.args.get("retracted") == "1"
    page = max(1, request.args.get("page", 1, type=int) or 1)
    entries = records.employee_timeline(
        journal(),
        person.person_id,
        actor.viewer,
        where="person page",
        counted=False,  # the page links to the next one when it got one more
        entry_types=chosen_types or None,
        include_retracted=include_retracted,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE + 1,  # one more tells whether there is an older page
    ).entries
    now = clock.now()
    html = render_template(
        "person/show.html",
        person=person,
        entries=entries[:PAGE_SIZE],
        has_next=len(entries) > PAGE_SIZE,
        page=page,
        chosen_types=chosen_types,
        entry_types=ENTRY_TYPES,
        include_retracted=include_retracted,
        forms={**blank_forms(person), **(failed or {})},
        ideas=task_ideas(person.passions),
        nps=read.nps.for_employee(
            person.person_id, now - timedelta(days=CUSTOMER_DAYS), now + timedelta(seconds=1)
        ),
        board=read.task_board.for_employee(person.person_id, closed_limit=0),  # open ones
        today=local_today(),
        me=actor.person_id,
        page_url=lambda **changes: page_url(person.person_id, **changes),
        coaching_loop=employee_loop(person.person_id),
    )
    return html, 422 if failed else 200


def submit(
    person: PersonRow, name: str, form: FlaskForm, command: Callable[[], object], done: str
) -> Any:
    """Validate the form, run the command, then redirect with ``done`` or re-render (422)."""
    return submitted(
        form,
        command,
        done=lambda: done,
        then=lambda: url_for("person.show", person_id=person.person_id),
        failed=lambda: render_person(person, failed={name: form}),
    )


@bp.route("/people/<uuid:person_id>/interactions", methods=["POST"])
def log_interaction(person_id: UUID) -> Any:
    """Log a 1-to-1, walk-and-talk or other interaction with the team member."""
    person, me = coached_employee(person_id), current_actor().person_id
    form = InteractionForm(prefix="interaction")
    return submit(
        person,
        "interaction",
        form,
        lambda: journal().log_interaction(
            leader_id=me, employee_id=person_id, **form.values(), recorded_by=me
        ),
        _("%(kind)s with %(name)s logged.", kind=label(form.kind.data), name=person.name),
    )


@bp.route("/people/<uuid:person_id>/feedback", methods=["POST"])
def record_feedback(person_id: UUID) -> Any:
    """Record a customer's rating of the team member."""
    person, me = coached_employee(person_id), current_actor().person_id
    form = FeedbackForm(prefix="feedback")
    return submit(
        person,
        "feedback",
        form,
        lambda: journal().record_feedback(employee_id=person_id, **form.values(), recorded_by=me),
        _("Customer feedback for %(name)s recorded.", name=person.name),
    )


@bp.route("/people/<uuid:person_id>/tasks", methods=["POST"])
def assign_task(person_id: UUID) -> Any:
    """Give the team member a task."""
    person, me = coached_employee(person_id), current_actor().person_id
    form = TaskForm(prefix="task")
    return submit(
        person,
        "task",
        form,
        lambda: journal().assign_task(
            leader_id=me, employee_id=person_id, **form.values(), recorded_by=me
        ),
        _("Task “%(title)s” given to %(name)s.", title=form.title.data, name=person.name),
    )


@bp.route("/people/<uuid:person_id>/talent", methods=["POST"])
def assess_talent(person_id: UUID) -> Any:
    """Record a talent assessment of the team member."""
    person, me = coached_employee(person_id), current_actor().person_id
    form = TalentForm(prefix="talent")
    return submit(
        person,
        "talent",
        form,
        lambda: journal().assess_talent(
            person_id,
            score=form.score.data,
            note=text(form.note.data),
            assessed_on=form.assessed_on.data,
            recorded_by=me,
        ),
        _("Talent assessment of %(name)s recorded.", name=person.name),
    )


@bp.route("/people/<uuid:person_id>/passions", methods=["POST"])
def set_passions(person_id: UUID) -> Any:
    """Record what the team member is passionate about."""
    person, me = coached_employee(person_id), current_actor().person_id
    form = PassionsForm(prefix="passions")
    return submit(
        person,
        "passions",
        form,
        lambda: journal().set_passions(person_id, form.passions.data or [], recorded_by=me),
        _("Passions of %(name)s saved.", name=person.name),
    )


# -- corrections and retractions ---------------------------------------------------------

RECORDS: dict[str, Any] = {
    "interaction": (Interaction, CorrectInteractionForm, InteractionForm),
    "feedback": (Feedback, CorrectFeedbackForm, FeedbackForm),
}


def authored(what: str, record_id: UUID) -> Any:
    """The interaction or feedback, if the signed-in leader made it: 404 if unseen, else 403."""
    return authored_record(current_actor(), RECORDS[what][0], record_id, what)


def back_to(record: Any) -> Any:
    """Redirect to the person page of the record's employee."""
    return redirect(url_for("person.show", person_id=record.employee_id))


def changed_fields(form: Any, record: Any) -> dict[str, Any]:
    """The corrected values that differ from the record (times compared to the minute)."""
    changes = {}
    for name, value in form.values().items():
        old = getattr(record, name)
        if isinstance(old, datetime):
            old = old.replace(second=0, microsecond=0)
        if value != old:
            changes[name] = value
    return changes


def correct(what: str, record_id: UUID) -> Any:
    """Show a correction form prefilled with the record, or apply the correction."""
    record = authored(what, record_id)
    if record.is_retracted:
        flash(_("This entry has been retracted; it can no longer be changed."), "error")
        return back_to(record)
    form = RECORDS[what][1](data=RECORDS[what][2].current(record))
    if form.validate_on_submit():
        changes = changed_fields(form, record)
        if not changes:
            form.form_errors.append(_("Nothing differs from the entry; change a field or cancel."))
        else:
            command = getattr(journal(), f"correct_{what}")
            try:
                command(record_id, changes, form.reason.data, recorded_by=current_actor().person_id)
            except DomainError as error:
                show_domain_error(form, error)
            else:
                flash(_("The entry was corrected; the original stays in the history."), "info")
                return back_to(record)
    status = 422 if request.method == "POST" else 200
    return render_template("person/correct.html", form=form, what=what, record=record), status


def retract(what: str, record_id: UUID) -> Any:
    """Show the retraction form, or withdraw the record."""
    record = authored(what, record_id)
    if record.is_retracted:
        flash(_("This entry has already been retracted."), "error")
        return back_to(record)
    form = RetractForm()
    if form.validate_on_submit():
        command = getattr(journal(), f"retract_{what}")
        try:
            command(record_id, form.reason.data, recorded_by=current_actor().person_id)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The entry was retracted; it stays in the history."), "info")
            return back_to(record)
    status = 422 if request.method == "POST" else 200
    return render_template("person/retract.html", form=form, what=what, record=record), status


@bp.route("/interactions/<uuid:interaction_id>/correct", methods=["GET", "POST"])
def correct_interaction(interaction_id: UUID) -> Any:
    """Correct an interaction you logged, saying why."""
    return correct("interaction", interaction_id)


@bp.route("/interactions/<uuid:interaction_id>/retract", methods=["GET", "POST"])
def retract_interaction(interaction_id: UUID) -> Any:
    """Withdraw an interaction you logged, saying why."""
    return retract("interaction", interaction_id)


@bp.route("/feedback/<uuid:feedback_id>/correct", methods=["GET", "POST"])
def correct_feedback(feedback_id: UUID) -> Any:
    """Correct customer feedback you recorded, saying why."""
    return correct("feedback", feedback_id)


@bp.route("/feedback/<uuid:feedback_id>/retract", methods=["GET", "POST"])
def retract_feedback(feedback_id: UUID) -> Any:
    """Withdraw customer feedback you recorded, saying why."""
    return retract("feedback", feedback_id)
