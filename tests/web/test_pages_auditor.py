"""The auditor's pages: event log, time travel, changes and priority history."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from journal import clock
from journal.commands import Journal
from tests.organisation import Org
from tests.web.conftest import csrf_token

AUDIT_PAGES = ["/audit/events", "/audit/time-travel", "/audit/changes", "/audit/priorities"]


def local(moment: datetime) -> str:
    """A moment as a datetime-local input in Danish time, as a browser sends it."""
    return moment.astimezone(ZoneInfo("Europe/Copenhagen")).strftime("%Y-%m-%dT%H:%M")


def log_then_correct(journal: Journal, org: Org, *, corrected_at: datetime) -> UUID:
    """Lene logs a 1-to-1 with Emil now and corrects both its notes at ``corrected_at``."""
    interaction = journal.log_interaction(
        leader_id=org.leader,
        employee_id=org.employee,
        kind="one_to_one",
        occurred_at=clock.now() - timedelta(hours=1),
        minutes=30,
        shared_notes="Agreed to try the new script",
        private_notes="Worried about sick days",
    )
    with clock.frozen_at(corrected_at):
        journal.correct_interaction(
            interaction,
            {"shared_notes": "Agreed to try the new greeting", "private_notes": "Doing better"},
            "wrong wording",
            recorded_by=org.leader,
        )
    return interaction


def notes_reads(journal: Journal) -> int:
    """How many reads of private notes the journal has recorded."""
    return journal.history.log(event_types=["NotesAccess.PrivateNotesRead"], limit=0).total


def test_the_event_log_lists_events_with_names_and_a_total(login: Any, org: Org) -> None:
    page = login("auditor").get(f"/audit/events?person={org.employee}").get_data(as_text=True)
    assert "Person.Registered" in page and "Account.Opened" in page
    assert "Emil Ansat" in page and "Ada Admin" in page
    assert "Person.AccountNoted" in page
    assert "4 events match" in page  # registered, address claimed, account opened, noted


def test_the_event_log_redacts_private_notes_also_inside_corrections(
    login: Any, journal: Journal, org: Org
) -> None:
    log_then_correct(journal, org, corrected_at=clock.now())
    page = login("auditor").get("/audit/events").get_data(as_text=True)
    assert "Agreed to try the new script" in page and "Agreed to try the new greeting" in page
    assert "Worried about sick days" not in page and "Doing better" not in page
    assert page.count("open the person&#39;s record") == 2
    assert notes_reads(journal) == 0


def test_the_event_log_never_shows_password_hashes(login: Any) -> None:
    page = login("auditor").get("/audit/events?event_type=Account.Opened").get_data(as_text=True)
    assert "$argon2" not in page
    assert "hidden" in page


def test_time_travel_before_a_correction_shows_the_old_text_and_records_the_read(
    login: Any, journal: Journal, org: Org
) -> None:
    start = clock.now()
    log_then_correct(journal, org, corrected_at=start + timedelta(hours=2))
    client = login("auditor")
    earlier = (
        f"/audit/time-travel?person={org.employee}&known_at={local(start + timedelta(hours=1))}"
    )
    asked = client.get(earlier).get_data(as_text=True)
    # The private notes wait for the auditor's purpose; nothing is recorded yet.
    assert "Agreed to try the new script" in asked and "Worried about sick days" not in asked
    assert "Say why you need to read it" in asked and 'name="purpose"' in asked
    assert notes_reads(journal) == 0
    before = client.get(earlier + "&purpose=Complaint+2026-114").get_data(as_text=True)
    assert "Agreed to try the new script" in before and "Worried about sick days" in before
    assert "Agreed to try the new greeting" not in before
    after = client.get(
        f"/audit/time-travel?person={org.employee}&known_at={local(start + timedelta(hours=3))}"
        "&purpose=Complaint+2026-114"
    ).get_data(as_text=True)
    assert "Agreed to try the new greeting" in after and "Doing better" in after
    assert notes_reads(journal) == 2
    log = client.get("/audit/events?event_type=NotesAccess.PrivateNotesRead")
    assert "time travel as_of=" in log.get_data(as_text=True)
    purpose = '<dt>Purpose</dt><dd translate="no">Complaint 2026-114</dd>'
    assert purpose in log.get_data(as_text=True)
    assert "Aud Itor" in log.get_data(as_text=True)
    emil = login("employee").get("/me/data").get_data(as_text=True)
    assert "Complaint 2026-114" in emil


def test_time_travel_records_no_read_when_no_private_notes_are_shown(
    login: Any, journal: Journal, org: Org
) -> None:
    log_then_correct(journal, org, corrected_at=clock.now())
    page = login("auditor").get(f"/audit/time-travel?person={org.colleague}")
    assert "Eva Kollega" in page.get_data(as_text=True)
    assert "No interactions by then." in page.get_data(as_text=True)
    assert notes_reads(journal) == 0


def test_time_travel_for_a_leader_shows_the_priorities_as_known_then(
    login: Any, journal: Journal, org: Org
) -> None:
    start = clock.now()
    split = {"planning": 10, "reporting": 10, "follow_up": 10, "people": 61, "other": 9}
    journal.set_priorities(org.leader, split=split)
    with clock.frozen_at(start + timedelta(hours=2)):
        journal.set_priorities(org.leader, split={**split, "people": 67, "other": 3})
    page = login("auditor").get(
        f"/audit/time-travel?person={org.leader}&known_at={local(start + timedelta(hours=1))}"
    )
    assert "61 %" in page.get_data(as_text=True)
    assert "67 %" not in page.get_data(as_text=True)


def test_time_travel_before_a_person_existed_says_so(login: Any, org: Org) -> None:
    as_of = local(clock.now() - timedelta(days=400))
    response = login("auditor").get(f"/audit/time-travel?person={org.employee}&known_at={as_of}")
    assert response.status_code == 422
    assert "Emil Ansat was not yet in the journal then." in response.get_data(as_text=True)


def test_changes_show_a_correction_as_old_to_new_with_private_notes_redacted(
    login: Any, journal: Journal, org: Org
) -> None:
    log_then_correct(journal, org, corrected_at=clock.now())
    page = login("auditor").get(f"/audit/changes?person={org.employee}").get_data(as_text=True)
    old = page.index('class="diff-removed" translate="no">Agreed to try the new script')
    new = page.index('class="diff-added" translate="no">Agreed to try the new greeting')
    assert old < new
    assert "wrong wording" in page
    assert "Worried about sick days" not in page and "Doing better" not in page


def test_the_priority_history_charts_and_lists_each_change(
    login: Any, journal: Journal, org: Org
) -> None:
    split = {"planning": 10, "reporting": 10, "follow_up": 10, "people": 61, "other": 9}
    journal.set_priorities(org.leader, split=split, focus_areas=["Weekly 1-to-1s"])
    page = login("auditor").get(f"/audit/priorities?leader={org.leader}").get_data(as_text=True)
    assert "<svg" in page and "Target time split of Lene Leder" in page
    assert "61 %" in page and "Weekly 1-to-1s" in page and "Lene Leder" in page


def test_a_bad_date_re_renders_the_log_with_a_message_and_records_nothing(
    login: Any, journal: Journal
) -> None:
    auditor = login("auditor")  # signing in keeps the language: an event, before we count
    before = journal.history.log(limit=0).total
    response = auditor.get("/audit/events?since=yesterday")
    assert response.status_code == 422
    assert "Not a valid datetime value." in response.get_data(as_text=True)
    assert journal.history.log(limit=0).total == before


@pytest.mark.parametrize("person", ["leader", "employee", "admin"])
@pytest.mark.parametrize("path", AUDIT_PAGES)
def test_only_an_auditor_opens_the_audit_pages(login: Any, person: str, path: str) -> None:
    assert login(person).get(path).status_code == 403


def test_the_people_selects_keep_their_markup_but_never_a_stale_choice(
    login: Any, journal: Journal, org: Org
) -> None:
    auditor = login("auditor")
    pages = [
        auditor.get(f"/audit/events?person={who}").get_data(as_text=True)
        for who in (org.employee, org.colleague, org.employee)
    ]
    journal.register_person(role="employee", name="Nina Ny", email="nina@example.dk",
                            leader_id=org.leader, recorded_by=org.admin)  # fmt: skip
    after = auditor.get(f"/audit/events?person={org.colleague}").get_data(as_text=True)

    def chosen(page: str) -> list[str]:
        return re.findall(r'<option selected value="([^"]+)"', page.split('id="person"')[1])

    assert [chosen(p) for p in pages] == [[str(org.employee)], [str(org.colleague)],
                                          [str(org.employee)]]  # fmt: skip
    assert chosen(after) == [str(org.colleague)] and "Nina Ny" in after


def test_the_event_log_names_events_and_fields_in_words_with_the_raw_names_beside(
    login: Any, org: Org, journal: Journal
) -> None:
    log_then_correct(journal, org, corrected_at=clock.now())
    auditor = login("auditor")
    page = auditor.get(f"/audit/events?person={org.employee}").get_data(as_text=True)
    assert "<strong>Conversation logged</strong>" in page
    assert '<dt>Leader</dt><dd translate="no">Lene Leder</dd>' in page
    assert '<dt>Kind</dt><dd translate="no">1-to-1</dd>' in page
    assert "<code>Interaction.Logged</code>" in page  # kept, in the details
    assert "Shared notes: Agreed to try the new greeting" in page  # inside the correction
    token = csrf_token(auditor, "/audit/events")
    auditor.post("/language", data={"language": "da", "csrf_token": token})
    danish = auditor.get(f"/audit/events?person={org.employee}").get_data(as_text=True)
    assert "<strong>Samtale registreret</strong>" in danish
    assert '<dt>Leder</dt><dd translate="no">Lene Leder</dd>' in danish


def test_every_event_type_and_field_has_a_name_in_words() -> None:
    from web.ui import audit_support, event_words

    types = audit_support.event_types()
    assert len(types) > 50 and "GroupSession.Logged" in types
    assert sorted(set(types) - set(event_words.EVENT_NAMES)) == []
    fields = set()
    for kind in audit_support.event_classes():
        fields |= audit_support.fields_of(kind)
    assert sorted(fields - set(event_words.FIELD_NAMES)) == []


def test_the_filtered_event_log_downloads_as_csv_with_formulas_neutralised(
    login: Any, org: Org, journal: Journal
) -> None:
    import csv
    import io

    sneaky = journal.register_person(
        role="employee", name='=HYPERLINK("http://evil.example","x")', email="x@example.dk",
        leader_id=org.leader, recorded_by=org.admin,
    )  # fmt: skip
    response = login("auditor").get(f"/audit/events.csv?person={sneaky}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="event-log.csv"'
    header, *rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert header == ["Position", "Recorded", "Event", "Event type", "About", "Recorded by",
                      "Data"]  # fmt: skip
    registered = next(row for row in rows if row[3] == "Person.Registered")
    assert registered[2] == "Person registered"
    assert registered[4] == "'" + '=HYPERLINK("http://evil.example","x")'
    assert registered[5] == "Ada Admin"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
