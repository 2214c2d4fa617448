"""A leader's calendar through the API: import an export, list the meetings, choose a series'
category, and the calendar audit that counts imported and hand-logged time once."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from journal.commands import Journal
from journal.domain import limits
from tests.organisation import Org
from tests.unit.support import head
from tests.unit.test_calendar_import import one_meeting

OUTLOOK = Path(__file__).resolve().parents[1] / "fixtures" / "calendars" / "outlook.ics"
NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}
NOVEMBER_DAYS = {"start": date(2026, 11, 1), "end": date(2026, 11, 30)}


def weekly_one_to_one_with_emil() -> bytes:
    """An export of Lene's with a weekly 1-to-1 with Emil (the org's own addresses)."""
    return "\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "X-WR-TIMEZONE:Europe/Copenhagen",
        "BEGIN:VEVENT", "UID:weekly-emil@google.com", "SUMMARY:Emil / Lene",
        "DTSTART;TZID=Europe/Copenhagen:20261102T100000",
        "DTEND;TZID=Europe/Copenhagen:20261102T103000", "RRULE:FREQ=WEEKLY;COUNT=4",
        "ORGANIZER:mailto:lene@example.dk",
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:emil@example.dk",
        "DTSTAMP:20261101T080000Z", "END:VEVENT", "END:VCALENDAR", "",
    ]).encode()  # fmt: skip


def upload(api: Any, org: Org, data: bytes, **period: str) -> Any:
    return api.post(
        f"/api/v1/leaders/{org.leader}/calendar-imports",
        data={"file": (io.BytesIO(data), "calendar.ics"), **(period or NOVEMBER)},
    )


def test_a_leader_imports_their_calendar_and_sees_each_meeting_with_its_rule(
    api: Any, org: Org
) -> None:
    lene = api("leader")
    first = upload(lene, org, OUTLOOK.read_bytes())
    again = upload(lene, org, OUTLOOK.read_bytes())
    listed = lene.get(f"/api/v1/leaders/{org.leader}/meetings", query_string=NOVEMBER)

    assert first.status_code == 200, first.json
    assert (first.json["imported"], first.json["skipped"]) == (11, [])
    assert (again.json["imported"], again.json["unchanged"]) == (0, 11)
    meetings = {m["title"]: m for m in listed.json["items"]}
    assert meetings["Vagtplan uge 46"]["rule"] == 'planning words: "vagtplan"'
    assert meetings["Vagtplan uge 46"]["minutes"] == 30
    assert meetings["Status og opfølgning på sager"]["left_out"] == "cancelled"
    assert meetings["Teammøde"]["attendees"] == 3  # how many, never who


def test_the_calendar_audit_counts_imported_meetings_and_says_where_minutes_came_from(
    api: Any, org: Org
) -> None:
    lene = api("leader")
    upload(lene, org, weekly_one_to_one_with_emil())
    lene.post(
        f"/api/v1/leaders/{org.leader}/time-entries",
        {"on": "2026-11-09", "minutes": 30, "category": "people"},  # the same 1-to-1, typed
    )
    lene.post(
        f"/api/v1/leaders/{org.leader}/time-entries",
        {"on": "2026-11-10", "minutes": 60, "category": "reporting"},
    )

    audit = lene.get(f"/api/v1/leaders/{org.leader}/calendar-audit", query_string=NOVEMBER).json

    assert audit["minutes"]["people"] == 4 * 30
    assert audit["minutes"]["reporting"] == 60
    assert (audit["sources"], audit["manual_not_counted"]) == (
        {"calendar": 120, "manual": 60},
        30,
    )


def test_a_choice_for_a_recurring_meeting_recategorises_the_whole_series(
    api: Any, org: Org
) -> None:
    lene = api("leader")
    upload(lene, org, weekly_one_to_one_with_emil())
    meetings = lene.get(f"/api/v1/leaders/{org.leader}/meetings", query_string=NOVEMBER).json
    assert {(m["category"], m["rule"]) for m in meetings["items"]} == {
        ("people", "1-to-1 with a team member")
    }

    chosen = lene.post(
        f"/api/v1/leaders/{org.leader}/meeting-categories",
        {"key": meetings["items"][0]["key"], "category": "follow_up"},
    )

    assert chosen.json == {"changed": 4}
    after = lene.get(f"/api/v1/leaders/{org.leader}/meetings", query_string=NOVEMBER).json
    assert {m["category"] for m in after["items"]} == {"follow_up"}


def test_a_file_that_is_not_a_calendar_is_a_422_naming_the_file_and_writes_nothing(
    api: Any, org: Org, journal: Any
) -> None:
    before = head(journal)
    lene = api("leader")

    spreadsheet = upload(lene, org, b"Subject,Start Date\nTeam,05-11-2026\n")
    empty_month = upload(
        lene, org, OUTLOOK.read_bytes(), **{"from": "2026-06-01", "to": "2026-06-30"}
    )
    backwards = upload(
        lene, org, OUTLOOK.read_bytes(), **{"from": "2026-11-30", "to": "2026-11-01"}
    )
    no_file = lene.post(f"/api/v1/leaders/{org.leader}/calendar-imports", data=NOVEMBER)

    assert (spreadsheet.status_code, list(spreadsheet.json["errors"])) == (422, ["file"])
    assert "is not a calendar: export it again" in spreadsheet.json["message"]
    assert (empty_month.status_code, empty_month.json["message"]) == (
        422, "has no meetings from 2026-06-01 to 2026-06-30"
    )  # fmt: skip
    assert (backwards.status_code, list(backwards.json["errors"])) == (422, ["to"])
    assert no_file.status_code == 422 and "file" in str(no_file.json["errors"])
    assert head(journal) == before


def test_a_file_over_the_limit_is_refused_before_it_is_read(api: Any, org: Org) -> None:
    # The body as the browser would stream it; its length alone refuses it.
    huge = api("leader").post(
        f"/api/v1/leaders/{org.leader}/calendar-imports",
        data=b"X" * (limits.CALENDAR_FILE_BYTES + 2_000_001),
        content_type="multipart/form-data; boundary=calendar",
    )
    assert huge.status_code == 413
    assert set(huge.json) == {"code", "message", "errors"}


def test_a_leader_reads_and_replaces_their_words_and_a_bad_word_is_named(
    api: Any, org: Org
) -> None:
    lene, auditor = api("leader"), api("auditor")
    path = f"/api/v1/leaders/{org.leader}/meeting-keywords"
    defaults = lene.get(path).json

    saved = lene.put(path, json={**defaults, "people": ["kaffe"]})
    too_long = lene.put(path, json={"planning": ["x" * (limits.KEYWORD + 1)]})

    assert "vagtplan" in defaults["planning"] and "people" not in defaults
    assert saved.status_code == 200 and saved.json["people"] == ["kaffe"]
    assert auditor.get(path).json == saved.json
    assert too_long.status_code == 422
    assert "planning" in str(too_long.json["errors"])
    assert lene.get(path).json == saved.json


def test_the_calendar_check_draws_three_days_and_compares_them_with_the_wish(
    api: Any, org: Org
) -> None:
    lene, auditor = api("leader"), api("auditor")
    path = f"/api/v1/leaders/{org.leader}/calendar-checks"
    before = lene.post(path, json=NOVEMBER)
    upload(lene, org, weekly_one_to_one_with_emil())

    drawn = lene.post(path, json=NOVEMBER)
    listed = auditor.get(path)

    assert (before.status_code, list(before.json["errors"])) == (422, ["file"])
    assert drawn.status_code == 201, drawn.json
    assert len(drawn.json["days"]) == 3 and len(set(drawn.json["days"])) == 3
    assert drawn.json["minutes"]["people"] == 90  # three half-hour 1-to-1s with Emil
    assert drawn.json["shares"] == {"plans_and_reports": 0, "follow_up": 0, "people": 100,
                                    "other": 0}  # fmt: skip
    assert drawn.json["looks_like"] == "too_little"  # an hour and a half: too little to say
    assert drawn.json["controller_pattern"]["plans_and_reports"] == 60
    assert listed.json["items"] == [drawn.json]


def test_a_dry_run_shows_the_plan_and_a_large_withdrawal_waits_for_a_yes(
    api: Any, org: Org, journal: Any
) -> None:
    lene = api("leader")
    before = head(journal)
    plan = upload(lene, org, OUTLOOK.read_bytes(), **NOVEMBER, dry_run="true")
    assert plan.status_code == 200, plan.json
    assert plan.json["dry_run"] is True and plan.json["imported"] == 11
    assert head(journal) == before

    assert upload(lene, org, OUTLOOK.read_bytes()).json["dry_run"] is False
    elsewhere = one_meeting("20261104", uid="elsewhere", title="Noget andet")
    refused = upload(lene, org, elsewhere)
    assert refused.status_code == 422 and "withdraw_most" in refused.json["errors"]
    allowed = upload(lene, org, elsewhere, **NOVEMBER, withdraw_most="true")
    assert allowed.status_code == 200, allowed.json
    assert (allowed.json["from"], allowed.json["to"]) == ("2026-11-04", "2026-11-04")
    assert allowed.json["imported"] == 1 and allowed.json["withdrawn"] >= 1


def test_the_last_import_is_undone_through_the_api(api: Any, org: Org, journal: Journal) -> None:
    lene = api("leader")
    upload(lene, org, OUTLOOK.read_bytes())
    keys = {m.key for m in journal.read.meetings.for_leader(org.leader, **NOVEMBER_DAYS)}

    undone = lene.post(f"/api/v1/leaders/{org.leader}/calendar-imports/undo")
    assert undone.status_code == 200, undone.json
    assert (undone.json["imported"], undone.json["withdrawn"]) == (len(keys), 0)
    assert journal.read.meetings.for_leader(org.leader, **NOVEMBER_DAYS) == []
    again = lene.post(f"/api/v1/leaders/{org.leader}/calendar-imports/undo")
    assert again.status_code == 422 and "import" in again.json["errors"]
