"""From an export's meetings to the records the journal keeps: counted and classified."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import tzinfo

from journal.domain.meeting_records import MeetingRecord
from journal.importers.calendars.classifying import DEFAULT_KEYWORDS, KeywordRule, classify
from journal.importers.calendars.counting import count
from journal.importers.calendars.reading import Meeting


def meeting_records(
    meetings: list[Meeting],
    *,
    leader_email: str,
    team_emails: Iterable[str],
    zone: tzinfo,
    choices: Mapping[str, str],
    keyword_rules: Iterable[KeywordRule] = DEFAULT_KEYWORDS,
) -> list[MeetingRecord]:
    """Each meeting with the minutes it counts for, its category and the deciding rule."""
    team = set(team_emails)
    rules = tuple(keyword_rules)
    records = []
    for counted in count(meetings, leader_email):
        meeting = counted.meeting
        decided = classify(
            meeting,
            leader_email=leader_email,
            team_emails=team,
            keyword_rules=rules,
            leader_rules=choices,
        )
        records.append(
            MeetingRecord(
                key=meeting.key,
                series=meeting.uid if meeting.in_series else None,
                title=meeting.title,
                attendees=[a.email for a in meeting.attendees],
                day=meeting.start.astimezone(zone).date(),
                start=meeting.start,
                end=meeting.end,
                minutes=counted.minutes,
                left_out=counted.left_out,
                category=decided.category,
                rule=decided.rule,
            )
        )
    return records
