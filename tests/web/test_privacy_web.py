"""GDPR through the web app: an admin exports a person's data and erases it, by API and on
the admin page; afterwards every page and API answer shows "erased" instead of the data."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from journal import clock
from journal.commands import Journal
from tests.organisation import PASSWORD, Org
from tests.unit.support import head
from tests.web.test_pages_admin import post


def with_notes(journal: Journal, org: Org) -> Any:
    """A 1-to-1 with Emil whose notes say things about him."""
    return journal.log_interaction(
        leader_id=org.leader, employee_id=org.employee, kind="one_to_one",
        occurred_at=clock.now() - timedelta(days=1), minutes=30,
        shared_notes="Emil vil gerne lære produktet", private_notes="Emil virker presset",
    )  # fmt: skip


def test_the_admin_exports_a_person_as_json_with_their_notes(
    api: Any, journal: Journal, org: Org
) -> None:
    with_notes(journal, org)

    response = api("admin").get(f"/api/v1/people/{org.employee}/export")

    assert response.status_code == 200, response.json
    export = response.json
    assert export["person"]["name"] == "Emil Ansat"
    assert export["account"]["username"] == "employee"
    notes = [e["data"].get("shared_notes") for e in export["events_about"]]
    assert "Emil vil gerne lære produktet" in notes
    assert "password_hash" not in json.dumps(export)


def test_erasure_by_api_leaves_erased_everywhere_and_ends_the_persons_access(
    api: Any, journal: Journal, org: Org
) -> None:
    with_notes(journal, org)
    emil = api("employee")
    leader = api("leader")

    response = api("admin").post(
        f"/api/v1/people/{org.employee}/erasure", json={"reason": "GDPR art. 17"}
    )

    assert response.status_code == 200, response.json
    assert (response.json["name"], response.json["is_erased"]) == ("[erased]", True)
    timeline = leader.get(f"/api/v1/people/{org.employee}/timeline").json["items"]
    assert {e["shared_notes"] for e in timeline if e["entry_type"] == "interaction"} == {"[erased]"}
    assert "Emil" not in json.dumps(leader.get(f"/api/v1/people/{org.employee}").json)
    assert emil.get(f"/api/v1/people/{org.employee}").status_code == 401
    events = api("auditor").get("/api/v1/audit/events?type=Person.Erased").json["items"]
    assert [(e["recorded_by"], e["data"]["reason"]) for e in events] == [
        (str(org.admin), "GDPR art. 17")
    ]


def test_erasure_says_which_field_is_wrong_and_writes_nothing(
    api: Any, journal: Journal, org: Org
) -> None:
    admin = api("admin")
    log_end = head(journal)

    no_reason = admin.post(f"/api/v1/people/{org.employee}/erasure", json={})
    myself = admin.post(f"/api/v1/people/{org.admin}/erasure", json={"reason": "Test"})
    admin.post(f"/api/v1/people/{org.colleague}/erasure", json={"reason": "Anmodning"})
    again = admin.post(f"/api/v1/people/{org.colleague}/erasure", json={"reason": "Igen"})

    assert (no_reason.status_code, list(no_reason.json["errors"])) == (422, ["reason"])
    assert (myself.status_code, list(myself.json["errors"])) == (422, ["person_id"])
    assert (again.status_code, list(again.json["errors"])) == (422, ["person_id"])
    assert head(journal) == log_end + 1  # only the one erasure


def test_the_admin_page_exports_and_erases_after_a_confirmation(
    login: Any, journal: Journal, org: Org
) -> None:
    with_notes(journal, org)
    client = login("admin")
    page = client.get("/admin/people").get_data(as_text=True)
    assert f"/admin/people/{org.employee}/export" in page

    download = client.get(f"/admin/people/{org.employee}/export")
    unconfirmed = post(
        client, "/admin/people/erase", "erase", person=str(org.employee), reason="Anmodning"
    )
    confirmed = post(
        client, "/admin/people/erase", "erase", person=str(org.employee), reason="Anmodning",
        confirm="y",
    )  # fmt: skip

    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    assert json.loads(download.get_data())["person"]["email"] == "emil@example.dk"
    assert unconfirmed.status_code == 422
    assert 'id="erase-confirm-error"' in unconfirmed.get_data(as_text=True)
    assert confirmed.status_code == 302
    after = client.get("/admin/people").get_data(as_text=True)
    assert "Emil Ansat" not in after and "emil@example.dk" not in after
    assert "The personal data is erased" in after


def test_pages_show_erased_in_the_readers_language(client: Any, journal: Journal, org: Org) -> None:
    with_notes(journal, org)
    journal.erase_person(org.employee, "Anmodning", recorded_by=org.admin)
    from tests.web.conftest import csrf_token

    client.post(
        "/login",
        data={"username": "leader", "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    english = client.get(f"/people/{org.employee}").get_data(as_text=True)
    danish = client.get(
        f"/people/{org.employee}", headers={"Accept-Language": "da-DK,da;q=0.9"}
    ).get_data(as_text=True)

    for page in (english, danish):
        assert "Emil" not in page and "[erased]" not in page
    assert "erased" in english
    assert "slettet" in danish
