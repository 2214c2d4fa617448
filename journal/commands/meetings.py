"""Commands on a leader's imported calendar: import, categorise, and the calendar check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from random import Random, SystemRandom
from uuid import UUID

from journal import clock
from journal.commands.leader_time import LeaderTimeCommands
from journal.commands.store import timed_import
from journal.domain.base import replay
from journal.domain.calendar_check import CalendarCheck
from journal.domain.meeting_records import ImportSummary, MeetingRecord
from journal.domain.meetings import LeaderMeetings
from journal.domain.windows import last_four_weeks
from journal.errors import DomainError
from journal.importers.calendars import reading as calendars
from journal.importers.calendars.classifying import keyword_rules
from journal.importers.calendars.importing import meeting_records


@dataclass(frozen=True)
class CalendarImport:
    """What an import read and did (or, in a dry run, would do) over the days ``start`` to
    ``end``: the days the file's meetings cover, within the period asked for."""

    start: date
    end: date
    summary: ImportSummary
    skipped: list[calendars.Skipped]
    dry_run: bool = False
    #: How many meetings the journal held on those days before the import.
    held: int = 0
    #: In a dry run, the events the import would write, for a preview to apply.
    planned: tuple[object, ...] = ()

    @property
    def withdraws_most(self) -> bool:
        """Whether it withdraws more than half of the meetings held on its days."""
        return self.summary.withdrawn * 2 > self.held


#: The events an import writes before its CalendarImported.
IMPORT_EVENTS = (
    LeaderMeetings.MeetingImported,
    LeaderMeetings.MeetingCorrected,
    LeaderMeetings.MeetingWithdrawn,
)


@dataclass(frozen=True)
class LastImport:
    """A leader's newest import: its record, the version of its first meeting event, and
    the keys of the meetings it touched."""

    event: LeaderMeetings.CalendarImported
    first_version: int
    keys: list[str]


