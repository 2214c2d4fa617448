"""The leader's calendar page: import an export, see each meeting with the rule behind its
category, change a series' category, and bad files refused with a reason."""

from __future__ import annotations

import html
import io
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from journal.commands import Journal
from tests.organisation import Org
from tests.unit.support import head
from tests.unit.test_calendar_import import one_meeting
from tests.web.conftest import csrf_token
from web.ui.local_time import local_today

OUTLOOK = Path(__file__).resolve().parents[1] / "fixtures" / "calendars" / "outlook.ics"


def upload_file(client: FlaskClient, data: bytes, **period: str) -> Any:
    """Post the upload form as a browser would: a preview follows, nothing is imported."""
    return client.post(
        "/leader/calendar",
        data={
            "csrf_token": csrf_token(client, "/leader/calendar"),
            "file": (io.BytesIO(data), "calendar.ics"),
            "start": period.get("start", "2026-11-01"),
            "end": period.get("end", "2026-11-30"),
        },
        content_type="multipart/form-data",
    )


def import_file(client: FlaskClient, data: bytes, **period: str) -> Any:
    """Upload, look at the preview and confirm it, as a leader would (the upload's answer
    when it is refused)."""
    uploaded = upload_file(client, data, **period)
    if uploaded.status_code != 302:
        return uploaded
    preview = uploaded.headers["Location"]
    fields = {"csrf_token": csrf_token(client, preview)}
    if period.get("withdraw_most"):
        fields["withdraw_most"] = "y"
    return client.post(preview, data=fields)


def test_a_leader_imports_an_outlook_export_and_sees_each_meeting_and_why(
    login: Any, org: Org
) -> None:
    lene = login("leader")

    imported = import_file(lene, OUTLOOK.read_bytes())
    page = html.unescape(lene.get(imported.headers["Location"]).get_data(as_text=True))

    assert imported.status_code == 302
    assert imported.headers["Location"].endswith("/leader/calendar?from=2026-11-01&to=2026-11-30")
    assert "the days the file covers: imported 11 meetings, corrected 0, withdrew 0;" in page
    assert "Vagtplan uge 46" in page and 'planning words: "vagtplan"' in page
    assert "not counted: declined" not in page  # Henrik declined it, not Lene
    assert "not counted: cancelled" in page
    assert "Overlapping meetings count once" in page


def test_a_change_of_category_for_a_recurring_meeting_applies_to_the_series(
    login: Any, org: Org, journal: Journal
) -> None:
    lene = login("leader")
    import_file(lene, OUTLOOK.read_bytes())
    weekly = [m for m in journal.read.meetings.for_leader(org.leader, *november()) if m.series]

    changed = lene.post(
        "/leader/calendar/category?from=2026-11-01&to=2026-11-30",
        data={
            "csrf_token": csrf_token(lene, "/leader/calendar"),
            "key": weekly[0].key,
            "category": "people",
        },
    )
    page = lene.get(changed.headers["Location"]).get_data(as_text=True)

    assert changed.status_code == 302
    assert f"{len(weekly)} meetings now count as People." in page
    rows = journal.read.meetings.for_leader(org.leader, *november())
    assert {m.rule for m in rows if m.series} == {"your choice for this series"}


def test_a_file_that_is_not_a_calendar_is_refused_on_the_form_and_writes_nothing(
    login: Any, journal: Journal
) -> None:
    lene = login("leader")
    before = head(journal)

    refused = import_file(lene, b"Subject,Start Date\n")
    missing = lene.post(
        "/leader/calendar",
        data={"csrf_token": csrf_token(lene, "/leader/calendar"), "start": "2026-11-01",
              "end": "2026-11-30"},
        content_type="multipart/form-data",
    )  # fmt: skip

    assert refused.status_code == 422
    assert "is not a calendar: export it again" in refused.get_data(as_text=True)
    assert missing.status_code == 422
    assert "Choose the .ics file your calendar exported." in missing.get_data(as_text=True)
    assert head(journal) == before


