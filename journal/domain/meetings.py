"""The meetings imported from a leader's own calendar; one stream per leader.

An import brings the meetings of a period as the journal read, counted and classified
them (``journal.importers.calendars``). The stream remembers each meeting by its stable key, so a
second import of the same export writes nothing, and an updated export writes only what
changed: a new meeting is imported, a changed one corrected, one no longer in the export
for that period withdrawn. Titles and attendees' addresses are the leader's personal data,
sealed with their key like every personal field.
"""

from __future__ import annotations

from datetime import date, datetime
from random import Random
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from journal.domain.base import JournalAggregate, check_actor, check_choice
from journal.domain.calendar_check import draw
from journal.domain.leadership import CATEGORIES, check_split
from journal.domain.meeting_records import (
    CHOSEN,
    CHOSEN_FOR_SERIES,
    DEFAULT_WORDS,
    ImportSummary,
    MeetingRecord,
    check_keywords,
)
from journal.errors import DomainError

_NAMESPACE = UUID("0b6d1f7e-52a4-4b0e-9f39-6c9a3b7d2e11")


class LeaderMeetings(JournalAggregate):
    """The meetings imported from one leader's calendar, by key."""

    @property
    def data_subject(self) -> UUID:
        """Whose personal data this holds: the leader's."""
        return self.leader_id

    @staticmethod
    def create_id(leader_id: UUID) -> UUID:
        """The stream's id follows from the leader's, so it can be found without a lookup."""
        return uuid5(_NAMESPACE, str(leader_id))

    class Opened(JournalAggregate.Created):
        """The leader's first calendar import opened their meetings."""

        leader_id: UUID
        recorded_by: UUID

    @event(Opened)
    def __init__(self, leader_id: UUID, recorded_by: UUID) -> None:
        self.leader_id = leader_id
        self.meetings: dict[str, dict[str, Any]] = {}
        self.choices: dict[str, str] = {}  # series UID or meeting key -> category
        self.keywords = {category: list(words) for category, words in DEFAULT_WORDS.items()}

    # -- importing ----------------------------------------------------------------------------

    def meetings_between(self, first: date, last: date) -> int:
        """How many meetings are kept from the days ``first`` to ``last``."""
        return sum(1 for kept in self.meetings.values() if first <= kept["day"] <= last)

    def import_period(
        self,
        *,
        digest: str,
        period_start: date,
        period_end: date,
        meetings: list[MeetingRecord],
        skipped: int,
        recorded_by: UUID,
    ) -> ImportSummary:
        """Take the period's meetings from an export; write only what differs from before.

        ``period_end`` is the last day included. A meeting of the period that the export
        no longer has is withdrawn; meetings outside the period are left as they are.
        """
        if period_end < period_start:
            raise DomainError("to", "must not be before from")
        check_actor(recorded_by)
        found = {m.key: m for m in meetings}
        imported = corrected = unchanged = 0
        for key, meeting in found.items():
            values = meeting.as_values()
            before = self.meetings.get(key)
            if before is None:
                self._meeting_imported(leader_id=self.leader_id, **values, recorded_by=recorded_by)
                imported += 1
            elif before != values:
                self._meeting_corrected(leader_id=self.leader_id, **values, recorded_by=recorded_by)
                corrected += 1
            else:
                unchanged += 1
        gone = [
            key
            for key, kept in self.meetings.items()
            if key not in found and period_start <= kept["day"] <= period_end
        ]
        for key in gone:
            self._meeting_withdrawn(
                leader_id=self.leader_id,
                key=key,
                reason="no longer in the export",
                recorded_by=recorded_by,
            )
        summary = ImportSummary(imported, corrected, len(gone), unchanged)
        if summary.changed_anything:
            self._calendar_imported(
                leader_id=self.leader_id,
                digest=digest,
                period_start=period_start,
                period_end=period_end,
                imported=imported,
                corrected=corrected,
                withdrawn=len(gone),
                unchanged=unchanged,
                skipped=skipped,
                recorded_by=recorded_by,
            )
        return summary

    class MeetingImported(JournalAggregate.Event):
        """A meeting from the leader's calendar: when, what it counts for, and why."""

        personal_data = ("title", "attendees")

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
        recorded_by: UUID

    @event(MeetingImported)
    def _meeting_imported(
        self,
        leader_id: UUID,
        key: str,
        series: str | None,
        title: str,
        attendees: list[str],
        day: date,
        start: datetime,
        end: datetime,
        minutes: int,
        left_out: str | None,
        category: str,
        rule: str,
        recorded_by: UUID,
    ) -> None:
        self.meetings[key] = MeetingRecord(
            key, series, title, list(attendees), day, start, end, minutes, left_out, category, rule
        ).as_values()

    class MeetingCorrected(MeetingImported):
        """A meeting the export now has differently (moved, renamed, re-counted), or the
        leader recategorised: the meeting's values as they now are."""

    @event(MeetingCorrected)
    def _meeting_corrected(
        self,
        leader_id: UUID,
        key: str,
        series: str | None,
        title: str,
        attendees: list[str],
        day: date,
        start: datetime,
        end: datetime,
        minutes: int,
        left_out: str | None,
        category: str,
        rule: str,
        recorded_by: UUID,
    ) -> None:
        self.meetings[key] = MeetingRecord(
            key, series, title, list(attendees), day, start, end, minutes, left_out, category, rule
        ).as_values()

    class MeetingWithdrawn(JournalAggregate.Event):
        """A meeting the export no longer has for its period."""

        leader_id: UUID
        key: str
        reason: str
        recorded_by: UUID

    @event(MeetingWithdrawn)
    def _meeting_withdrawn(self, leader_id: UUID, key: str, reason: str, recorded_by: UUID) -> None:
        del self.meetings[key]

    class CalendarImported(JournalAggregate.Event):
        """An import that changed something: who, when (the timestamp), which file, which
        period, and what it did."""

        leader_id: UUID
        digest: str
        period_start: date
        period_end: date
        imported: int
        corrected: int
        withdrawn: int
        unchanged: int
        skipped: int
        recorded_by: UUID

    @event(CalendarImported)
    def _calendar_imported(
        self,
        leader_id: UUID,
        digest: str,
        period_start: date,
        period_end: date,
        imported: int,
        corrected: int,
        withdrawn: int,
        unchanged: int,
        skipped: int,
        recorded_by: UUID,
    ) -> None:
        """An import changes the meetings by its other events; this one only records it."""

    def undo_import(
        self,
        before: dict[str, dict[str, Any] | None],
        undone: CalendarImported,
        *,
        recorded_by: UUID,
    ) -> ImportSummary:
        """Put back each meeting an import changed as it was before it (``before``: key ->
        values, None for a meeting the import brought), and record which import was undone.
        Returns what the undo itself did."""
        check_actor(recorded_by)
        imported = corrected = withdrawn = unchanged = 0
        for key, values in before.items():
            now = self.meetings.get(key)
            if values is None and now is not None:
                self._meeting_withdrawn(
                    leader_id=self.leader_id, key=key, reason="import undone",
                    recorded_by=recorded_by,
                )  # fmt: skip
                withdrawn += 1
            elif values is not None and now is None:
                self._meeting_imported(leader_id=self.leader_id, **values, recorded_by=recorded_by)
                imported += 1
            elif values is not None and values != now:
                self._meeting_corrected(leader_id=self.leader_id, **values, recorded_by=recorded_by)
                corrected += 1
            else:
                unchanged += 1
        self._import_undone(
            leader_id=self.leader_id, digest=undone.digest, period_start=undone.period_start,
            period_end=undone.period_end, undone_version=undone.originator_version,
            recorded_by=recorded_by,
        )  # fmt: skip
        return ImportSummary(imported, corrected, withdrawn, unchanged)

    class ImportUndone(JournalAggregate.Event):
        """The leader undid an import: its meetings are as they were before it."""

        leader_id: UUID
        digest: str
        period_start: date
        period_end: date
        undone_version: int  # the version of the import's CalendarImported event
        recorded_by: UUID

    @event(ImportUndone)
    def _import_undone(
        self,
        leader_id: UUID,
        digest: str,
        period_start: date,
        period_end: date,
        undone_version: int,
        recorded_by: UUID,
    ) -> None:
        """The meetings were put back by the events before this one; this records it."""

    # -- the leader's own choices -------------------------------------------------------------

    def set_keywords(self, words: dict[str, list[str]], *, recorded_by: UUID) -> None:
        """The leader's own words per category; later imports classify titles by them."""
        checked = check_keywords(words)
        if checked == self.keywords:
            raise DomainError("words", "nothing differs from your current words")
        self._keywords_set(
            leader_id=self.leader_id, words=checked, recorded_by=check_actor(recorded_by)
        )

    class KeywordsSet(JournalAggregate.Event):
        """The leader set the words that put a meeting's title in a category."""

        leader_id: UUID
        words: dict[str, list[str]]
        recorded_by: UUID

    @event(KeywordsSet)
    def _keywords_set(
        self, leader_id: UUID, words: dict[str, list[str]], recorded_by: UUID
    ) -> None:
        self.keywords = {category: list(listed) for category, listed in words.items()}

    def choose_category(self, key: str, category: str, *, recorded_by: UUID) -> int:
        """The leader's category for a meeting, and for every meeting of its series; kept
        for later imports. Returns how many imported meetings it recategorised."""
        meeting = self.meetings.get(key)
        if meeting is None:
            raise DomainError("key", "no imported meeting with that key")
        target = meeting["series"] or key
        category = check_choice("category", category, CATEGORIES)
        self._category_chosen(
            leader_id=self.leader_id,
            target=target,
            category=category,
            recorded_by=check_actor(recorded_by),
        )
        rule = CHOSEN_FOR_SERIES if meeting["series"] else CHOSEN
        changed = [
            {**m, "category": category, "rule": rule}
            for m in self.meetings.values()
            if (m["key"] == target or m["series"] == target)
            and (m["category"], m["rule"]) != (category, rule)
        ]
        for values in changed:
            self._meeting_corrected(leader_id=self.leader_id, **values, recorded_by=recorded_by)
        return len(changed)

    class CategoryChosen(JournalAggregate.Event):
        """The leader chose the category of a meeting, or of its whole series."""

        leader_id: UUID
        target: str  # a series' UID, or a single meeting's key
        category: str
        recorded_by: UUID

    @event(CategoryChosen)
    def _category_chosen(
        self, leader_id: UUID, target: str, category: str, recorded_by: UUID
    ) -> None:
        self.choices[target] = category

    # -- the calendar check: three random working days ------------------------------------

    def draw_days(
        self, start: date, end: date, wish: dict[str, int], *, rng: Random, recorded_by: UUID
    ) -> list[date]:
        """Draw ``DRAWN_DAYS`` working days of the period at random and record them with
        what they held (counted minutes per category) and the split the leader wished for,
        so an auditor sees which days were drawn and what the leader was shown."""
        days, found = draw(self.meetings.values(), start, end, rng)
        self._days_drawn(
            leader_id=self.leader_id,
            period_start=start,
            period_end=end,
            days=days,
            wish=check_split(wish),
            found=found,
            recorded_by=check_actor(recorded_by),
        )
        return days

    class DaysDrawn(JournalAggregate.Event):
        """The calendar check drew these working days of the period; they held ``found``
        minutes per category, against the ``wish`` split in force."""

        leader_id: UUID
        period_start: date
        period_end: date
        days: list[date]
        wish: dict[str, int]
        found: dict[str, int]
        recorded_by: UUID

    @event(DaysDrawn)
    def _days_drawn(
        self,
        leader_id: UUID,
        period_start: date,
        period_end: date,
        days: list[date],
        wish: dict[str, int],
        found: dict[str, int],
        recorded_by: UUID,
    ) -> None:
        """A draw changes no meeting; it only records what the leader was shown."""
