"""A leader's own time and priorities, and their reports: coaching log, cadence, calendar, NPS.

The leader writes their own; the leader and auditors read (``leader_in_view``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import marshmallow as ma
from flask_smorest import Blueprint
from marshmallow import fields, validate

from journal import clock
from journal.domain import limits
from journal.domain.leadership import CATEGORIES, LeaderCalendar
from journal.domain.windows import (
    NEAR_TARGET_POINTS,
    ONE_TO_ONE_EVERY_DAYS,
    VERDICT_DAYS,
    VERDICT_MINUTES,
    WALK_AND_TALK_EVERY_DAYS,
    last_four_weeks,
)
from journal.projections.nps import MIN_ANSWERS
from web.api.schemas import CreatedSchema, PeriodArgs
from web.auth import current_actor, journal
from web.permissions import leader_in_view

blp = Blueprint(
    "leaders",
    __name__,
    url_prefix="/api/v1",
    description="A leader's own time log, priorities and reports.",
)

CADENCE = validate.Range(min=limits.CADENCE_DAYS_MIN, max=limits.CADENCE_DAYS_MAX)


class TimeEntrySchema(ma.Schema):
    """Minutes the leader spent on one category on one day."""

    on = fields.Date(required=True)
    minutes = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=limits.DAY_MINUTES)
    )
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    note = fields.String(load_default="", validate=validate.Length(max=limits.TIME_NOTE))


class PrioritiesSchema(ma.Schema):
    """A leader's target time split, coaching cadence and focus areas."""

    split = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(strict=True),
        required=True,
        metadata={"description": "percent per category, summing to 100"},
    )
    one_to_one_every_days = fields.Integer(
        strict=True, load_default=ONE_TO_ONE_EVERY_DAYS, validate=CADENCE
    )
    walk_and_talk_every_days = fields.Integer(
        strict=True, load_default=WALK_AND_TALK_EVERY_DAYS, validate=CADENCE
    )
    focus_areas = fields.List(
        fields.String(validate=validate.Length(max=limits.FOCUS_AREA)),
        load_default=list,
        validate=validate.Length(max=limits.FOCUS_AREAS),
    )


class CurrentPrioritiesSchema(PrioritiesSchema):
    """The priorities in force; the defaults until the leader sets their own."""

    priorities_set = fields.Boolean(
        required=True, metadata={"description": "false while the defaults apply"}
    )