class MeetingCommands(LeaderTimeCommands):
    """A leader's meetings from their own calendar, and the three-day check drawn from them."""

    @timed_import("calendar")
    def import_calendar(
        self,
        leader_id: UUID,
        data: bytes,
        *,
        start: date | None = None,
        end: date | None = None,
        recorded_by: UUID | None = None,
        dry_run: bool = False,
        withdraw_most: bool = False,
        covers_period: bool = False,
    ) -> CalendarImport:
        """Import the leader's meetings from an iCalendar export, over the days ``start`` to
        ``end`` (the last four weeks by default); unchanged meetings write nothing.

        Only the days the file covers (its first meeting's to its last's) are replaced: a
        small export withdraws nothing outside them. Withdrawing more than half of those
        days' meetings needs ``withdraw_most``; a dry run says what would change and writes
        nothing. ``covers_period``: the data is the whole of ``start`` to ``end`` (a CalDAV
        server's answer for that period), so every day of it is replaced."""
        leader = self.person(leader_id, "leader_id", role="leader")
        leader.check_active("leader_id")
        start, end = last_four_weeks(end or self.today(), start)
        if end < start:
            raise DomainError("to", "must not be before from")
        zone = self.settings.zone
        found = calendars.read_calendar(
            data, clock.midnight(start, zone), clock.midnight(end + timedelta(days=1), zone), zone
        )
        if not found.meetings:
            raise DomainError(
                "file", "has no meetings from %(start)s to %(end)s", start=start, end=end
            )
        stream = self.meetings_of(leader_id, recorded_by or leader_id)
        # The team's addresses tell a 1-to-1 from other meetings; they decide no write.
        team = [p.email for p in self.read.people.list(role="employee", leader_id=leader_id)]
        records = meeting_records(
            found.meetings, leader_email=leader.email, team_emails=team, zone=zone,
            choices=stream.choices, keyword_rules=keyword_rules(stream.keywords),
        )  # fmt: skip
        first, last = (start, end) if covers_period else covered_days(records, start, end)
        held = stream.meetings_between(first, last)
        summary = stream.import_period(
            digest=found.digest, period_start=first, period_end=last, meetings=records,
            skipped=len(found.skipped), recorded_by=recorded_by or leader_id,
        )  # fmt: skip
        done = CalendarImport(
            first, last, summary, found.skipped, dry_run, held,
            tuple(stream.pending_events) if dry_run else (),
        )  # fmt: skip
        if done.withdraws_most and not withdraw_most:
            raise DomainError(
                "withdraw_most",
                "the file would withdraw %(withdrawn)s of the %(held)s meetings already imported"
                " from %(first)s to %(last)s; confirm that it should",
                withdrawn=summary.withdrawn,
                held=held,
                first=first,
                last=last,
            )
        if summary.changed_anything and not dry_run:
            self.save(stream)
        return done

    def last_calendar_import(self, leader_id: UUID) -> LastImport | None:
        """The leader's newest import that changed something, if it can still be undone
        (it was not undone already)."""
        stream = self.imported_meetings(leader_id)
        if stream is None:
            return None
        events = list(self.events.get(stream.id))
        for index in range(len(events) - 1, -1, -1):
            found = events[index]
            if isinstance(found, LeaderMeetings.ImportUndone):
                return None
            if isinstance(found, LeaderMeetings.CalendarImported):
                # The import wrote one event per meeting it changed, just before this one.
                first = index - (found.imported + found.corrected + found.withdrawn)
                written = events[first:index]
                assert all(isinstance(e, IMPORT_EVENTS) for e in written)
                keys = [e.key for e in written if isinstance(e, IMPORT_EVENTS)]
                return LastImport(found, found.originator_version - len(written), keys)
        return None

    def undo_calendar_import(self, leader_id: UUID, *, recorded_by: UUID) -> LastImport:
        """Undo the leader's newest import: every meeting it brought, changed or withdrew is
        put back as it was before it, by new events; the import stays in the history."""
        self.person(leader_id, "leader_id", role="leader").check_active("leader_id")
        last = self.last_calendar_import(leader_id)
        if last is None:
            raise DomainError("import", "there is no import to undo")
        before = self.repository.get(
            LeaderMeetings.create_id(leader_id), version=last.first_version - 1,
            projector_func=replay,
        )  # fmt: skip
        stream = self.meetings_of(leader_id, recorded_by)
        stream.undo_import(
            {key: before.meetings.get(key) for key in last.keys}, last.event,
            recorded_by=recorded_by,
        )  # fmt: skip
        self.save(stream)
        return last

    def choose_meeting_category(
        self, leader_id: UUID, key: str, category: str, *, recorded_by: UUID
    ) -> int:
        """The leader's category for an imported meeting and the rest of its series; kept
        for later imports. Returns how many meetings changed category."""
        self.person(leader_id, "leader_id", role="leader")
        stream = self.imported_meetings(leader_id)
        if stream is None:
            raise DomainError("key", "no imported meeting with that key")
        changed = stream.choose_category(key, category, recorded_by=recorded_by)
        self.save(stream)
        return changed

    def set_meeting_keywords(
        self, leader_id: UUID, words: dict[str, list[str]], *, recorded_by: UUID
    ) -> None:
        """The leader's own words per category for classifying meeting titles; they apply
        from the next import (importing the same export again applies them to it)."""
        self.person(leader_id, "leader_id", role="leader").check_active("leader_id")
        stream = self.meetings_of(leader_id, recorded_by)
        stream.set_keywords(words, recorded_by=recorded_by)
        self.save(stream)

    def draw_calendar_days(
        self,
        leader_id: UUID,
        *,
        start: date | None = None,
        end: date | None = None,
        recorded_by: UUID,
        rng: Random | None = None,
    ) -> CalendarCheck:
        """The calendar check: draw three working days with imported meetings from the days
        ``start`` to ``end`` (the last four weeks by default), and record them with what
        they held and the split the leader wishes for (their priorities)."""
        self.person(leader_id, "leader_id", role="leader").check_active("leader_id")
        start, end = last_four_weeks(end or self.today(), start)
        stream = self.imported_meetings(leader_id)
        if stream is None:
            raise DomainError("file", "import your calendar first: the check draws from it")
        wish = self.calendar_of(leader_id).split
        stream.draw_days(start, end, wish, rng=rng or SystemRandom(), recorded_by=recorded_by)
        drawn = stream.pending_events[-1]
        assert isinstance(drawn, LeaderMeetings.DaysDrawn)
        self.save(stream)
        return CalendarCheck(
            leader_id=leader_id,
            drawn_at=drawn.timestamp,
            drawn_by=recorded_by,
            period_start=start,
            period_end=end,
            days=list(drawn.days),
            found=dict(drawn.found),
            wish=dict(drawn.wish),
        )

    def imported_meetings(self, leader_id: UUID) -> LeaderMeetings | None:
        """The leader's imported meetings; None before their first import."""
        return self.load_if_any(LeaderMeetings, LeaderMeetings.create_id(leader_id))

    def meetings_of(self, leader_id: UUID, recorded_by: UUID) -> LeaderMeetings:
        """The leader's imported meetings, opened on their first import."""
        stream = self.imported_meetings(leader_id)
        return stream or LeaderMeetings(leader_id=leader_id, recorded_by=recorded_by)


def covered_days(records: list[MeetingRecord], start: date, end: date) -> tuple[date, date]:
    """The days from the file's first meeting to its last, within ``start`` to ``end``."""
    days = [record.day for record in records]
    return max(start, min(days)), min(end, max(days))
