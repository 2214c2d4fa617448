"""A leader's own time and priorities: are they coaching or controlling?"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from journal import clock
from journal.domain import limits
from journal.domain.base import (
    JournalAggregate,
    check_actor,
    check_choice,
    check_date,
    check_minutes,
    check_text,
)
from journal.domain.windows import ONE_TO_ONE_EVERY_DAYS, WALK_AND_TALK_EVERY_DAYS
from journal.errors import DomainError

CATEGORIES = ("planning", "reporting", "follow_up", "people", "other")
DEFAULT_SPLIT = {"planning": 15, "reporting": 10, "follow_up": 15, "people": 50, "other": 10}
MINUTES_PER_DAY = limits.DAY_MINUTES
_NAMESPACE = UUID("6f1c7c1e-3b8f-4c38-9a52-1d2a64b1c0de")


class LeaderCalendar(JournalAggregate):
    """One leader's time log and priorities; one stream per leader."""

    @property
    def data_subject(self) -> UUID:
        """Whose personal data this holds: ``leader_id``."""
        return self.leader_id

    @staticmethod
    def create_id(leader_id: UUID) -> UUID:
        """The calendar's id follows from the leader's, so it can be found without a lookup."""
        return uuid5(_NAMESPACE, str(leader_id))

    class Opened(JournalAggregate.Created):
        """A leader's calendar was opened when the leader was registered."""

        leader_id: UUID
        recorded_by: UUID | None

    @event(Opened)
    def __init__(self, leader_id: UUID, recorded_by: UUID | None) -> None:
        self.leader_id = leader_id
        self.minutes_by_day: dict[str, int] = {}
        self.split = dict(DEFAULT_SPLIT)
        self.one_to_one_every_days = ONE_TO_ONE_EVERY_DAYS
        self.walk_and_talk_every_days = WALK_AND_TALK_EVERY_DAYS
        self.focus_areas: list[str] = []
        self.priorities_set = False

    def log_time(
        self, entry_id: UUID, on: date, minutes: int, category: str, note: str, *, recorded_by: UUID
    ) -> None:
        """Log minutes spent on one category on one of the last 92 days; a day holds at most
        24 hours."""
        on = check_date("on", on, not_after_today=True)
        oldest = clock.now().date() - timedelta(days=limits.TIME_LOG_DAYS)
        if on < oldest:
            raise DomainError(
                "on",
                "time is logged for the last %(time_log_days)s days; %(on)s is before %(oldest)s",
                time_log_days=limits.TIME_LOG_DAYS,
                on=on.isoformat(),
                oldest=oldest.isoformat(),
            )
        minutes = check_minutes("minutes", minutes)
        already = self.minutes_by_day.get(on.isoformat(), 0)
        if already + minutes > MINUTES_PER_DAY:
            raise DomainError(
                "minutes",
                "%(on)s already has %(already)s minutes logged; a day holds at most %(most)s",
                on=on.isoformat(),
                already=already,
                most=MINUTES_PER_DAY,
            )
        self._time_logged(
            leader_id=self.leader_id,
            entry_id=entry_id,
            on=on,
            minutes=minutes,
            category=check_choice("category", category, CATEGORIES),
            note=check_text("note", note, max_length=limits.TIME_NOTE, required=False),
            recorded_by=check_actor(recorded_by),
        )

    class TimeLogged(JournalAggregate.Event):
        """A leader logged minutes spent on one category on one day."""

        personal_data = ("note",)

        leader_id: UUID
        entry_id: UUID
        on: date
        minutes: int
        category: str
        note: str
        recorded_by: UUID

    @event(TimeLogged)
    def _time_logged(
        self,
        leader_id: UUID,
        entry_id: UUID,
        on: date,
        minutes: int,
        category: str,
        note: str,
        recorded_by: UUID,
    ) -> None:
        day = on.isoformat()
        self.minutes_by_day[day] = self.minutes_by_day.get(day, 0) + minutes
        # Only the days time can still be logged for are kept (see log_time); a day older
        # than that, counted from the newest, is dropped. Replays drop the same days.
        if len(self.minutes_by_day) > limits.TIME_LOG_DAYS + 31:
            newest = date.fromisoformat(max(self.minutes_by_day))
            cutoff = (newest - timedelta(days=limits.TIME_LOG_DAYS + 1)).isoformat()
            self.minutes_by_day = {d: m for d, m in self.minutes_by_day.items() if d >= cutoff}

    def set_priorities(
        self,
        split: dict[str, int],
        one_to_one_every_days: int,
        walk_and_talk_every_days: int,
        focus_areas: list[str],
        *,
        recorded_by: UUID,
    ) -> None:
        """Set the target time split, the coaching cadence and the focus areas."""
        self._priorities_set(
            leader_id=self.leader_id,
            split=check_split(split),
            one_to_one_every_days=check_days("one_to_one_every_days", one_to_one_every_days),
            walk_and_talk_every_days=check_days(
                "walk_and_talk_every_days", walk_and_talk_every_days
            ),
            focus_areas=check_focus_areas(focus_areas),
            recorded_by=check_actor(recorded_by),
        )

    class PrioritiesSet(JournalAggregate.Event):
        """A leader set their target split, cadence and focus areas."""

        personal_data = ("focus_areas",)

        leader_id: UUID
        split: dict[str, int]
        one_to_one_every_days: int
        walk_and_talk_every_days: int
        focus_areas: list[str]
        recorded_by: UUID

    @event(PrioritiesSet)
    def _priorities_set(
        self,
        leader_id: UUID,
        split: dict[str, int],
        one_to_one_every_days: int,
        walk_and_talk_every_days: int,
        focus_areas: list[str],
        recorded_by: UUID,
    ) -> None:
        self.split = dict(split)
        self.one_to_one_every_days = one_to_one_every_days
        self.walk_and_talk_every_days = walk_and_talk_every_days
        self.focus_areas = list(focus_areas)
        self.priorities_set = True


