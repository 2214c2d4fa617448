"""The meetings imported from each leader's calendar, as the leader's time page lists them:
when, how many minutes they count for, the category and the rule that decided it; and the
days each calendar check drew."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Column, Date, Index, Integer, String, Table, Uuid, select

from journal.domain.calendar_check import CalendarCheck
from journal.domain.meetings import LeaderMeetings
from journal.domain.people import ERASED, Person
from journal.projections.base import Projection, metadata
from journal.projections.batch import Batch
from journal.security.sealed import SealedJSON, SealedText
from journal.sql import UTCDateTime

meetings = Table(
    "calendar_meetings",
    metadata,
    Column("leader_id", Uuid, primary_key=True),
    Column("key", String(400), primary_key=True),
    Column("series", String(300)),
    Column("title", SealedText, nullable=False),
    Column("attendees", SealedJSON, nullable=False),
    Column("day", Date, nullable=False, index=True),
    Column("start", UTCDateTime, nullable=False),
    Column("end", UTCDateTime, nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("left_out", String(40)),
    Column("category", String(20), nullable=False),
    Column("rule", String(200), nullable=False),
    # What the calendar audit sums, read from the index alone: a leader's days in a period.
    Index("calendar_meetings_by_day", "leader_id", "day", "category", "minutes"),
)

draws = Table(
    "calendar_draws",
    metadata,
    Column("leader_id", Uuid, primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("drawn_at", UTCDateTime, nullable=False),
    Column("drawn_by", Uuid, nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("days", JSON, nullable=False),  # ISO dates
    Column("found", JSON, nullable=False),
    Column("wish", JSON, nullable=False),
)


@dataclass(frozen=True)
class MeetingRow:
    """One imported meeting."""

    leader_id: UUID
    key: str
    series: str | None
    title: str
    attendees: list[str]
    day: date
    start: datetime
    end: datetime
    minutes: int
    left_out: str | None
    category: str
    rule: str


FIELDS = ("key", "series", "title", "attendees", "day", "start", "end", "minutes", "left_out",
          "category", "rule")  # fmt: skip


class Meetings(Projection):
    """Each leader's imported meetings."""

    name = "meetings"
    tables = (meetings, draws)

    @singledispatchmethod
    def apply(self, event: Any, batch: Batch) -> None:
        """Other events leave the meetings alone."""

    @apply.register
    def _imported(self, event: LeaderMeetings.MeetingImported, batch: Batch) -> None:
        batch[meetings].insert(
            {"leader_id": event.leader_id, **{f: getattr(event, f) for f in FIELDS}}
        )

    @apply.register
    def _corrected(self, event: LeaderMeetings.MeetingCorrected, batch: Batch) -> None:
        values = {f: getattr(event, f) for f in FIELDS if f != "key"}
        batch[meetings].update((event.leader_id, event.key), **values)

    @apply.register
    def _withdrawn(self, event: LeaderMeetings.MeetingWithdrawn, batch: Batch) -> None:
        batch.flush()
        batch.conn.execute(
            meetings.delete().where(
                meetings.c.leader_id == event.leader_id, meetings.c.key == event.key
            )
        )

    @apply.register
    def _drawn(self, event: LeaderMeetings.DaysDrawn, batch: Batch) -> None:
        batch[draws].insert(
            {
                "leader_id": event.leader_id,
                "version": event.originator_version,
                "drawn_at": event.timestamp,
                "drawn_by": event.recorded_by,
                "period_start": event.period_start,
                "period_end": event.period_end,
                "days": [day.isoformat() for day in event.days],
                "found": dict(event.found),
                "wish": dict(event.wish),
            }
        )

    @apply.register
    def _erased(self, event: Person.Erased, batch: Batch) -> None:
        batch.flush()
        batch.conn.execute(
            meetings.update()
            .where(meetings.c.leader_id == event.originator_id)
            .values(title=ERASED, attendees=[])
        )

    def for_leader(self, leader_id: UUID, start: date, end: date) -> list[MeetingRow]:
        """The leader's meetings on the days ``start`` to ``end``, in the order they start."""
        query = (
            select(meetings)
            .where(meetings.c.leader_id == leader_id, meetings.c.day.between(start, end))
            .order_by(meetings.c.start, meetings.c.key)
        )
        with self.engine.connect() as conn:
            return [MeetingRow(**row._mapping) for row in conn.execute(query)]

    def checks(self, leader_id: UUID, limit: int = 10) -> list[CalendarCheck]:
        """The leader's latest calendar checks, newest first."""
        query = (
            select(draws)
            .where(draws.c.leader_id == leader_id)
            .order_by(draws.c.version.desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [
                CalendarCheck(
                    leader_id=row.leader_id,
                    drawn_at=row.drawn_at,
                    drawn_by=row.drawn_by,
                    period_start=row.period_start,
                    period_end=row.period_end,
                    days=[date.fromisoformat(day) for day in row.days],
                    found=dict(row.found),
                    wish=dict(row.wish),
                )
                for row in conn.execute(query)
            ]
