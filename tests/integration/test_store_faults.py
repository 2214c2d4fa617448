"""Faults of the store, on SQLite and PostgreSQL, as the app meets them.

A full store (SQLite's ``max_page_count``; on PostgreSQL a trigger that fails inserts
with ``disk_full``, SQLSTATE 53100, as a full tablespace does): a write answers 503 and
says the storage is full, nothing is half-written, reads keep working, ``journal
verify`` is clean, and writing resumes once there is room. A PostgreSQL connection
killed between requests or in the middle of one: the next request succeeds on a new
connection; the interrupted one answers 503 or completes, never both, never a 500.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from flask import Flask
from sqlalchemy import Engine, event

from journal import clock
from journal.commands import Journal
from journal.projections.joint import JointWrite
from journal.settings import Settings
from tests.organisation import Org, build_org
from tests.unit.support import head
from tests.web.conftest import ApiClient, api_client
from web import create_app


@pytest.fixture
def served(shared_settings: Settings) -> Iterator[tuple[Flask, Journal, Org]]:
    """The app on a store of its own, with the test organisation."""
    app = create_app(
        {"TESTING": True, "JOURNAL_SETTINGS": shared_settings, "SECRET_KEY": "test-secret"}
    )
    journal: Journal = app.extensions["journal"]
    try:
        yield app, journal, build_org(journal)
    finally:
        journal.close()


def feedback(leader: ApiClient, org: Org, n: int) -> Any:
    """Record one customer rating of Emil, as Lene."""
    body = {
        "score": 9, "channel": "phone", "comment": f"Hurtig hjælp {n}",
        "received_at": (clock.now() - timedelta(hours=1)).isoformat(),
    }  # fmt: skip
    return leader.post(f"/api/v1/people/{org.employee}/feedback", json=body)


def engines_of(journal: Journal) -> list[Engine]:
    """Every engine the app writes through (events and read models, the keyring)."""
    return [journal.read.durable_engine, journal.read.engine, journal.keyring.engine]


class FullStore:
    """Makes the store refuse to grow, and gives the room back."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.settings = journal.settings

    def fill(self) -> None:
        if self.settings.store == "sqlite":
            with self.journal.read.engine.connect() as conn:
                pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
            self._limit = at_most(int(pages))
            for engine in engines_of(self.journal):
                event.listen(engine, "connect", self._limit)
                engine.dispose()  # new connections, each with the limit
            return
        with psycopg.connect(self.settings.database_url, autocommit=True) as conn:
            conn.execute(
                "CREATE OR REPLACE FUNCTION no_room() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'could not extend file: No space left on device' "
                "USING ERRCODE = 'disk_full'; END $$ LANGUAGE plpgsql"
            )
            table = self.journal.recorder.events_table_name
            conn.execute(
                f"CREATE TRIGGER no_room BEFORE INSERT ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION no_room()"
            )

    def make_room(self) -> None:
        if self.settings.store == "sqlite":
            for engine in engines_of(self.journal):
                event.remove(engine, "connect", self._limit)
                engine.dispose()
            return
        with psycopg.connect(self.settings.database_url, autocommit=True) as conn:
            conn.execute(f"DROP TRIGGER no_room ON {self.journal.recorder.events_table_name}")


def at_most(pages: int) -> Any:
    """A connect hook that keeps an SQLite file from growing past ``pages`` pages."""

    def limit(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    return limit


def test_a_full_store_refuses_writes_with_503_keeps_reading_and_resumes(
    served: tuple[Flask, Journal, Org],
) -> None:
    app, journal, org = served
    client = app.test_client()
    leader = api_client(client, org, "leader")
    assert feedback(leader, org, 0).status_code == 201
    log_end = head(journal)
    full = FullStore(journal)

    full.fill()
    try:
        # The last free pages take a few writes; then every write is refused.
        answers = [feedback(leader, org, n) for n in range(1, 40)]
        read = leader.get(f"/api/v1/people/{org.employee}/timeline")
        full_head = head(journal)
    finally:
        full.make_room()
    resumed = feedback(leader, org, 99)

    codes = [answer.status_code for answer in answers]
    refused = [answer for answer in answers if answer.status_code == 503]
    assert set(codes) <= {201, 503} and len(refused) >= 10, codes
    assert "storage is full" in refused[0].json["message"]
    assert refused[0].headers["Retry-After"] == "60"
    assert full_head == log_end + codes.count(201)  # a refused write left nothing behind
    assert read.status_code == 200 and len(read.json["items"]) >= 1
    assert resumed.status_code == 201, resumed.json
    assert head(journal) == full_head + 1
    report = journal.verify_log()
    assert report is not None and report.intact, report.problems


def kill_connections(url: str, *, except_pid: int | None = None) -> int:
    """Terminate every other connection to the database (what a restart of PostgreSQL, a
    proxy or a firewall does to an app); return how many."""
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND pid IS DISTINCT FROM %s",
            (except_pid,),
        ).fetchall()
    return len(rows)


@pytest.mark.parametrize("shared_settings", ["postgresql"], indirect=True)
def test_connections_killed_between_requests_are_replaced(
    served: tuple[Flask, Journal, Org],
) -> None:
    app, journal, org = served
    leader = api_client(app.test_client(), org, "leader")
    assert feedback(leader, org, 0).status_code == 201
    log_end = head(journal)

    assert kill_connections(journal.settings.database_url) >= 1
    written = feedback(leader, org, 1)
    read = leader.get(f"/api/v1/people/{org.employee}/timeline")

    assert written.status_code == 201, written.json
    assert read.status_code == 200
    assert head(journal) == log_end + 1


@pytest.mark.parametrize("shared_settings", ["postgresql"], indirect=True)
def test_a_connection_killed_mid_request_answers_503_or_completes_never_both(
    served: tuple[Flask, Journal, Org], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, journal, org = served
    leader = api_client(app.test_client(), org, "leader")
    before = stored(journal)
    recorded = JointWrite.recorded

    def killed_after_the_insert(self: JointWrite, positions: Any) -> None:
        assert self._conn is not None
        pid = self._conn.connection.driver_connection.info.backend_pid  # type: ignore[union-attr]
        with psycopg.connect(journal.settings.database_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        recorded(self, positions)

    monkeypatch.setattr(JointWrite, "recorded", killed_after_the_insert)
    interrupted = feedback(leader, org, 1)
    monkeypatch.setattr(JointWrite, "recorded", recorded)
    after = stored(journal)
    following = feedback(leader, org, 2)

    assert interrupted.status_code in (201, 503), interrupted.json
    assert after == before + (1 if interrupted.status_code == 201 else 0)
    assert following.status_code == 201, following.json
    assert stored(journal) == after + 1
    # The lost transaction's position is a gap in the log (a sequence does not roll
    # back); the projections and the chain step over it.
    log_end = head(journal)
    assert set(journal.read.projector.positions().values()) == {log_end}
    report = journal.verify_log()
    assert report is not None and report.intact, report.problems


def stored(journal: Journal) -> int:
    """How many events the log holds."""
    return len(journal.recorder.select_notifications(start=1, limit=1_000_000))
