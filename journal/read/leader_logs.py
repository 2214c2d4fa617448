"""A leader's own logs as their pages read them: a week of their time, day by day, and a
month of their conversations, by kind and by team member."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from journal.commands import Journal
from journal.domain.coaching import KINDS
from journal.domain.leadership import CATEGORIES
from journal.projections.coaching_log import CoachingLogReport


@dataclass(frozen=True)
class WeekDay:
    """Minutes per category on one day of the week, and where they came from."""

    on: date
    minutes: dict[str, int]
    from_calendar: bool = False  # the imported calendar covers the day
    not_counted: int = 0  # minutes logged by hand that day that the calendar replaces

    @property
    def total(self) -> int:
        """Minutes logged that day."""
        return sum(self.minutes.values())


@dataclass(frozen=True)
class TimeWeek:
    """Seven days of a leader's time from a Monday, and the week's total per category."""

    days: list[WeekDay]
    totals: dict[str, int]


def time_week(journal: Journal, leader_id: UUID, monday: date) -> TimeWeek:
    """The week from ``monday``: each day as the calendar audit counts it."""
    audit = journal.read.calendar_audit
    reports = [
        audit.for_leader(leader_id, on, on + timedelta(days=1))
        for on in (monday + timedelta(days=n) for n in range(7))
    ]
    days = [
        WeekDay(r.start, r.minutes, r.sources.get("calendar", 0) > 0, r.manual_not_counted)
        for r in reports
    ]
    return TimeWeek(days, {c: sum(d.minutes[c] for d in days) for c in CATEGORIES})


@dataclass(frozen=True)
class EmployeeMonth:
    """One team member's conversations in the month."""

    employee_id: UUID
    name: str
    count: int
    minutes: int


@dataclass(frozen=True)
class CoachingMonth:
    """A leader's conversations in a month: the log, minutes per kind, and per person (the
    active team, and anyone met that month who has since moved on)."""

    report: CoachingLogReport
    minutes: dict[str, int]
    people: list[EmployeeMonth]
    team_ids: set[UUID]


def coaching_month(
    journal: Journal, leader_id: UUID, start: datetime, end: datetime
) -> CoachingMonth:
    """The leader's conversations from ``start`` to ``end``."""
    read = journal.read
    report = read.coaching_log.for_leader(leader_id, start, end)
    minutes = {k: sum(i.minutes for i in report.interactions if i.kind == k) for k in KINDS}
    team = read.people.list(role="employee", leader_id=leader_id, active_only=True)
    names = {p.person_id: p.name for p in team}
    if set(report.per_employee) - set(names):  # someone since moved to another team
        names = read.people.names()
    people = sorted(
        (
            EmployeeMonth(
                employee_id=employee_id,
                name=names.get(employee_id, str(employee_id)),
                count=report.per_employee.get(employee_id, 0),
                minutes=sum(
                    i.minutes for i in report.interactions if employee_id in i.participants
                ),
            )
            for employee_id in {*(p.person_id for p in team), *report.per_employee}
        ),
        key=lambda row: (row.name, str(row.employee_id)),
    )
    return CoachingMonth(report, minutes, people, {p.person_id for p in team})
