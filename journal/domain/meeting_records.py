"""A leader's imported meetings as the journal keeps them, and the words that sort them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from journal.domain import limits
from journal.domain.leadership import CATEGORIES
from journal.errors import DomainError

#: The rules named when the leader chose a category themselves (see journal.calendars).
CHOSEN_FOR_SERIES = "your choice for this series"
CHOSEN = "your choice"

#: The words in a title that put a meeting in a category, until the leader edits them.
DEFAULT_WORDS: dict[str, list[str]] = {
    "planning": ["vagtplan", "planlægning", "schedule", "rota", "budget", "bemanding",
                 "staffing", "forecast"],
    "reporting": ["rapport", "report", "kpi", "dashboard", "statistik", "opgørelse"],
    "follow_up": ["opfølgning", "follow-up", "follow up", "status"],
}  # fmt: skip
#: How many working days the calendar check draws (the founding article's exercise).
DRAWN_DAYS = 3
#: Each category's keyword rule, by the name the meetings list shows.
KEYWORD_RULE_NAMES = {
    "reporting": "reporting words",
    "planning": "planning words",
    "follow_up": "follow-up words",
    "people": "people words",
    "other": "other words",
}


@dataclass(frozen=True)
class MeetingRecord:
    """One meeting as the journal keeps it: when, how long it counts, and for what."""

    key: str
    series: str | None  # the series' UID for an occurrence of a recurring meeting
    title: str
    attendees: list[str]
    day: date  # the organisation's day it starts on
    start: datetime
    end: datetime
    minutes: int  # what it counts for (0 when left out or covered by an earlier meeting)
    left_out: str | None  # why it does not count at all, if so
    category: str
    rule: str  # the rule that decided the category

    def as_values(self) -> dict[str, Any]:
        """The record as an event's fields (a shallow copy: ``dataclasses.asdict`` copied
        deeply and was a sixth of a 2,000-meeting import)."""
        values = dict(vars(self))
        values["attendees"] = list(self.attendees)
        return values


@dataclass(frozen=True)
class ImportSummary:
    """What one import changed."""

    imported: int
    corrected: int
    withdrawn: int
    unchanged: int

    @property
    def changed_anything(self) -> bool:
        return bool(self.imported or self.corrected or self.withdrawn)


def check_keywords(words: Any) -> dict[str, list[str]]:
    """Words per category, each trimmed, lower case, at most ``limits.KEYWORD`` characters
    and ``limits.KEYWORDS`` words a category; in the order of ``CATEGORIES``."""
    if not isinstance(words, dict) or set(words) - set(CATEGORIES):
        raise DomainError(
            "words",
            "give words for the categories %(categories)s",
            categories=", ".join(CATEGORIES),
        )
    checked: dict[str, list[str]] = {}
    for category in CATEGORIES:
        listed = words.get(category, [])
        if not isinstance(listed, list | tuple) or not all(isinstance(w, str) for w in listed):
            raise DomainError(category, "must be a list of words")
        cleaned = list(dict.fromkeys(w.strip().lower() for w in listed if w.strip()))
        if len(cleaned) > limits.KEYWORDS:
            raise DomainError(
                category, "must be at most %(keywords)s words", keywords=limits.KEYWORDS
            )
        if any(len(w) > limits.KEYWORD for w in cleaned):
            raise DomainError(
                category, "each word must be at most %(keyword)s characters", keyword=limits.KEYWORD
            )
        if cleaned:
            checked[category] = cleaned
    return checked
