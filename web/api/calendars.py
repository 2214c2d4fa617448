"""A leader's own calendar: import an export (Outlook, Google), list the meetings it brought
with the rule behind each category, change a meeting's (or a series') category and the words
that sort titles, and run the calendar check (three random working days)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import marshmallow as ma
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import fields, validate

from journal.commands import CalendarImport
from journal.commands.meetings import LastImport
from journal.domain import limits
from journal.domain.calendar_check import CONTROLLER_PATTERN, GROUPS, CalendarCheck
from journal.domain.leadership import CATEGORIES
from journal.domain.meeting_records import DRAWN_DAYS
from journal.domain.windows import CHECK_MINUTES
from journal.projections.meetings import MeetingRow
from journal.read.keywords import meeting_keywords
from web.api.leaders import PeriodReport, PeriodReportSchema, ReportArgs, readable_leader
from web.auth import current_actor, journal
from web.permissions import leader_in_view

blp = Blueprint(
    "calendars",
    __name__,
    url_prefix="/api/v1",
    description="A leader's meetings, imported from their own calendar.",
)


class CalendarFileSchema(ma.Schema):
    """The export to import."""

    file = Upload(
        required=True,
        metadata={
            "description": f"an iCalendar (.ics) export, at most "
            f"{limits.CALENDAR_FILE_BYTES // 1_000_000} MB"
        },
    )


class ImportPeriodSchema(ma.Schema):
    """The days to import (inclusive; the last four weeks by default), and what to allow."""

    start = fields.Date(data_key="from")
    end = fields.Date(data_key="to")
    dry_run = fields.Boolean(
        load_default=False,
        metadata={"description": "say what the import would change, and write nothing"},
    )
    withdraw_most = fields.Boolean(
        load_default=False,
        metadata={
            "description": "allow withdrawing more than half of the meetings already imported "
            "for the days the file covers (otherwise that is refused, 422 on withdraw_most)"
        },
    )


class SkippedSchema(ma.Schema):
    """An item of the file that could not be read, and why."""

    item = fields.String(required=True)
    reason = fields.String(required=True)


class ImportResultSchema(ma.Schema):
    """What the import read and changed (in a dry run, would change) over the days the
    file's meetings cover: only those days' meetings are replaced."""

    start = fields.Date(data_key="from", required=True)
    end = fields.Date(data_key="to", required=True)
    dry_run = fields.Boolean(required=True)
    imported = fields.Integer(required=True, attribute="summary.imported")
    corrected = fields.Integer(required=True, attribute="summary.corrected")
    withdrawn = fields.Integer(required=True, attribute="summary.withdrawn")
    unchanged = fields.Integer(required=True, attribute="summary.unchanged")
    skipped = fields.List(fields.Nested(SkippedSchema), required=True)


class MeetingSchema(ma.Schema):
    """One imported meeting: when, what it counts for, and the rule that decided it."""

    key = fields.String(required=True, metadata={"description": "stable across exports"})
    series = fields.String(allow_none=True, metadata={"description": "the series' UID"})
    title = fields.String(required=True)
    attendees = fields.Function(lambda row: len(row.attendees), metadata={"type": "integer"})
    day = fields.Date(required=True)
    start = fields.AwareDateTime(required=True)
    end = fields.AwareDateTime(required=True)
    minutes = fields.Integer(required=True, metadata={"description": "counted (overlaps once)"})
    left_out = fields.String(
        allow_none=True,
        validate=validate.OneOf(
            ("cancelled", "free", "all day", f"over {limits.MEETING_HOURS} hours", "declined")
        ),
    )
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    rule = fields.String(required=True)


class MeetingsSchema(PeriodReportSchema):
    """The leader's imported meetings in the period, in the order they start."""

    items = fields.List(fields.Nested(MeetingSchema), required=True)


class CategoryChoiceSchema(ma.Schema):
    """The leader's category for a meeting; for a recurring meeting, for its whole series."""

    key = fields.String(required=True, validate=validate.Length(min=1, max=400))
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))


class CategoryChangedSchema(ma.Schema):
    """How many imported meetings the choice recategorised."""

    changed = fields.Integer(required=True)


