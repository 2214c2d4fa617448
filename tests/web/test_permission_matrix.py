"""Every API route against every role: the rules of web/permissions.py as one table.

Emil is an employee in Lene's team; Eva is his colleague; Ole leads another team. Each
cell is the status one role gets for one route: 2xx means allowed; 404 means the record
is outside what the caller may know about; 403 means they may see it but not do this.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from journal import clock
from journal.commands import Journal
from tests.organisation import PASSWORD, Org, build_org
from tests.unit.support import head
from tests.web.conftest import ApiClient, api_client, new_app

ROLES = ("employee", "colleague", "leader", "other_leader", "auditor", "admin", "manager")
CALENDARS = Path(__file__).resolve().parents[1] / "fixtures" / "calendars"
SURVEYS = Path(__file__).resolve().parents[1] / "fixtures" / "surveys"
OK = "ok"


def arrange(journal: Journal, org: Org) -> dict[str, Any]:
    """An interaction, a piece of feedback and a task about Emil, by Lene; and the dates
    the matrix's bodies use, taken now (never when the module is imported)."""
    when = clock.now() - timedelta(days=1)
    today = journal.today()
    new_person = journal.register_person(
        role="employee", name="Nora Ny", email="nora@example.dk", leader_id=org.leader,
        recorded_by=org.admin,
    )  # fmt: skip
    emil_account = journal.read.accounts.for_person(org.employee)
    assert emil_account is not None
    journal.log_interaction(
        leader_id=org.leader, employee_id=org.employee, kind="walk_and_talk",
        occurred_at=when, minutes=20, agreed_actions=["Læs kundeguiden"],
    )  # fmt: skip
    [action] = journal.read.coaching_loop.open_actions(org.employee)
    maja = journal.register_person(
        role="manager", name="Maja Manager", email="maja@example.dk", recorded_by=org.admin
    )
    journal.open_account(maja, username="manager", password=PASSWORD, recorded_by=org.admin)
    journal.oversee_leader(maja, org.leader, recorded_by=org.admin)
    return {
        "maja": maja,
        "nobody": "00000000-0000-0000-0000-000000000000",  # an upload that is not there
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
        "group": journal.log_group_session(
            leader_id=org.leader, employee_ids=[org.employee, org.colleague], kind="training",
            occurred_at=when, minutes=60,
        ),
        "request": journal.ask_for_coaching(
            org.employee, "training", "Excel", recorded_by=org.employee
        ),
        "action": action.action_id,
        "soon": (today + timedelta(days=10)).isoformat(),
        "yesterday": when.isoformat(),
        "today": today.isoformat(),
    }  # fmt: skip


