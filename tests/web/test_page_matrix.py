"""Every page and form against every role, including other teams' records (IDOR), and a
check that no route of the app, page or API, is missing from this matrix or the API's.

Emil is an employee in Lene's team, Eva his colleague; Ole leads another team with Otto.
A form is posted empty: 422 means the role got past the permission check to the form's
own validation; 403 means the page is not theirs; 404 means the record is outside what
they may know about (so another team's ids reveal nothing).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from journal.commands import Journal
from tests.organisation import Org, build_org
from tests.unit.support import head
from tests.web.conftest import csrf_token, new_app, page_client
from tests.web.test_permission_matrix import MATRIX as API_MATRIX
from tests.web.test_permission_matrix import ROLES, arrange, fill

#: Where each role lands, a page with a form (so with a CSRF token) on it.
HOME = {
    "employee": "/me", "colleague": "/me", "leader": "/leader", "other_leader": "/leader",
    "auditor": "/audit/events", "admin": "/admin/people", "manager": "/manager",
}  # fmt: skip

#: (method, path, expected status for employee, colleague, leader, other_leader, auditor, admin)
MATRIX: list[tuple[str, str, tuple[int, ...]]] = [
    ("get", "/", (302, 302, 302, 302, 302, 302, 302)),
    ("get", "/leader", (403, 403, 200, 200, 403, 403, 403)),
    ("get", "/leader/coaching-log", (403, 403, 200, 200, 403, 403, 403)),
    ("get", "/leader/priorities", (403, 403, 200, 200, 403, 403, 403)),
    ("get", "/leader/time", (403, 403, 200, 200, 403, 403, 403)),
    ("get", "/leader/calendar", (403, 403, 200, 200, 403, 403, 403)),
    ("get", "/leader/calendar/check", (403, 403, 200, 200, 403, 403, 403)),
    ("get", "/manager", (403, 403, 403, 403, 403, 403, 200)),
    ("get", "/manager/leaders/{lene}", (403, 403, 403, 403, 403, 403, 200)),
    ("get", "/manager/leaders/{ole}", (403, 403, 403, 403, 403, 403, 404)),
    ("get", "/leader/results", (403, 403, 200, 200, 403, 403, 403)),
    ("get", "/feedback/import", (403, 403, 200, 200, 403, 200, 403)),
    ("get", "/me", (200, 200, 403, 403, 403, 403, 403)),
    ("get", "/me/data", (200, 200, 403, 403, 403, 403, 403)),
    ("get", "/me/export", (200, 200, 403, 403, 403, 403, 403)),
    ("get", "/people/{emil}", (403, 404, 200, 404, 403, 403, 404)),
    ("get", "/people/{otto}", (404, 404, 404, 200, 403, 403, 404)),
    ("get", "/interactions/{interaction}/correct", (403, 404, 200, 404, 403, 403, 404)),
    ("get", "/interactions/{interaction}/retract", (403, 404, 200, 404, 403, 403, 404)),
    ("get", "/feedback/{feedback}/correct", (403, 404, 200, 404, 403, 403, 404)),
    ("get", "/feedback/{feedback}/retract", (403, 404, 200, 404, 403, 403, 404)),
    ("get", "/audit/events", (403, 403, 403, 403, 200, 403, 403)),
    ("get", "/account/password", (200, 200, 200, 200, 200, 200, 200)),
    # Nothing chosen: past the permission checks (none without a chosen action) to a 422.
    ("post", "/people/{emil}/actions/close", (422, 422, 422, 422, 422, 422, 422)),
    ("get", "/admin/people/{emil}", (403, 403, 403, 403, 403, 200, 403)),
    ("post", "/admin/people/{emil}/details", (403, 403, 403, 403, 403, 422, 403)),
    ("post", "/admin/people/{emil}/role", (403, 403, 403, 403, 403, 422, 403)),
    ("post", "/admin/people/{emil}/status", (403, 403, 403, 403, 403, 422, 403)),
    ("post", "/account/password", (422, 422, 422, 422, 422, 422, 422)),
    ("get", "/audit/events.csv", (403, 403, 403, 403, 200, 403, 403)),
    ("get", "/audit/security", (403, 403, 403, 403, 200, 403, 403)),
    ("get", "/audit/changes?person={emil}", (403, 403, 403, 403, 200, 403, 403)),
    ("get", "/audit/time-travel?person={emil}", (403, 403, 403, 403, 200, 403, 403)),
    ("get", "/audit/priorities?leader={lene}", (403, 403, 403, 403, 200, 403, 403)),
    ("get", "/audit/integrity", (403, 403, 403, 403, 200, 403, 403)),
    ("get", "/admin/people", (403, 403, 403, 403, 403, 200, 403)),
    ("get", "/admin/people/{emil}/export", (403, 403, 403, 403, 403, 200, 403)),
    ("post", "/people/{emil}/interactions", (403, 404, 422, 404, 403, 403, 404)),
    ("post", "/people/{emil}/feedback", (403, 404, 422, 404, 403, 403, 404)),
    ("post", "/people/{emil}/tasks", (403, 404, 422, 404, 403, 403, 404)),
    ("post", "/people/{emil}/talent", (403, 404, 422, 404, 403, 403, 404)),
    ("post", "/people/{emil}/passions", (403, 404, 422, 404, 403, 403, 404)),
    ("post", "/interactions/{interaction}/correct", (403, 404, 422, 404, 403, 403, 404)),
    ("post", "/interactions/{interaction}/retract", (403, 404, 422, 404, 403, 403, 404)),
    ("post", "/feedback/{feedback}/correct", (403, 404, 422, 404, 403, 403, 404)),
    ("post", "/feedback/{feedback}/retract", (403, 404, 422, 404, 403, 403, 404)),
    ("post", "/me/tasks/{task}/start", (302, 404, 403, 403, 403, 403, 403)),
    ("post", "/me/tasks/{task}/complete", (422, 404, 403, 403, 403, 403, 403)),
    ("post", "/leader/time", (403, 403, 422, 422, 403, 403, 403)),
    ("post", "/leader/group-sessions", (403, 403, 422, 422, 403, 403, 403)),
    ("post", "/leader/group-sessions/{group}/retract", (403, 403, 422, 404, 403, 403, 403)),
    ("post", "/leader/priorities", (403, 403, 422, 422, 403, 403, 403)),
    ("post", "/leader/calendar", (403, 403, 422, 422, 403, 403, 403)),
    ("post", "/leader/calendar/category", (403, 403, 422, 422, 403, 403, 403)),
    ("post", "/leader/calendar/feed", (403, 403, 200, 200, 403, 403, 403)),
    ("post", "/leader/calendar/feed/stop", (403, 403, 302, 302, 403, 403, 403)),
    # An empty address or no such subscription: the leader's page says so (302 back).
    ("post", "/leader/calendar/subscriptions", (403, 403, 302, 302, 403, 403, 403)),
    ("post", "/leader/calendar/subscriptions/caldav", (403, 403, 302, 302, 403, 403, 403)),
    ("post", "/leader/calendar/subscriptions/sync", (403, 403, 302, 302, 403, 403, 403)),
    ("post", "/leader/calendar/subscriptions/{nobody}/stop", (403, 403, 302, 302, 403, 403, 403)),
    ("post", "/leader/calendar/keywords", (403, 403, 302, 302, 403, 403, 403)),
    ("post", "/leader/calendar/check", (403, 403, 422, 422, 403, 403, 403)),
    ("get", "/leader/calendar/imports/{nobody}", (403, 403, 404, 404, 403, 403, 403)),
    ("post", "/leader/calendar/imports/{nobody}", (403, 403, 404, 404, 403, 403, 403)),
    ("post", "/leader/calendar/imports/undo", (403, 403, 302, 302, 403, 403, 403)),
    ("post", "/leader/calendar/check/wish", (403, 403, 422, 422, 403, 403, 403)),
    ("post", "/me/requests", (422, 422, 403, 403, 403, 403, 403)),
    ("post", "/me/requests/{request}/withdraw", (302, 404, 403, 403, 403, 403, 403)),
    ("post", "/people/{emil}/requests/{request}/decline", (403, 404, 422, 404, 403, 403, 404)),
    ("post", "/people/{emil}/actions/{action}/done", (302, 404, 302, 404, 403, 403, 404)),
    ("post", "/people/{emil}/actions/{action}/drop", (422, 404, 422, 404, 403, 403, 404)),
    ("post", "/audit/integrity", (403, 403, 403, 403, 302, 403, 403)),
    ("post", "/admin/people", (403, 403, 403, 403, 403, 422, 403)),
    ("post", "/admin/accounts", (403, 403, 403, 403, 403, 422, 403)),
    ("post", "/admin/accounts/disable", (403, 403, 403, 403, 403, 422, 403)),
    ("post", "/admin/people/erase", (403, 403, 403, 403, 403, 422, 403)),
    ("post", "/admin/oversight", (403, 403, 403, 403, 403, 422, 403)),
    ("post", "/admin/people/{emil}/invitation", (403, 403, 403, 403, 403, 422, 403)),
    ("post", "/feedback/import", (403, 403, 422, 422, 403, 422, 403)),
    ("get", "/feedback/import/{nobody}", (403, 403, 404, 404, 403, 404, 403)),
    ("get", "/admin/people/import", (403, 403, 403, 403, 403, 200, 403)),
    ("post", "/admin/people/import", (403, 403, 403, 403, 403, 422, 403)),
    ("get", "/admin/people/import/{nobody}", (403, 403, 403, 403, 403, 404, 403)),
    ("post", "/admin/people/import/{nobody}", (403, 403, 403, 403, 403, 404, 403)),
    ("post", "/feedback/import/{nobody}", (403, 403, 404, 404, 403, 404, 403)),]  # fmt: skip

#: Routes that need no role: signing in and out, the language, the API's own documents.
PUBLIC = {
    ("GET", "/login"), ("POST", "/login"), ("POST", "/logout"), ("POST", "/language"),
    ("GET", "/static/{}"), ("GET", "/api/v1/openapi.json"), ("GET", "/api/v1/docs"),
    ("GET", "/api/v1/docs/assets/{}"), ("POST", "/api/v1/tokens"), ("DELETE", "/api/v1/tokens"),
    ("GET", "/calendar-feeds/{}.ics"),  # the secret in the URL is the key (tests/web/test_feed.py)
    # Getting in without an account's session: the mailed link is the key
    # (tests/web/test_recovery.py).
    ("GET", "/password/forgot"), ("POST", "/password/forgot"),
    ("GET", "/password/reset/{}"), ("POST", "/password/reset/{}"),
    ("GET", "/invitation/{}"), ("POST", "/invitation/{}"),
    # Single sign-on's start and return (tests/web/test_single_sign_on.py).
    ("GET", "/auth/oidc/login"), ("GET", "/auth/oidc/callback"),
    ("POST", "/auth/oidc/backchannel-logout"),  # the provider's signed token is the proof
    # Probes and metrics for the operator: no personal data; /metrics is for loopback or
    # its own token (tests/web/test_operations.py).
    ("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/metrics"),
    # A survey tool's post proves itself by its signature (tests/web/test_feedback_hooks.py).
    ("POST", "/api/v1/feedback-hooks/{}"),
}  # fmt: skip

CASES = [
    pytest.param(method, path, role, expected[i], id=f"{role}-{method}-{path}")
    for method, path, expected in MATRIX
    for i, role in enumerate(ROLES)
]
#: An allowed POST changes the journal (a task started, a verification kept).
WRITING = [case for case in CASES if case.values[0] == "post" and case.values[3] == 302]
READING_OR_REFUSED = [case for case in CASES if case not in WRITING]


@dataclass
class World:
    """One organisation, arranged once, with a page client signed in per role."""

    journal: Journal
    ids: dict[str, Any]
    clients: dict[str, FlaskClient]
    csrf: dict[str, str]


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    """Shared by the cells that change nothing (each one checks that it did not)."""
    flask_app = new_app()
    journal: Journal = flask_app.extensions["journal"]
    org = build_org(journal)
    ids = {**arrange(journal, org), "otto": org.outsider}
    clients = {role: page_client(flask_app.test_client(), org, role) for role in ROLES}
    csrf = {role: csrf_token(client, HOME[role]) for role, client in clients.items()}
    yield World(journal, ids, clients, csrf)
    journal.close()


def request(client: FlaskClient, method: str, path: str, token: str, ids: dict[str, Any]) -> Any:
    """Open the page, or post its form empty with the session's CSRF token."""
    if method == "get":
        return client.get(fill(path, ids))
    return client.post(fill(path, ids), data={"csrf_token": token})


