"""The web app on the stores users run it on: SQLite (the default) and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from journal.commands import Journal
from journal.settings import Settings
from tests.integration.conftest import empty_store
from tests.organisation import PASSWORD, build_org
from web import create_app


@pytest.fixture(params=["sqlite", "postgresql"])
def stored_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """The app on an empty SQLite file or PostgreSQL database."""
    flask_app = create_app(
        {
            "TESTING": True,
            "JOURNAL_SETTINGS": empty_store(request.param, tmp_path),
            "SECRET_KEY": "test-secret",
        }
    )
    yield flask_app
    flask_app.extensions["journal"].close()


def token(client: Any, username: str) -> dict[str, str]:
    """Sign in through the API; the headers that carry the token."""
    response = client.post("/api/v1/tokens", json={"username": username, "password": PASSWORD})
    assert response.status_code == 201, response.json
    return {"Authorization": f"Bearer {response.json['token']}"}


def test_a_note_goes_from_leader_to_employee_and_auditor_on_every_store(
    stored_app: Flask,
) -> None:
    journal: Journal = stored_app.extensions["journal"]
    org = build_org(journal)
    client = stored_app.test_client()
    logged = client.post(
        f"/api/v1/people/{org.employee}/interactions",
        json={
            "kind": "one_to_one",
            "occurred_at": "2026-11-20T10:00:00+01:00",
            "minutes": 30,
            "shared_notes": "Vi aftalte en plan",
            "private_notes": "Virker træt",
        },
        headers=token(client, "leader"),
    )
    assert logged.status_code == 201, logged.json

    timeline = client.get(
        f"/api/v1/people/{org.employee}/timeline", headers=token(client, "employee")
    )
    assert timeline.status_code == 200
    (entry,) = timeline.json["items"]
    assert entry["shared_notes"] == "Vi aftalte en plan"
    assert entry["private_notes"] is None

    auditor = token(client, "auditor")
    record = client.get(f"/api/v1/audit/people/{org.employee}", headers=auditor)
    assert record.status_code == 200
    assert "Virker træt" in str(record.json)
    reads = client.get("/api/v1/audit/events?type=NotesAccess.PrivateNotesRead", headers=auditor)
    assert reads.json["total"] == 1


def test_a_second_app_process_sees_the_first_ones_writes(stored_app: Flask) -> None:
    journal: Journal = stored_app.extensions["journal"]
    org = build_org(journal)
    settings: Settings = stored_app.config["JOURNAL_SETTINGS"]
    other = create_app({"TESTING": True, "JOURNAL_SETTINGS": settings, "SECRET_KEY": "x"})
    try:
        client = other.test_client()
        response = client.get("/api/v1/people?limit=200", headers=token(client, "admin"))
        assert response.status_code == 200
        assert response.json["total"] == 7
        assert str(org.outsider) in {p["id"] for p in response.json["items"]}
    finally:
        other.extensions["journal"].close()