#: (method, path, body, expected for employee, colleague, leader, other_leader, auditor, admin,
#: manager)
MATRIX: list[tuple[str, str, dict[str, Any] | None, tuple[Any, ...]]] = [
    ("get", "/api/v1/people", None, (OK, OK, OK, OK, OK, OK, OK)),
    # Everyone has a password; a wrong current one gets past the permission check to a 422.
    ("post", "/api/v1/account/password",
     {"current_password": "not it", "new_password": "a long new phrase"},
     (422, 422, 422, 422, 422, 422, 422)),
    ("get", "/api/v1/people/{emil}", None, (OK, 404, OK, 404, OK, OK, 404)),
    # Emil has an account: the admin's invitation gets past the permission check to a 422.
    ("post", "/api/v1/people/{emil}/invitation", {},
     (403, 404, 403, 404, 403, 422, 404)),
    ("post", "/api/v1/people/{emil}/deactivation", {"reason": "Stopper"},
     (403, 404, 403, 404, 403, OK, 404)),
    ("get", "/api/v1/accounts", None, (403, 403, 403, 403, 403, OK, 403)),
    ("post", "/api/v1/accounts/{emil_account}/disable", {"reason": "Stopper"},
     (403, 403, 403, 403, 403, OK, 403)),
    ("get", "/api/v1/leaders/{lene}/priorities", None, (404, 404, OK, 404, OK, 403, 404)),
    # A body naming an employee out of view is a bad value (422), never a 404 that tells.
    ("post", "/api/v1/tasks",
     {"employee_id": "{emil}", "title": "Ny opgave", "passion": "product", "due_on": "{soon}"},
     (403, 422, OK, 422, 403, 403, 422)),
    ("get", "/api/v1/tasks/{task}", None, (OK, 404, OK, 404, OK, 403, 404)),
    ("post", "/api/v1/tasks/{task}/complete", {"outcome": "Færdig"},
     (OK, 404, OK, 404, 403, 403, 404)),
    ("post", "/api/v1/tasks/{task}/reassign", {"employee_id": "{eva}"},
     (403, 404, OK, 404, 403, 403, 404)),
    ("post", "/api/v1/people", {"name": "Ny Person", "email": "ny@example.dk", "role": "auditor"},
     (403, 403, 403, 403, 403, OK, 403)),
    ("post", "/api/v1/accounts", {"person_id": "{nora}", "username": "nora",
                                  "password": "a long password"},
     (403, 403, 403, 403, 403, OK, 403)),
    ("post", "/api/v1/people/{emil}/moves", {"leader_id": "{ole}"},
     (403, 404, 403, 404, 403, OK, 404)),
    ("post", "/api/v1/people/{emil}/talent",
     {"score": 4, "note": "Stærk", "assessed_on": "{today}"}, (403, 404, OK, 404, 403, 403, 404)),
    ("put", "/api/v1/people/{emil}/passions", {"passions": ["customers"]},
     (403, 404, OK, 404, 403, 403, 404)),
    ("post", "/api/v1/people/{emil}/interactions",
     {"kind": "walk_and_talk", "occurred_at": "{yesterday}", "minutes": 45,
      "shared_notes": "Gåtur"},
     (403, 404, OK, 404, 403, 403, 404)),
    ("post", "/api/v1/interactions/{interaction}/corrections",
     {"changes": {"minutes": 35}, "reason": "Forkert varighed"},
     (403, 404, OK, 404, 403, 403, 404)),
    ("post", "/api/v1/interactions/{interaction}/retraction", {"reason": "Forkert person"},
     (403, 404, OK, 404, 403, 403, 404)),
    ("post", "/api/v1/group-sessions",
     {"employee_ids": ["{emil}", "{eva}"], "kind": "training", "occurred_at": "{yesterday}",
      "minutes": 60}, (403, 403, OK, 422, 403, 403, 403)),
    ("get", "/api/v1/group-sessions/{group}", None, (404, 404, OK, 404, OK, 404, 404)),
    ("post", "/api/v1/group-sessions/{group}/corrections",
     {"changes": {"minutes": 90}, "reason": "Længere"}, (404, 404, OK, 404, 403, 404, 404)),
    ("post", "/api/v1/group-sessions/{group}/retraction", {"reason": "Fejl"},
     (404, 404, OK, 404, 403, 404, 404)),
    ("post", "/api/v1/people/{emil}/feedback",
     {"score": 10, "channel": "chat", "received_at": "{yesterday}"},
     (403, 404, OK, 404, 403, 403, 404)),
    ("post", "/api/v1/feedback/{feedback}/corrections",
     {"changes": {"score": 8}, "reason": "Tastefejl"}, (403, 404, OK, 404, 403, 403, 404)),
    ("post", "/api/v1/feedback/{feedback}/retraction", {"reason": "Forkert kunde"},
     (403, 404, OK, 404, 403, 403, 404)),
    ("post", "/api/v1/tasks/{task}/start", {}, (OK, 404, OK, 404, 403, 403, 404)),
    ("post", "/api/v1/tasks/{task}/cancel", {"reason": "Ikke længere relevant"},
     (403, 404, OK, 404, 403, 403, 404)),
    ("post", "/api/v1/tasks/{task}/priority", {"priority": 1}, (403, 404, OK, 404, 403, 403, 404)),
    ("post", "/api/v1/leaders/{lene}/time-entries",
     {"on": "{today}", "minutes": 60, "category": "people"}, (404, 404, OK, 404, 403, 403, 404)),
    ("put", "/api/v1/leaders/{lene}/priorities",
     {"split": {"planning": 10, "reporting": 10, "follow_up": 20, "people": 50, "other": 10}},
     (404, 404, OK, 404, 403, 403, 404)),
    ("post", "/api/v1/leaders/{lene}/calendar-imports",
     {"file": "outlook.ics", "from": "2026-11-01", "to": "2026-11-30"},
     (404, 404, OK, 404, 403, 403, 404)),
    # Lene has imported nothing: her undo gets past the permission check to a 422.
    ("post", "/api/v1/leaders/{lene}/calendar-imports/undo", {},
     (404, 404, 422, 404, 403, 403, 404)),
    ("get", "/api/v1/leaders/{lene}/meetings", None, (404, 404, OK, 404, OK, 403, 404)),
    ("get", "/api/v1/leaders/{lene}/calendar-subscriptions", None,
     (404, 404, OK, 404, OK, 403, 404)),
    ("post", "/api/v1/leaders/{lene}/calendar-subscriptions",
     {"url": "https://calendar.example.com/lene/private-1/basic.ics"},
     (404, 404, OK, 404, 403, 403, 404)),
    # No such subscription: Lene's stop gets past the permission check to a 404.
    ("delete", "/api/v1/leaders/{lene}/calendar-subscriptions/{nobody}", None,
     (404, 404, 404, 404, 403, 403, 404)),
    # Lene has imported nothing: her choice gets past the permission check to a 422.
    ("post", "/api/v1/leaders/{lene}/meeting-categories",
     {"key": "nothing-imported", "category": "people"}, (404, 404, 422, 404, 403, 403, 404)),
    ("get", "/api/v1/leaders/{lene}/meeting-keywords", None, (404, 404, OK, 404, OK, 403, 404)),
    ("get", "/api/v1/leaders/{lene}/digest", None, (404, 404, OK, 404, OK, 403, 404)),
    ("put", "/api/v1/leaders/{lene}/meeting-keywords", {"people": ["kaffe"]},
     (404, 404, OK, 404, 403, 403, 404)),
    ("get", "/api/v1/leaders/{lene}/calendar-checks", None, (404, 404, OK, 404, OK, 403, 404)),
    # Nothing imported: the leader's draw gets past the permission check to a 422.
    ("post", "/api/v1/leaders/{lene}/calendar-checks", {}, (404, 404, 422, 404, 403, 403, 404)),
    ("post", "/api/v1/people/{emil}/requests", {"kind": "one_to_one", "note": "Snak?"},
     (OK, 404, 403, 404, 403, 403, 404)),
    ("get", "/api/v1/people/{emil}/requests", None, (OK, 404, OK, 404, OK, 403, 404)),
    ("post", "/api/v1/people/{emil}/requests/{request}/decline", {"reason": "Ikke nu"},
     (403, 404, OK, 404, 403, 403, 404)),
    ("post", "/api/v1/people/{emil}/requests/{request}/withdrawal", None,
     (OK, 404, 403, 404, 403, 403, 404)),
    ("get", "/api/v1/leaders/{lene}/requests", None, (404, 404, OK, 404, OK, 403, 404)),
    ("get", "/api/v1/people/{emil}/actions", None, (OK, 404, OK, 404, OK, 403, 404)),
    ("post", "/api/v1/people/{emil}/actions/{action}/done", None,
     (OK, 404, OK, 404, 403, 403, 404)),
    ("post", "/api/v1/people/{emil}/actions/{action}/drop", {"reason": "Ikke relevant"},
     (OK, 404, OK, 404, 403, 403, 404)),
    # A file with only a header: past the permission check, it has no column for employee.
    ("post", "/api/v1/feedback-imports", {"file": "header-only.csv"},
     (403, 403, 422, 422, 403, 422, 403)),
    ("get", "/api/v1/people/{emil}/export", None, (403, 404, 403, 404, 403, OK, 404)),
    ("get", "/api/v1/me/export", None, (OK, OK, 403, 403, 403, 403, 403)),
    ("get", "/api/v1/me/record-reads", None, (OK, OK, 403, 403, 403, 403, 403)),
    ("post", "/api/v1/people/{emil}/erasure", {"reason": "GDPR art. 17"},
     (403, 404, 403, 404, 403, OK, 404)),
    ("get", "/api/v1/people/{emil}/timeline", None, (OK, 404, OK, 404, OK, 403, 404)),
    ("get", "/api/v1/people/{emil}/tasks", None, (OK, 404, OK, 404, OK, 403, 404)),
    ("get", "/api/v1/leaders/{lene}/coaching-log", None, (404, 404, OK, 404, OK, 403, 404)),
    ("get", "/api/v1/leaders/{lene}/cadence", None, (404, 404, OK, 404, OK, 403, 404)),
    ("get", "/api/v1/leaders/{lene}/calendar-audit", None, (404, 404, OK, 404, OK, 403, 404)),
    ("get", "/api/v1/leaders/{lene}/nps", None, (404, 404, OK, 404, OK, 403, 404)),
    ("post", "/api/v1/managers/{maja}/leaders", {"leader_id": "{ole}"},
     (403, 403, 403, 403, 403, OK, 403)),
    ("post", "/api/v1/managers/{maja}/leaders/{lene}/release", None,
     (403, 403, 403, 403, 403, OK, 403)),
    ("get", "/api/v1/managers/{maja}/overview", None, (404, 404, 404, 404, OK, 403, OK)),
    ("get", "/api/v1/audit/events", None, (403, 403, 403, 403, OK, 403, 403)),
    ("get", "/api/v1/audit/security", None, (403, 403, 403, 403, OK, 403, 403)),
    ("get", "/api/v1/audit/people/{emil}", None, (403, 403, 403, 403, OK, 403, 403)),
    ("get", "/api/v1/audit/people/{emil}/changes", None, (403, 403, 403, 403, OK, 403, 403)),
    ("get", "/api/v1/audit/leaders/{lene}/priorities", None, (403, 403, 403, 403, OK, 403, 403)),
]  # fmt: skip


