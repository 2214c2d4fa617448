"""Provisioning by SCIM (issue 25): an Entra-ID-shaped first cycle of 1,000 users, then
their manager lines, over HTTP against gunicorn, on each store; then the same cycle again,
which must write no event.

Entra ID provisions one user at a time: it looks the user up with a filter, creates them,
and sends each manager line in a PATCH of its own after the users. Its documented
expectation of a service is at least 25 requests a second. The organisation is a head of
service, one lead per 20 agents and the agents, sent in a shuffled order. The figure is
requests per second over the whole cycle, with the cycle's seconds beside it.
"""

from __future__ import annotations

import random
import time
from typing import Any

import requests

from benchmarks.context import BenchContext
from benchmarks.results import Measurement
from journal import bootstrap
from tests.serving import served

USERS = 1_000
SMOKE_USERS = 10
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def organisation(size: int) -> list[tuple[str, str | None]]:
    """(name, manager's name): a head, a lead per 20 agents, the agents."""
    leads = max(1, size // 21)
    people: list[tuple[str, str | None]] = [("head", None)]
    people += [(f"lead{n}", "head") for n in range(leads)]
    people += [(f"agent{n}", f"lead{n % leads}") for n in range(size - 1 - leads)]
    return people


def user(name: str) -> dict[str, Any]:
    """A user as Entra ID creates one."""
    address = f"{name}@bench.example"
    return {
        "schemas": [USER, ENTERPRISE], "externalId": f"entra-{name}", "userName": address,
        "active": True, "displayName": name.title(),
        "emails": [{"primary": True, "type": "work", "value": address}],
        ENTERPRISE: {"employeeNumber": f"E-{name}", "department": "Kundeservice"},
    }  # fmt: skip


def cycle(url: str, token: str, people: list[tuple[str, str | None]], first: bool) -> int:
    """One provisioning cycle; the number of requests it sent."""
    session = requests.Session()
    session.headers.update(
        {"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"}
    )
    ids: dict[str, str] = {}
    sent = 0
    for name, _ in random.Random(25).sample(people, len(people)):
        found = session.get(
            f"{url}/scim/v2/Users", params={"filter": f'userName eq "{name}@bench.example"'}
        ).json()
        sent += 1
        if first:
            answer = session.post(f"{url}/scim/v2/Users", json=user(name))
            assert answer.status_code == 201, answer.text
            ids[name] = answer.json()["id"]
        else:
            ids[name] = found["Resources"][0]["id"]
            replaced = {"op": "replace", "path": "displayName", "value": name.title()}
            answer = session.patch(
                f"{url}/scim/v2/Users/{ids[name]}",
                json={"schemas": [PATCH], "Operations": [replaced]},
            )
            assert answer.status_code == 200, answer.text
        sent += 1
    for name, manager in random.Random(7).sample(people, len(people)):
        if manager is None:
            continue
        line = {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": ids[manager]}
        answer = session.patch(
            f"{url}/scim/v2/Users/{ids[name]}", json={"schemas": [PATCH], "Operations": [line]}
        )
        assert answer.status_code == 200, answer.text
        sent += 1
    return sent


def measure(ctx: BenchContext, store: str, size: int) -> list[Measurement]:
    """Requests per second and seconds of the first cycle and of the same cycle again."""
    settings = ctx.fresh_settings(store, database="scim")
    journal = bootstrap.open_journal(settings)
    try:
        token = journal.issue_provisioning_token()
    finally:
        journal.close()
    people = organisation(size)
    measured: list[Measurement] = []
    with served(settings, ctx.folder, workers=2) as url:
        for case, first in (("first cycle", True), ("same cycle again", False)):
            journal = bootstrap.open_journal(settings)
            try:
                before = journal.recorder.max_notification_id() or 0
                began = time.perf_counter()
                sent = cycle(url, token, people, first)
                seconds = time.perf_counter() - began
                written = (journal.recorder.max_notification_id() or 0) - before
            finally:
                journal.close()
            ctx.log(
                f"scim: {store}, {case}: {sent} requests in {seconds:.1f} s, "
                f"{sent / seconds:.0f} requests/s, {written} events written"
            )
            assert first or written == 0, "the same cycle again wrote events"
            measured += [
                Measurement("scim", store, case, size, "requests/s", sent / seconds, 1),
                Measurement("scim", store, case, size, "seconds", seconds, 1),
                Measurement("scim", store, case, size, "events written", written, 1),
            ]
    return measured


def run(ctx: BenchContext) -> list[Measurement]:
    """1,000 users on every store (10 in a smoke run)."""
    size = SMOKE_USERS if ctx.smoke else USERS
    return [m for store in ctx.stores for m in measure(ctx, store, size)]
