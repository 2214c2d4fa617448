"""Commands on a leader's own time: what it went to, and the split they aim for."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from journal.commands.people import PeopleCommands
from journal.domain.leadership import LeaderCalendar
from journal.domain.windows import ONE_TO_ONE_EVERY_DAYS, WALK_AND_TALK_EVERY_DAYS


class LeaderTimeCommands(PeopleCommands):
    """Log a leader's time and set their priorities (time split, cadence, focus)."""

    def calendar_of(self, leader_id: UUID) -> LeaderCalendar:
        """The leader's calendar (time log and priorities), checking they are a leader."""
        self.person(leader_id, "leader_id", role="leader")
        return self.load(LeaderCalendar, LeaderCalendar.create_id(leader_id), "leader_id")

    def log_time(
        self,
        leader_id: UUID,
        *,
        on: date,
        minutes: int,
        category: str,
        note: str = "",
        recorded_by: UUID | None = None,
    ) -> UUID:
        """Log how many minutes a leader spent on one category on one day."""
        calendar = self.calendar_of(leader_id)
        entry_id = uuid4()
        calendar.log_time(
            entry_id, on, minutes, category, note, recorded_by=recorded_by or leader_id
        )
        self.save(calendar)
        return entry_id

    def set_priorities(
        self,
        leader_id: UUID,
        *,
        split: dict[str, int],
        one_to_one_every_days: int = ONE_TO_ONE_EVERY_DAYS,
        walk_and_talk_every_days: int = WALK_AND_TALK_EVERY_DAYS,
        focus_areas: list[str] | None = None,
        recorded_by: UUID | None = None,
    ) -> None:
        """Set a leader's target time split, coaching cadence and focus areas."""
        calendar = self.calendar_of(leader_id)
        calendar.set_priorities(
            split,
            one_to_one_every_days,
            walk_and_talk_every_days,
            focus_areas or [],
            recorded_by=recorded_by or leader_id,
        )
        self.save(calendar)
