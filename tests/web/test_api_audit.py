"""The auditor's API, past moments on the timeline, and how reads of private notes are kept."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from journal import clock
from journal.commands import Journal
from tests.organisation import Org

REDACTED = "[private: read the person's record]"
NOTES_READ = "NotesAccess.PrivateNotesRead"


def log_one_to_one(journal: Journal, org: Org, when: datetime | None = None) -> UUID:
    """A 1-to-1 Lene had with Emil, with private notes."""
    return journal.log_interaction(
        leader_id=org.leader, employee_id=org.employee, kind="one_to_one",
        occurred_at=when or clock.now() - timedelta(hours=1), minutes=30,
        shared_notes="Delt note", private_notes="Hemmelig note",
    )  # fmt: skip


def notes_reads(auditor: Any) -> list[dict[str, Any]]:
    """The recorded reads of private notes, as the event log lists them."""
    response = auditor.get("/api/v1/audit/events", query_string={"type": NOTES_READ})
    assert response.status_code == 200
    return list(response.json["items"])


# -- reads of private notes are recorded ---------------------------------------------------


def test_an_auditor_reading_a_record_with_private_notes_is_recorded(
    api: Any, journal: Journal, org: Org
) -> None:
    log_one_to_one(journal, org)
    auditor = api("auditor")
    record = auditor.get(f"/api/v1/audit/people/{org.employee}").json
    assert record["interactions"][0]["private_notes"] == "Hemmelig note"
    (read,) = notes_reads(auditor)
    assert read["recorded_by"] == str(org.auditor)
    assert read["subject_id"] == str(org.employee)
    assert read["data"]["context"].startswith("audit record as_of=")
    assert "known_at=" in read["data"]["context"]


def test_an_auditor_reading_the_timeline_with_private_notes_is_recorded_once(
    api: Any, journal: Journal, org: Org
) -> None:
    log_one_to_one(journal, org)
    log_one_to_one(journal, org, clock.now() - timedelta(hours=2))
    auditor = api("auditor")
    items = auditor.get(f"/api/v1/people/{org.employee}/timeline").json["items"]
    assert [i["private_notes"] for i in items] == ["Hemmelig note", "Hemmelig note"]
    (read,) = notes_reads(auditor)
    assert read["data"]["context"] == "API timeline"


def test_reads_without_private_notes_or_by_their_author_are_not_recorded(
    api: Any, journal: Journal, org: Org
) -> None:
    auditor = api("auditor")
    auditor.get(f"/api/v1/audit/people/{org.employee}")
    auditor.get(f"/api/v1/people/{org.employee}/timeline")
    log_one_to_one(journal, org)
    api("leader").get(f"/api/v1/people/{org.employee}/timeline")
    api("employee").get(f"/api/v1/people/{org.employee}/timeline")
    assert notes_reads(auditor) == []


# -- the event log -------------------------------------------------------------------------


def test_the_event_log_redacts_private_notes_even_in_corrections(
    api: Any, journal: Journal, org: Org
) -> None:
    interaction = log_one_to_one(journal, org)
    journal.correct_interaction(
        interaction, {"private_notes": "Rettet hemmelighed"}, "Præcisering",
        recorded_by=org.leader,
    )  # fmt: skip
    page = (
        api("auditor")
        .get("/api/v1/audit/events", query_string={"person_id": str(org.employee)})
        .json
    )
    by_type = {e["event_type"]: e for e in page["items"]}
    logged = by_type["Interaction.Logged"]["data"]
    assert logged["private_notes"] == REDACTED
    assert logged["shared_notes"] == "Delt note"
    assert by_type["Interaction.Corrected"]["data"]["changes"] == {"private_notes": REDACTED}
    assert "Hemmelig" not in str(page) and "Rettet" not in str(page)


def test_the_event_log_hides_password_hashes(api: Any, org: Org) -> None:
    page = (
        api("auditor")
        .get("/api/v1/audit/events", query_string={"type": "Account.Opened", "limit": 200})
        .json
    )
    assert page["total"] == 7
    assert {e["data"]["password_hash"] for e in page["items"]} == {"[hidden]"}


def test_the_event_log_filters_and_pages(api: Any, journal: Journal, org: Org) -> None:
    log_one_to_one(journal, org)
    auditor = api("auditor")
    everything = auditor.get("/api/v1/audit/events", query_string={"limit": 200}).json
    positions = [e["position"] for e in everything["items"]]
    assert positions == sorted(positions)
    assert everything["total"] == len(everything["items"])
    second = auditor.get("/api/v1/audit/events", query_string={"limit": 2, "page": 2}).json
    assert [e["position"] for e in second["items"]] == positions[2:4]
    by_leader = auditor.get(
        "/api/v1/audit/events", query_string={"recorded_by": str(org.leader)}
    ).json
    assert [e["event_type"] for e in by_leader["items"]] == ["Interaction.Logged"]
    event = by_leader["items"][0]
    assert event["recorded_at"].endswith("+00:00")
    assert UUID(event["originator_id"]) and event["version"] == 1
    future = (clock.now() + timedelta(hours=1)).isoformat()
    later = auditor.get("/api/v1/audit/events", query_string={"since": future}).json
    assert (later["total"], later["items"]) == (0, [])


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"person_id": "emil"}, "person_id"),
        ({"since": "2026-01-01"}, "since"),
        ({"since": "2026-01-02T00:00:00+00:00", "until": "2026-01-01T00:00:00+00:00"}, "until"),
        ({"limit": 0}, "limit"),
    ],
)
def test_a_bad_event_log_filter_names_the_field(
    api: Any, org: Org, query: dict[str, Any], field: str
) -> None:
    response = api("auditor").get("/api/v1/audit/events", query_string=query)
    assert response.status_code == 422
    assert field in response.json["errors"]


# -- records at past moments ---------------------------------------------------------------


def test_a_record_as_known_then_shows_the_notes_before_a_correction(
    api: Any, journal: Journal, org: Org
) -> None:
    start = clock.now()
    with clock.frozen_at(start + timedelta(hours=2)):
        interaction = log_one_to_one(journal, org, start + timedelta(hours=1))
    with clock.frozen_at(start + timedelta(hours=4)):
        journal.correct_interaction(
            interaction, {"shared_notes": "Rettet note"}, "Stavefejl", recorded_by=org.leader
        )
    auditor = api("auditor")
    as_of = (start + timedelta(hours=6)).isoformat()
    moment = {"as_of": as_of, "known_at": (start + timedelta(hours=3)).isoformat()}
    then = auditor.get(f"/api/v1/audit/people/{org.employee}", query_string=moment).json
    assert then["interactions"][0]["shared_notes"] == "Delt note"
    assert then["known_at"] == (start + timedelta(hours=3)).isoformat()
    moment = {"as_of": as_of, "known_at": (start + timedelta(hours=5)).isoformat()}
    now = auditor.get(f"/api/v1/audit/people/{org.employee}", query_string=moment).json
    assert now["interactions"][0]["shared_notes"] == "Rettet note"
    assert now["name"] == "Emil Ansat" and now["leader_id"] == str(org.leader)


def test_the_timeline_as_of_a_moment_leaves_out_what_happened_later(
    api: Any, journal: Journal, org: Org
) -> None:
    start = clock.now()
    with clock.frozen_at(start + timedelta(hours=5)):
        log_one_to_one(journal, org, start + timedelta(hours=1))
        log_one_to_one(journal, org, start + timedelta(hours=3))
        task = journal.assign_task(
            leader_id=org.leader, employee_id=org.employee, title="Test appen",
            passion="product", due_on=start.date() + timedelta(days=7),
        )  # fmt: skip
    query = {
        "as_of": (start + timedelta(hours=2)).isoformat(),
        "known_at": (start + timedelta(hours=6)).isoformat(),
    }
    path = f"/api/v1/people/{org.employee}/timeline"
    employee = api("employee").get(path, query_string=query).json
    (entry,) = employee["items"]
    assert entry["occurred_at"] == (start + timedelta(hours=1)).isoformat()
    assert entry["private_notes"] is None
    later = {**query, "as_of": (start + timedelta(hours=6)).isoformat()}
    leader = api("leader").get(path, query_string=later).json
    assert [e["entry_type"] for e in leader["items"]] == ["task", "interaction", "interaction"]
    assert leader["items"][0]["entry_key"] == str(task)
    assert leader["items"][1]["private_notes"] == "Hemmelig note"


def test_a_record_before_the_person_existed_is_not_found(api: Any, org: Org) -> None:
    long_ago = {"known_at": "2001-01-01T00:00:00+00:00"}
    auditor = api("auditor")
    record = auditor.get(f"/api/v1/audit/people/{org.employee}", query_string=long_ago)
    assert record.status_code == 404
    response = auditor.get(f"/api/v1/people/{org.employee}/timeline", query_string=long_ago)
    assert response.status_code == 422
    assert "known_at" in response.json["errors"]


def test_a_record_moment_without_a_time_zone_names_the_field(api: Any, org: Org) -> None:
    response = api("auditor").get(
        f"/api/v1/audit/people/{org.employee}", query_string={"as_of": "2026-01-01T10:00"}
    )
    assert response.status_code == 422
    assert "as_of" in response.json["errors"]


def test_a_leader_has_no_employee_record(api: Any, org: Org) -> None:
    assert api("auditor").get(f"/api/v1/audit/people/{org.leader}").status_code == 404


# -- changes and priorities ----------------------------------------------------------------


def test_the_changes_about_a_person_are_those_recorded_in_the_window(
    api: Any, journal: Journal, org: Org
) -> None:
    start = clock.now()
    with clock.frozen_at(start + timedelta(hours=1)):
        log_one_to_one(journal, org)
    with clock.frozen_at(start + timedelta(hours=3)):
        journal.set_passions(org.employee, ["customers"], recorded_by=org.leader)
    window = {
        "from": (start + timedelta(minutes=30)).isoformat(),
        "to": (start + timedelta(hours=2)).isoformat(),
    }
    response = api("auditor").get(
        f"/api/v1/audit/people/{org.employee}/changes", query_string=window
    )
    assert response.status_code == 200
    (event,) = response.json["events"]
    assert event["event_type"] == "Interaction.Logged"
    assert event["data"]["private_notes"] == REDACTED
    assert (response.json["from"], response.json["to"]) == (window["from"], window["to"])


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2026-01-01"}, "from"),
        ({"from": "2026-01-02T00:00:00+00:00", "to": "2026-01-01T00:00:00+00:00"}, "to"),
    ],
)
def test_a_bad_changes_window_names_the_field(
    api: Any, org: Org, query: dict[str, Any], field: str
) -> None:
    response = api("auditor").get(
        f"/api/v1/audit/people/{org.employee}/changes", query_string=query
    )
    assert response.status_code == 422
    assert field in response.json["errors"]


def test_the_priorities_history_shows_who_set_what_and_when(
    api: Any, journal: Journal, org: Org
) -> None:
    split = {"planning": 20, "reporting": 10, "follow_up": 10, "people": 50, "other": 10}
    journal.set_priorities(org.leader, split=split, recorded_by=org.leader)
    journal.set_priorities(
        org.leader, split={**split, "planning": 10, "people": 60}, one_to_one_every_days=14,
        recorded_by=org.leader,
    )  # fmt: skip
    history = api("auditor").get(f"/api/v1/audit/leaders/{org.leader}/priorities").json
    assert [h["split"]["people"] for h in history] == [50, 60]
    assert [h["one_to_one_every_days"] for h in history] == [7, 14]
    assert {h["set_by"] for h in history} == {str(org.leader)}
    assert history[0]["set_at"] <= history[1]["set_at"]


def test_an_employee_has_no_priorities_history(api: Any, org: Org) -> None:
    response = api("auditor").get(f"/api/v1/audit/leaders/{org.employee}/priorities")
    assert response.status_code == 404


# -- only auditors -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["employee", "leader", "other_leader", "admin"])
def test_only_an_auditor_reads_the_audit_trail(
    api: Any, journal: Journal, org: Org, role: str
) -> None:
    log_one_to_one(journal, org)
    client = api(role)
    for path in (
        "/api/v1/audit/events",
        f"/api/v1/audit/people/{org.employee}",
        f"/api/v1/audit/people/{org.employee}/changes",
        f"/api/v1/audit/leaders/{org.leader}/priorities",
    ):
        assert client.get(path).status_code == 403, path
    assert notes_reads(api("auditor")) == []
