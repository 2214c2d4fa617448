"""What the auditor's pages share: query forms, local times, and the log's redaction.

Private notes are read only on a record page, where each read is recorded; everywhere
else (the event log, the changes between two moments) they are replaced by a pointer to
that page. Password hashes are never redacted_data at all.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, ClassVar
from uuid import UUID

from flask import request
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import (
    DateField,
    DateTimeLocalField,
    Form,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import Select

import journal.domain
from journal.domain.base import JournalAggregate
from journal.domain.windows import AUDIT_DAYS
from journal.projections.people import PersonRow
from journal.read.history import withhold
from web.ui.event_words import coded_value, key_name
from web.ui.kept import Kept
from web.ui.local_time import start_of_day

# Events that create a stream: their data is a new record, redacted_data as added rows.
CREATIONS = (
    "Person.Registered", "Account.Opened", "Interaction.Logged", "Feedback.Recorded",
    "Task.Assigned", "LeaderCalendar.Opened", "NotesAccess.PrivateNotesRead",
)  # fmt: skip


class Redacted:
    """A value the log does not show; the template says why and where to read it."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __bool__(self) -> bool:
        return True

    def __str__(self) -> str:
        return f"[{self.reason}]"


def redact(data: Any) -> Any:
    """The event data with private notes and password hashes replaced, at any depth."""
    return withhold(data, Redacted)


@functools.cache
def event_classes() -> list[type[JournalAggregate.Event]]:
    """Every event class of the journal's aggregates (journal/domain/), found once."""
    found: list[type[JournalAggregate.Event]] = []
    for module_info in pkgutil.iter_modules(journal.domain.__path__):
        module = importlib.import_module(f"journal.domain.{module_info.name}")
        for aggregate in vars(module).values():
            if not (inspect.isclass(aggregate) and issubclass(aggregate, JournalAggregate)):
                continue
            if aggregate is JournalAggregate or aggregate.__module__ != module.__name__:
                continue
            for kind in vars(aggregate).values():
                if (
                    inspect.isclass(kind)
                    and issubclass(kind, JournalAggregate.Event)
                    and kind.__name__ not in ("Event", "Created")
                ):
                    found.append(kind)
    return found


@functools.cache
def event_types() -> list[str]:
    """Every event type the journal records, e.g. ``Interaction.Corrected``."""
    return sorted(kind.__qualname__ for kind in event_classes())


#: What every event carries that is not its data.
BOOKKEEPING = {"originator_id", "originator_version", "timestamp", "originator_id_type",
               "originator_topic", "personal_data", "class_version"}  # fmt: skip


def fields_of(kind: type) -> set[str]:
    """The data fields an event class declares."""
    declared: set[str] = set()
    for cls in kind.__mro__:
        declared |= set(getattr(cls, "__annotations__", {}))
    return {name for name in declared if not name.startswith("_")} - BOOKKEEPING


def person_choices(rows: list[PersonRow], blank: str) -> list[SelectChoice]:
    """Select options for people, each with their role, after a blank first option."""
    from web.labels import label

    roles = {role: label(role) for role in {p.role for p in rows}}  # translated once each
    return [SelectChoice("", blank)] + [
        SelectChoice(str(p.person_id), f"{p.name} ({roles[p.role]})") for p in rows
    ]


class RememberedSelect(Select):
    """wtforms' select, its markup kept for the same options, choice and attributes.

    The audit pages choose among everyone the journal knows: hundreds of options, each
    escaped and formatted anew on every page, were most of the event log's time. The key
    holds everything the markup shows, so a changed name or choice draws it again.
    """

    kept: ClassVar[Kept] = Kept(64)

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        options = tuple(
            (value, str(label), selected, tuple(sorted((render_kw or {}).items())))
            for value, label, selected, render_kw in field._iter_choices_normalized()
        )
        attributes = tuple(sorted((k, str(v)) for k, v in kwargs.items()))
        key = (field.id, field.name, options, attributes, bool(field.flags.required))
        return self.kept.get(key, lambda: super(RememberedSelect, self).__call__(field, **kwargs))


def selected_uuid(field: SelectField) -> UUID | None:
    """The UUID chosen in a select of people, or None."""
    return UUID(field.data) if field.data else None


