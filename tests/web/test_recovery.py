"""Getting in without an admin's hand: a forgotten password replaced from a mailed link,
and an invitation to choose a username and password. Mails go to a real SMTP server
(aiosmtpd) on 127.0.0.1 and the tests follow the link in what arrived."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from journal import clock
from journal.commands import Journal
from tests.organisation import Org
from tests.web.conftest import csrf_token, page_client
from tests.web.test_reminders import Inbox, smtp_server  # noqa: F401 (a fixture)

NEW = "a brand new pass phrase"


@pytest.fixture
def mailing(app: Flask, smtp_server: tuple[Inbox, int], monkeypatch: Any) -> Inbox:  # noqa: F811
    """The app sending through the test's SMTP server; its inbox, empty."""
    monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{smtp_server[1]}")
    monkeypatch.setitem(app.config, "BASE_URL", "https://journal.example.dk")
    smtp_server[0].messages.clear()
    return smtp_server[0]


def link_in(message: Any) -> str:
    """The path of the journal link in a mail."""
    found = re.search(r"https://journal\.example\.dk(/\S+)", message.get_content())
    assert found, message.get_content()
    return found[1]


def ask_reset(client: FlaskClient, email: str) -> Any:
    return client.post("/password/forgot", data={
        "email": email, "csrf_token": csrf_token(client, "/password/forgot"),
    })  # fmt: skip


def test_a_forgotten_password_is_replaced_from_the_mailed_link_and_ends_every_session(
    app: Flask, org: Org, journal: Journal, mailing: Inbox
) -> None:
    elsewhere = page_client(app.test_client(), org, "employee")
    email = journal.read.people.get(org.employee).email
    client = app.test_client()
    known = ask_reset(client, email.upper())
    unknown = ask_reset(client, "nobody@example.dk")
    # The same answer whether or not the address is known.
    assert known.status_code == unknown.status_code == 200
    # The pages' CSRF tokens carry the second they were made: left out of the comparison.
    text = lambda r: re.sub(  # noqa: E731
        r'name="csrf_token" [^>]*>', "", re.sub(r"\s+", " ", r.get_data(as_text=True))
    )
    assert "If the address belongs to someone with an account" in text(known)
    assert text(known) == text(unknown).replace("nobody@example.dk", email.upper())
    (mail,) = mailing.to(email)
    assert mail["Subject"] == "Choose a new password for Coaching Journal"
    path = link_in(mail)

    page = client.get(path)
    assert page.status_code == 200 and "Choose a new password" in page.get_data(as_text=True)
    weak = client.post(path, data={"new_password": "short", "repeat": "short",
                                   "csrf_token": csrf_token(client, path)})  # fmt: skip
    assert weak.status_code == 422 and "New password: must be at least" in weak.get_data(
        as_text=True
    )
    done = client.post(path, data={"new_password": NEW, "repeat": NEW,
                                   "csrf_token": csrf_token(client, path)})  # fmt: skip
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert elsewhere.get("/me").status_code == 302  # signed out everywhere
    again = client.get(path)
    assert again.status_code == 410 and "It has been used already" in again.get_data(as_text=True)
    fresh = app.test_client()
    assert fresh.post("/api/v1/tokens", json={"username": org.username("employee"),
                                              "password": NEW}).status_code == 201  # fmt: skip
    kinds = [e.kind for e in journal.trail.page(limit=50)[0]]
    assert "reset_asked" in kinds and "reset_used" in kinds and "link_refused" in kinds


def test_a_reset_link_expires_after_an_hour_and_asking_is_rate_limited(
    app: Flask, org: Org, journal: Journal, mailing: Inbox
) -> None:
    email = journal.read.people.get(org.colleague).email
    client = app.test_client()
    ask_reset(client, email)
    path = link_in(mailing.to(email)[0])
    with clock.frozen_at(clock.now() + timedelta(hours=1, minutes=1)):
        expired = client.get(path)
    assert expired.status_code == 410 and "It has expired." in expired.get_data(as_text=True)
    answers = [ask_reset(client, email).status_code for _ in range(12)]
    assert 429 in answers and answers.index(429) >= 2
    assert client.get("/password/reset/not-a-link").status_code == 404


def test_an_invited_person_chooses_a_username_and_password_from_the_mail(
    app: Flask, org: Org, journal: Journal, mailing: Inbox
) -> None:
    nora = journal.register_person(role="employee", name="Nora Ny", email="nora@example.dk",
                                   leader_id=org.leader, recorded_by=org.admin)  # fmt: skip
    ada = page_client(app.test_client(), org, "admin")
    page = f"/admin/people/{nora}"
    sent = ada.post(f"{page}/invitation", data={"csrf_token": csrf_token(ada, page)})
    assert sent.status_code == 302
    (mail,) = mailing.to("nora@example.dk")
    assert mail["Subject"] == "Your invitation to Coaching Journal"
    path = link_in(mail)
    client = app.test_client()
    form = client.get(path).get_data(as_text=True)
    assert 'value="nora"' in form  # the username offered
    done = client.post(path, data={"username": "nora", "new_password": NEW, "repeat": NEW,
                                   "csrf_token": csrf_token(client, path)})  # fmt: skip
    assert done.status_code == 302
    assert journal.read.accounts.by_username("nora") is not None
    signed_in = client.post("/login", data={"username": "nora", "password": NEW,
                                            "csrf_token": csrf_token(client)})  # fmt: skip
    assert signed_in.status_code == 302
    assert client.get(path).status_code == 410  # used


def test_without_a_mail_server_the_admin_gets_the_invitation_link_to_pass_on(
    app: Flask, org: Org, journal: Journal, api: Any
) -> None:
    nora = journal.register_person(role="employee", name="Nora Ny", email="nora@example.dk",
                                   leader_id=org.leader, recorded_by=org.admin)  # fmt: skip
    answer = api("admin").post(f"/api/v1/people/{nora}/invitation")
    assert answer.status_code == 201 and answer.json["sent"] is False
    assert re.search(r"/invitation/[\w-]+$", answer.json["link"])
    # A new invitation replaces the old link.
    newer = api("admin").post(f"/api/v1/people/{nora}/invitation").json["link"]
    client = app.test_client()
    assert client.get(answer.json["link"].split("5000", 1)[-1]).status_code == 404
    assert client.get(newer.split("5000", 1)[-1]).status_code == 200
    has_account = api("admin").post(f"/api/v1/people/{org.employee}/invitation")
    assert has_account.status_code == 422 and "person_id" in has_account.json["errors"]
    assert api("leader").post(f"/api/v1/people/{nora}/invitation").status_code == 403
