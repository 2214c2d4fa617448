"""Security hardening: headers, cookies, server-side sessions and their timeouts, the
shared sign-in lockout, CSRF on data forms, the secret key, and no secrets in logs."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest
from flask import Flask
from flask.testing import FlaskClient

from journal import bootstrap, clock
from journal.commands import Journal
from journal.errors import JournalError
from tests.integration.conftest import empty_store
from tests.organisation import PASSWORD, Org, build_org
from tests.serving import served
from tests.unit.support import head
from tests.web.conftest import csrf_token
from web import config, create_app


def sign_in(client: FlaskClient, username: str, password: str = PASSWORD) -> Any:
    """Post the login form as a browser would."""
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(client)},
    )


def test_every_answer_carries_the_security_headers(login: Any, api: Any, org: Org) -> None:
    page = login("leader").get("/leader")
    answer = api("leader").get(f"/api/v1/people/{org.employee}")
    docs = login("leader").get("/api/v1/docs")

    for response in (page, answer, docs):
        policy = response.headers["Content-Security-Policy"]
        script_src = next(p for p in policy.split("; ") if p.startswith("script-src"))
        assert script_src == "script-src 'self'"
        assert "frame-ancestors 'none'" in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cache-Control"] == "no-store"
    assert "<script>" not in docs.get_data(as_text=True)


def test_static_files_may_be_cached(client: FlaskClient) -> None:
    response = client.get("/static/app.css")
    response.close()
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_the_session_cookie_is_secure_httponly_and_samesite(client: FlaskClient, org: Org) -> None:
    response = sign_in(client, "leader")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert {"secure", "httponly", "samesite=lax"} <= flags


def test_each_sign_in_starts_a_new_server_side_session(
    app: Flask, client: FlaskClient, org: Org
) -> None:
    sign_in(client, "leader")
    with client.session_transaction() as session:
        first = session["sid"]
    client.post("/logout", data={"csrf_token": csrf_token(client, "/leader")})
    sign_in(client, "leader")
    with client.session_transaction() as session:
        second = session["sid"]
    assert first != second
    assert app.extensions["sessions"].account_for(first) is None


def test_a_copied_cookie_is_worthless_after_signing_out(
    app: Flask, client: FlaskClient, org: Org
) -> None:
    sign_in(client, "leader")
    copied = client.get_cookie("session")
    assert copied is not None
    client.post("/logout", data={"csrf_token": csrf_token(client, "/leader")})

    thief = app.test_client()
    thief.set_cookie("session", copied.value, domain=copied.domain)
    response = thief.get("/leader")

    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_disabling_an_account_ends_its_sessions_at_once(
    app: Flask, client: FlaskClient, api: Any, journal: Journal, org: Org
) -> None:
    employee = app.test_client()
    sign_in(employee, "employee")
    assert employee.get("/me").status_code == 200
    account = journal.read.accounts.by_username("employee")
    assert account is not None

    disabled = api("admin").post(
        f"/api/v1/accounts/{account.account_id}/disable", json={"reason": "Stopped"}
    )

    assert disabled.status_code == 200, disabled.json
    assert employee.get("/me").status_code == 302
    assert app.extensions["sessions"].end_all(account.account_id) == 0  # none were left


def test_a_session_ends_after_the_idle_timeout(client: FlaskClient, org: Org) -> None:
    start = clock.now()
    with clock.frozen_at(start):
        sign_in(client, "leader")
    with clock.frozen_at(start + timedelta(minutes=29)):
        assert client.get("/leader").status_code == 200
    with clock.frozen_at(start + timedelta(minutes=29 + 31)):
        assert client.get("/leader").status_code == 302


def test_a_session_ends_after_the_absolute_timeout_however_busy(
    client: FlaskClient, org: Org
) -> None:
    start = clock.now()
    with clock.frozen_at(start):
        sign_in(client, "leader")
    for minutes in range(20, 12 * 60, 20):  # a request every 20 minutes, for 12 hours
        with clock.frozen_at(start + timedelta(minutes=minutes)):
            assert client.get("/leader").status_code == 200, minutes
    with clock.frozen_at(start + timedelta(hours=12)):
        assert client.get("/leader").status_code == 302


def test_a_data_form_without_its_csrf_token_is_refused_and_writes_nothing(
    login: Any, journal: Journal, org: Org
) -> None:
    client = login("admin")
    log_end = head(journal)
    response = client.post(
        "/admin/people",
        data={"register-name": "Ny", "register-email": "ny@example.dk", "register-role": "auditor"},
    )
    assert response.status_code == 400
    assert head(journal) == log_end


def test_the_lockout_counts_failures_in_every_process_and_locks_in_all(
    two_processes: tuple[list[Flask], Org],
) -> None:
    first, second = (app.test_client() for app in two_processes[0])
    for attempt in range(5):
        client = first if attempt % 2 else second
        wrong = client.post("/api/v1/tokens", json={"username": "leader", "password": "wrong!!!!!"})
        assert wrong.status_code == 401, attempt

    locked = first.post("/api/v1/tokens", json={"username": "leader", "password": PASSWORD})
    page = sign_in(second, "leader")

    assert locked.status_code == 429
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    assert "too many failed sign-ins" in locked.json["message"]
    assert page.status_code == 429 and "Too many failed sign-ins" in page.get_data(as_text=True)
    with clock.frozen_at(clock.now() + timedelta(minutes=16)):
        again = first.post("/api/v1/tokens", json={"username": "leader", "password": PASSWORD})
    assert again.status_code == 201


def test_an_unknown_username_locks_out_the_same_way(client: FlaskClient, org: Org) -> None:
    answers = [
        client.post("/api/v1/tokens", json={"username": "nobody", "password": "wrong!!!!!"})
        for _ in range(6)
    ]
    assert [a.status_code for a in answers] == [401] * 5 + [429]


def test_a_secret_key_is_required_outside_development(tmp_path: Path) -> None:
    production = {"JOURNAL_DATABASE_URL": "memory://"}
    with pytest.raises(JournalError) as missing:
        create_app(config.from_env(production))
    with pytest.raises(JournalError) as short:
        config.from_env({**production, "JOURNAL_SECRET_KEY": "too-short"})
    development = config.from_env(
        {**production, "JOURNAL_ENV": "development", "JOURNAL_VAR_DIR": str(tmp_path)}
    )

    assert missing.value.field == short.value.field == "JOURNAL_SECRET_KEY"
    assert len(development["SECRET_KEY"]) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.slow  # starts gunicorn
def test_no_password_token_or_secret_key_reaches_the_logs(tmp_path: Path) -> None:
    """gunicorn at debug level with its access log, as an operator might run it."""
    settings = empty_store("sqlite", tmp_path)
    journal = bootstrap.open_journal(settings)
    build_org(journal)
    journal.close()
    secret = "log-test-secret-" + "x" * 32
    args = ("--access-logfile", "-", "--log-level", "debug")
    with served(settings, tmp_path, 1, gunicorn_args=args, JOURNAL_SECRET_KEY=secret) as url:
        browser = build_opener(HTTPCookieProcessor(CookieJar()))
        page = browser.open(f"{url}/login").read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert token is not None
        for password in ("the wrong password", PASSWORD):
            form = {"username": "leader", "password": password, "csrf_token": token.group(1)}
            call(browser, f"{url}/login", urlencode(form).encode())
        issued = json.loads(
            call(browser, f"{url}/api/v1/tokens", json.dumps(
                {"username": "admin", "password": PASSWORD}).encode(), "application/json")
        )["token"]  # fmt: skip
        call(browser, f"{url}/api/v1/people", headers={"Authorization": f"Bearer {issued}"})

    logged = next(tmp_path.glob("gunicorn-*.log")).read_text()
    assert "POST /login" in logged and "POST /api/v1/tokens" in logged  # it did log them
    for leak in (PASSWORD, "the wrong password", issued, secret):
        assert leak not in logged


def call(
    browser: Any, url: str, body: bytes | None = None, kind: str | None = None,
    headers: dict[str, str] | None = None,
) -> str:  # fmt: skip
    """One request; the answer's text, whatever its status."""
    request = Request(url, data=body, headers={**(headers or {})})
    if kind:
        request.add_header("Content-Type", kind)
    try:
        return str(browser.open(request).read().decode())
    except HTTPError as error:
        return str(error.read().decode())


def test_the_password_policy_refuses_short_and_common_passwords(api: Any, org: Org) -> None:
    admin = api("admin")
    person = admin.post(
        "/api/v1/people", json={"name": "Ny Person", "email": "ny@example.dk", "role": "auditor"}
    ).json["id"]

    short = admin.post(
        "/api/v1/accounts", json={"person_id": person, "username": "ny", "password": "kort"}
    )
    common = admin.post(
        "/api/v1/accounts", json={"person_id": person, "username": "ny", "password": "password123"}
    )

    assert short.status_code == 422 and "password" in short.json["errors"]
    assert common.status_code == 422 and "password" in common.json["errors"]
    assert "common" in common.json["errors"]["password"][0]
