"""The data subject's own access: an employee downloads what the journal holds about them
that they may see, and sees who besides their leader read their record, never what."""

from __future__ import annotations

import html
import json
from datetime import timedelta
from typing import Any

from flask.testing import FlaskClient

from journal import clock
from journal.commands import Journal
from tests.organisation import Org

SHARED, PRIVATE = "Emil vil lære produktet", "Emil virker presset i dag"


def arrange(journal: Journal, org: Org) -> None:
    """A 1-to-1 about Emil with a shared and a private note, and one about Eva."""
    for employee, note in ((org.employee, SHARED), (org.colleague, "Eva om kunderne")):
        journal.log_interaction(
            leader_id=org.leader, employee_id=employee, kind="one_to_one",
            occurred_at=clock.now() - timedelta(days=1), minutes=30,
            shared_notes=note, private_notes=PRIVATE,
        )  # fmt: skip


def test_an_employee_downloads_their_own_data_without_private_notes(
    journal: Journal, org: Org, login: Any
) -> None:
    arrange(journal, org)
    answer = login("employee").get("/me/export")

    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"].startswith("attachment; filename=")
    text = answer.get_data(as_text=True)
    exported = json.loads(text)
    assert exported["person"]["person_id"] == str(org.employee)
    assert SHARED in text
    assert PRIVATE not in text and "Eva om kunderne" not in text
    notes = [e["data"].get("private_notes", "absent") for e in exported["events_about"]]
    assert None in notes  # the leader's note is there, withheld
    rows, _ = journal.trail.page(kinds=["person_exported"])
    assert (rows[0].person_id, rows[0].actor_id) == (org.employee, org.employee)


def test_an_employee_sees_who_else_read_their_record_never_what(
    journal: Journal, org: Org, login: Any, api: Any, client: FlaskClient
) -> None:
    arrange(journal, org)
    employee = login("employee")
    before = employee.get("/me/data").get_data(as_text=True)
    assert "Nobody besides your leader has read your record." in before

    assert api("auditor").get(f"/api/v1/audit/people/{org.employee}").status_code == 200
    assert api("leader").get(f"/api/v1/people/{org.employee}/timeline").status_code == 200
    page = employee.get("/me/data").get_data(as_text=True)
    listed = api("employee").get("/api/v1/me/record-reads")
    downloaded = api("employee").get("/api/v1/me/export")

    assert "Aud Itor (auditor)" in page and PRIVATE not in page
    assert "the auditor&#39;s view of your record, through the API" in page
    assert "audit record" not in page  # the recorded place, said in words
    assert listed.status_code == 200
    [read] = listed.json
    assert read["reader"] == "Aud Itor" and read["context"].startswith("audit record")
    assert [r["where"] for r in downloaded.json["read_by"]] == [read["context"]]
    colleague_reads = api("colleague").get("/api/v1/me/record-reads")
    assert colleague_reads.json == []  # Eva's record was not read by anyone else


def test_a_read_of_a_past_record_is_told_as_a_sentence_in_the_readers_language(
    app: Any,
) -> None:
    from web.ui.employee import read_described

    with app.test_request_context(headers={"Accept-Language": "da"}):
        told = read_described("time travel as_of=2026-06-01T12:00+02:00")
        kept = read_described("Kvartalsvis revision af coachingjournaler")
    assert told == "revisorens visning af din journal, som den så ud den 1. juni 2026"
    assert kept == "Kvartalsvis revision af coachingjournaler"


def test_my_data_is_a_readable_page_in_words_without_the_leaders_private_notes(
    login: Any, org: Org, journal: Journal
) -> None:
    journal.log_interaction(
        leader_id=org.leader, employee_id=org.employee, kind="walk_and_talk",
        occurred_at=clock.now() - timedelta(hours=1), minutes=40,
        shared_notes="Vi talte om vagtplanen", private_notes="Hemmelig note",
    )  # fmt: skip
    page = html.unescape(login("employee").get("/me/data").get_data(as_text=True))
    assert "What the journal holds about me" in page
    assert "Emil Ansat" in page and "Lene Leder" in page
    assert "<strong>Conversation logged</strong>" in page
    assert '<dt>Kind</dt><dd translate="no">Walk-and-talk</dd>' in page
    assert "Vi talte om vagtplanen" in page
    assert "Hemmelig note" not in page and "Private notes" not in page
    assert "Download my data (JSON)" in page
