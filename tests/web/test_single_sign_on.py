"""Single sign-on against a real OpenID provider (oidc-provider, started by the tests on
127.0.0.1): the provider's own sign-in form is filled in over HTTP, the app's callback
runs the real token exchange and ID-token checks. Each refusal is a 4xx and a trail entry."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from journal.commands import Journal
from journal.settings import Settings
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, provider_for
from tests.organisation import build_org
from web import create_app

APP = "http://127.0.0.1:5099"  # the app's address as the provider knows it (no server)
pytestmark = pytest.mark.slow  # starts node


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with provider_for(APP) as running:
        yield running


@pytest.fixture
def sso_app(provider: Provider) -> Iterator[Flask]:
    app = create_app({
        "TESTING": True, "JOURNAL_SETTINGS": Settings("memory://"), "SECRET_KEY": "test-secret",
        "BASE_URL": APP, "OIDC_ISSUER": provider.issuer, "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET, "OIDC_NAME": "Testfirma",
    })  # fmt: skip
    yield app
    app.extensions["journal"].close()


def through_provider(
    client: FlaskClient, login: str, seen: list[str] | None = None, meddle: Any = None
) -> Any:
    """Start at the app, sign in on the provider's own pages as ``login``, and come back:
    the app's answer to the callback (whose path and query go to ``seen``)."""
    start = client.get("/auth/oidc/login")
    assert start.status_code == 302, start.get_data(as_text=True)[:300]
    if meddle is not None:
        meddle(client)
    browser = requests.Session()
    response = browser.get(start.headers["Location"], allow_redirects=False)
    for _ in range(10):
        location = response.headers.get("Location")
        if location and location.startswith(APP):
            parts = urlsplit(location)
            if seen is not None:
                seen.append(f"{parts.path}?{parts.query}")
            return client.get(f"{parts.path}?{parts.query}")
        if location:
            response = browser.get(urljoin(response.url, location), allow_redirects=False)
            continue
        form = re.search(r'<form[^>]*action="([^"]+)"', response.text)
        assert form, response.text[:500]
        fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', response.text))
        if 'name="login"' in response.text:
            fields.update(login=login, password="any")
        response = browser.post(urljoin(response.url, form[1]), data=fields, allow_redirects=False)
    raise AssertionError("the provider did not send the browser back")


def test_a_known_person_signs_in_with_the_company_account_and_lands_on_their_home(
    sso_app: Flask,
) -> None:
    journal: Journal = sso_app.extensions["journal"]
    org = build_org(journal)
    email = journal.read.people.get(org.leader).email
    client = sso_app.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    assert "Sign in with Testfirma" in login_page

    back = through_provider(client, email)
    assert back.status_code == 302, back.get_data(as_text=True)[-800:]
    assert back.headers["Location"] == "/"
    assert client.get("/").headers["Location"] == "/leader"
    assert client.get("/leader").status_code == 200
    account = journal.read.accounts.for_person(org.leader)
    assert account is not None
    log = journal.history.log(event_types=["Account.IdentityLinked"]).events
    assert [e.data["subject"] for e in log] == [email]
    # The second time the link decides, whatever the address says.
    again = sso_app.test_client()
    assert through_provider(again, email).headers["Location"] == "/"
    assert journal.history.log(event_types=["Account.IdentityLinked"], limit=0).total == 1


def test_a_known_person_without_an_account_gets_one_at_the_first_sign_in(
    sso_app: Flask,
) -> None:
    journal: Journal = sso_app.extensions["journal"]
    org = build_org(journal, accounts=False)
    email = journal.read.people.get(org.employee).email
    client = sso_app.test_client()
    assert through_provider(client, email).headers["Location"] == "/"
    assert client.get("/me").status_code == 200
    assert journal.read.accounts.for_person(org.employee) is not None


