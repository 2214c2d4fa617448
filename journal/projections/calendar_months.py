"""Calendar months: each leader's counted minutes per month, and those that went to people,
kept up as events arrive, so that a year of months is twelve rows per leader however long
the history.

The rule is the calendar audit's (journal/projections/calendar_audit.py): on a day the
imported calendar covers, its meetings count and the minutes logged by hand do not; on
other days the minutes logged by hand count. Each meeting or time entry changes one day's
totals; when that changes what the day counts, its month takes the difference. A meeting
corrected or withdrawn takes back what it added, as this projection remembers it.
"""

from __future__ import annotations

from datetime import date
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from sqlalchemy import Column, Date, Integer, String, Table, Uuid, select

from journal.domain.leadership import LeaderCalendar
from journal.domain.meetings import LeaderMeetings
from journal.projections.base import Projection, metadata
from journal.projections.batch import Batch

day_totals = Table(
    "calendar_month_days",
    metadata,
    Column("leader_id", Uuid, primary_key=True),
    Column("day", Date, primary_key=True),
    Column("meetings", Integer, nullable=False),  # imported meetings that day: covered if any
    Column("calendar_minutes", Integer, nullable=False),
    Column("calendar_people", Integer, nullable=False),
    Column("manual_minutes", Integer, nullable=False),
    Column("manual_people", Integer, nullable=False),
)
month_totals = Table(
    "calendar_months",
    metadata,
    Column("leader_id", Uuid, primary_key=True),
    Column("month", Date, primary_key=True),  # its first day
    Column("minutes", Integer, nullable=False),  # counted, by the rule above
    Column("people", Integer, nullable=False),
)
meeting_shares = Table(
    "calendar_month_meetings",
    metadata,
    Column("leader_id", Uuid, primary_key=True),
    Column("key", String(400), primary_key=True),
    Column("day", Date),  # None once withdrawn: nothing left to take back
    Column("minutes", Integer, nullable=False),
    Column("people", Integer, nullable=False),
)

DAY_FIELDS = ("meetings", "calendar_minutes", "calendar_people", "manual_minutes", "manual_people")


def counted(day: dict[str, Any] | None) -> tuple[int, int]:
    """What a day counts: (minutes, of which to people)."""
    if day is None:
        return 0, 0
    if day["meetings"]:
        return day["calendar_minutes"], day["calendar_people"]
    return day["manual_minutes"], day["manual_people"]


def to_people(category: str, minutes: int) -> int:
    return minutes if category == "people" else 0


class CalendarMonths(Projection):
    """Counted minutes per leader and month."""

    name = "calendar_months"
    tables = (day_totals, month_totals, meeting_shares)

    @singledispatchmethod
    def apply(self, event: Any, batch: Batch) -> None:
        """Only time entries and imported meetings change the months."""

    @apply.register
    def _time_logged(self, event: LeaderCalendar.TimeLogged, batch: Batch) -> None:
        self._add_to_day(
            batch, event.leader_id, event.on,
            manual_minutes=event.minutes,
            manual_people=to_people(event.category, event.minutes),
        )  # fmt: skip

    @apply.register
    def _imported(self, event: LeaderMeetings.MeetingImported, batch: Batch) -> None:
        self._add_meeting(batch, event)

    @apply.register
    def _corrected(self, event: LeaderMeetings.MeetingCorrected, batch: Batch) -> None:
        self._take_back_meeting(batch, event.leader_id, event.key)
        self._add_meeting(batch, event)

    @apply.register
    def _withdrawn(self, event: LeaderMeetings.MeetingWithdrawn, batch: Batch) -> None:
        self._take_back_meeting(batch, event.leader_id, event.key)

    def _add_meeting(self, batch: Batch, event: LeaderMeetings.MeetingImported) -> None:
        people = to_people(event.category, event.minutes)
        share = {"day": event.day, "minutes": event.minutes, "people": people}
        key = (event.leader_id, event.key)
        if batch[meeting_shares].current(key) is None:
            batch[meeting_shares].insert({"leader_id": event.leader_id, "key": event.key, **share})
        else:  # taken back just before (a correction): its row is still there
            batch[meeting_shares].update(key, **share)
        self._add_to_day(
            batch, event.leader_id, event.day,
            meetings=1, calendar_minutes=event.minutes, calendar_people=people,
        )  # fmt: skip

    def _take_back_meeting(self, batch: Batch, leader_id: UUID, key: str) -> None:
        share = batch[meeting_shares].current((leader_id, key))
        if share is None or share["day"] is None:
            return
        self._add_to_day(
            batch, leader_id, share["day"],
            meetings=-1, calendar_minutes=-share["minutes"], calendar_people=-share["people"],
        )  # fmt: skip
        # Nothing to take back a second time; a correction sets the row again at once.
        batch[meeting_shares].update((leader_id, key), day=None, minutes=0, people=0)

    def _add_to_day(self, batch: Batch, leader_id: UUID, day: date, **change: int) -> None:
        key = (leader_id, day)
        row = batch[day_totals].current(key)
        before = counted(row)
        if row is None:
            after = {field: change.get(field, 0) for field in DAY_FIELDS}
            batch[day_totals].insert({"leader_id": leader_id, "day": day, **after})
        else:
            after = {field: row[field] + change.get(field, 0) for field in DAY_FIELDS}
            batch[day_totals].update(key, **{field: after[field] for field in change})
        (minutes, people), (was_minutes, was_people) = counted(after), before
        if (minutes, people) != (was_minutes, was_people):
            self._add_to_month(batch, leader_id, day, minutes - was_minutes, people - was_people)

    @staticmethod
    def _add_to_month(batch: Batch, leader_id: UUID, day: date, minutes: int, people: int) -> None:
        key = (leader_id, day.replace(day=1))
        row = batch[month_totals].current(key)
        if row is None:
            batch[month_totals].insert(
                {"leader_id": leader_id, "month": key[1], "minutes": minutes, "people": people}
            )
        else:
            batch[month_totals].update(
                key, minutes=row["minutes"] + minutes, people=row["people"] + people
            )

    def people_shares(
        self, leader_ids: list[UUID], firsts: list[date]
    ) -> dict[UUID, dict[date, float | None]]:
        """The people share of each leader's counted time in each month that starts on one
        of ``firsts``; None for a month without counted time. One query of twelve rows a
        leader."""
        query = select(month_totals).where(
            month_totals.c.leader_id.in_(leader_ids),
            month_totals.c.month >= firsts[0],
            month_totals.c.month <= firsts[-1],
        )
        shares: dict[UUID, dict[date, float | None]] = {
            leader: dict.fromkeys(firsts) for leader in leader_ids
        }
        with self.engine.connect() as conn:
            for leader, month, minutes, people in conn.execute(query):
                if minutes and month in shares[leader]:
                    shares[leader][month] = round(100 * people / minutes, 1)
        return shares