def test_the_calendar_page_is_in_danish_for_a_danish_reader(login: Any) -> None:
    lene = login("leader")
    lene.post("/language", data={"language": "da", "csrf_token": csrf_token(lene, "/leader")})
    page = lene.get("/leader/calendar").get_data(as_text=True)
    assert "Min kalender" in page
    assert re.search(r"Ingen importerede møder", page)


def november() -> tuple[date, date]:
    """The days the tests import."""
    return date(2026, 11, 1), date(2026, 11, 30)


def test_the_week_view_says_which_days_come_from_the_calendar_and_what_is_not_counted(
    login: Any, org: Org, journal: Journal
) -> None:
    lene = login("leader")
    import_file(lene, OUTLOOK.read_bytes())
    journal.log_time(org.leader, on=date(2026, 11, 4), minutes=120, category="reporting")
    journal.log_time(org.leader, on=date(2026, 11, 3), minutes=30, category="planning")

    page = lene.get("/leader/time?week=2026-W45").get_data(as_text=True)
    rows = {
        day: re.sub(r"<[^>]+>", " ", row)
        for day, row in re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', page, re.S)
    }

    assert "calendar" in rows["Wed 4"] and "(120 min typed not counted)" in rows["Wed 4"]
    assert "by hand" in rows["Tue 3"]
    assert "calendar" not in rows["Tue 3"]


def test_a_one_to_one_from_the_calendar_not_yet_logged_opens_a_filled_in_form(
    login: Any, org: Org, journal: Journal
) -> None:
    lene = login("leader")
    # Emil's 1-to-1 last Monday at 10:00 Copenhagen time, in Lene's calendar.
    day = local_today() - timedelta(days=local_today().weekday() + 7)
    export = "\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN",
        "BEGIN:VEVENT", "UID:emil-1@example", "SUMMARY:Emil og Lene",
        f"DTSTART;TZID=Europe/Copenhagen:{day:%Y%m%d}T100000",
        f"DTEND;TZID=Europe/Copenhagen:{day:%Y%m%d}T104000",
        "ORGANIZER:mailto:lene@example.dk", "ATTENDEE;PARTSTAT=ACCEPTED:mailto:emil@example.dk",
        "DTSTAMP:20261101T080000Z", "END:VEVENT", "END:VCALENDAR", "",
    ]).encode()  # fmt: skip
    import_file(lene, export, start=day.isoformat(), end=day.isoformat())

    home = html.unescape(lene.get("/leader").get_data(as_text=True))
    link = re.search(r'href="([^"]+)#log-interaction">Log this 1-to-1', home)
    assert link is not None
    form = lene.get(link.group(1)).get_data(as_text=True)

    assert "1-to-1s in your calendar, not yet in the journal" in home
    assert f'value="{day.isoformat()}T10:00"' in form
    minutes = re.search(r'<input[^>]*name="interaction-minutes"[^>]*>', form)
    assert minutes is not None and 'value="40"' in minutes.group(0)


def test_a_leader_edits_their_words_and_the_next_import_uses_them(
    login: Any, org: Org, journal: Journal
) -> None:
    lene = login("leader")
    page = html.unescape(lene.get("/leader/calendar").get_data(as_text=True))
    assert 'value="vagtplan, planlægning, schedule' in page  # the defaults, ready to edit

    fields = {"planning": "vagtplan", "reporting": "", "follow_up": "", "people": "Teammøde",
              "other": ""}  # fmt: skip
    saved = lene.post(
        "/leader/calendar/keywords",
        data={"csrf_token": csrf_token(lene, "/leader/calendar"), **fields},
    )
    too_long = lene.post(
        "/leader/calendar/keywords",
        data={"csrf_token": csrf_token(lene, "/leader/calendar"), **fields, "other": "x" * 41},
    )
    import_file(lene, OUTLOOK.read_bytes())

    assert saved.status_code == 302
    assert too_long.status_code == 422
    assert "each word must be at most 40 characters" in too_long.get_data(as_text=True)
    rows = {m.title: m for m in journal.read.meetings.for_leader(org.leader, *november())}
    assert (rows["Teammøde"].category, rows["Teammøde"].rule) == (
        "people", 'people words: "teammøde"'
    )  # fmt: skip
    assert rows["Månedsrapport og KPI-gennemgang"].rule == "no rule matched"


