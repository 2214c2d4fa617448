"""Every API route against every role: the rules of web/permissions.py as one table.

Emil is an employee in Lene's team; Eva is his colleague; Ole leads another team. Each
cell is the status one role gets for one route: 2xx means allowed; 404 means the record
is outside what the caller may know about; 403 means they may see it but not do this.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from journal import clock
from journal.application import Journal
from tests.web.conftest import Org

ROLES = ("employee", "colleague", "leader", "other_leader", "auditor", "admin")
OK = "ok"


def arrange(journal: Journal, org: Org) -> dict[str, Any]:
    """An interaction, a piece of feedback and a task about Emil, by Lene."""
    when = clock.now() - timedelta(days=1)
    new_person = journal.register_person(
        role="employee", name="Nora Ny", email="nora@example.dk", leader_id=org.leader,
        recorded_by=org.admin,
    )  # fmt: skip
    emil_account = journal.read.accounts.for_person(org.employee)
    assert emil_account is not None
    return {
        "emil": org.employee,
        "emil_account": emil_account.account_id,
        "eva": org.colleague,
        "lene": org.leader,
        "ole": org.other_leader,
        "nora": new_person,
        "interaction": journal.log_interaction(
            leader_id=org.leader, employee_id=org.employee, kind="one_to_one",
            occurred_at=when, minutes=30, shared_notes="Delt", private_notes="Privat",
        ),
        "feedback": journal.record_feedback(
            employee_id=org.employee, score=9, channel="phone", received_at=when,
            recorded_by=org.leader,
        ),
        "task": journal.assign_task(
            leader_id=org.leader, employee_id=org.employee, title="Lead the huddle",
            passion="colleagues", due_on=(when + timedelta(days=14)).date(),
        ),
    }  # fmt: skip


SOON = (clock.now() + timedelta(days=10)).date().isoformat()
YESTERDAY = (clock.now() - timedelta(days=1)).isoformat()
TODAY = clock.now().date().isoformat()

#: (method, path, body, expected for employee, colleague, leader, other_leader, auditor, admin)
MATRIX: list[tuple[str, str, dict[str, Any] | None, tuple[Any, ...]]] = [
    ("get", "/api/v1/people", None, (OK, OK, OK, OK, OK, OK)),
    ("get", "/api/v1/people/{emil}", None, (OK, 404, OK, 404, OK, OK)),
    ("post", "/api/v1/people/{emil}/deactivation", {"reason": "Stopper"},
     (403, 404, 403, 404, 403, OK)),
    ("get", "/api/v1/accounts", None, (403, 403, 403, 403, 403, OK)),
    ("post", "/api/v1/accounts/{emil_account}/disable", {"reason": "Stopper"},
     (403, 403, 403, 403, 403, OK)),
    ("get", "/api/v1/leaders/{lene}/priorities", None, (404, 404, OK, 404, OK, 403)),
    # A body naming an employee out of view is a bad value (422), never a 404 that tells.
    ("post", "/api/v1/tasks",
     {"employee_id": "{emil}", "title": "Ny opgave", "passion": "product", "due_on": SOON},
     (403, 422, OK, 422, 403, 403)),
    ("get", "/api/v1/tasks/{task}", None, (OK, 404, OK, 404, OK, 403)),
    ("post", "/api/v1/tasks/{task}/complete", {"outcome": "Færdig"},
     (OK, 404, OK, 404, 403, 403)),
    ("post", "/api/v1/tasks/{task}/reassign", {"employee_id": "{eva}"},
     (403, 404, OK, 404, 403, 403)),
    ("post", "/api/v1/people", {"name": "Ny Person", "email": "ny@example.dk", "role": "auditor"},
     (403, 403, 403, 403, 403, OK)),
    ("post", "/api/v1/accounts", {"person_id": "{nora}", "username": "nora",
                                  "password": "a long password"},
     (403, 403, 403, 403, 403, OK)),
    ("post", "/api/v1/people/{emil}/moves", {"leader_id": "{ole}"},
     (403, 404, 403, 404, 403, OK)),
    ("post", "/api/v1/people/{emil}/talent",
     {"score": 4, "note": "Stærk", "assessed_on": TODAY}, (403, 404, OK, 404, 403, 403)),
    ("put", "/api/v1/people/{emil}/passions", {"passions": ["customers"]},
     (403, 404, OK, 404, 403, 403)),
    ("post", "/api/v1/people/{emil}/interactions",
     {"kind": "walk_and_talk", "occurred_at": YESTERDAY, "minutes": 45, "shared_notes": "Gåtur"},
     (403, 404, OK, 404, 403, 403)),
    ("post", "/api/v1/interactions/{interaction}/corrections",
     {"changes": {"minutes": 35}, "reason": "Forkert varighed"}, (403, 404, OK, 404, 403, 403)),
    ("post", "/api/v1/interactions/{interaction}/retraction", {"reason": "Forkert person"},
     (403, 404, OK, 404, 403, 403)),
    ("post", "/api/v1/people/{emil}/feedback",
     {"score": 10, "channel": "chat", "received_at": YESTERDAY},
     (403, 404, OK, 404, 403, 403)),
    ("post", "/api/v1/feedback/{feedback}/corrections",
     {"changes": {"score": 8}, "reason": "Tastefejl"}, (403, 404, OK, 404, 403, 403)),
    ("post", "/api/v1/feedback/{feedback}/retraction", {"reason": "Forkert kunde"},
     (403, 404, OK, 404, 403, 403)),
    ("post", "/api/v1/tasks/{task}/start", {}, (OK, 404, OK, 404, 403, 403)),
    ("post", "/api/v1/tasks/{task}/cancel", {"reason": "Ikke længere relevant"},
     (403, 404, OK, 404, 403, 403)),
    ("post", "/api/v1/tasks/{task}/priority", {"priority": 1}, (403, 404, OK, 404, 403, 403)),
    ("post", "/api/v1/leaders/{lene}/time-entries",
     {"on": TODAY, "minutes": 60, "category": "people"}, (404, 404, OK, 404, 403, 403)),
    ("put", "/api/v1/leaders/{lene}/priorities",
     {"split": {"planning": 10, "reporting": 10, "follow_up": 20, "people": 50, "other": 10}},
     (404, 404, OK, 404, 403, 403)),
    ("get", "/api/v1/people/{emil}/export", None, (403, 404, 403, 404, 403, OK)),
    ("post", "/api/v1/people/{emil}/erasure", {"reason": "GDPR art. 17"},
     (403, 404, 403, 404, 403, OK)),
    ("get", "/api/v1/people/{emil}/timeline", None, (OK, 404, OK, 404, OK, 403)),
    ("get", "/api/v1/people/{emil}/tasks", None, (OK, 404, OK, 404, OK, 403)),
    ("get", "/api/v1/leaders/{lene}/coaching-log", None, (404, 404, OK, 404, OK, 403)),
    ("get", "/api/v1/leaders/{lene}/cadence", None, (404, 404, OK, 404, OK, 403)),
    ("get", "/api/v1/leaders/{lene}/calendar-audit", None, (404, 404, OK, 404, OK, 403)),
    ("get", "/api/v1/leaders/{lene}/nps", None, (404, 404, OK, 404, OK, 403)),
    ("get", "/api/v1/audit/events", None, (403, 403, 403, 403, OK, 403)),
    ("get", "/api/v1/audit/people/{emil}", None, (403, 403, 403, 403, OK, 403)),
    ("get", "/api/v1/audit/people/{emil}/changes", None, (403, 403, 403, 403, OK, 403)),
    ("get", "/api/v1/audit/leaders/{lene}/priorities", None, (403, 403, 403, 403, OK, 403)),
]  # fmt: skip

CASES = [
    pytest.param(method, path, body, role, expected[i], id=f"{role}-{method}-{path}")
    for method, path, body, expected in MATRIX
    for i, role in enumerate(ROLES)
]


def fill(value: Any, ids: dict[str, Any]) -> Any:
    """Put the arranged ids into a path or body."""
    if isinstance(value, str):
        return value.format(**{k: str(v) for k, v in ids.items()})
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    return value


@pytest.mark.parametrize(("method", "path", "body", "role", "expected"), CASES)
def test_role_against_route(
    journal: Journal, org: Org, api: Any, method: str, path: str, body: Any, role: str,
    expected: Any,
) -> None:  # fmt: skip
    ids = arrange(journal, org)
    client = api(role)
    call = getattr(client, method)
    response = (
        call(fill(path, ids), json=fill(body, ids)) if body is not None else call(fill(path, ids))
    )
    if expected == OK:
        assert 200 <= response.status_code < 300, (response.status_code, response.json)
    else:
        assert response.status_code == expected, response.json
        assert set(response.json) == {"code", "message", "errors"}


def test_without_a_token_every_route_is_401(client: Any, org: Org) -> None:
    nobody = "00000000-0000-0000-0000-000000000000"
    names = ("emil", "eva", "emil_account", "lene", "ole", "interaction", "feedback", "task")
    for method, path, body, _ in MATRIX:
        target = path.format(**dict.fromkeys(names, nobody))
        response = getattr(client, method)(target, json=body)
        assert response.status_code == 401, (method, path)
