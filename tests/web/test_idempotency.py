"""Idempotency-Key: a client's retry of a write gets the first answer and writes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask

from journal import clock
from journal.commands import Journal
from tests.organisation import PASSWORD, Org
from tests.unit.support import head


def interaction(notes: str = "Aftalt plan") -> dict[str, Any]:
    """A 1-to-1 to log through the API."""
    return {
        "kind": "one_to_one", "minutes": 30, "shared_notes": notes,
        "occurred_at": (clock.now() - timedelta(hours=2)).isoformat(),
    }  # fmt: skip


def test_a_retry_with_the_same_key_replays_the_answer_and_writes_once(
    api: Any, journal: Journal, org: Org
) -> None:
    leader = api("leader")
    body = interaction()
    log_end = head(journal)
    path = f"/api/v1/people/{org.employee}/interactions"

    first = leader.post(path, json=body, headers={"Idempotency-Key": "log-1"})
    again = leader.post(path, json=body, headers={"Idempotency-Key": "log-1"})
    other = leader.post(path, json=body, headers={"Idempotency-Key": "log-2"})

    assert first.status_code == again.status_code == other.status_code == 201
    assert again.json == first.json and other.json != first.json
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert head(journal) == log_end + 2


def test_a_key_reused_for_another_request_is_refused_by_name(
    api: Any, journal: Journal, org: Org
) -> None:
    leader = api("leader")
    path = f"/api/v1/people/{org.employee}/interactions"
    leader.post(path, json=interaction("Første"), headers={"Idempotency-Key": "same"})
    log_end = head(journal)

    reused = leader.post(path, json=interaction("Anden"), headers={"Idempotency-Key": "same"})
    too_long = leader.post(path, json=interaction(), headers={"Idempotency-Key": "k" * 201})

    assert (reused.status_code, list(reused.json["errors"])) == (422, ["Idempotency-Key"])
    assert (too_long.status_code, list(too_long.json["errors"])) == (422, ["Idempotency-Key"])
    assert head(journal) == log_end


def test_keys_belong_to_one_account(api: Any, journal: Journal, org: Org) -> None:
    body = {"title": "Lær produktet", "passion": "product", "employee_id": str(org.employee),
            "due_on": (clock.now() + timedelta(days=7)).date().isoformat()}  # fmt: skip
    log_end = head(journal)

    first = api("leader").post("/api/v1/tasks", json=body, headers={"Idempotency-Key": "k1"})
    stranger = api("other_leader").post(
        "/api/v1/tasks", json=body, headers={"Idempotency-Key": "k1"}
    )

    assert first.status_code == 201
    assert stranger.status_code == 422  # ran as Ole's own request: Emil is not his
    assert "Idempotent-Replayed" not in stranger.headers
    assert head(journal) == log_end + 1


def test_a_repeat_while_the_first_still_runs_is_told_to_retry(
    app: Flask, api: Any, journal: Journal, org: Org
) -> None:
    leader = api("leader")
    account = journal.read.accounts.by_username("leader")
    assert account is not None
    path = f"/api/v1/people/{org.employee}/interactions"
    body = interaction()
    with app.test_request_context(path, method="POST", json=body):
        from web.state.idempotency import fingerprint

        app.extensions["idempotency"].reserve(account.account_id, "busy", fingerprint())

    response = leader.post(path, json=body, headers={"Idempotency-Key": "busy"})

    assert response.status_code == 409
    assert "retry" in response.json["message"]


def test_the_openapi_document_offers_the_header_on_writes(client: Any) -> None:
    spec = client.get("/api/v1/openapi.json").json
    post = spec["paths"]["/api/v1/people/{person_id}/interactions"]["post"]
    get = spec["paths"]["/api/v1/people/{person_id}"]["get"]
    assert "Idempotency-Key" in [p["name"] for p in post.get("parameters", [])]
    assert "Idempotency-Key" not in [p["name"] for p in get.get("parameters", [])]


def test_a_retry_landing_on_another_process_is_replayed_there(two_processes: Any) -> None:
    (first, second), org = two_processes
    journal: Journal = first.extensions["journal"]
    headers = []
    for app in (first, second):
        token = (
            app.test_client()
            .post("/api/v1/tokens", json={"username": "leader", "password": PASSWORD})
            .json["token"]
        )
        headers.append({"Authorization": f"Bearer {token}", "Idempotency-Key": "retry-me"})
    log_end = head(journal)
    path = f"/api/v1/people/{org.employee}/interactions"
    body = interaction()

    answers = [
        app.test_client().post(path, json=body, headers=h)
        for app, h in zip((first, second), headers, strict=True)
    ]

    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json == answers[1].json
    assert answers[1].headers["Idempotent-Replayed"] == "true"
    assert head(journal) == log_end + 1


def test_a_method_the_route_does_not_have_is_405_whatever_the_key(api: Any, org: Org) -> None:
    # Found by schemathesis: the key was checked before the router's 405.
    response = api("admin").put(
        f"/api/v1/people/{org.employee}/moves", json={}, headers={"Idempotency-Key": "k"}
    )
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