class ReportArgs(PeriodArgs):
    """``?from=&to=`` (dates, inclusive); the last four weeks by default, as on the pages."""

    @ma.post_load
    def fill_in(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """Fill in the missing end(s) of the period, then check it runs forwards."""
        if "end" not in data:
            today = journal().today()  # the organisation's day, as on the pages
            data["end"] = today if "start" not in data else max(data["start"], today)
        data.setdefault("start", last_four_weeks(data["end"])[0])
        if data["end"] < data["start"]:
            raise ma.ValidationError("must not be before from", "to")
        return data


@dataclass(frozen=True)
class PeriodReport:
    """A report over the days ``start`` to ``end`` inclusive."""

    start: date
    end: date
    report: Any


class PeriodReportSchema(ma.Schema):
    """A report over the days from ``from`` to ``to``, inclusive."""

    start = fields.Date(data_key="from", required=True)
    end = fields.Date(data_key="to", required=True)

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        """The period from the wrapper, everything else from the report itself."""
        if attr in ("start", "end"):
            return getattr(obj, attr)
        return super().get_attribute(obj.report, attr, default)


class LoggedInteractionSchema(ma.Schema):
    """One interaction of the coaching log (no notes)."""

    interaction_id = fields.UUID(required=True)
    employee_id = fields.UUID(required=True)
    kind = fields.String(required=True)
    occurred_at = fields.AwareDateTime(required=True)
    minutes = fields.Integer(required=True)


class CoachingLogSchema(PeriodReportSchema):
    """The leader's interactions in the period, counted per kind and per employee."""

    interactions = fields.List(fields.Nested(LoggedInteractionSchema), required=True)
    per_kind = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    per_employee = fields.Dict(keys=fields.UUID(), values=fields.Integer(), required=True)
    minutes = fields.Integer(required=True)


class RhythmSchema(ma.Schema):
    """One kind of meeting with one employee."""

    last = fields.AwareDateTime(allow_none=True)
    due = fields.AwareDateTime(required=True)
    is_overdue = fields.Boolean(required=True)


class EmployeeCadenceSchema(ma.Schema):
    """An employee's 1-to-1 and walk-and-talk rhythm."""

    employee_id = fields.UUID(required=True)
    name = fields.String(required=True)
    one_to_one = fields.Nested(RhythmSchema, required=True)
    walk_and_talk = fields.Nested(RhythmSchema, required=True)


class CadenceSchema(PeriodReportSchema):
    """Who is due a 1-to-1 or a walk-and-talk, measured at the end of the period."""

    measured_at = fields.AwareDateTime(required=True)
    team = fields.List(fields.Nested(EmployeeCadenceSchema), required=True)


class CalendarAuditSchema(PeriodReportSchema):
    """The leader's minutes per category (imported meetings and time logged by hand)
    against the target split."""

    minutes = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    actual_percent = fields.Dict(keys=fields.String(), values=fields.Float(), required=True)
    target_percent = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    total_minutes = fields.Integer(required=True)
    people_share = fields.Float(required=True)
    enough = fields.Boolean(
        required=True,
        metadata={
            "description": f"whether the period holds enough time for a verdict: at least "
            f"{VERDICT_MINUTES // 60} hours over {VERDICT_DAYS} days with time"
        },
    )
    days_with_time = fields.Integer(required=True)
    verdict = fields.String(
        required=True,
        allow_none=True,
        validate=validate.OneOf(("coach", "controller")),
        metadata={"description": "null while there is not enough time (see enough)"},
    )
    margin = fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": "percentage points of people time above (+) or below the target"},
    )
    band = fields.String(
        required=True,
        allow_none=True,
        validate=validate.OneOf(("coach", "near", "controller")),
        metadata={
            "description": f"clearly a coach, near the target (within {NEAR_TARGET_POINTS} "
            "points), or clearly a controller; null while there is not enough time"
        },
    )
    sources = fields.Dict(
        keys=fields.String(validate=validate.OneOf(("calendar", "manual"))),
        values=fields.Integer(),
        required=True,
        metadata={"description": "counted minutes by where they came from"},
    )
    manual_not_counted = fields.Integer(
        required=True,
        metadata={
            "description": "minutes logged by hand on days the imported calendar covers: "
            "the calendar is the record there, so they are not counted again"
        },
    )


class NpsScoreSchema(ma.Schema):
    """Promoters, passives and detractors, the NPS they give (null without ratings) and
    its 95 % interval (adjusted Wald; see the README)."""

    promoters = fields.Integer(required=True)
    passives = fields.Integer(required=True)
    detractors = fields.Integer(required=True)
    responses = fields.Integer(required=True)
    score = fields.Float(allow_none=True)
    interval_low = fields.Float(allow_none=True, metadata={"description": "95 % interval"})
    interval_high = fields.Float(allow_none=True, metadata={"description": "95 % interval"})
    enough = fields.Boolean(
        required=True,
        metadata={"description": f"at least {MIN_ANSWERS} answers: pages show the score"},
    )


class MonthlyNpsSchema(ma.Schema):
    """One month of the trend."""

    month = fields.String(required=True, metadata={"description": "YYYY-MM"})
    nps = fields.Nested(NpsScoreSchema, required=True)


class NpsReportSchema(PeriodReportSchema):
    """The team's NPS over the period and per month."""

    team = fields.Nested(NpsScoreSchema, required=True)
    trend = fields.List(fields.Nested(MonthlyNpsSchema), required=True)


def instants(args: dict[str, Any]) -> tuple[datetime, datetime]:
    """The period's days as the instants ``[start, end)``."""
    zone = journal().settings.zone  # the organisation's days, as on the pages
    return clock.midnight(args["start"], zone), clock.midnight(
        args["end"] + timedelta(days=1), zone
    )


def readable_leader(leader_id: UUID) -> UUID:
    """The leader's id, if the caller may read their journal (404/403 otherwise)."""
    leader_in_view(current_actor(), leader_id, write=False)
    return leader_id


@blp.route("/leaders/<uuid:leader_id>/time-entries", methods=["POST"])
@blp.arguments(TimeEntrySchema)
@blp.response(201, CreatedSchema)
@blp.alt_response(403, description="auditors and admins write nothing here")
@blp.alt_response(404, description="no such leader in the caller's view")
@blp.alt_response(422, description="a field is not valid, or the day would exceed 24 hours")
def log_time(body: dict[str, Any], leader_id: UUID) -> dict[str, Any]:
    """Log how many minutes the leader spent on one category on one day."""
    actor = current_actor()
    leader_in_view(actor, leader_id, write=True)
    entry_id = journal().log_time(leader_id, **body, recorded_by=actor.person_id)
    return {"id": entry_id}


