"""The leader's forms: coaching, feedback, tasks, talent, passions, corrections, time, priorities.

Forms check shape (a number, a date, something filled in); the journal checks meaning,
and ``show_domain_error`` puts its message on the field it names. Date-times come from
``datetime-local`` inputs, which carry no zone: they are read in the reader's time zone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    Field,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from journal.domain import coaching, feedback, group_sessions, limits
from journal.domain.coaching import KINDS
from journal.domain.feedback import CHANNELS
from journal.domain.leadership import CATEGORIES
from journal.domain.people import PASSIONS
from journal.domain.tasks import DEFAULT_PRIORITY
from journal.errors import DomainError
from web.labels import LABELS, choices
from web.messages import in_words
from web.ui.local_time import aware, local_now, local_today, wall_clock

MINUTE = "%Y-%m-%dT%H:%M"

# Work that suits each passion ("then magic happens"): offered when assigning a task.
TASK_IDEAS: dict[str, tuple[Any, ...]] = {
    "customers": (
        _l("Ask five customers what would have made their last contact better"),
        _l("Call back three customers who gave a low score and share what you learn"),
    ),
    "product": (
        _l("Test the next release before it ships and list what will puzzle customers"),
        _l("Write a help article about a feature customers often ask about"),
    ),
    "self": (
        _l("Choose a course or skill for this month and tell the team what you learned"),
        _l("Shadow an experienced colleague for half a day"),
    ),
    "colleagues": (
        _l("Run a short knowledge-sharing session at the next team meeting"),
        _l("Be the buddy of a new colleague in their first weeks"),
    ),
}


def in_two_weeks() -> date:
    """A task's default due date."""
    return local_today() + timedelta(days=14)


def text(value: str | None) -> str:
    """A text input's value trimmed, with a browser's CRLF line ends as plain newlines."""
    return (value or "").replace("\r\n", "\n").strip()


def lines(value: str | None) -> list[str]:
    """The non-blank lines of a text area, trimmed: one item per line."""
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def task_ideas(passions: list[str]) -> list[tuple[str, int, str]]:
    """(passion, index, text) of the task ideas that suit these passions."""
    return [
        (passion, index, str(text))
        for passion in passions
        for index, text in enumerate(TASK_IDEAS.get(passion, ()))
    ]


def show_domain_error(
    form: FlaskForm,
    error: DomainError,
    fields: dict[str, str] | None = None,
    *,
    fallback: str = "form",
) -> None:
    """Put the journal's message on the field it names (``fields`` maps the journal's
    field names to the form's), else above the form, or on the first field when the
    page shows no form-wide errors (``fallback="first"``)."""
    name = (fields or {}).get(error.field, error.field)
    field = getattr(form, name, None)
    if not isinstance(field, Field) and fallback == "first":
        field = next(iter(form))
    if isinstance(field, Field):
        field.errors = [*field.errors, in_words(error)]
    else:
        form.form_errors.append(in_words(error))


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes, one per choice."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def reason_field() -> TextAreaField:
    """Corrections and retractions always say why."""
    return TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=limits.REASON)])


class CheckedByJournal(FlaskForm):
    """A form whose fields the journal's own rules check one by one as it validates, so
    every broken rule shows at once (a command stops at the first)."""

    #: The journal's check of some of the record's fields (raises DomainError); each
    #: subclass names its own, with ``values()``, the record as the journal takes it.
    journal_check: Callable[[dict[str, Any]], Any]
    values: Callable[[], dict[str, Any]]

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for name, value in self.values().items():
            field = getattr(self, name, None)
            if not isinstance(field, Field) or field.errors or value is None:
                continue
            try:
                self.journal_check({name: value})
            except DomainError as error:
                show_domain_error(self, error)
                valid = False
        return valid


