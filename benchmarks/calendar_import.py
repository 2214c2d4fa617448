"""Importing a leader's calendar: a 12-month export with 2,000 meetings (issue 12's target:
under 2 s on SQLite; importing it again under 1 s, writing no event).

The export is generated here in the shape of an Outlook one: single meetings through the
working days, a weekly 1-to-1 series per team member, some declined, cancelled and free
items. Each repetition imports it into an empty store (the first import) and then again
(the re-import). The baseline is reading the same file alone (parsing and expanding its
repeats, ``journal.calendars.reading``), which every import does first.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from benchmarks.context import BenchContext, median
from benchmarks.results import Measurement
from journal import bootstrap, clock
from journal.importers.calendars.reading import read_calendar

FIRST_DAY = date(2025, 12, 1)
LAST_DAY = date(2026, 11, 30)
TEAM = 8
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
TITLES = ("Månedsrapport", "Vagtplan", "Status på sager", "Kundemøde", "Forecast", "Workshop")


def export(meetings: int) -> bytes:
    """An Outlook-shaped export of about ``meetings`` meetings over twelve months."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:Microsoft Exchange Server 2010"]
    # A weekly 1-to-1 with each team member: 52 occurrences a series.
    for n in range(TEAM):
        lines += [
            "BEGIN:VEVENT", f"UID:weekly-{n}@bench", f"SUMMARY:1:1 medarbejder {n}",
            f"DTSTART;TZID=Europe/Copenhagen:{FIRST_DAY:%Y%m%d}T{9 + n % 6:02d}0000",
            f"DTEND;TZID=Europe/Copenhagen:{FIRST_DAY:%Y%m%d}T{9 + n % 6:02d}3000",
            f"RRULE:FREQ=WEEKLY;BYDAY={('MO', 'TU', 'WE', 'TH', 'FR')[n % 5]};COUNT=52",
            "ORGANIZER:mailto:leader@bench.example",
            f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:employee{n}@bench.example",
            "DTSTAMP:20261201T000000Z", "END:VEVENT",
        ]  # fmt: skip
    singles = max(0, meetings - TEAM * 52)
    working_days = [
        FIRST_DAY + timedelta(days=d)
        for d in range((LAST_DAY - FIRST_DAY).days + 1)
        if (FIRST_DAY + timedelta(days=d)).weekday() < 5
    ]
    for n in range(singles):
        day = working_days[n % len(working_days)]
        hour = 8 + (n // len(working_days)) % 9
        status = "CANCELLED" if n % 29 == 0 else "CONFIRMED"
        lines += [
            "BEGIN:VEVENT", f"UID:single-{n}@bench", f"SUMMARY:{TITLES[n % len(TITLES)]} {n}",
            f"DTSTART;TZID=Europe/Copenhagen:{day:%Y%m%d}T{hour:02d}1500",
            f"DTEND;TZID=Europe/Copenhagen:{day:%Y%m%d}T{hour:02d}5500",
            "ORGANIZER:mailto:someone@bench.example",
            f"ATTENDEE;PARTSTAT={'DECLINED' if n % 17 == 0 else 'ACCEPTED'}"
            ":mailto:leader@bench.example",
            f"STATUS:{status}", f"TRANSP:{'TRANSPARENT' if n % 23 == 0 else 'OPAQUE'}",
            "DTSTAMP:20261201T000000Z", "END:VEVENT",
        ]  # fmt: skip
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def measure(ctx: BenchContext, store: str, meetings: int) -> list[Measurement]:
    """Seconds for the first import, the re-import, and reading the file alone."""
    data = export(meetings)
    first, again, reading = [], [], []
    found = 0
    for _ in range(1 if ctx.smoke else max(3, ctx.repeat // 4)):  # a smoke run: once
        journal = bootstrap.open_journal(ctx.fresh_settings(store))
        try:
            with clock.frozen_at(datetime(2025, 11, 1, tzinfo=UTC)):
                leader = journal.register_person(
                    role="leader", name="Lea Leder", email="leader@bench.example"
                )
                for n in range(TEAM):
                    journal.register_person(
                        role="employee", name=f"Medarbejder {n}",
                        email=f"employee{n}@bench.example", leader_id=leader,
                    )  # fmt: skip
            with clock.frozen_at(datetime(2026, 12, 1, 8, tzinfo=UTC)):
                began = time.perf_counter()
                done = journal.import_calendar(leader, data, start=FIRST_DAY, end=LAST_DAY)
                first.append(time.perf_counter() - began)
                head = journal.recorder.max_notification_id()
                began = time.perf_counter()
                journal.import_calendar(leader, data, start=FIRST_DAY, end=LAST_DAY)
                again.append(time.perf_counter() - began)
                assert journal.recorder.max_notification_id() == head, "a re-import wrote"
            found = done.summary.imported
        finally:
            journal.close()
        began = time.perf_counter()
        read_calendar(
            data,
            datetime(2025, 12, 1, tzinfo=COPENHAGEN),
            datetime(2026, 12, 1, tzinfo=COPENHAGEN),
            COPENHAGEN,
        )
        reading.append(time.perf_counter() - began)
    ctx.log(
        f"calendar import: {store}, {found} meetings: first {median(first):.2f} s, "
        f"again {median(again):.2f} s (no event), reading the file {median(reading):.2f} s"
    )
    return [
        Measurement("calendar_import", store, case, found, "seconds", median(times), len(times))
        for case, times in (("first import", first), ("re-import", again), ("reading", reading))
    ]


def run(ctx: BenchContext) -> list[Measurement]:
    """The 12-month import on every store (a smaller calendar in a smoke run)."""
    meetings = 300 if ctx.smoke else 2_000
    return [m for store in ctx.stores for m in measure(ctx, store, meetings)]