@blp.route("/leaders/<uuid:leader_id>/priorities", methods=["PUT"])
@blp.arguments(PrioritiesSchema)
@blp.response(200, CurrentPrioritiesSchema)
@blp.alt_response(403, description="auditors and admins write nothing here")
@blp.alt_response(404, description="no such leader in the caller's view")
@blp.alt_response(422, description="the split does not sum to 100, or another field is bad")
def set_priorities(body: dict[str, Any], leader_id: UUID) -> LeaderCalendar:
    """Set the leader's target time split, coaching cadence and focus areas."""
    actor = current_actor()
    leader_in_view(actor, leader_id, write=True)
    journal().set_priorities(leader_id, **body, recorded_by=actor.person_id)
    return journal().calendar_of(leader_id)


@blp.route("/leaders/<uuid:leader_id>/priorities")
@blp.response(200, CurrentPrioritiesSchema)
@blp.alt_response(403, description="an admin does not read a leader's journal")
@blp.alt_response(404, description="no such leader in the caller's view")
def priorities(leader_id: UUID) -> LeaderCalendar:
    """The leader's priorities in force now."""
    return journal().calendar_of(readable_leader(leader_id))


@blp.route("/leaders/<uuid:leader_id>/coaching-log")
@blp.arguments(ReportArgs, location="query")
@blp.response(200, CoachingLogSchema)
@blp.alt_response(403, description="an admin does not read a leader's journal")
@blp.alt_response(404, description="no such leader in the caller's view")
@blp.alt_response(422, description="a date is not valid, or to is before from")
def coaching_log(args: dict[str, Any], leader_id: UUID) -> PeriodReport:
    """The leader's coaching interactions in the period, counted per kind and employee."""
    report = journal().read.coaching_log.for_leader(readable_leader(leader_id), *instants(args))
    return PeriodReport(args["start"], args["end"], report)


@blp.route("/leaders/<uuid:leader_id>/cadence")
@blp.arguments(ReportArgs, location="query")
@blp.response(200, CadenceSchema)
@blp.alt_response(403, description="an admin does not read a leader's journal")
@blp.alt_response(404, description="no such leader in the caller's view")
@blp.alt_response(422, description="a date is not valid, or to is before from")
def cadence(args: dict[str, Any], leader_id: UUID) -> PeriodReport:
    """Who in the team is due a 1-to-1 or walk-and-talk, at the end of ``to`` (or now)."""
    measured_at = min(clock.now(), instants(args)[1])
    team = journal().read.cadence.for_leader(readable_leader(leader_id), measured_at)
    return PeriodReport(args["start"], args["end"], {"measured_at": measured_at, "team": team})


@blp.route("/leaders/<uuid:leader_id>/calendar-audit")
@blp.arguments(ReportArgs, location="query")
@blp.response(200, CalendarAuditSchema)
@blp.alt_response(403, description="an admin does not read a leader's journal")
@blp.alt_response(404, description="no such leader in the caller's view")
@blp.alt_response(422, description="a date is not valid, or to is before from")
def calendar_audit(args: dict[str, Any], leader_id: UUID) -> PeriodReport:
    """How the leader's logged time split in the period, against the target: coach or controller?"""
    report = journal().read.calendar_audit.for_leader(
        readable_leader(leader_id), args["start"], args["end"] + timedelta(days=1)
    )
    return PeriodReport(args["start"], args["end"], report)


@blp.route("/leaders/<uuid:leader_id>/nps")
@blp.arguments(ReportArgs, location="query")
@blp.response(200, NpsReportSchema)
@blp.alt_response(403, description="an admin does not read a leader's journal")
@blp.alt_response(404, description="no such leader in the caller's view")
@blp.alt_response(422, description="a date is not valid, or to is before from")
def nps(args: dict[str, Any], leader_id: UUID) -> PeriodReport:
    """The team's NPS in the period, and per month."""
    leader = readable_leader(leader_id)
    start, end = instants(args)
    nps = journal().read.nps
    report = {
        "team": nps.for_team(leader, start, end),
        "trend": nps.trend(start, end, leader_id=leader),
    }
    return PeriodReport(args["start"], args["end"], report)
