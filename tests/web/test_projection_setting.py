"""JOURNAL_PROJECTIONS: app processes project inline (the default) or leave it to a worker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from journal import bootstrap
from journal.errors import JournalError
from journal.settings import Settings
from tests.organisation import PASSWORD, Org, build_org
from web import config, create_app


@pytest.fixture
def store(tmp_path: Path) -> tuple[Settings, Org]:
    """A SQLite file with the test organisation in it."""
    settings = Settings(f"sqlite:///{tmp_path / 'journal.sqlite3'}")
    journal = bootstrap.open_journal(settings)
    try:
        return settings, build_org(journal)
    finally:
        journal.close()


def app_with(projections: str | None, store: tuple[Settings, Org], tmp_path: Path) -> Flask:
    """The app as ``create_app`` makes it from the environment."""
    environ = {
        "JOURNAL_DATABASE_URL": store[0].database_url,
        "JOURNAL_VAR_DIR": str(tmp_path),
        "JOURNAL_ENV": "development",
        "JOURNAL_MASTER_KEY": store[0].master_key,  # the key the store was made with
    }
    if projections is not None:
        environ["JOURNAL_PROJECTIONS"] = projections
    return create_app({**config.from_env(environ), "TESTING": True})


@pytest.fixture
def opened() -> Iterator[list[Flask]]:
    """Apps opened by a test, closed afterwards."""
    apps: list[Flask] = []
    yield apps
    for app in apps:
        app.extensions["journal"].close()


class Leader:
    """The test organisation's leader, signed in to an app through the API."""

    def __init__(self, app: Flask, org: Org) -> None:
        self.client = app.test_client()
        self.org = org
        signed_in = self.client.post(
            "/api/v1/tokens", json={"username": org.username("leader"), "password": PASSWORD}
        )
        self.headers = {"Authorization": f"Bearer {signed_in.json['token']}"}

    def log_one_to_one(self) -> str:
        """Log a 1-to-1 with the employee; its id."""
        logged = self.client.post(
            f"/api/v1/people/{self.org.employee}/interactions",
            json={"kind": "one_to_one", "occurred_at": "2026-03-02T09:00:00+01:00", "minutes": 30},
            headers=self.headers,
        )
        assert logged.status_code == 201, logged.json
        return str(logged.json["id"])

    def timeline(self) -> list[str]:
        """The keys of the employee's timeline entries (an interaction's key is its id)."""
        path = f"/api/v1/people/{self.org.employee}/timeline"
        found = self.client.get(path, headers=self.headers)
        return [item["entry_key"] for item in found.json["items"]]


def test_by_default_a_write_is_in_the_read_models_when_the_request_returns(
    store: tuple[Settings, Org], tmp_path: Path, opened: list[Flask]
) -> None:
    opened.append(app := app_with(None, store, tmp_path))
    leader = Leader(app, store[1])

    interaction = leader.log_one_to_one()

    assert leader.timeline() == [interaction]


def test_in_worker_mode_the_app_leaves_projecting_to_the_worker(
    store: tuple[Settings, Org], tmp_path: Path, opened: list[Flask]
) -> None:
    opened.append(app := app_with("worker", store, tmp_path))
    leader = Leader(app, store[1])

    interaction = leader.log_one_to_one()
    assert leader.timeline() == []
    app.extensions["journal"].read.catch_up()  # what `journal project --follow` does

    assert leader.timeline() == [interaction]


def test_an_unknown_projection_mode_is_refused() -> None:
    with pytest.raises(JournalError, match="JOURNAL_PROJECTIONS"):
        config.project_on_write({"JOURNAL_PROJECTIONS": "lazy"})
