"""Calendar audit: how a leader's minutes split across categories, against the target.

The verdict follows the article's quick test: a leader whose people share falls below
their own target is a controller this period; at or above it, a coach.

The minutes come from two sources: meetings imported from the leader's calendar
(``journal.projections.meetings``) and time the leader logged by hand. A day never counts
twice: on a day the imported calendar covers, the calendar is the record and that day's
manual entries are shown but not counted (they may describe the same meetings); on every
other day the manual entries count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Date,
    Integer,
    String,
    Table,
    Uuid,
    func,
    select,
)

from journal.domain.leadership import CATEGORIES, DEFAULT_SPLIT, LeaderCalendar
from journal.domain.people import Person
from journal.projections.base import Projection, metadata
from journal.projections.batch import Batch
from journal.projections.meetings import meetings
from journal.sql import UTCDateTime

time_entries = Table(
    "calendar_time_entries",
    metadata,
    Column("entry_id", Uuid, primary_key=True),
    Column("leader_id", Uuid, nullable=False, index=True),
    Column("on", Date, nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("category", String(20), nullable=False),
)
priority_history = Table(
    "calendar_priorities",
    metadata,
    Column("leader_id", Uuid, primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("set_at", UTCDateTime, nullable=False),
    Column("set_by", Uuid),
    Column("split", JSON, nullable=False),
    Column("one_to_one_every_days", Integer, nullable=False),
    Column("walk_and_talk_every_days", Integer, nullable=False),
    Column("focus_areas", JSON, nullable=False),
)


@dataclass(frozen=True)
class PrioritiesChange:
    """One change of a leader's priorities."""

    set_at: datetime
    set_by: UUID | None
    split: dict[str, int]
    one_to_one_every_days: int
    walk_and_talk_every_days: int
    focus_areas: list[str]


@dataclass(frozen=True)
class CalendarAuditReport:
    """A leader's time in one period against the target split."""

    leader_id: UUID
    start: date
    end: date
    minutes: dict[str, int]
    actual_percent: dict[str, float]
    target_percent: dict[str, int]
    total_minutes: int
    #: Counted minutes by where they came from: ``calendar`` or ``manual``.
    sources: dict[str, int] = field(default_factory=dict)
    #: Minutes logged by hand on days the imported calendar covers (shown, not counted).
    manual_not_counted: int = 0

    @property
    def people_share(self) -> float:
        """The percentage of logged time that went to people."""
        return self.actual_percent["people"]

    @property
    def verdict(self) -> str:
        """``coach`` when the people share meets the target, else ``controller``; or ``none``."""
        if self.total_minutes == 0:
            return "none"
        # Compare whole minutes, not the rounded share: 49.96% is below a 50% target.
        on_target = (
            100 * self.minutes["people"] >= self.target_percent["people"] * self.total_minutes
        )
        return "coach" if on_target else "controller"


def minutes_per_day(
    conn: Connection, table: Table, day: Column[date], leader_id: UUID, start: date, end: date
) -> list[Any]:
    """(day, category, minutes) of one leader's rows on the days ``start <= day < end``."""
    return list(
        conn.execute(
            select(day, table.c.category, func.sum(table.c.minutes))
            .where(table.c.leader_id == leader_id, day >= start, day < end)
            .group_by(day, table.c.category)
        ).all()
    )


def one_source_a_day(imported: list[Any], manual: list[Any]) -> tuple[list[Any], int]:
    """The (source, day, category, minutes) rows that count, and the hand-logged minutes
    that do not: a day the imported calendar covers takes the calendar's minutes only."""
    covered = {day for day, _, _ in imported}
    counted = [("calendar", day, category, int(m or 0)) for day, category, m in imported]
    not_counted = 0
    for day, category, summed in manual:
        if day in covered:
            not_counted += int(summed or 0)
        else:
            counted.append(("manual", day, category, int(summed or 0)))
    return counted, not_counted


