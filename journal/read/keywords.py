"""The words a leader's next calendar import sorts meeting titles by."""

from __future__ import annotations

from uuid import UUID

from journal.commands import Journal
from journal.domain.meeting_records import DEFAULT_WORDS


def meeting_keywords(journal: Journal, leader_id: UUID) -> dict[str, list[str]]:
    """The leader's own words per category, or the defaults before they chose any."""
    stream = journal.imported_meetings(leader_id)
    if stream is None:
        return {category: list(words) for category, words in DEFAULT_WORDS.items()}
    return stream.keywords