class InteractionForm(CheckedByJournal):
    """A 1-to-1, walk-and-talk or other coaching interaction."""

    journal_check = staticmethod(coaching.check_fields)

    kind = SelectField(_l("Kind"), choices=choices(KINDS))
    occurred_at = DateTimeLocalField(
        _l("When"), format=MINUTE, default=local_now, validators=[InputRequired()]
    )
    minutes = IntegerField(_l("Minutes"), default=30, validators=[InputRequired()])
    shared_notes = TextAreaField(
        _l("Shared notes (the employee sees these)"), validators=[Length(max=limits.NOTES)]
    )
    private_notes = TextAreaField(
        _l(
            "Private notes (you, and auditors, whose every read is recorded and shown to"
            " the employee)"
        ),
        validators=[Length(max=limits.NOTES)],
    )
    agreed_actions = TextAreaField(_l("Agreed actions, one per line"), render_kw={"rows": 4})

    def values(self) -> dict[str, Any]:
        """The interaction as the journal takes it."""
        return {
            "kind": self.kind.data,
            "occurred_at": aware(self.occurred_at.data),
            "minutes": self.minutes.data,
            "shared_notes": text(self.shared_notes.data),
            "private_notes": text(self.private_notes.data),
            "agreed_actions": lines(self.agreed_actions.data),
        }

    @staticmethod
    def current(interaction: Any) -> dict[str, Any]:
        """An interaction's values as the form shows them."""
        return {
            "kind": interaction.kind,
            "occurred_at": wall_clock(interaction.occurred_at),
            "minutes": interaction.minutes,
            "shared_notes": interaction.shared_notes,
            "private_notes": interaction.private_notes,
            "agreed_actions": "\n".join(interaction.agreed_actions),
        }


class CorrectInteractionForm(InteractionForm):
    """An interaction's fields as they should have been, and why."""

    reason = reason_field()


class FeedbackForm(CheckedByJournal):
    """A customer's rating (0-10) and what they said."""

    journal_check = staticmethod(feedback.check_fields)

    score = IntegerField(_l("Score from 0 to 10"), validators=[InputRequired()])
    channel = SelectField(_l("Channel"), choices=choices(CHANNELS))
    received_at = DateTimeLocalField(
        _l("Received at"), format=MINUTE, default=local_now, validators=[InputRequired()]
    )
    comment = TextAreaField(_l("What the customer said"), validators=[Length(max=limits.COMMENT)])

    def values(self) -> dict[str, Any]:
        """The feedback as the journal takes it."""
        return {
            "score": self.score.data,
            "channel": self.channel.data,
            "received_at": aware(self.received_at.data),
            "comment": text(self.comment.data),
        }

    @staticmethod
    def current(feedback: Any) -> dict[str, Any]:
        """A piece of feedback's values as the form shows them."""
        return {
            "score": feedback.score,
            "channel": feedback.channel,
            "received_at": wall_clock(feedback.received_at),
            "comment": feedback.comment,
        }


class CorrectFeedbackForm(FeedbackForm):
    """A piece of feedback as it should have been, and why."""

    reason = reason_field()


class RetractForm(FlaskForm):
    """Why an entry is withdrawn."""

    reason = reason_field()