@pytest.mark.parametrize(
    ("login", "says"),
    [
        ("unverified-emil@example.dk", "has not confirmed your e-mail address"),
        ("stranger@example.dk", "No one in the journal has the address stranger@example.dk"),
    ],
)
def test_someone_the_journal_does_not_know_is_refused_with_a_page_saying_who_to_ask(
    sso_app: Flask, login: str, says: str
) -> None:
    journal: Journal = sso_app.extensions["journal"]
    build_org(journal)
    client = sso_app.test_client()
    refused = through_provider(client, login)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 403
    assert says in page and "Ask your administrator" in page
    assert client.get("/leader").status_code == 302  # not signed in
    assert journal.read.accounts.by_username("stranger") is None
    kinds = [e.kind for e in journal.trail.page(limit=20)[0]]
    assert "sso_refused" in kinds


def test_a_callback_without_the_state_the_browser_was_given_is_refused(
    sso_app: Flask,
) -> None:
    client = sso_app.test_client()
    forged = client.get("/auth/oidc/callback?code=abc&state=not-ours")
    assert forged.status_code == 400
    assert "Start again from the sign-in page" in forged.get_data(as_text=True)
    assert client.get("/auth/oidc/callback?error=access_denied").status_code == 400


def logout_token(provider: Provider, subject: str, **changes: Any) -> str:
    """A back-channel logout token as the provider would sign it, with ``changes``."""
    from joserfc import jwt

    claims: dict[str, Any] = {
        "iss": provider.issuer, "aud": CLIENT_ID, "iat": int(time.time()),
        "jti": str(uuid.uuid4()), "sub": subject,
        "events": {"http://schemas.openid.net/event/backchannel-logout": {}},
    }  # fmt: skip
    claims.update(changes)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode({"alg": "RS256", "kid": "test-key", "typ": "logout+jwt"}, claims,
                      provider.key)  # fmt: skip


def forged_with_another_key(provider: Provider, subject: str) -> str:
    """A well-formed logout token signed by a key that is not the provider's."""
    from joserfc.jwk import RSAKey

    stranger = RSAKey.generate_key(2048, parameters={"kid": "test-key", "alg": "RS256"})
    return logout_token(Provider(provider.issuer, stranger), subject)


def test_the_providers_back_channel_logout_ends_that_persons_sessions_here(
    sso_app: Flask, provider: Provider
) -> None:
    journal: Journal = sso_app.extensions["journal"]
    org = build_org(journal)
    email = journal.read.people.get(org.leader).email
    client = sso_app.test_client()
    through_provider(client, email)
    assert client.get("/leader").status_code == 200
    other = sso_app.test_client()

    def post(token: str) -> Any:
        return other.post("/auth/oidc/backchannel-logout", data={"logout_token": token})

    for bad in (
        logout_token(provider, email, aud="someone-else"),
        logout_token(provider, email, iss="http://127.0.0.1:1"),
        logout_token(provider, email, events=None),
        logout_token(provider, email, nonce="n"),
        logout_token(provider, email, iat=int(time.time()) - 3600),
        logout_token(provider, email, jti=None),
        "not.a.token",
        forged_with_another_key(provider, email),
    ):
        refused = post(bad)
        assert refused.status_code == 400 and refused.json == {"error": "invalid_request"}
        assert client.get("/leader").status_code == 200  # still signed in
    done = post(logout_token(provider, email))
    assert done.status_code == 200 and done.headers["Cache-Control"] == "no-store"
    assert client.get("/leader").status_code == 302  # signed out here too
    kinds = [e.kind for e in journal.trail.page(limit=50)[0]]
    assert "sso_logged_out" in kinds and kinds.count("sso_refused") >= 8


def test_a_replayed_callback_and_an_unreachable_provider_are_refused_pages(
    sso_app: Flask,
) -> None:
    journal: Journal = sso_app.extensions["journal"]
    org = build_org(journal)
    email = journal.read.people.get(org.leader).email
    client, seen = sso_app.test_client(), []
    assert through_provider(client, email, seen).status_code == 302
    replayed = sso_app.test_client().get(seen[0])  # the same code and state, again
    assert replayed.status_code == 400
    assert "Start again from the sign-in page" in replayed.get_data(as_text=True)

    from tests.oidc_provider import free_port

    nowhere = create_app({
        "TESTING": True, "JOURNAL_SETTINGS": Settings("memory://"), "SECRET_KEY": "test-secret",
        "BASE_URL": APP, "OIDC_ISSUER": f"http://127.0.0.1:{free_port()}",
        "OIDC_CLIENT_ID": CLIENT_ID, "OIDC_CLIENT_SECRET": CLIENT_SECRET, "OIDC_NAME": "X",
    })  # fmt: skip
    try:
        down = nowhere.test_client().get("/auth/oidc/login")
        assert down.status_code == 400
        assert "cannot be reached" in down.get_data(as_text=True)
    finally:
        nowhere.extensions["journal"].close()


