"""The security trail (journal/security/trail.py) as the app writes it and the auditor reads it.

Every sign-in and its failure (username as typed, address, reason), the limits' delays
and refusals, sessions and API tokens begun and ended, disabled accounts, exports and
erasures: recorded, chained, never with a password or a token, paged and filtered on
the auditor's page and in the API.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from journal import clock
from journal.commands import Journal
from journal.security.trail import security_trail
from tests.organisation import PASSWORD, Org
from tests.web.conftest import csrf_token
from web.state.lockout import Lockout, Policy

ADDRESS = "198.51.100.3"


def post_token(client: FlaskClient, username: str, password: str) -> Any:
    return client.post(
        "/api/v1/tokens",
        json={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": ADDRESS},
    )


def kinds(journal: Journal) -> list[str]:
    """The trail's kinds, oldest first."""
    rows, _ = journal.trail.page(limit=200)
    return [row.kind for row in reversed(rows)]


def raw_trail(journal: Journal) -> str:
    """Every stored value of the trail, as text."""
    with journal.read.engine.connect() as conn:
        return repr(conn.execute(select(security_trail)).all())


def test_sign_ins_sessions_and_tokens_are_in_the_trail_without_secrets(
    client: FlaskClient, journal: Journal, org: Org
) -> None:
    assert post_token(client, "leader", "not-the-password").status_code == 401
    assert post_token(client, "LEADER-typo", "whatever-it-is").status_code == 401
    issued = post_token(client, "leader", PASSWORD)
    token = issued.json["token"]
    revoked = client.delete(
        "/api/v1/tokens",
        headers={"Authorization": f"Bearer {token}"},
        environ_base={"REMOTE_ADDR": ADDRESS},
    )
    page = client.post(
        "/login",
        data={"username": "employee", "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    client.post("/logout", data={"csrf_token": csrf_token(client, "/me")})

    assert (issued.status_code, revoked.status_code, page.status_code) == (201, 204, 302)
    assert kinds(journal) == [
        "sign_in_failed", "sign_in_failed", "sign_in_succeeded", "token_issued",
        "token_revoked", "sign_in_succeeded", "session_started", "session_ended",
    ]  # fmt: skip
    rows, total = journal.trail.page(limit=200)
    failed_typo, failed_password = rows[-2], rows[-1]
    assert total == 8
    assert (failed_password.username, failed_password.address) == ("leader", ADDRESS)
    assert failed_password.detail == {"reason": "wrong_password", "delay": 0.0, "via": "api"}
    assert failed_typo.username == "LEADER-typo"
    assert failed_typo.detail["reason"] == "unknown_username"
    assert rows[0].detail == {"reason": "signed_out"} and rows[0].account_id is not None
    stored = raw_trail(journal)
    for secret in (PASSWORD, "not-the-password", "whatever-it-is", token):
        assert secret not in stored
    assert journal.trail.verify().intact


def test_the_limits_delays_and_refusals_are_in_the_trail(
    app: Flask, client: FlaskClient, journal: Journal, org: Org
) -> None:
    lockout: Lockout = app.extensions["lockout"]
    lockout.policy = Policy(free_failures=2, first_delay=0.05, longest_delay=0.05)
    answers = [post_token(client, "leader", "not-the-password").status_code for _ in range(6)]

    assert answers == [401] * 5 + [429]
    rows, _ = journal.trail.page(kinds=["sign_in_failed"])
    assert [row.detail["delay"] for row in reversed(rows)] == [0, 0, 0.05, 0.05, 0.05]
    [refused] = journal.trail.page(kinds=["sign_in_refused"])[0]
    assert refused.detail["reason"] == "locked" and 0 < refused.detail["retry_after"] <= 900
    assert refused.address == ADDRESS


def test_disabling_exporting_and_erasing_are_in_the_trail(
    api: Any, journal: Journal, org: Org
) -> None:
    admin = api("admin")
    employee = api("employee")  # a token that the disabling revokes
    account = journal.read.accounts.for_person(org.employee)
    assert account is not None
    disabled = admin.post(f"/api/v1/accounts/{account.account_id}/disable", json={"reason": "Ude"})
    exported = admin.get(f"/api/v1/people/{org.colleague}/export")
    erased = admin.post(f"/api/v1/people/{org.outsider}/erasure", json={"reason": "Bedt om det"})

    assert (disabled.status_code, exported.status_code, erased.status_code) == (200, 200, 200)
    assert employee.get("/api/v1/me").status_code == 401
    rows, _ = journal.trail.page(
        kinds=["account_disabled", "token_revoked", "person_exported", "person_erased"]
    )
    found = {(row.kind, row.person_id or row.account_id, row.actor_id) for row in rows}
    assert ("account_disabled", org.employee, org.admin) in found
    assert ("token_revoked", account.account_id, org.admin) in found
    assert ("person_exported", org.colleague, org.admin) in found
    assert ("person_erased", org.outsider, org.admin) in found


def test_a_changed_or_removed_row_breaks_the_chain(journal: Journal) -> None:
    for n in range(5):
        journal.trail.record("sign_in_failed", username=f"guess{n}", address=ADDRESS)
    assert journal.trail.verify().intact

    with journal.read.engine.begin() as conn:
        conn.execute(
            update(security_trail).where(security_trail.c.position == 2).values(address="10.9.9.9")
        )
        conn.execute(security_trail.delete().where(security_trail.c.position == 4))

    check = journal.trail.verify()
    assert (check.checked, check.broken) == (4, [2, 5])


def test_rows_past_the_retention_are_deleted_and_the_rest_still_verify(journal: Journal) -> None:
    long_ago = clock.now() - journal.trail.retention - timedelta(days=1)
    with clock.frozen_at(long_ago):
        journal.trail.record("sign_in_failed", username="old", address=ADDRESS)
        journal.trail.record("sign_in_failed", username="older", address=ADDRESS)
    assert journal.trail.page()[1] == 2

    journal.trail.record("sign_in_failed", username="new", address=ADDRESS)  # prunes too

    rows, total = journal.trail.page()
    assert (total, rows[0].username) == (1, "new")
    assert journal.trail.verify().intact


def test_the_auditor_reads_the_trail_on_a_page_and_in_the_api(
    client: FlaskClient, journal: Journal, org: Org, login: Any, api: Any
) -> None:
    for n in range(3):
        post_token(client, "leader", f"wrong-{n}-password")
    page = login("auditor").get("/audit/security?kind=sign_in_failed&who=LEADER")
    text = page.get_data(as_text=True)
    auditor = api("auditor")
    listed = auditor.get("/api/v1/audit/security?kind=sign_in_failed&who=leader&limit=2")
    bad = auditor.get("/api/v1/audit/security?kind=password_seen")

    assert page.status_code == 200
    assert "3 entries match" in text and ADDRESS in text and "wrong password" in text
    assert "Intact:" in text
    assert listed.status_code == 200
    assert (listed.json["total"], len(listed.json["items"])) == (3, 2)
    assert listed.json["items"][0]["detail"]["reason"] == "wrong_password"
    assert bad.status_code == 422 and "kind" in str(bad.json)