def test_a_file_that_would_withdraw_most_of_its_days_asks_for_a_yes_first(
    login: Any, org: Org, journal: Journal
) -> None:
    lene = login("leader")
    import_file(lene, OUTLOOK.read_bytes())
    elsewhere = one_meeting("20261104", uid="elsewhere", title="Noget andet")
    before = head(journal)

    asked = import_file(lene, elsewhere)
    page = html.unescape(asked.get_data(as_text=True))
    assert asked.status_code == 422 and head(journal) == before
    assert 'name="withdraw_most"' in page and "Tick the box to withdraw these meetings" in page

    confirmed = import_file(lene, elsewhere, withdraw_most="y")
    assert confirmed.status_code == 302 and head(journal) > before


def test_an_upload_shows_what_it_would_change_and_imports_only_when_confirmed(
    login: Any, org: Org, journal: Journal
) -> None:
    lene = login("leader")
    import_file(lene, OUTLOOK.read_bytes())
    before = head(journal)
    small = one_meeting("20261128")

    uploaded = upload_file(lene, small)
    assert uploaded.status_code == 302 and head(journal) == before
    preview = html.unescape(lene.get(uploaded.headers["Location"]).get_data(as_text=True))

    def cells(label: str) -> str:
        found = re.search(rf"<th scope=\"row\">{label}[^<]*</th><td>(?:<strong>)?(\d+)", preview)
        assert found, label
        return found[1]

    assert (cells("New"), cells("Withdrawn")) == ("1", "0")
    assert "The file covers" in preview and "Verdict after the import:" in preview
    assert head(journal) == before  # the preview wrote nothing

    done = import_file(lene, small)
    assert done.status_code == 302 and head(journal) > before
    shown = lene.get(done.headers["Location"]).get_data(as_text=True)
    assert "Undo the last import" in shown


def test_the_last_import_is_undone_from_my_calendar(login: Any, org: Org, journal: Journal) -> None:
    lene = login("leader")
    import_file(lene, OUTLOOK.read_bytes())
    rows = journal.read.meetings.for_leader(org.leader, date(2026, 11, 1), date(2026, 11, 30))
    import_file(lene, one_meeting("20261104", uid="x", title="X"), withdraw_most="y")

    undone = lene.post(
        "/leader/calendar/imports/undo",
        data={"csrf_token": csrf_token(lene, "/leader/calendar")},
    )
    assert undone.status_code == 302
    page = lene.get(undone.headers["Location"]).get_data(as_text=True)
    assert "is undone: its meetings are as they were before it" in html.unescape(page)
    after = journal.read.meetings.for_leader(org.leader, date(2026, 11, 1), date(2026, 11, 30))
    assert sorted(r.key for r in after) == sorted(r.key for r in rows)


def test_my_calendar_lists_meetings_by_week_collapsed_with_hours_and_no_seconds(
    login: Any,
) -> None:
    lene = login("leader")
    import_file(lene, OUTLOOK.read_bytes())
    page = html.unescape(
        lene.get("/leader/calendar?from=2026-11-01&to=2026-11-30").get_data(as_text=True)
    )
    weeks = re.findall(r'<details class="week">\s*<summary>(Week \d+)[^<]*</summary>', page)
    assert len(weeks) >= 3 and len(set(weeks)) == len(weeks)  # one per week, all collapsed
    assert re.search(
        r"<summary>Week 46 · [^<]*· \d+ meetings? · (\d+ h( \d+ min)?|\d+ min) counted", page
    )
    assert not re.search(r"\d\d:\d\d:\d\d", page)  # times to the minute
    assert re.search(r"\d\d?:\d\d\s*(AM|PM)?–\d\d?:\d\d", page)
