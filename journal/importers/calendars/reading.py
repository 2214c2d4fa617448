"""Read an iCalendar export into the meetings of a period, each occurrence of a series apart.

``icalendar`` parses the file (Outlook's Windows zone names such as "Romance Standard
Time" included) and ``recurring-ical-events`` expands repeats over the period: RRULE,
EXDATE, moved occurrences (RECURRENCE-ID) and daylight-saving changes; times without a zone
follow the file's ``X-WR-TIMEZONE`` (Google) or else the organisation's zone. Every
meeting gets a stable key (its UID, and for an occurrence of a series the start it was
planned for), so a later export of the same calendar finds the same meetings again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any

import icalendar
import recurring_ical_events

from journal.domain import limits
from journal.errors import DomainError


@dataclass(frozen=True)
class Attendee:
    """Someone invited, by email address (lower case), and their answer."""

    email: str
    answer: str  # ACCEPTED, DECLINED, TENTATIVE or NEEDS-ACTION


@dataclass(frozen=True)
class Meeting:
    """One occurrence of a calendar item in the period."""

    key: str  # the UID, and "/" and the planned start (UTC) for an occurrence of a series
    uid: str
    in_series: bool
    title: str
    start: datetime  # aware, UTC
    end: datetime
    all_day: bool
    status: str  # CONFIRMED, TENTATIVE or CANCELLED
    free: bool  # TRANSP:TRANSPARENT, or Outlook's busy status FREE
    organizer: str | None
    attendees: tuple[Attendee, ...]

    @property
    def minutes(self) -> int:
        """How long it lasts, in whole minutes."""
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True)
class Skipped:
    """An item of the file that could not be read, and why."""

    item: str
    error: DomainError

    @property
    def reason(self) -> str:
        """Why, in English."""
        return self.error.message


@dataclass(frozen=True)
class CalendarFile:
    """What a file holds for the period: its meetings, what was skipped, and its digest."""

    digest: str  # SHA-256 of the file's bytes
    meetings: list[Meeting]
    skipped: list[Skipped]


def read_calendar(data: bytes, start: datetime, end: datetime, zone: tzinfo) -> CalendarFile:
    """The meetings of ``data`` that start in ``[start, end)``, oldest first.

    ``zone`` places times without a zone when the file names none. Raises DomainError on
    ``file`` when the data is too big or not iCalendar; items that cannot be read are
    skipped with a reason, and the rest are read.
    """
    if len(data) > limits.CALENDAR_FILE_BYTES:
        raise DomainError(
            "file",
            "is larger than %(megabytes)s MB; export a shorter period",
            megabytes=limits.CALENDAR_FILE_BYTES // 1_000_000,
        )
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise DomainError(
            "file", "is not a calendar: export it again from your calendar as an .ics file"
        ) from error
    if not isinstance(calendar, icalendar.Calendar) or calendar.name != "VCALENDAR":
        raise DomainError(
            "file", "is not a calendar: export it again from your calendar as an .ics file"
        )
    if "X-WR-TIMEZONE" not in calendar:
        calendar["X-WR-TIMEZONE"] = str(zone)
    series = {str(e.get("UID")) for e in calendar.walk("VEVENT") if "RRULE" in e or "RDATE" in e}
    meetings: list[Meeting] = []
    skipped: list[Skipped] = []
    try:
        occurrences = recurring_ical_events.of(calendar).between(start, end)
    except (ValueError, TypeError, KeyError) as error:
        raise DomainError(
            "file", "its repeating meetings cannot be read; export the calendar again"
        ) from error
    for occurrence in occurrences:
        try:
            meetings.append(meeting_of(occurrence, series, zone))
        except DomainError as error:
            skipped.append(Skipped(str(occurrence.get("SUMMARY", "(no title)")), error))
        except (ValueError, TypeError, KeyError, AttributeError):
            unreadable = DomainError("event", "its times cannot be read")
            skipped.append(Skipped(str(occurrence.get("SUMMARY", "(no title)")), unreadable))
    meetings.sort(key=lambda m: (m.start, m.end, m.key))
    return CalendarFile(hashlib.sha256(data).hexdigest(), meetings, skipped)


def meeting_of(event: Any, series: set[str], zone: tzinfo) -> Meeting:
    """One occurrence as a Meeting (raises DomainError when it lacks what a meeting needs)."""
    uid = str(event.get("UID") or "")
    if not uid:
        raise DomainError("event", "it has no UID")
    begins = event.get("DTSTART")
    if begins is None:
        raise DomainError("event", "it has no start (DTSTART)")
    all_day = not isinstance(begins.dt, datetime)
    ends = event.get("DTEND")
    start = instant(begins.dt, zone)
    end = instant(ends.dt, zone) if ends is not None else start
    if end < start:
        raise DomainError("event", "it ends before it starts")
    in_series = uid in series
    key = uid
    if in_series and event.get("RECURRENCE-ID") is not None:
        planned = instant(event.get("RECURRENCE-ID").dt, zone)
        key = f"{uid}/{planned.strftime('%Y%m%dT%H%M%SZ')}"
    busy = str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).upper()
    return Meeting(
        key=key,
        uid=uid,
        in_series=in_series,
        title=str(event.get("SUMMARY", "")).strip(),
        start=start,
        end=end,
        all_day=all_day,
        status=str(event.get("STATUS", "CONFIRMED")).upper(),
        free=str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT" or busy == "FREE",
        organizer=address(event.get("ORGANIZER")),
        attendees=tuple(
            Attendee(email, str(person.params.get("PARTSTAT", "NEEDS-ACTION")).upper())
            for person in listed(event.get("ATTENDEE"))
            if (email := address(person)) is not None
        ),
    )


def instant(value: date | datetime, zone: tzinfo) -> datetime:
    """A start or end as an aware UTC instant; a date is midnight in ``zone``."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0))
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def address(value: Any) -> str | None:
    """The email address of a ``mailto:`` value, in lower case."""
    if value is None:
        return None
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    return text.lower() or None


def listed(value: Any) -> list[Any]:
    """A property that may appear once or many times, as a list."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]