@pytest.mark.parametrize(("method", "path", "role", "expected"), READING_OR_REFUSED)
def test_each_role_reads_a_page_or_is_refused_with_nothing_written(
    world: World, method: str, path: str, role: str, expected: int
) -> None:
    before = head(world.journal)
    response = request(world.clients[role], method, path, world.csrf[role], world.ids)
    assert response.status_code == expected, response.get_data(as_text=True)[:300]
    if expected in (403, 404) or method == "post":
        assert head(world.journal) == before  # nothing written


@pytest.mark.parametrize(("method", "path", "role", "expected"), WRITING)
def test_each_role_writes_through_a_page_only_where_the_rules_allow(
    app: Flask, journal: Journal, org: Org, method: str, path: str, role: str, expected: int
) -> None:
    ids = {**arrange(journal, org), "otto": org.outsider}
    client = page_client(app.test_client(), org, role)
    response = request(client, method, path, csrf_token(client, HOME[role]), ids)
    assert response.status_code == expected, response.get_data(as_text=True)[:300]


def shape(path: str) -> str:
    """A path with its ids and query left out: ``/people/{}``."""
    path = path.split("?")[0]
    return re.sub(r"<[^>]+>|\{[^}]+\}", "{}", path)


def test_every_route_of_the_app_is_in_a_matrix(app: Flask) -> None:
    covered = {(m.upper(), shape(p)) for m, p, _ in MATRIX}
    covered |= {(m.upper(), shape(p)) for m, p, *_ in API_MATRIX}
    routes: set[tuple[str, str]] = {
        (method, shape(rule.rule))
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }
    # The SCIM service answers the directory's token only: every one of its routes is
    # refused without it (tests/web/test_scim.py::test_every_route_needs_the_directory_token).
    covered |= {route for route in routes if route[1].startswith("/scim/v2/")}
    missing = sorted(routes - covered - PUBLIC)
    assert missing == [], "add these routes to a permission matrix"


def test_a_page_without_a_session_sends_everyone_to_sign_in(client: Any, org: Org) -> None:
    for method, path, _ in MATRIX:
        target = path.format(
            **dict.fromkeys(("emil", "otto", "lene", "interaction", "group", "feedback", "task",
                             "request", "action", "maja", "ole", "nobody"),
                            "00000000-0000-0000-0000-000000000000")
        )  # fmt: skip
        response = getattr(client, method)(target)
        assert response.status_code in (302, 400), (method, path)
        if response.status_code == 302:
            assert "/login" in response.headers["Location"], (method, path)
