"""Fixtures for the web tests: an app on an in-memory journal with a small organisation.

``org`` registers an admin, an auditor, two leaders and three employees, each with an
account whose password is ``PASSWORD``. ``api`` signs in through ``POST /api/v1/tokens``
and sends the bearer token; ``login`` signs a page client in through the login form.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from eventsourcing.persistence import StoredEvent
from flask import Flask
from flask.testing import FlaskClient

from journal import bootstrap
from journal.commands import Journal
from journal.security.sealed import READ_MODELS_KEY_ID, ColumnSeal, use_seal
from journal.settings import Settings
from tests.organisation import PASSWORD, Org, build_org
from tests.web.scim_support import Scim
from web import attach_journal, create_app
from web.state.tables import create_web_tables


@pytest.fixture(autouse=True)
def _push_request_context() -> None:
    """Replace pytest-flask's: a context pushed for the whole test would share ``g``
    between the client's requests (a CSRF token, the API's actor), which no browser sees."""


def new_app() -> Flask:
    """The app on a new in-memory journal, CSRF on (tests send the token like a browser)."""
    return create_app(
        {
            "TESTING": True,
            "JOURNAL_SETTINGS": Settings("memory://"),
            "SECRET_KEY": "test-secret",
        }
    )


@pytest.fixture(scope="session")
def shared_app() -> Flask:
    """One app per test process: building its routes and API document is its cost."""
    return new_app()


@pytest.fixture
def app(shared_app: Flask) -> Iterator[Flask]:
    """The app serving a new in-memory journal, for one test."""
    journal = bootstrap.open_journal(Settings("memory://"))
    attach_journal(shared_app, journal)
    yield shared_app
    journal.close()


@pytest.fixture
def journal(app: Flask) -> Journal:
    """The app's journal, for arranging data directly."""
    app_journal: Journal = app.extensions["journal"]
    return app_journal


@pytest.fixture(scope="session")
def org_template() -> Iterator[tuple[Journal, Org]]:
    """The organisation registered once per test process, for each test to copy."""
    template = bootstrap.open_journal(Settings("memory://"))
    create_web_tables(template.read.engine)
    org = build_org(template)
    yield template, org
    template.close()


def copy_store(source: Journal, target: Journal) -> None:
    """Make the empty in-memory ``target`` hold what ``source`` holds: its events, read
    models and keys (the same rows, so the same ids and positions; and the same seal)."""
    stored = source.recorder.select_notifications(start=1, limit=10**6)
    target.recorder.insert_events(
        [StoredEvent(n.originator_id, n.originator_version, n.topic, n.state) for n in stored]
    )
    for engine_from, engine_to in (
        (source.read.engine, target.read.engine),
        (source.keyring.engine, target.keyring.engine),
    ):
        original, copy = engine_from.raw_connection(), engine_to.raw_connection()
        try:
            original.driver_connection.backup(copy.driver_connection)  # SQLite's backup API
        finally:
            original.close()
            copy.close()
    # The read models' rows came sealed with the source's key, which came with the keyring.
    seal = ColumnSeal(source.keyring.key_to_read(READ_MODELS_KEY_ID) or b"")
    use_seal(target.read.engine, seal)
    use_seal(target.read.durable_engine, seal)


@pytest.fixture
def org(journal: Journal, org_template: tuple[Journal, Org]) -> Org:
    """The test organisation with accounts, in the test's own journal."""
    template, org = org_template
    copy_store(template, journal)
    return org


class ApiClient:
    """Sends API requests as one person, with their bearer token."""

    def __init__(self, client: FlaskClient, token: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
        return self.client.get(path, headers={**self.headers, **(headers or {})}, **kwargs)

    def post(
        self, path: str, json: Any = None, headers: dict[str, str] | None = None, **kwargs: Any
    ) -> Any:
        merged = {**self.headers, **(headers or {})}
        return self.client.post(path, json=json, headers=merged, **kwargs)

    def put(
        self, path: str, json: Any = None, headers: dict[str, str] | None = None, **kwargs: Any
    ) -> Any:
        merged = {**self.headers, **(headers or {})}
        return self.client.put(path, json=json, headers=merged, **kwargs)

    def delete(self, path: str, headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
        return self.client.delete(path, headers={**self.headers, **(headers or {})}, **kwargs)


@pytest.fixture
def api(client: FlaskClient, org: Org) -> Any:
    """``api("leader")`` is an API client signed in as that person of the org."""

    def signed_in(person: str) -> ApiClient:
        return api_client(client, org, person)

    return signed_in


def api_client(client: FlaskClient, org: Org, person: str) -> ApiClient:
    """An API client signed in as ``person`` of the org (a bearer token from the API)."""
    response = client.post(
        "/api/v1/tokens", json={"username": org.username(person), "password": PASSWORD}
    )
    assert response.status_code == 201, response.json
    return ApiClient(client, response.json["token"])


def page_client(client: FlaskClient, org: Org, person: str) -> FlaskClient:
    """``client`` signed in to the pages as ``person`` of the org, through the login form."""
    response = client.post(
        "/login",
        data={
            "username": org.username(person),
            "password": PASSWORD,
            "csrf_token": csrf_token(client),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token of the form on a page, as a browser would read it."""
    import re

    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, f"no CSRF token on {path}"
    return match.group(1)


@pytest.fixture
def login(client: FlaskClient, org: Org) -> Any:
    """``login("leader")`` signs the page client in as that person of the org."""

    def signed_in(person: str) -> FlaskClient:
        return page_client(client, org, person)

    return signed_in


@pytest.fixture
def scim(client: FlaskClient, journal: Journal) -> Scim:
    """A client of /scim/v2 with the directory's token, as Entra ID or Okta sends it."""
    return Scim(client, journal.issue_provisioning_token())


@pytest.fixture(params=["sqlite", "postgresql"])
def two_processes(
    request: pytest.FixtureRequest, tmp_path: Any
) -> Iterator[tuple[list[Flask], Org]]:
    """Two app instances on one store, as two gunicorn workers are, and the organisation."""
    from tests.integration.conftest import empty_store

    settings = empty_store(request.param, tmp_path)
    apps = [
        create_app({"TESTING": True, "JOURNAL_SETTINGS": settings, "SECRET_KEY": "test-secret"})
        for _ in range(2)
    ]
    yield apps, build_org(apps[0].extensions["journal"])
    for flask_app in apps:
        flask_app.extensions["journal"].close()