def id_token(provider: Provider, **changes: Any) -> str:
    """An ID token as the provider would sign it (its own key), with ``changes``."""
    from joserfc import jwt

    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": provider.issuer, "aud": CLIENT_ID, "sub": "emil@example.dk", "iat": now,
        "exp": now + 600, "nonce": "the-nonce", "email": "emil@example.dk",
        "email_verified": True,
    }  # fmt: skip
    claims.update(changes)
    return jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, provider.key)


@pytest.mark.parametrize(
    "changes",
    [
        {"aud": "another-application"},
        {"iss": "https://login.elsewhere.example"},
        {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200},
        {"nonce": "not-the-one-we-sent"},
    ],
    ids=["audience", "issuer", "expired", "nonce"],
)
def test_an_id_token_for_another_audience_issuer_moment_or_nonce_is_refused(
    sso_app: Flask, provider: Provider, changes: dict[str, Any]
) -> None:
    from authlib.common.errors import AuthlibBaseError
    from joserfc.errors import JoseError

    from web.ui.sso import client

    with sso_app.test_request_context():
        company = client()
        good = company.parse_id_token({"id_token": id_token(provider)}, nonce="the-nonce")
        assert good["email"] == "emil@example.dk"  # the check itself passes a right token
        with pytest.raises((AuthlibBaseError, JoseError)):  # what the callback refuses
            company.parse_id_token({"id_token": id_token(provider, **changes)}, nonce="the-nonce")


def test_a_deactivated_person_is_refused_at_the_provider_door(sso_app: Flask) -> None:
    journal: Journal = sso_app.extensions["journal"]
    org = build_org(journal)
    email = journal.read.people.get(org.employee).email
    journal.deactivate_person(org.employee, "Stoppet", recorded_by=org.admin)
    refused = through_provider(sso_app.test_client(), email)
    assert refused.status_code == 403
    assert "is not active" in refused.get_data(as_text=True)


def test_a_nonce_that_is_not_the_one_sent_is_a_refused_page_not_an_error(sso_app: Flask) -> None:
    journal: Journal = sso_app.extensions["journal"]
    org = build_org(journal)
    email = journal.read.people.get(org.leader).email

    def forget_the_nonce(client: FlaskClient) -> None:
        with client.session_transaction() as kept:
            (key,) = [k for k in kept if k.startswith("_state_company_")]
            state = kept[key]
            state["data"]["nonce"] = "not-the-nonce-sent"
            kept[key] = state

    refused = through_provider(sso_app.test_client(), email, meddle=forget_the_nonce)
    assert refused.status_code == 400
    assert "sign-in was not valid" in refused.get_data(as_text=True)
    assert journal.history.log(event_types=["Account.IdentityLinked"], limit=0).total == 0


def test_signing_out_ends_the_providers_session_too(sso_app: Flask, provider: Provider) -> None:
    journal: Journal = sso_app.extensions["journal"]
    org = build_org(journal)
    client = sso_app.test_client()
    through_provider(client, journal.read.people.get(org.leader).email)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/leader").get_data(
        as_text=True))  # fmt: skip
    assert token
    out = client.post("/logout", data={"csrf_token": token[1]})
    assert out.status_code == 302
    assert out.headers["Location"].startswith(f"{provider.issuer}/session/end?id_token_hint=")
    assert "post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A5099%2Flogin" in out.headers[
        "Location"]  # fmt: skip
    assert client.get("/leader").status_code == 302