class TaskForm(FlaskForm):
    """A task for an employee, ideally one that serves their passion."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=limits.TITLE)])
    description = TextAreaField(_l("Description"), validators=[Length(max=limits.DESCRIPTION)])
    passion = SelectField(_l("Serves the passion for"), choices=choices(PASSIONS))
    due_on = DateField(_l("Due on"), default=in_two_weeks, validators=[InputRequired()])
    priority = SelectField(
        _l("Priority"),
        choices=[
            SelectChoice(1, _l("High")),
            SelectChoice(2, _l("Normal")),
            SelectChoice(3, _l("Low")),
        ],
        coerce=int,
        default=DEFAULT_PRIORITY,
    )

    def values(self) -> dict[str, Any]:
        """The task as the journal takes it."""
        return {
            "title": text(self.title.data),
            "description": text(self.description.data),
            "passion": self.passion.data,
            "due_on": self.due_on.data,
            "priority": self.priority.data,
        }


class TalentForm(FlaskForm):
    """A talent assessment, 1 (low) to 5 (high)."""

    score = SelectField(
        _l("Talent"),
        choices=[
            SelectChoice(1, _l("1 – low")),
            SelectChoice(2, "2"),
            SelectChoice(3, "3"),
            SelectChoice(4, "4"),
            SelectChoice(5, _l("5 – high")),
        ],
        coerce=int,
        default=3,
    )
    note = TextAreaField(_l("Note"), validators=[Length(max=limits.TALENT_NOTE)])
    assessed_on = DateField(_l("Assessed on"), default=local_today, validators=[InputRequired()])


class GroupSessionForm(CheckedByJournal):
    """One training or team-building with several people of the team."""

    journal_check = staticmethod(group_sessions.check_fields)

    kind = SelectField(_l("Kind"), choices=choices(group_sessions.GROUP_KINDS))
    occurred_at = DateTimeLocalField(
        _l("When"), format=MINUTE, default=local_now, validators=[InputRequired()]
    )
    minutes = IntegerField(_l("Minutes"), default=60, validators=[InputRequired()])
    employee_ids = MultiCheckboxField(_l("Who took part"), choices=[])
    shared_notes = TextAreaField(
        _l("Notes (everyone who took part sees these)"), validators=[Length(max=limits.NOTES)]
    )

    def values(self) -> dict[str, Any]:
        """The session as the journal takes it, but for who took part."""
        return {
            "kind": self.kind.data,
            "occurred_at": aware(self.occurred_at.data),
            "minutes": self.minutes.data,
            "shared_notes": text(self.shared_notes.data),
        }

    def validate_employee_ids(self, field: Field) -> None:
        if len(field.data or []) < 2:
            raise ValidationError(
                _l("Choose two or more people; log one person's as a conversation on their page.")
            )


class PassionsForm(FlaskForm):
    """What an employee is passionate about."""

    passions = MultiCheckboxField(_l("Passionate about"), choices=choices(PASSIONS))


class TimeEntryForm(FlaskForm):
    """Minutes a leader spent on one category on one day."""

    on = DateField(_l("Date"), default=local_today, validators=[InputRequired()])
    minutes = IntegerField(_l("Minutes"), validators=[InputRequired()])
    category = SelectField(_l("Category"), choices=choices(CATEGORIES))
    note = StringField(_l("Note"), validators=[Length(max=limits.TIME_NOTE)])


class SplitForm(FlaskForm):
    """A split of a leader's time: a whole percentage per category, summing to 100."""

    def split_fields(self) -> list[Field]:
        """The percentage field of each time category, in the domain's order."""
        return [getattr(self, f"split_{category}") for category in CATEGORIES]

    def split(self) -> dict[str, int]:
        """The split as the journal takes it."""
        return {category: getattr(self, f"split_{category}").data for category in CATEGORIES}


for _category in CATEGORIES:
    # One percentage per category; WTForms' metaclass picks fields set after the class.
    setattr(
        SplitForm,
        f"split_{_category}",
        IntegerField(LABELS[_category], validators=[InputRequired()]),
    )


class PrioritiesForm(SplitForm):
    """A leader's target time split, coaching cadence and focus areas."""

    one_to_one_every_days = IntegerField(
        _l("A 1-to-1 with each person every … days"), validators=[InputRequired()]
    )
    walk_and_talk_every_days = IntegerField(
        _l("A walk-and-talk with each person every … days"), validators=[InputRequired()]
    )
    focus_areas = TextAreaField(_l("Focus areas, one per line"), render_kw={"rows": 5})

    @staticmethod
    def current(calendar: Any) -> dict[str, Any]:
        """A leader's calendar as the form shows it."""
        return {
            **{f"split_{category}": calendar.split[category] for category in CATEGORIES},
            "one_to_one_every_days": calendar.one_to_one_every_days,
            "walk_and_talk_every_days": calendar.walk_and_talk_every_days,
            "focus_areas": "\n".join(calendar.focus_areas),
        }


class NewPasswordForm(FlaskForm):
    """A new password, twice (changing one's own, a reset, an invitation)."""

    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)])
    repeat = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(),
            EqualTo("new_password", message=_l("The two new passwords are not the same.")),
        ],
    )
