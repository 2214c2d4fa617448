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
