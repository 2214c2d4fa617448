"""Signing in and out, on pages and through the API."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.organisation import PASSWORD, Org
from tests.web.conftest import csrf_token


def test_a_page_without_sign_in_redirects_to_the_login(client: FlaskClient, org: Org) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_leader_signs_in_and_lands_on_the_team_page(login: Any) -> None:
    client = login("leader")
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/leader")


def test_a_wrong_password_is_refused_on_the_page(client: FlaskClient, org: Org) -> None:
    response = client.post(
        "/login",
        data={"username": "leader", "password": "wrong password", "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 401
    assert "Wrong username or password" in response.get_data(as_text=True)


def test_a_login_form_without_csrf_token_is_refused(client: FlaskClient, org: Org) -> None:
    response = client.post("/login", data={"username": "leader", "password": PASSWORD})
    assert response.status_code == 400  # CSRFProtect refuses the form before it is read
    assert client.get("/").status_code == 302


def test_signing_out_ends_the_session(login: Any) -> None:
    client = login("leader")
    token = csrf_token(client, "/login")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302
    assert "/login" in client.get("/").headers["Location"]


def test_the_api_answers_401_with_the_envelope_without_a_token(
    client: FlaskClient, org: Org
) -> None:
    response = client.get(f"/api/v1/people/{org.employee}")
    assert response.status_code == 401
    assert response.json["code"] == 401
    assert set(response.json) == {"code", "message", "errors"}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_token_is_issued_for_the_right_password_only(client: FlaskClient, org: Org) -> None:
    good = client.post("/api/v1/tokens", json={"username": "leader", "password": PASSWORD})
    assert good.status_code == 201
    assert good.json["role"] == "leader"
    assert good.json["expires_at"].endswith("+00:00")
    bad = client.post("/api/v1/tokens", json={"username": "leader", "password": "nope nope"})
    assert bad.status_code == 401
    assert bad.json["message"] == "wrong username or password"


def test_a_token_request_without_a_password_names_the_field(client: FlaskClient) -> None:
    response = client.post("/api/v1/tokens", json={"username": "leader"})
    assert response.status_code == 422
    assert "password" in response.json["errors"]


def test_a_revoked_token_stops_working(api: Any, org: Org) -> None:
    leader = api("leader")
    assert leader.delete("/api/v1/tokens").status_code == 204
    assert leader.delete("/api/v1/tokens").status_code == 401


def test_failed_sign_ins_are_rate_limited(client: FlaskClient, org: Org) -> None:
    for _ in range(5):
        response = client.post("/api/v1/tokens", json={"username": "leader", "password": "x"})
        assert response.status_code == 401
    blocked = client.post("/api/v1/tokens", json={"username": "leader", "password": PASSWORD})
    assert blocked.status_code == 429
    assert blocked.json["code"] == 429


def test_the_chosen_language_outlives_signing_in_and_out(client: FlaskClient, org: Org) -> None:
    token = csrf_token(client)
    chosen = client.post(
        "/language", data={"language": "da", "next": "/login", "csrf_token": token}
    )
    assert chosen.status_code == 302
    assert "Log ind" in client.get("/login").get_data(as_text=True)
    client.post(
        "/login",
        data={"username": "leader", "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert "Mit team" in client.get("/leader").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/leader")})
    assert "Log ind" in client.get("/login").get_data(as_text=True)


def test_without_a_choice_the_browser_language_decides(client: FlaskClient) -> None:
    danish = client.get("/login", headers={"Accept-Language": "da-DK,da;q=0.9,en;q=0.5"})
    english = client.get("/login", headers={"Accept-Language": "en-GB"})
    assert "Log ind" in danish.get_data(as_text=True)
    assert "Sign in" in english.get_data(as_text=True)


def test_an_unknown_language_is_ignored(client: FlaskClient) -> None:
    client.post("/language", data={"language": "xx", "csrf_token": csrf_token(client)})
    assert "Sign in" in client.get("/login").get_data(as_text=True)


# -- changing your own password ------------------------------------------------------------

NEW_PASSWORD = "a new and longer phrase"


def test_a_person_changes_their_password_and_is_signed_out_everywhere_else(
    app: Any, org: Org
) -> None:
    from tests.web.conftest import api_client, page_client

    here = page_client(app.test_client(), org, "employee")
    elsewhere = page_client(app.test_client(), org, "employee")
    api = api_client(app.test_client(), org, "employee")
    assert elsewhere.get("/me").status_code == 200

    def change(current: str, new: str, repeat: str | None = None) -> Any:
        return here.post("/account/password", data={
            "current_password": current, "new_password": new, "repeat": repeat or new,
            "csrf_token": csrf_token(here, "/account/password"),
        })  # fmt: skip

    wrong = change("not my password", NEW_PASSWORD)
    assert wrong.status_code == 422
    assert "Current password: is not your current password" in wrong.get_data(as_text=True)
    short = change(PASSWORD, "short", "short")
    assert short.status_code == 422 and "New password: must be at least" in short.get_data(
        as_text=True
    )
    mismatch = change(PASSWORD, NEW_PASSWORD, "something else entirely")
    assert mismatch.status_code == 422

    done = change(PASSWORD, NEW_PASSWORD)
    assert done.status_code == 302
    assert here.get("/me").status_code == 200  # this session goes on
    assert elsewhere.get("/me").status_code == 302  # the other one is over
    assert api.get("/api/v1/people").status_code == 401
    fresh = app.test_client()
    old = fresh.post("/api/v1/tokens", json={"username": org.username("employee"),
                                            "password": PASSWORD})  # fmt: skip
    assert old.status_code == 401
    new = fresh.post("/api/v1/tokens", json={"username": org.username("employee"),
                                            "password": NEW_PASSWORD})  # fmt: skip
    assert new.status_code == 201


def test_a_password_changes_through_the_api_and_only_the_token_in_use_lives_on(
    app: Any, org: Org
) -> None:
    from tests.web.conftest import api_client

    using = api_client(app.test_client(), org, "leader")
    other = api_client(app.test_client(), org, "leader")
    refused = using.post(
        "/api/v1/account/password",
        json={"current_password": "wrong one", "new_password": NEW_PASSWORD},
    )
    assert refused.status_code == 422 and "current_password" in refused.json["errors"]

    changed = using.post(
        "/api/v1/account/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert changed.status_code == 204
    assert using.get("/api/v1/people").status_code == 200
    assert other.get("/api/v1/people").status_code == 401


def test_with_password_sign_in_off_only_admins_sign_in_with_a_password() -> None:
    from journal.settings import Settings
    from tests.organisation import build_org
    from web import create_app

    app = create_app({"TESTING": True, "JOURNAL_SETTINGS": Settings("memory://"),
                      "SECRET_KEY": "test-secret", "PASSWORD_SIGN_IN": False})  # fmt: skip
    try:
        org = build_org(app.extensions["journal"])
        client = app.test_client()

        def page(person: str) -> int:
            return client.post(
                "/login",
                data={
                    "username": org.username(person),
                    "password": PASSWORD,
                    "csrf_token": csrf_token(client),
                },
            ).status_code

        assert page("leader") == 403
        token = client.post("/api/v1/tokens", json={"username": org.username("employee"),
                                                     "password": PASSWORD})  # fmt: skip
        assert token.status_code == 403
        assert page("admin") == 302  # the way in when the company's provider is down
    finally:
        app.extensions["journal"].close()