def writes(method: str, expected: Any) -> bool:
    """Whether a cell changes the journal: an allowed POST or PUT."""
    return method != "get" and expected == OK


CASES = [
    pytest.param(method, path, body, role, expected[i], id=f"{role}-{method}-{path}")
    for method, path, body, expected in MATRIX
    for i, role in enumerate(ROLES)
]
READING_OR_REFUSED = [case for case in CASES if not writes(case.values[0], case.values[4])]
WRITING = [case for case in CASES if writes(case.values[0], case.values[4])]


@dataclass
class World:
    """One organisation, arranged once, with an API client signed in per role."""

    journal: Journal
    ids: dict[str, Any]
    clients: dict[str, ApiClient]


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    """Shared by the cells that change nothing (each one checks that it did not)."""
    flask_app = new_app()
    journal: Journal = flask_app.extensions["journal"]
    org = build_org(journal)
    ids = arrange(journal, org)
    client = flask_app.test_client()
    yield World(journal, ids, {role: api_client(client, org, role) for role in ROLES})
    journal.close()


def fill(value: Any, ids: dict[str, Any]) -> Any:
    """Put the arranged ids into a path or body."""
    if isinstance(value, str):
        return value.format(**{k: str(v) for k, v in ids.items()})
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    return value


def call(client: ApiClient, method: str, path: str, body: Any, ids: dict[str, Any]) -> Any:
    """Send one cell's request; a body naming a ``file`` is sent as a form with that upload."""
    send = getattr(client, method)
    if body is None:
        return send(fill(path, ids))
    if "file" in body:
        folder = SURVEYS if body["file"].endswith(".csv") else CALENDARS
        upload = (io.BytesIO((folder / body["file"]).read_bytes()), body["file"])
        return send(fill(path, ids), data={**body, "file": upload})
    return send(fill(path, ids), json=fill(body, ids))