@blp.route("/leaders/<uuid:leader_id>/calendar-imports", methods=["POST"])
@blp.arguments(CalendarFileSchema, location="files")
@blp.arguments(ImportPeriodSchema, location="form")
@blp.response(200, ImportResultSchema)
@blp.alt_response(403, description="only the leader imports their own calendar")
@blp.alt_response(404, description="no such leader in the caller's view")
@blp.alt_response(422, description="not iCalendar, too big, nothing in the period, or bad dates")
def import_calendar(
    files: dict[str, Any], period: dict[str, Any], leader_id: UUID
) -> CalendarImport:
    """Import the leader's meetings from a calendar export; unchanged meetings write nothing."""
    actor = current_actor()
    leader_in_view(actor, leader_id, write=True)
    data = files["file"].read(limits.CALENDAR_FILE_BYTES + 1)
    return journal().import_calendar(leader_id, data, **period, recorded_by=actor.person_id)


class UndoneImportSchema(ma.Schema):
    """The import that was undone: its days and what it had done."""

    start = fields.Date(data_key="from", required=True, attribute="event.period_start")
    end = fields.Date(data_key="to", required=True, attribute="event.period_end")
    imported = fields.Integer(required=True, attribute="event.imported")
    corrected = fields.Integer(required=True, attribute="event.corrected")
    withdrawn = fields.Integer(required=True, attribute="event.withdrawn")


@blp.route("/leaders/<uuid:leader_id>/calendar-imports/undo", methods=["POST"])
@blp.response(200, UndoneImportSchema)
@blp.alt_response(403, description="only the leader undoes their own import")
@blp.alt_response(404, description="no such leader in the caller's view")
@blp.alt_response(422, description="there is no import to undo")
def undo_import(leader_id: UUID) -> LastImport:
    """Undo the leader's newest import: every meeting it brought, changed or withdrew is
    put back as it was, by new events; the import stays in the history."""
    actor = current_actor()
    leader_in_view(actor, leader_id, write=True)
    return journal().undo_calendar_import(leader_id, recorded_by=actor.person_id)


@blp.route("/leaders/<uuid:leader_id>/meetings")
@blp.arguments(ReportArgs, location="query")
@blp.response(200, MeetingsSchema)
@blp.alt_response(403, description="an admin does not read a leader's journal")
@blp.alt_response(404, description="no such leader in the caller's view")
@blp.alt_response(422, description="a date is not valid, or to is before from")
def meetings(args: dict[str, Any], leader_id: UUID) -> PeriodReport:
    """The leader's imported meetings in the period (the last four weeks by default)."""
    rows: list[MeetingRow] = journal().read.meetings.for_leader(
        readable_leader(leader_id), args["start"], args["end"]
    )
    return PeriodReport(args["start"], args["end"], {"items": rows})


@blp.route("/leaders/<uuid:leader_id>/meeting-categories", methods=["POST"])
@blp.arguments(CategoryChoiceSchema)
@blp.response(200, CategoryChangedSchema)
@blp.alt_response(403, description="only the leader chooses their own categories")
@blp.alt_response(404, description="no such leader in the caller's view")
@blp.alt_response(422, description="no imported meeting with that key, or an unknown category")
def choose_category(body: dict[str, Any], leader_id: UUID) -> dict[str, int]:
    """Choose a meeting's category; for a recurring meeting it applies to the whole series and
    to later imports."""
    actor = current_actor()
    leader_in_view(actor, leader_id, write=True)
    changed = journal().choose_meeting_category(
        leader_id, body["key"], body["category"], recorded_by=actor.person_id
    )
    return {"changed": changed}


def words_field(category: str) -> fields.List:
    """A category's words: each at most ``limits.KEYWORD`` characters."""
    return fields.List(
        fields.String(validate=validate.Length(min=1, max=limits.KEYWORD)),
        validate=validate.Length(max=limits.KEYWORDS),
        metadata={"description": f"words in a title that make it {category}"},
    )


class KeywordsSchema(ma.Schema):
    """The words per category that sort meeting titles (any case, Danish or English); a
    category left out has no words."""

    planning = words_field("planning")
    reporting = words_field("reporting")
    follow_up = words_field("follow_up")
    people = words_field("people")
    other = words_field("other")


@blp.route("/leaders/<uuid:leader_id>/meeting-keywords")
@blp.response(200, KeywordsSchema)
@blp.alt_response(403, description="an admin does not read a leader's journal")
@blp.alt_response(404, description="no such leader in the caller's view")
def keywords(leader_id: UUID) -> dict[str, list[str]]:
    """The words the leader's next import sorts titles by (the defaults until they edit)."""
    return meeting_keywords(journal(), readable_leader(leader_id))