class CalendarAudit(Projection):
    """Minutes per category and the history of priorities, per leader."""

    name = "calendar_audit"
    tables = (time_entries, priority_history)

    @singledispatchmethod
    def apply(self, event: Any, batch: Batch) -> None:
        """Only a leader's calendar feeds the audit."""

    @apply.register
    def _erased(self, event: Person.Erased, batch: Batch) -> None:
        batch.flush()  # a leader's focus areas are theirs; minutes per category are not text
        batch.conn.execute(
            priority_history.update()
            .where(priority_history.c.leader_id == event.originator_id)
            .values(focus_areas=[])
        )

    @apply.register
    def _time_logged(self, event: LeaderCalendar.TimeLogged, batch: Batch) -> None:
        batch[time_entries].insert(
            dict(
                entry_id=event.entry_id,
                leader_id=event.leader_id,
                on=event.on,
                minutes=event.minutes,
                category=event.category,
            )
        )

    @apply.register
    def _priorities_set(self, event: LeaderCalendar.PrioritiesSet, batch: Batch) -> None:
        batch[priority_history].insert(
            dict(
                leader_id=event.leader_id,
                version=event.originator_version,
                set_at=event.timestamp,
                set_by=event.recorded_by,
                split=dict(event.split),
                one_to_one_every_days=event.one_to_one_every_days,
                walk_and_talk_every_days=event.walk_and_talk_every_days,
                focus_areas=list(event.focus_areas),
            )
        )

    def for_leader(self, leader_id: UUID, start: date, end: date) -> CalendarAuditReport:
        """Audit days ``start <= on < end`` against the target in force at the end."""
        with self.engine.connect() as conn:
            manual = minutes_per_day(conn, time_entries, time_entries.c.on, leader_id, start, end)
            imported = minutes_per_day(conn, meetings, meetings.c.day, leader_id, start, end)
            target = conn.execute(
                select(priority_history.c.split)
                .where(
                    priority_history.c.leader_id == leader_id,
                    func.date(priority_history.c.set_at) < end,
                )
                .order_by(priority_history.c.version.desc())
                .limit(1)
            ).scalar()
        minutes = dict.fromkeys(CATEGORIES, 0)
        sources = {"calendar": 0, "manual": 0}
        counted, not_counted = one_source_a_day(imported, manual)
        for source, _day, category, summed in counted:
            minutes[category] += summed
            sources[source] += summed
        total = sum(minutes.values())
        actual = {c: round(100 * m / total, 1) if total else 0.0 for c, m in minutes.items()}
        return CalendarAuditReport(
            leader_id=leader_id,
            start=start,
            end=end,
            minutes=minutes,
            actual_percent=actual,
            target_percent=dict(target or DEFAULT_SPLIT),
            total_minutes=total,
            sources=sources,
            manual_not_counted=not_counted,
        )

    def priorities_history(self, leader_id: UUID) -> list[PrioritiesChange]:
        """Every change of the leader's priorities, oldest first."""
        query = (
            select(priority_history)
            .where(priority_history.c.leader_id == leader_id)
            .order_by(priority_history.c.version)
        )
        with self.engine.connect() as conn:
            return [
                PrioritiesChange(
                    **{k: v for k, v in row._mapping.items() if k not in ("leader_id", "version")}
                )
                for row in conn.execute(query)
            ]

    def people_share_by_month(
        self, leader_id: UUID, firsts: list[date]
    ) -> dict[date, float | None]:
        """The people share of the leader's counted time in each month that starts on one
        of ``firsts`` (in order), by the same rule as ``for_leader``: two queries in all."""
        start = firsts[0]
        end = (firsts[-1] + timedelta(days=32)).replace(day=1)
        with self.engine.connect() as conn:
            manual = minutes_per_day(conn, time_entries, time_entries.c.on, leader_id, start, end)
            imported = minutes_per_day(conn, meetings, meetings.c.day, leader_id, start, end)
        total = dict.fromkeys(firsts, 0)
        people = dict.fromkeys(firsts, 0)
        for _source, day, category, summed in one_source_a_day(imported, manual)[0]:
            month = day.replace(day=1)
            if month in total:
                total[month] += summed
                if category == "people":
                    people[month] += summed
        return {m: round(100 * people[m] / total[m], 1) if total[m] else None for m in firsts}
