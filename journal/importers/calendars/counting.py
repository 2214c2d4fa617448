"""What of a calendar counts as the leader's time, as a calendar analyst would count it.

A meeting does not count when it was cancelled, is marked free (transparent), lasts all
day, lasts more than ``limits.MEETING_HOURS`` hours, or the leader declined it. Time two
meetings share counts once: it goes to the meeting that started first (of two that start
together, the longer; then the one with the smaller key), and the other counts only its
minutes outside it. So a day's minutes never exceed the time the leader was busy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from journal.domain import limits
from journal.importers.calendars.reading import Meeting


@dataclass(frozen=True)
class Counted:
    """A meeting, the minutes it counts for, and why it counts for none if so."""

    meeting: Meeting
    minutes: int
    left_out: str | None = None  # "cancelled", "free", "all day", "over 12 hours", "declined"


def left_out(meeting: Meeting, leader_email: str) -> str | None:
    """Why the meeting does not count as the leader's time, or None if it does."""
    if meeting.status == "CANCELLED":
        return "cancelled"
    if meeting.free:
        return "free"
    if meeting.all_day:
        return "all day"
    if meeting.end - meeting.start > timedelta(hours=limits.MEETING_HOURS):
        return f"over {limits.MEETING_HOURS} hours"
    answers = {a.email: a.answer for a in meeting.attendees}
    if answers.get(leader_email.lower()) == "DECLINED":
        return "declined"
    return None


def count(meetings: list[Meeting], leader_email: str) -> list[Counted]:
    """Every meeting with the minutes it counts for, in the order they start."""
    ordered = sorted(meetings, key=lambda m: (m.start, -(m.end - m.start), m.key))
    counted: list[Counted] = []
    busy_until: datetime | None = None
    for meeting in ordered:
        reason = left_out(meeting, leader_email)
        if reason is not None:
            counted.append(Counted(meeting, 0, reason))
            continue
        # Meetings are in order of start, so the time already counted is one stretch that
        # ends at busy_until; only the part after it is this meeting's own.
        own_start = meeting.start if busy_until is None else max(meeting.start, busy_until)
        own = max(timedelta(0), meeting.end - own_start)
        counted.append(Counted(meeting, int(own.total_seconds() // 60)))
        busy_until = meeting.end if busy_until is None else max(busy_until, meeting.end)
    return counted