@blp.route("/leaders/<uuid:leader_id>/meeting-keywords", methods=["PUT"])
@blp.arguments(KeywordsSchema)
@blp.response(200, KeywordsSchema)
@blp.alt_response(403, description="only the leader sets their own words")
@blp.alt_response(404, description="no such leader in the caller's view")
@blp.alt_response(422, description="a word is too long, too many words, or nothing changed")
def set_keywords(body: dict[str, list[str]], leader_id: UUID) -> dict[str, list[str]]:
    """Replace the leader's words per category; they sort titles from the next import."""
    actor = current_actor()
    leader_in_view(actor, leader_id, write=True)
    journal().set_meeting_keywords(leader_id, body, recorded_by=actor.person_id)
    return meeting_keywords(journal(), leader_id)


def shares_field(attribute: str, description: str) -> fields.Dict:
    """Whole percentages per group of the article's test."""
    return fields.Dict(
        attribute=attribute,
        keys=fields.String(validate=validate.OneOf(tuple(GROUPS))),
        values=fields.Integer(),
        required=True,
        metadata={"description": description},
    )


class CalendarCheckSchema(ma.Schema):
    """One draw of the calendar check: the days, what they held, the wish in force, and the
    split they look like."""

    drawn_at = fields.AwareDateTime(required=True)
    drawn_by = fields.UUID(required=True)
    start = fields.Date(data_key="from", required=True, attribute="period_start")
    end = fields.Date(data_key="to", required=True, attribute="period_end")
    days = fields.List(fields.Date(), required=True)
    minutes = fields.Dict(
        keys=fields.String(validate=validate.OneOf(CATEGORIES)),
        values=fields.Integer(),
        required=True,
        attribute="found",
        metadata={"description": "counted minutes per category over the drawn days"},
    )
    wish = fields.Dict(
        keys=fields.String(validate=validate.OneOf(CATEGORIES)),
        values=fields.Integer(),
        required=True,
        metadata={"description": "the split (percent per category) the leader wished for"},
    )
    shares = shares_field("found_shares", "the drawn days' split by the article's groups")
    wish_shares = shares_field("wish_shares", "the wished split by the same groups")
    controller_pattern = fields.Function(
        lambda _check: CONTROLLER_PATTERN,
        metadata={"description": "the article's controller split, 60/25/15"},
    )
    looks_like = fields.String(
        required=True,
        validate=validate.OneOf(("wish", "controller", "too_little", "none")),
        metadata={
            "description": "the split the days are nearer to, in percentage points; "
            f"too_little under {CHECK_MINUTES // 60} hours of meetings on the drawn days"
        },
    )


class CalendarChecksSchema(ma.Schema):
    """The leader's latest draws, newest first."""

    items = fields.List(fields.Nested(CalendarCheckSchema), required=True)


class DrawSchema(ma.Schema):
    """The days to draw from (inclusive); the last four weeks by default."""

    start = fields.Date(data_key="from")
    end = fields.Date(data_key="to")


@blp.route("/leaders/<uuid:leader_id>/calendar-checks")
@blp.response(200, CalendarChecksSchema)
@blp.alt_response(403, description="an admin does not read a leader's journal")
@blp.alt_response(404, description="no such leader in the caller's view")
def checks(leader_id: UUID) -> dict[str, list[CalendarCheck]]:
    """The leader's ten latest calendar checks, newest first."""
    return {"items": journal().read.meetings.checks(readable_leader(leader_id))}


@blp.route("/leaders/<uuid:leader_id>/calendar-checks", methods=["POST"])
@blp.arguments(DrawSchema)
@blp.response(201, CalendarCheckSchema)
@blp.alt_response(403, description="only the leader checks their own calendar")
@blp.alt_response(404, description="no such leader in the caller's view")
@blp.alt_response(
    422, description=f"nothing imported, or fewer than {DRAWN_DAYS} working days with meetings"
)
def draw(body: dict[str, Any], leader_id: UUID) -> CalendarCheck:
    """Draw three random working days with meetings from the period and compare their split
    with the leader's wish and the controller pattern; the draw is recorded."""
    actor = current_actor()
    leader_in_view(actor, leader_id, write=True)
    return journal().draw_calendar_days(leader_id, **body, recorded_by=actor.person_id)