class QueryForm(Form):
    """A form read from the query string (a GET changes nothing, so no CSRF token)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(request.args, **kwargs)

    @property
    def submitted(self) -> bool:
        """Whether the reader has asked for something yet."""
        return bool(request.args)


class EventLogForm(QueryForm):
    """Filters of the event log."""

    person = SelectField(
        _l("About person"), validate_choice=True, default="", widget=RememberedSelect()
    )
    event_type = SelectField(_l("Event type"), validate_choice=True, default="")
    recorded_by = SelectField(
        _l("Recorded by"), validate_choice=True, default="", widget=RememberedSelect()
    )
    since = DateTimeLocalField(_l("Recorded from"), validators=[Optional()])
    until = DateTimeLocalField(_l("Recorded before"), validators=[Optional()])

    def validate_until(self, field: DateTimeLocalField) -> None:
        """The period must not end before it starts."""
        if field.data and self.since.data and field.data <= self.since.data:
            raise ValidationError(_l("Must be after the start of the period."))


#: The security trail's kinds of row, as the auditor reads them.
TRAIL_KINDS = {
    "sign_in_succeeded": _l("Signed in"),
    "sign_in_failed": _l("Sign-in failed"),
    "sign_in_refused": _l("Sign-in refused (locked)"),
    "session_started": _l("Session started"),
    "session_ended": _l("Session ended"),
    "token_issued": _l("API token issued"),
    "token_revoked": _l("API token revoked"),
    "account_disabled": _l("Account disabled"),
    "person_exported": _l("Person's data exported"),
    "person_erased": _l("Person erased"),
    "reset_asked": _l("New password asked for"),
    "reset_used": _l("New password chosen from a mailed link"),
    "invitation_sent": _l("Invitation sent"),
    "invitation_used": _l("Invitation used: account opened"),
    "link_refused": _l("A mailed link refused (used, expired or unknown)"),
    "sso_signed_in": _l("Signed in with the company account"),
    "sso_refused": _l("Company sign-in refused"),
    "hook_refused": _l("A survey tool's post refused (its signature did not hold)"),
    "sso_logged_out": _l("Signed out by the company's sign-in service"),
}

#: Why a sign-in failed or a sign-in or session ended, as the auditor reads it.
TRAIL_REASONS = {
    "unknown_username": _l("no such username"),
    "wrong_password": _l("wrong password"),
    "cannot_sign_in": _l("account disabled or person inactive"),
    "locked": _l("too many failed sign-ins"),
    "signed_out": _l("signed out"),
    "password_changed": _l("the holder changed the password"),
    "all": _l("all of the account's, when it was disabled or erased"),
}


class SecurityTrailForm(QueryForm):
    """Filters of the security trail."""

    kind = SelectField(_l("What happened"), validate_choice=True, default="")
    who = StringField(
        _l("Username or address"), validators=[Optional(), Length(max=250)], default=""
    )
    since = DateTimeLocalField(_l("From"), validators=[Optional()])
    until = DateTimeLocalField(_l("Before"), validators=[Optional()])

    def validate_until(self, field: DateTimeLocalField) -> None:
        """The period must not end before it starts."""
        if field.data and self.since.data and field.data <= self.since.data:
            raise ValidationError(_l("Must be after the start of the period."))


class TimeTravelForm(QueryForm):
    """A person and the two moments to read their record at."""

    person = SelectField(_l("Person"), validate_choice=True, default="", widget=RememberedSelect())
    as_of = DateTimeLocalField(_l("As of (what had happened by then)"), validators=[Optional()])
    known_at = DateTimeLocalField(
        _l("Known at (what the journal had been told by then)"), validators=[Optional()]
    )
    purpose = StringField(
        _l("Why you read the private notes"),
        validators=[Optional(), Length(max=500)],
        default="",
    )


class ChangesForm(QueryForm):
    """A person and the days whose recorded events to compare."""

    person = SelectField(_l("Person"), validate_choice=True, default="", widget=RememberedSelect())
    since = DateField(_l("From day"), validators=[Optional()])
    until = DateField(_l("To day (included)"), validators=[Optional()])

    def validate_until(self, field: DateField) -> None:
        """The period must not end before it starts."""
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("Must be on or after the first day."))

    def period(self, today: date) -> tuple[datetime, datetime]:
        """``[since, until)`` as moments; the last AUDIT_DAYS (30) by default."""
        until = self.until.data or today
        since = self.since.data or until - timedelta(days=AUDIT_DAYS)
        return start_of_day(since), start_of_day(until + timedelta(days=1))


class LeaderForm(QueryForm):
    """Which leader's priorities to show."""

    leader = SelectField(_l("Leader"), validate_choice=True, default="", widget=RememberedSelect())


@dataclass(frozen=True)
class DiffRow:
    """One field of one change: added, changed from ``old`` to ``new``, or plain data."""

    field: str
    old: Any
    new: Any
    change: str  # "added", "changed" or "data"


def diff_rows(event_type: str, data: dict[str, Any], previous: Any | None) -> list[DiffRow]:
    """The rows that show what one event changed, redacted like the log."""
    redacted_data = redact({k: v for k, v in data.items() if k != "recorded_by"})
    if event_type in CREATIONS:
        return [DiffRow(k, None, v, "added") for k, v in redacted_data.items()]
    if event_type.endswith(".Corrected"):
        rows = [
            DiffRow(name, redact({name: getattr(previous, name, None)})[name], new, "changed")
            for name, new in redacted_data.get("changes", {}).items()
        ]
        return rows + [
            DiffRow(k, None, v, "data") for k, v in redacted_data.items() if k != "changes"
        ]
    return [DiffRow(k, None, v, "data") for k, v in redacted_data.items()]


def display(value: Any, names: dict[UUID, str], record_url: Callable[[], str]) -> Markup:
    """A value of event data as safe markup: names for people, lists joined, redactions
    pointing to the record page (``record_url()``) where a read of private notes is recorded."""
    from flask_babel import gettext as _

    from web.ui.filters import day, when

    if isinstance(value, Redacted):
        if value.reason == "hidden":
            return Markup('<span class="badge">%s</span>') % _("hidden")
        return Markup('<span class="badge private">%s — <a href="%s">%s</a></span>') % (
            _("private"),
            record_url(),
            _("open the person's record"),
        )
    if isinstance(value, UUID):
        return escape(names.get(value, str(value)))
    if isinstance(value, datetime):
        return escape(when(value))
    if isinstance(value, date):
        return escape(day(value))
    if isinstance(value, dict):
        return Markup("; ").join(
            Markup("%s: %s") % (key_name(k), display(coded_value(k, v), names, record_url))
            for k, v in value.items()
        )
    if isinstance(value, list | tuple):
        return Markup(", ").join(display(v, names, record_url) for v in value)
    if value is None or value == "":
        return Markup("&mdash;")
    return escape(value)
