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

from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Date,
    Index,
    Integer,
    String,
    Table,
    Uuid,
    func,
    select,
    union,
)

from journal.domain.leadership import CATEGORIES, DEFAULT_SPLIT, LeaderCalendar
from journal.domain.people import Person
from journal.domain.windows import NEAR_TARGET_POINTS, VERDICT_DAYS, VERDICT_MINUTES
from journal.projections.base import Projection, metadata
from journal.projections.batch import Batch
from journal.projections.meetings import meetings
from journal.security.sealed import SealedJSON
from journal.sql import UTCDateTime

time_entries = Table(
    "calendar_time_entries",
    metadata,
    Column("entry_id", Uuid, primary_key=True),
    Column("leader_id", Uuid, nullable=False),
    Column("on", Date, nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("category", String(20), nullable=False),
    # What the audit sums, read from the index alone: a leader's days in a period.
    Index("calendar_time_entries_by_day", "leader_id", "on", "category", "minutes"),
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
    Column("focus_areas", SealedJSON, nullable=False),
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
    #: The days of the period with counted time.
    days_with_time: int = 0

    @property
    def people_share(self) -> float:
        """The percentage of logged time that went to people."""
        return self.actual_percent["people"]

    @property
    def hours(self) -> float:
        """The counted time, in hours (one decimal)."""
        return round(self.total_minutes / 60, 1)

    @property
    def enough(self) -> bool:
        """Whether the period holds enough time for a verdict (journal/domain/windows.py)."""
        return self.total_minutes >= VERDICT_MINUTES and self.days_with_time >= VERDICT_DAYS

    @property
    def margin(self) -> float | None:
        """How many percentage points the people share lies above (+) or below (-) the
        target; None without time."""
        if not self.total_minutes:
            return None
        people = 100 * self.minutes["people"] / self.total_minutes
        return round(people - self.target_percent["people"], 1)

    @property
    def verdict(self) -> str | None:
        """``coach`` when the people share meets the target, else ``controller``; None
        while there is not enough time for a verdict."""
        if not self.enough:
            return None
        # Compare whole minutes, not the rounded share: 49.96% is below a 50% target.
        on_target = (
            100 * self.minutes["people"] >= self.target_percent["people"] * self.total_minutes
        )
        return "coach" if on_target else "controller"

    @property
    def band(self) -> str | None:
        """``coach`` or ``controller`` when clearly so, ``near`` within NEAR_TARGET_POINTS of
        the target; None while there is not enough time for a verdict."""
        if not self.enough or self.margin is None:
            return None
        if abs(self.margin) < NEAR_TARGET_POINTS:
            return "near"
        return "coach" if self.margin > 0 else "controller"


def covered() -> Any:
    """Whether the imported calendar covers a manual entry's day: then the calendar is that
    day's record, and the hand-logged minutes are shown but not counted."""
    return (
        select(meetings.c.leader_id)
        .where(
            meetings.c.leader_id == time_entries.c.leader_id, meetings.c.day == time_entries.c.on
        )
        .exists()
    )


def counted_sums(leader_ids: list[UUID], start: date, end: date) -> dict[str, Any]:
    """Summing queries over the days ``start <= day < end`` of the leaders, per leader and
    category: the imported calendar's minutes, the manual minutes that count (days the
    calendar does not cover), and those that do not. Each row: leader id, category,
    minutes. (journal/projections/calendar_months.py keeps the same rule by month.)"""

    def summed(table: Table, day: Any, *where: Any) -> Any:
        grouped = [table.c.leader_id, table.c.category]
        return (
            select(*grouped, func.sum(table.c.minutes))
            .where(table.c.leader_id.in_(leader_ids), day >= start, day < end, *where)
            .group_by(*grouped)
        )

    return {
        "calendar": summed(meetings, meetings.c.day),
        "manual": summed(time_entries, time_entries.c.on, ~covered()),
        "not_counted": summed(time_entries, time_entries.c.on, covered()),
    }


def days_with_time(leader_ids: list[UUID], start: date, end: date) -> Any:
    """Per leader, how many days ``start <= day < end`` hold counted time: a meeting that
    counts, or a hand-logged entry on a day the calendar does not cover."""
    calendar_days = select(meetings.c.leader_id, meetings.c.day.label("day")).where(
        meetings.c.leader_id.in_(leader_ids),
        meetings.c.day >= start,
        meetings.c.day < end,
        meetings.c.minutes > 0,
    )
    manual_days = select(time_entries.c.leader_id, time_entries.c.on.label("day")).where(
        time_entries.c.leader_id.in_(leader_ids),
        time_entries.c.on >= start,
        time_entries.c.on < end,
        time_entries.c.minutes > 0,
        ~covered(),
    )
    days = union(calendar_days, manual_days).subquery()
    return select(days.c.leader_id, func.count()).group_by(days.c.leader_id)


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
        return self.for_leaders([leader_id], start, end)[leader_id]

    def for_leaders(
        self,
        leader_ids: list[UUID],
        start: date,
        end: date,
        conn: Connection | None = None,
    ) -> dict[UUID, CalendarAuditReport]:
        """``for_leader`` for many leaders at once: four queries, however many. ``conn``
        reads inside a transaction of the caller's (an import's preview)."""
        minutes = {leader: dict.fromkeys(CATEGORIES, 0) for leader in leader_ids}
        sources = {leader: {"calendar": 0, "manual": 0} for leader in leader_ids}
        not_counted = dict.fromkeys(leader_ids, 0)
        with nullcontext(conn) if conn is not None else self.engine.connect() as conn:
            for source, query in counted_sums(leader_ids, start, end).items():
                for leader, category, summed in conn.execute(query):
                    if source == "not_counted":
                        not_counted[leader] += int(summed or 0)
                    else:
                        minutes[leader][category] += int(summed or 0)
                        sources[leader][source] += int(summed or 0)
            targets = self._targets(conn, leader_ids, end)
            days = dict(conn.execute(days_with_time(leader_ids, start, end)).all())
        reports = {}
        for leader in leader_ids:
            total = sum(minutes[leader].values())
            actual = {
                c: round(100 * m / total, 1) if total else 0.0 for c, m in minutes[leader].items()
            }
            reports[leader] = CalendarAuditReport(
                leader_id=leader,
                start=start,
                end=end,
                minutes=minutes[leader],
                actual_percent=actual,
                target_percent=dict(targets.get(leader) or DEFAULT_SPLIT),
                total_minutes=total,
                sources=sources[leader],
                manual_not_counted=not_counted[leader],
                days_with_time=int(days.get(leader, 0)),
            )
        return reports

    @staticmethod
    def _targets(conn: Connection, leader_ids: list[UUID], end: date) -> dict[UUID, Any]:
        """Each leader's target split in force on the day before ``end`` (None: defaults):
        the last version set before it, found without reading the history's splits."""
        last = (
            select(priority_history.c.leader_id, func.max(priority_history.c.version).label("v"))
            .where(
                priority_history.c.leader_id.in_(leader_ids),
                func.date(priority_history.c.set_at) < end,
            )
            .group_by(priority_history.c.leader_id)
            .subquery()
        )
        rows = conn.execute(
            select(priority_history.c.leader_id, priority_history.c.split).join(
                last,
                (priority_history.c.leader_id == last.c.leader_id)
                & (priority_history.c.version == last.c.v),
            )
        )
        return dict(rows.all())

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
