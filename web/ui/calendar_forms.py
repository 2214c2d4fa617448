"""The forms of a leader's own calendar: an import and its confirmation, the days the
calendar check draws from, a meeting's category, and the words that sort titles."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired

from journal.domain import limits
from journal.domain.leadership import CATEGORIES
from journal.domain.windows import last_four_weeks
from web.labels import choices
from web.ui.local_time import local_today


def four_weeks_ago() -> date:
    """The first day of a calendar import by default: four weeks, today included."""
    return last_four_weeks(local_today())[0]


class CalendarImportForm(FlaskForm):
    """A calendar export to import, and the days to take from it."""

    file = FileField(
        _l("Calendar export (.ics)"),
        validators=[
            FileRequired(_l("Choose the .ics file your calendar exported.")),
            FileSize(limits.CALENDAR_FILE_BYTES, message=_l("The file is larger than 10 MB.")),
        ],
    )
    start = DateField(_l("From"), default=four_weeks_ago, validators=[InputRequired()])
    end = DateField(_l("To"), default=local_today, validators=[InputRequired()])


class ConfirmImportForm(FlaskForm):
    """The leader confirms an import they have seen the preview of."""

    withdraw_most = BooleanField(
        _l("Yes: withdraw the meetings of these days that are not in this file")
    )


class DrawForm(FlaskForm):
    """The days the calendar check draws from."""

    start = DateField(_l("From"), default=four_weeks_ago, validators=[InputRequired()])
    end = DateField(_l("To"), default=local_today, validators=[InputRequired()])


class MeetingCategoryForm(FlaskForm):
    """The leader's category for one meeting (and its series)."""

    key = HiddenField(validators=[DataRequired()])
    category = SelectField(_l("Category"), choices=choices(CATEGORIES))


class KeywordsForm(FlaskForm):
    """The leader's words per category for meeting titles, comma-separated."""

    planning = StringField(_l("Planning"))
    reporting = StringField(_l("Reporting"))
    follow_up = StringField(_l("Follow-up"))
    people = StringField(_l("People"))
    other = StringField(_l("Other"))

    def words(self) -> dict[str, list[str]]:
        """The words per category, as the journal takes them."""
        return {c: [w.strip() for w in (self[c].data or "").split(",")] for c in CATEGORIES}

    def show(self, words: dict[str, list[str]]) -> None:
        """Fill the fields with the words in force."""
        for category in CATEGORIES:
            self[category].data = ", ".join(words.get(category, []))
