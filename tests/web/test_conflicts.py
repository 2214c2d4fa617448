"""Two writers, one record: the second gets 409 and loses nothing of the first."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from journal import bootstrap, clock
from journal.commands import Journal
from journal.domain.coaching import Interaction
from journal.settings import Settings
from tests.organisation import PASSWORD, build_org
from web import create_app


def test_a_correction_racing_another_writer_answers_409_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(f"sqlite:///{tmp_path / 'journal.sqlite3'}")
    app = create_app({"TESTING": True, "JOURNAL_SETTINGS": settings, "SECRET_KEY": "x"})
    journal: Journal = app.extensions["journal"]
    other = bootstrap.open_journal(settings)  # another app process on the same store
    try:
        org = build_org(journal)
        interaction = journal.log_interaction(
            leader_id=org.leader, employee_id=org.employee, kind="one_to_one",
            occurred_at=clock.now() - timedelta(days=1), minutes=30, shared_notes="Første",
        )  # fmt: skip
        client = app.test_client()
        token = client.post(
            "/api/v1/tokens", json={"username": "leader", "password": PASSWORD}
        ).json["token"]
        save = journal.save

        def save_after_another_tab(*aggregates: Any, **kwargs: Any) -> Any:
            # The other writer commits between this request's read and its write.
            other.correct_interaction(
                interaction, {"minutes": 45}, "Rettet i en anden fane", recorded_by=org.leader
            )
            return save(*aggregates, **kwargs)

        monkeypatch.setattr(journal, "save", save_after_another_tab)
        response = client.post(
            f"/api/v1/interactions/{interaction}/corrections",
            json={"changes": {"shared_notes": "Anden"}, "reason": "Tastefejl"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 409, response.json
        assert set(response.json) == {"code", "message", "errors"}
        assert "try again" in response.json["message"]
        stored = other.load(Interaction, interaction, "interaction_id")
        assert (stored.minutes, stored.shared_notes, stored.version) == (45, "Første", 2)
    finally:
        other.close()
        journal.close()