def check(response: Any, expected: Any) -> None:
    """The cell's status, and the error envelope on a refusal."""
    if expected == OK:
        assert 200 <= response.status_code < 300, (response.status_code, response.json)
    else:
        assert response.status_code == expected, response.json
        assert set(response.json) == {"code", "message", "errors"}


@pytest.mark.parametrize(("method", "path", "body", "role", "expected"), READING_OR_REFUSED)
def test_each_role_reads_an_api_route_or_is_refused_with_nothing_written(
    world: World, method: str, path: str, body: Any, role: str, expected: Any
) -> None:
    before = head(world.journal)
    check(call(world.clients[role], method, path, body, world.ids), expected)
    if method != "get":  # refused: nothing written
        assert head(world.journal) == before


@pytest.mark.parametrize(("method", "path", "body", "role", "expected"), WRITING)
def test_each_role_writes_through_the_api_only_where_the_rules_allow(
    journal: Journal, org: Org, api: Any, method: str, path: str, body: Any, role: str,
    expected: Any,
) -> None:  # fmt: skip
    ids = arrange(journal, org)
    before = head(journal)
    check(call(api(role), method, path, body, ids), expected)
    assert head(journal) > before


def test_without_a_token_every_route_is_401(client: Any, org: Org) -> None:
    nobody = "00000000-0000-0000-0000-000000000000"
    names = ("emil", "eva", "emil_account", "lene", "ole", "interaction", "group", "feedback",
             "task", "request", "action", "maja", "nobody")  # fmt: skip
    for method, path, body, _ in MATRIX:
        target = path.format(**dict.fromkeys(names, nobody))
        response = getattr(client, method)(target, json=body)
        assert response.status_code == 401, (method, path)
