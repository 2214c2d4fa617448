"""The security trail on SQLite and PostgreSQL: appends from two processes' journals at
once, from several threads, make one chain with no gap and no broken link."""

from __future__ import annotations

import threading

import pytest
from click.testing import CliRunner
from sqlalchemy import update

from journal.entry.cli import main
from journal.security.trail import security_trail
from tests.integration.conftest import Journals

APPENDS = 15


def test_appends_from_two_journals_at_once_make_one_intact_chain(open_journal: Journals) -> None:
    journals = [open_journal(), open_journal()]
    start = threading.Barrier(4)

    def append(n: int) -> None:
        trail = journals[n % 2].trail
        start.wait(timeout=30)
        for i in range(APPENDS):
            trail.record("sign_in_failed", username=f"writer{n}-{i}", address=f"192.0.2.{n}")

    threads = [threading.Thread(target=append, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    rows, total = journals[0].trail.page(limit=200)
    check = journals[1].trail.verify()
    assert total == 4 * APPENDS
    assert sorted(row.position for row in rows) == list(range(1, 4 * APPENDS + 1))
    assert (check.checked, check.broken) == (4 * APPENDS, [])


def test_journal_verify_names_a_broken_link_of_the_trail(
    open_journal: Journals, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = open_journal()
    for n in range(3):
        journal.trail.record("sign_in_failed", username=f"guess{n}", address="192.0.2.1")
    monkeypatch.setenv("JOURNAL_DATABASE_URL", journal.settings.database_url)
    intact = CliRunner().invoke(main, ["verify"])
    with journal.read.engine.begin() as conn:
        conn.execute(
            update(security_trail).where(security_trail.c.position == 2).values(username="x")
        )
    broken = CliRunner().invoke(main, ["verify"])

    assert intact.exit_code == 0, intact.output
    assert "The security trail is intact (3 entries)." in intact.output
    assert broken.exit_code == 1
    assert "The security trail has broken links at entries 2." in broken.output
