"""Reading a leader's calendar export: what counts as their time, and whose time it was.

The files in tests/fixtures/calendars/ are written by hand in the shape of real exports:
Outlook's (Windows zone names, busy status, moved and skipped occurrences of a weekly
1-to-1) and Google's (UTC times, floating times under X-WR-TIMEZONE, a weekly stand-up).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from journal.domain import limits
from journal.errors import DomainError
from journal.importers.calendars.classifying import DEFAULT_KEYWORDS, KeywordRule, classify
from journal.importers.calendars.counting import count
from journal.importers.calendars.reading import Meeting, read_calendar

FILES = Path(__file__).resolve().parents[1] / "fixtures" / "calendars"
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
OCTOBER = datetime(2026, 10, 1, tzinfo=UTC)
DECEMBER = datetime(2026, 12, 1, tzinfo=UTC)
HENRIK = "henrik.dalsgaard@kundeservice.example"
HENRIKS_TEAM = {
    "priya.shah@kundeservice.example",
    "soren.a.kjaer@kundeservice.example",
    "mads.holm@kundeservice.example",
}
CAMILLA = "camilla.bech@kundeservice.example"
CAMILLAS_TEAM = {"oliver.berg@kundeservice.example", "lea.frost@kundeservice.example"}


def read(name: str, start: datetime = OCTOBER, end: datetime = DECEMBER) -> list[Meeting]:
    """The meetings of one of the test files in the period."""
    found = read_calendar((FILES / name).read_bytes(), start, end, COPENHAGEN)
    assert found.skipped == []
    return found.meetings


def local(meeting: Meeting) -> str:
    """When a meeting starts on the Copenhagen wall clock."""
    return meeting.start.astimezone(COPENHAGEN).strftime("%Y-%m-%d %H:%M")


def titled(meetings: list[Meeting], title: str) -> list[Meeting]:
    return [m for m in meetings if m.title == title]


# -- reading -------------------------------------------------------------------------------


def test_a_weekly_outlook_one_to_one_keeps_its_local_hour_across_the_change_to_winter_time():
    weekly = titled(read("outlook.ics"), "1:1 Priya")

    assert [local(m) for m in weekly] == [
        "2026-10-06 10:00", "2026-10-13 10:00", "2026-10-20 10:00", "2026-10-27 10:00",
        # 3 November was moved (below); 10 November was cancelled by an EXDATE
        "2026-11-17 10:00", "2026-11-24 10:00",
    ]  # fmt: skip
    # Summer time ends on 25 October: the same 10:00 is an hour later in UTC.
    assert [m.start.hour for m in weekly[2:4]] == [8, 9]
    assert all(m.in_series and m.minutes == 30 for m in weekly)


def test_a_moved_occurrence_keeps_the_key_of_the_time_it_was_planned_for():
    meetings = read("outlook.ics")
    moved = titled(meetings, "1:1 Priya (flyttet)")

    assert [(local(m), m.minutes) for m in moved] == [("2026-11-04 14:00", 45)]
    assert moved[0].key.endswith("/20261103T090000Z")  # 3 November, 10:00 in Copenhagen
    keys = [m.key for m in meetings]
    assert len(keys) == len(set(keys))


def test_keys_are_the_same_when_the_same_export_is_read_again_over_another_period():
    whole = {m.key: m for m in read("outlook.ics")}
    november = read("outlook.ics", start=datetime(2026, 11, 1, tzinfo=UTC))
    assert november and all(whole[m.key] == m for m in november)


def test_google_floating_times_follow_x_wr_timezone_and_utc_times_stay_utc():
    meetings = read("google.ics")

    assert [local(m) for m in titled(meetings, "Weekly report review")] == ["2026-11-04 14:00"]
    assert [local(m) for m in titled(meetings, "Walk and talk")] == ["2026-11-03 09:00"]
    standups = [local(m) for m in titled(meetings, "Team standup")]
    assert "2026-11-06 09:00" not in standups  # its EXDATE
    assert standups[:2] == ["2026-10-23 09:00", "2026-10-30 09:00"]  # both sides of 25 October


def test_attendees_are_read_by_address_in_lower_case_with_their_answers():
    (meeting,) = titled(read("outlook.ics"), "Budgetseminar")
    assert [(a.email, a.answer) for a in meeting.attendees] == [(HENRIK, "DECLINED")]
    walk = titled(read("google.ics"), "Walk and talk")[0]
    assert {a.email for a in walk.attendees} == {"oliver.berg@kundeservice.example", CAMILLA}


def test_a_windows_zone_name_without_its_definition_is_still_understood():
    data = b"\r\n".join([
        b"BEGIN:VCALENDAR", b"VERSION:2.0", b"PRODID:Microsoft Exchange Server 2010",
        b"BEGIN:VEVENT", b"UID:no-vtimezone-1", b"SUMMARY:Forecast",
        b"DTSTART;TZID=Romance Standard Time:20261111T090000",
        b"DTEND;TZID=Romance Standard Time:20261111T100000",
        b"DTSTAMP:20261201T120000Z", b"END:VEVENT", b"END:VCALENDAR", b"",
    ])  # fmt: skip
    (meeting,) = read_calendar(data, OCTOBER, DECEMBER, COPENHAGEN).meetings
    assert local(meeting) == "2026-11-11 09:00"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"This is a spreadsheet, not a calendar", "is not a calendar"),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya\r\nEND:VCARD\r\n", "is not a calendar"),
        (b"X" * (limits.CALENDAR_FILE_BYTES + 1), "is larger than 10 MB"),
    ],
    ids=["text", "a contact card", "too big"],
)
def test_a_file_that_is_not_a_calendar_is_refused_naming_the_file(data: bytes, says: str):
    with pytest.raises(DomainError) as refused:
        read_calendar(data, OCTOBER, DECEMBER, COPENHAGEN)
    assert refused.value.field == "file"
    assert says in refused.value.message


def test_an_item_without_a_uid_is_skipped_with_its_reason_and_the_rest_is_read():
    good = (FILES / "google.ics").read_bytes()
    broken = good.replace(b"UID:floating0001@google.com\r\n", b"")
    found = read_calendar(broken, OCTOBER, DECEMBER, COPENHAGEN)
    assert [(s.item, s.reason) for s in found.skipped] == [
        ("Weekly report review", "it has no UID")
    ]
    assert titled(found.meetings, "Walk and talk")
    assert found.digest != read_calendar(good, OCTOBER, DECEMBER, COPENHAGEN).digest


# -- counting ------------------------------------------------------------------------------


def test_what_a_calendar_analyst_leaves_out_counts_for_nothing_and_says_why():
    counted = {c.meeting.title: c for c in count(read("outlook.ics"), HENRIK)}

    assert {title: c.left_out for title, c in counted.items() if c.left_out} == {
        "Status og opfølgning på sager": "cancelled",
        "Budgetseminar": "declined",
        "Kursus i København": "free",  # all day too; free is said first
        "Fokustid": "free",
        "Kick-off konference": "over 12 hours",
    }
    assert all(c.minutes == 0 for c in counted.values() if c.left_out)


def test_overlapping_meetings_count_once_and_the_earlier_one_keeps_the_shared_time():
    november_4 = [
        c for c in count(read("outlook.ics"), HENRIK)
        if local(c.meeting).startswith("2026-11-04")
    ]  # fmt: skip
    minutes = {c.meeting.title: c.minutes for c in november_4}

    # KPI review 09:00-11:00, rota 10:30-11:30: the rota adds only 11:00-11:30.
    assert minutes == {
        "Månedsrapport og KPI-gennemgang": 120,
        "Vagtplan uge 46": 30,
        "1:1 Priya (flyttet)": 45,
    }
    assert sum(minutes.values()) == 120 + 30 + 45  # 09:00-11:30 and 14:00-14:45


def test_a_meeting_inside_another_counts_for_nothing_but_is_not_left_out():
    day = datetime(2026, 11, 16, 8, tzinfo=UTC)
    long, inside = (
        Meeting(key, key, False, title, start, end, False, "CONFIRMED", False, None, ())
        for key, title, start, end in (
            ("a", "Planlægningsdag", day, day + timedelta(hours=3)),
            ("b", "Kort status", day + timedelta(hours=1), day + timedelta(hours=2)),
        )
    )
    counted = count([inside, long], HENRIK)
    assert [(c.meeting.key, c.minutes, c.left_out) for c in counted] == [
        ("a", 180, None),
        ("b", 0, None),
    ]


# -- classifying ---------------------------------------------------------------------------


def categories(name: str, leader: str, team: set[str], **rules: object) -> dict[str, tuple]:
    return {
        m.title: tuple(vars(classify(m, leader_email=leader, team_emails=team, **rules)).values())
        for m in read(name)
    }


def test_who_attends_and_the_title_decide_the_category_by_named_rules():
    henrik = categories("outlook.ics", HENRIK, HENRIKS_TEAM)

    assert henrik["1:1 Priya"] == ("people", "1-to-1 with a team member")
    assert henrik["Teammøde"] == ("people", "team meeting")
    assert henrik["Månedsrapport og KPI-gennemgang"] == ("reporting", 'reporting words: "rapport"')
    assert henrik["Vagtplan uge 46"] == ("planning", 'planning words: "vagtplan"')
    assert henrik["Status og opfølgning på sager"] == ("follow_up", 'follow-up words: "opfølgning"')
    assert henrik["Fokustid"] == ("other", "no rule matched")

    camilla = categories("google.ics", CAMILLA, CAMILLAS_TEAM)
    assert camilla["Walk and talk"] == ("people", "1-to-1 with a team member")
    assert camilla["Team standup"] == ("people", "team meeting")
    assert camilla["Weekly report review"] == ("reporting", 'reporting words: "report"')


def test_a_meeting_with_someone_outside_the_team_is_not_a_one_to_one():
    henrik = categories("outlook.ics", HENRIK, {"camilla.bech@kundeservice.example"})
    # Controlling organised it; Camilla is there too: two others, one of them "team".
    assert henrik["Månedsrapport og KPI-gennemgang"][0] == "reporting"


def test_the_leaders_choice_for_a_series_applies_to_every_occurrence_and_says_so():
    weekly = titled(read("outlook.ics"), "1:1 Priya")
    choice = {weekly[0].uid: "follow_up"}
    decided = {
        (c.category, c.rule)
        for c in (
            classify(m, leader_email=HENRIK, team_emails=HENRIKS_TEAM, leader_rules=choice)
            for m in weekly
        )
    }
    assert decided == {("follow_up", "your choice for this series")}


def test_a_leader_can_add_keyword_rules_of_their_own_in_front_of_the_defaults():
    mine = (KeywordRule("my words", "people", ("onboarding",)), *DEFAULT_KEYWORDS)
    meeting = Meeting("k", "k", False, "Onboarding status", DECEMBER, DECEMBER, False,
                      "CONFIRMED", False, None, ())  # fmt: skip
    assert classify(meeting, leader_email=HENRIK, team_emails=(), keyword_rules=mine).rule == (
        'my words: "onboarding"'
    )
    with pytest.raises(ValueError, match="unknown category"):
        KeywordRule("bad", "golf", ("golf",))
