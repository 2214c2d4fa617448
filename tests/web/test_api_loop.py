"""The coaching loop through the API: an employee asks, the leader meets or declines it, and
agreed actions are ticked off or dropped by the employee or the leader."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from journal import clock
from tests.organisation import Org


def one_to_one(actions: list[str] | None = None) -> dict[str, Any]:
    return {
        "kind": "one_to_one",
        "occurred_at": (clock.now() - timedelta(hours=1)).isoformat(),
        "minutes": 30,
        "agreed_actions": actions or [],
    }


def test_an_employees_request_waits_for_the_leader_until_a_one_to_one_meets_it(
    api: Any, org: Org
) -> None:
    emil, lene = api("employee"), api("leader")
    asked = emil.post(f"/api/v1/people/{org.employee}/requests",
                      json={"kind": "one_to_one", "note": "Om min næste uddannelse"})  # fmt: skip
    waiting = lene.get(f"/api/v1/leaders/{org.leader}/requests").json

    met = lene.post(f"/api/v1/people/{org.employee}/interactions", json=one_to_one())
    after = lene.get(f"/api/v1/leaders/{org.leader}/requests").json
    mine = emil.get(f"/api/v1/people/{org.employee}/requests").json["items"]

    assert asked.status_code == 201 and asked.json["state"] == "open"
    assert [r["note"] for r in waiting["items"]] == ["Om min næste uddannelse"]
    assert after["items"] == [] and after["fulfilled"] == 1
    assert (mine[0]["state"], mine[0]["interaction_id"]) == ("fulfilled", met.json["id"])


def test_a_declined_request_shows_the_employee_why_and_bad_asks_name_the_field(
    api: Any, org: Org
) -> None:
    emil, lene = api("employee"), api("leader")
    asked = emil.post(f"/api/v1/people/{org.employee}/requests", json={"kind": "training"})
    path = f"/api/v1/people/{org.employee}/requests/{asked.json['request_id']}"

    declined = lene.post(f"{path}/decline", json={"reason": "Næste hold starter i marts"})
    again = lene.post(f"{path}/decline", json={"reason": "Igen"})
    unknown = emil.post(f"/api/v1/people/{org.employee}/requests", json={"kind": "quality_review"})

    assert declined.status_code == 200
    mine = emil.get(f"/api/v1/people/{org.employee}/requests").json["items"]
    assert (mine[0]["state"], mine[0]["reason"]) == ("declined", "Næste hold starter i marts")
    assert again.status_code == 422 and "no longer open" in again.json["message"]
    assert unknown.status_code == 422 and "kind" in str(unknown.json["errors"])


def test_agreed_actions_are_ticked_off_by_the_employee_and_dropped_by_the_leader(
    api: Any, org: Org
) -> None:
    emil, lene = api("employee"), api("leader")
    lene.post(f"/api/v1/people/{org.employee}/interactions",
              json=one_to_one(["Læs kundeguiden", "Lyt til to opkald"]))  # fmt: skip
    [guide, calls] = emil.get(f"/api/v1/people/{org.employee}/actions").json["items"]
    path = f"/api/v1/people/{org.employee}/actions"

    done = emil.post(f"{path}/{guide['action_id']}/done")
    no_reason = lene.post(f"{path}/{calls['action_id']}/drop", json={})
    dropped = lene.post(f"{path}/{calls['action_id']}/drop", json={"reason": "Ikke relevant"})

    assert (guide["text"], calls["text"]) == ("Læs kundeguiden", "Lyt til to opkald")
    assert done.status_code == 200 and done.json["state"] == "done"
    assert no_reason.status_code == 422
    assert dropped.json["state"] == "dropped" and dropped.json["reason"] == "Ikke relevant"
    assert emil.get(path).json["items"] == []


def test_the_digest_names_and_counts_what_waits_for_the_leader_and_no_note(
    api: Any, org: Org
) -> None:
    emil, lene = api("employee"), api("leader")
    emil.post(f"/api/v1/people/{org.employee}/requests",
              json={"kind": "walk_and_talk", "note": "Gerne en tur i parken"})  # fmt: skip
    lene.post(f"/api/v1/people/{org.colleague}/interactions",
              json=one_to_one(["Ring tilbage til kunden"]))  # fmt: skip

    digest = lene.get(f"/api/v1/leaders/{org.leader}/digest").json

    assert digest["overdue"] == []  # the team joined less than a week ago
    assert [(w["name"], w["kind"]) for w in digest["waiting"]] == [("Emil Ansat", "walk_and_talk")]
    assert [(a["name"], a["count"]) for a in digest["actions"]] == [("Eva Kollega", 1)]
    assert digest["items"] == 2
    assert "parken" not in str(digest) and "kunden" not in str(digest)
