"""The demo leaders' own calendars: each working day booked the way the leader works at
that point of the year, exported as an Outlook or Google .ics file, and imported each month
through the same path a leader's upload takes (``Journal.import_calendar``).

A day's calendar holds the conversations the leader held (1-to-1s and walk-and-talks with
one person, training and team days with several), more time with the team (floor coaching,
huddles; now and then a short 1-to-1 the leader does not log), and meetings for planning,
reporting, follow-up and other things, titled so the default keyword rules sort them.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

from journal.entry.demo import calendar_titles
from journal.entry.demo.roster import Booking, Employee, Leader

START_HOUR = 7  # UTC: the day's first free quarter-hour (08:00 or 09:00 in Copenhagen)
OUTLOOK_ZONE = "Romance Standard Time"  # Outlook's name for Copenhagen's zone
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def book_day(
    rng: random.Random,
    leader: Leader,
    day: int,
    on: date,
    minutes: dict[str, int],
    team: list[Employee],
) -> None:
    """Book the leader's day: the conversations held, then the rest of ``minutes`` per
    category in free quarter-hours from the morning on."""
    language = leader.style.language
    fixed = sessions_of(leader, day, language)
    taken = [(b.start, b.start + timedelta(minutes=b.minutes)) for b in fixed]
    blocks: list[tuple[str, int, tuple[str, ...]]] = []
    people_left = minutes.get("people", 0) - sum(b.minutes for b in fixed)
    while people_left >= 15 and team:
        length = min(people_left, rng.choice((45, 60, 90)))
        people_left -= length
        if rng.random() < 0.06:
            one = rng.choice(team)
            title = calendar_titles.SHORT_ONE_TO_ONE[language].format(first=one.first)
            blocks.append((title, 20, (one.email,)))
            continue
        some = rng.sample(team, min(len(team), rng.randint(2, 4)))
        title = rng.choice(calendar_titles.TEAM_TITLES[language])
        blocks.append((title, length, tuple(e.email for e in some)))
    week = on.isocalendar().week
    for category in ("planning", "reporting", "follow_up", "other"):
        left = minutes.get(category, 0)
        while left >= 15:
            length = min(left, rng.choice((60, 90, 120)))
            left -= length
            title = rng.choice(calendar_titles.MEETING_TITLES[category][language]).format(week=week)
            blocks.append((title, length, ()))
    rng.shuffle(blocks)
    cursor = datetime.combine(on, time(START_HOUR), UTC)
    booked = list(fixed)
    for title, length, attendees in blocks:
        cursor = free_from(cursor, length, taken)
        booked.append(Booking(uid_for(rng), title, cursor, length, attendees))
        taken.append((cursor, cursor + timedelta(minutes=length)))
        cursor += timedelta(minutes=length)
    leader.bookings.extend(sorted(booked, key=lambda b: b.start))


def sessions_of(leader: Leader, day: int, language: str) -> list[Booking]:
    """The day's conversations as meetings: one per time and kind, with everyone in it."""
    grouped: dict[tuple[str, datetime], tuple[int, list[Employee]]] = {}
    for kind, start, minutes, employee in leader.sessions.pop(day, []):
        grouped.setdefault((kind, start), (minutes, []))[1].append(employee)
    return [
        Booking(
            uid=f"{leader.person_id.hex[:8]}-{kind}-{start:%Y%m%dT%H%M}",
            title=calendar_titles.SESSION_TITLES[kind][language].format(first=people[0].first),
            start=start,
            minutes=minutes,
            attendees=tuple(e.email for e in people),
        )
        for (kind, start), (minutes, people) in grouped.items()
    ]


def free_from(cursor: datetime, length: int, taken: list[tuple[datetime, datetime]]) -> datetime:
    """The first moment from ``cursor`` with ``length`` minutes free of what is taken."""
    moved = True
    while moved:
        moved = False
        end = cursor + timedelta(minutes=length)
        for start, stop in taken:
            if start < end and cursor < stop:
                cursor, moved = stop, True
    return cursor


def uid_for(rng: random.Random) -> str:
    """A UID in the shape the exporting calendar writes."""
    return f"{UUID(int=rng.getrandbits(128)).hex}@demo"


def in_period(booking: Booking, first: date, last: date) -> bool:
    """Whether the meeting starts on a Copenhagen day from ``first`` to ``last``."""
    return first <= booking.start.astimezone(COPENHAGEN).date() <= last


def booked(leader: Leader, first: date, last: date) -> bool:
    """Whether the leader has any meeting from ``first`` to ``last``."""
    return any(in_period(booking, first, last) for booking in leader.bookings)


def export(leader: Leader, first: date, last: date) -> bytes:
    """The leader's meetings from ``first`` to ``last`` as their calendar would export them:
    Outlook with Windows zone names, or Google with UTC times and ``X-WR-TIMEZONE``."""
    outlook = leader.style.calendar == "outlook"
    calendar = Calendar()
    calendar.add("prodid", "Microsoft Exchange Server 2010" if outlook else
                 "-//Google Inc//Google Calendar 70.9054//EN")  # fmt: skip
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    if outlook:
        calendar.add_component(outlook_zone())
    else:
        calendar.add("x-wr-calname", leader.email)
        calendar.add("x-wr-timezone", "Europe/Copenhagen")
    organizer = vCalAddress(f"mailto:{leader.email}")
    for booking in leader.bookings:
        if not in_period(booking, first, last):
            continue
        event = Event()
        event.add("uid", booking.uid)
        event.add("summary", booking.title)
        start, end = booking.start, booking.start + timedelta(minutes=booking.minutes)
        if outlook:
            for name, moment in (("dtstart", start), ("dtend", end)):
                event.add(name, moment.astimezone(COPENHAGEN).replace(tzinfo=None),
                          parameters={"TZID": OUTLOOK_ZONE})  # fmt: skip
        else:
            event.add("dtstart", start)
            event.add("dtend", end)
        event.add("dtstamp", booking.start)
        event.add("organizer", organizer)
        for address in booking.attendees:
            attendee = vCalAddress(f"mailto:{address}")
            attendee.params["PARTSTAT"] = "ACCEPTED"
            event.add("attendee", attendee, encode=False)
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return calendar.to_ical()


def outlook_zone() -> Timezone:
    """The VTIMEZONE Outlook writes for Copenhagen, under its Windows name."""
    zone = Timezone()
    zone.add("tzid", OUTLOOK_ZONE)
    for part, begins, offsets, month in (
        (TimezoneStandard(), datetime(1601, 1, 1, 3), (2, 1), 10),
        (TimezoneDaylight(), datetime(1601, 1, 1, 2), (1, 2), 3),
    ):
        part.add("dtstart", begins)
        part.add("tzoffsetfrom", timedelta(hours=offsets[0]))
        part.add("tzoffsetto", timedelta(hours=offsets[1]))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone
