"""The founding article's calendar test: three random working days (``draw``) against the
split the leader wishes for and against the controller pattern.

The article groups a leader's time in three: planning and reporting, follow-up, and their
people, and calls about 60/25/15 "a fine split for a controller". The journal's five
categories fold into those three, with ``other`` kept apart (the pattern gives it nothing).
The days look like the split they are nearer to, by the sum of the differences in
percentage points over the four groups; a tie counts for the wish.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from random import Random
from typing import Any
from uuid import UUID

from journal.domain.leadership import CATEGORIES
from journal.domain.meeting_records import DRAWN_DAYS
from journal.domain.windows import CHECK_MINUTES
from journal.errors import DomainError

#: The article's three groups (and ``other``), each from the journal's categories.
GROUPS: dict[str, tuple[str, ...]] = {
    "plans_and_reports": ("planning", "reporting"),
    "follow_up": ("follow_up",),
    "people": ("people",),
    "other": ("other",),
}
#: "A fine split for a controller": planning and reporting, follow-up, people.
CONTROLLER_PATTERN = {"plans_and_reports": 60, "follow_up": 25, "people": 15, "other": 0}


def grouped(per_category: Mapping[str, int]) -> dict[str, int]:
    """Whole percentages per group of minutes (or percentages) per category; they sum to
    100 unless there is nothing (largest remainders take the rounding)."""
    sums = {group: sum(per_category.get(c, 0) for c in cs) for group, cs in GROUPS.items()}
    total = sum(sums.values())
    if not total:
        return dict.fromkeys(GROUPS, 0)
    exact = {group: 100 * value / total for group, value in sums.items()}
    shares = {group: int(value) for group, value in exact.items()}
    by_remainder = sorted(exact, key=lambda g: exact[g] - shares[g], reverse=True)
    for group in by_remainder[: 100 - sum(shares.values())]:
        shares[group] += 1
    return shares


def distance(a: Mapping[str, int], b: Mapping[str, int]) -> int:
    """Percentage points apart, summed over the groups."""
    return sum(abs(a[group] - b[group]) for group in GROUPS)


@dataclass(frozen=True)
class CalendarCheck:
    """One draw: the days, what they held, and the wish in force when drawn."""

    leader_id: UUID
    drawn_at: datetime
    drawn_by: UUID
    period_start: date
    period_end: date
    days: list[date]
    found: dict[str, int]  # counted minutes per category over the drawn days
    wish: dict[str, int]  # percentage per category

    @property
    def minutes(self) -> int:
        """The counted minutes of the drawn days."""
        return sum(self.found.values())

    @property
    def found_shares(self) -> dict[str, int]:
        """The days' split by group, in whole percentages."""
        return grouped(self.found)

    @property
    def wish_shares(self) -> dict[str, int]:
        """The wished split by group."""
        return grouped(self.wish)

    @property
    def from_wish(self) -> int:
        """Percentage points between the days' split and the wish."""
        return distance(self.found_shares, self.wish_shares)

    @property
    def from_pattern(self) -> int:
        """Percentage points between the days' split and the controller pattern."""
        return distance(self.found_shares, CONTROLLER_PATTERN)

    @property
    def looks_like(self) -> str:
        """``wish`` or ``controller``: the split the days are nearer to; ``none`` if empty,
        ``too_little`` under CHECK_MINUTES (journal/domain/windows.py)."""
        if not self.minutes:
            return "none"
        if self.minutes < CHECK_MINUTES:
            return "too_little"
        return "wish" if self.from_wish <= self.from_pattern else "controller"


def working_days(meetings: Iterable[Mapping[str, Any]], start: date, end: date) -> list[date]:
    """The working days (Monday to Friday) from ``start`` to ``end`` with imported
    meetings that count, in order."""
    return sorted(
        {
            m["day"]
            for m in meetings
            if m["minutes"] and m["day"].weekday() < 5 and start <= m["day"] <= end
        }
    )


def draw(
    meetings: Iterable[Mapping[str, Any]], start: date, end: date, rng: Random
) -> tuple[list[date], dict[str, int]]:
    """``DRAWN_DAYS`` working days of the period drawn at random, and the counted minutes
    per category they held; a DomainError when the period has too few."""
    if end < start:
        raise DomainError("to", "must not be before from")
    kept = list(meetings)
    candidates = working_days(kept, start, end)
    if len(candidates) < DRAWN_DAYS:
        raise DomainError(
            "from",
            "%(start)s to %(end)s has %(count)s working days with meetings that count;"
            " the check draws %(drawn)s: import more of your calendar or choose a"
            " longer period",
            start=start,
            end=end,
            count=len(candidates),
            drawn=DRAWN_DAYS,
        )
    days = sorted(rng.sample(candidates, DRAWN_DAYS))
    found = dict.fromkeys(CATEGORIES, 0)
    for meeting in kept:
        if meeting["day"] in days:
            found[meeting["category"]] += meeting["minutes"]
    return days, found
