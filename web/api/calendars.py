"""A leader's own calendar: import an export (Outlook, Google), list the meetings it brought
with the rule behind each category, and change a meeting's (or a series') category."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import marshmallow as ma
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import fields, validate

from journal.application import CalendarImport
from journal.domain import limits
from journal.domain.leadership import CATEGORIES
from journal.projections.meetings import MeetingRow
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
    """The days to import (inclusive); the last four weeks by default."""

    start = fields.Date(data_key="from")
    end = fields.Date(data_key="to")


class SkippedSchema(ma.Schema):
    """An item of the file that could not be read, and why."""

    item = fields.String(required=True)
    reason = fields.String(required=True)


class ImportResultSchema(ma.Schema):
    """What the import read and changed."""

    start = fields.Date(data_key="from", required=True)
    end = fields.Date(data_key="to", required=True)
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


@blp.route("/leaders/<uuid:leader_id>/meetings")
@blp.arguments(ReportArgs, location="query")
@blp.response(200, MeetingsSchema)
@blp.alt_response(403, description="an admin does not read a leader's journal")
@blp.alt_response(404, description="no such leader in the caller's view")
@blp.alt_response(422, description="a date is not valid, or to is before from")
def meetings(args: dict[str, Any], leader_id: UUID) -> PeriodReport:
    """The leader's imported meetings in the period (the last 30 days by default)."""
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
