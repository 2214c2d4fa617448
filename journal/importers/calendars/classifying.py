"""Which category a meeting's time goes to, by named rules applied in order.

1. The leader's own rule for a recurring series (a change of category they made, kept for
   later imports), or for the one meeting.
2. Who attends, matched by email to the leader's team: exactly one team member besides the
   leader is a 1-to-1; two or more is a team meeting (training, team-building): people.
3. Words in the title, Danish and English (``DEFAULT_KEYWORDS``, which a leader can edit).
4. Otherwise: other.

Each answer names the rule that decided it, so the page can show it beside the meeting.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from journal.domain.leadership import CATEGORIES
from journal.domain.meeting_records import (
    CHOSEN,
    CHOSEN_FOR_SERIES,
    DEFAULT_WORDS,
    KEYWORD_RULE_NAMES,
)
from journal.importers.calendars.reading import Meeting

#: The rules that read who attends.
ONE_TO_ONE = "1-to-1 with a team member"
TEAM_MEETING = "team meeting"


@dataclass(frozen=True)
class KeywordRule:
    """Titles with any of ``words`` in them (any case) go to ``category``."""

    name: str
    category: str
    words: tuple[str, ...]

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r}")

    def matches(self, title: str) -> str | None:
        """The first of the rule's words in ``title``, or None."""
        # Anywhere in the title, not only as a whole word: Danish writes compounds as one
        # word ("Månedsrapport", "Budgetseminar", "Ugestatus").
        folded = title.casefold()
        return next((word for word in self.words if word.casefold() in folded), None)


def keyword_rules(words: Mapping[str, Iterable[str]]) -> tuple[KeywordRule, ...]:
    """The keyword rules of a leader's words per category, in the order given."""
    return tuple(
        KeywordRule(KEYWORD_RULE_NAMES[category], category, tuple(listed))
        for category, listed in words.items()
        if category in KEYWORD_RULE_NAMES
    )


DEFAULT_KEYWORDS: tuple[KeywordRule, ...] = keyword_rules(DEFAULT_WORDS)


@dataclass(frozen=True)
class Classified:
    """The category a meeting's time goes to, and the rule that decided it."""

    category: str
    rule: str


def classify(
    meeting: Meeting,
    *,
    leader_email: str,
    team_emails: Iterable[str],
    keyword_rules: Iterable[KeywordRule] = DEFAULT_KEYWORDS,
    leader_rules: Mapping[str, str] | None = None,
) -> Classified:
    """The category of ``meeting`` by the first rule that applies.

    ``leader_rules`` maps a series' UID (or a single meeting's key) to the category the
    leader chose for it.
    """
    chosen = (leader_rules or {}).get(meeting.uid if meeting.in_series else meeting.key)
    if chosen is not None:
        return Classified(chosen, CHOSEN_FOR_SERIES if meeting.in_series else CHOSEN)
    leader = leader_email.lower()
    team = {email.lower() for email in team_emails}
    others = {a.email for a in meeting.attendees if a.email != leader and a.answer != "DECLINED"}
    if meeting.organizer and meeting.organizer != leader:
        others.add(meeting.organizer)
    from_team = others & team
    if len(others) == 1 and from_team:
        return Classified("people", ONE_TO_ONE)
    if len(from_team) >= 2:
        return Classified("people", TEAM_MEETING)
    for rule in keyword_rules:
        word = rule.matches(meeting.title)
        if word is not None:
            return Classified(rule.category, f'{rule.name}: "{word}"')
    return Classified("other", "no rule matched")