def check_split(value: Any) -> dict[str, int]:
    """A split gives every category a whole percentage, and they sum to 100."""
    if not isinstance(value, dict):
        raise DomainError("split", "must give a percentage per category")
    unknown = sorted(set(value) - set(CATEGORIES))
    if unknown:
        raise DomainError("split", 'unknown category "%(unknown)s"', unknown=unknown[0])
    split = {}
    for category in CATEGORIES:
        share = value.get(category, 0)
        if isinstance(share, bool) or not isinstance(share, int) or not 0 <= share <= 100:
            raise DomainError(
                "split", "%(category)s must be a whole percentage from 0 to 100", category=category
            )
        split[category] = share
    total = sum(split.values())
    if total != 100:
        raise DomainError("split", "must sum to 100, not %(total)s", total=total)
    return split


def check_days(field: str, value: Any) -> int:
    """A cadence is a whole number of days from 1 to 365."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not limits.CADENCE_DAYS_MIN <= value <= limits.CADENCE_DAYS_MAX
    ):
        raise DomainError(
            field,
            "must be a whole number of days from %(cadence_days_min)s to %(cadence_days_max)s",
            cadence_days_min=limits.CADENCE_DAYS_MIN,
            cadence_days_max=limits.CADENCE_DAYS_MAX,
        )
    return value


def check_focus_areas(value: Any) -> list[str]:
    """Focus areas are up to ten short texts, in order."""
    if not isinstance(value, list | tuple):
        raise DomainError("focus_areas", "must be a list of texts")
    if len(value) > limits.FOCUS_AREAS:
        raise DomainError(
            "focus_areas", "must be at most %(focus_areas)s items", focus_areas=limits.FOCUS_AREAS
        )
    return [check_text("focus_areas", area, max_length=limits.FOCUS_AREA) for area in value]
