"""The hash chain on SQLite and PostgreSQL: rows changed, deleted or inserted behind the
recorder's back are named by ``journal verify``, and honest writers keep it intact."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner

from journal import clock
from journal.commands import Journal
from journal.entry.cli import main
from journal.settings import Settings
from journal.store import chain
from tests.integration.conftest import Journals
from tests.integration.test_scenarios import log_one_to_one
from tests.organisation import T0, build_org
from tests.unit.support import head


def sql(settings: Settings) -> Callable[[str], Any]:
    """Run one statement straight against the store, as someone with database access."""

    def run(statement: str) -> Any:
        if settings.store == "sqlite":
            with sqlite3.connect(settings.sqlite_path) as conn:
                return conn.execute(statement).fetchall()
        with psycopg.connect(settings.database_url, autocommit=True) as conn:
            cursor = conn.execute(statement)
            return cursor.fetchall() if cursor.description else None

    return run


def events_table(settings: Settings) -> tuple[str, str]:
    """The events table and its position column on this store."""
    if settings.store == "sqlite":
        return "stored_events", "rowid"
    return "journal_events", "notification_id"


def with_history(journal: Journal, meetings: int = 6) -> None:
    org = build_org(journal, at=T0, accounts=False)
    leader, employee = org.leader, org.employee
    for day in range(meetings):
        log_one_to_one(journal, leader, employee, T0 + timedelta(days=day + 1), f"Møde {day}")


def test_an_untouched_log_is_intact_and_its_head_is_the_last_event(
    open_journal: Journals,
) -> None:
    journal = open_journal()
    with_history(journal)

    report = journal.verify_log()

    assert report is not None and report.intact, report.problems
    log_end = head(journal)
    assert report.events == log_end
    assert report.head.startswith(f"{log_end}:")
    assert journal.verifications.latest() == report


def test_verify_names_each_row_changed_deleted_or_inserted(open_journal: Journals) -> None:
    journal = open_journal()
    with_history(journal)
    run, (table, position) = sql(open_journal.settings), events_table(open_journal.settings)
    # Move the fifth meeting a day later (notes are sealed; when it took place is not).
    before, after = "2026-03-07T09:00", "2026-03-08T09:00"
    state = f"CAST(replace(CAST(state AS TEXT), '{before}', '{after}') AS BLOB)"
    if open_journal.settings.store == "postgresql":
        state = f"convert_to(replace(convert_from(state, 'UTF8'), '{before}', '{after}'), 'UTF8')"
    logged = "topic LIKE '%Interaction.Logged'"  # not the actions agreed in it
    changed = run(
        f"SELECT {position} FROM {table} WHERE CAST(state AS TEXT) LIKE '%{before}%' AND {logged}"
    )
    if open_journal.settings.store == "postgresql":
        changed = run(
            f"SELECT {position} FROM {table} "
            f"WHERE convert_from(state, 'UTF8') LIKE '%{before}%' AND {logged}"
        )
    [(changed_at,)] = changed
    run(f"UPDATE {table} SET state = {state} WHERE {position} = {changed_at}")
    run(f"DELETE FROM {table} WHERE {position} = 3")
    run(f"DELETE FROM {table} WHERE {position} = 5")
    run(f"DELETE FROM {table}_chain WHERE notification_id = 5")
    run(
        f"INSERT INTO {table} (originator_id, originator_version, topic, state) "
        f"SELECT originator_id, originator_version + 1000, topic, state FROM {table} "
        f"WHERE {position} = 1"
    )
    inserted_at = head(journal)

    report = journal.verify_log()

    assert report is not None
    found = {(p.kind, p.position) for p in report.problems}
    assert found == {
        ("changed", changed_at),
        ("deleted", 3),
        ("deleted", 5),
        ("inserted", inserted_at),
    }, [p.describe() for p in report.problems]
    inserted = next(p for p in report.problems if p.kind == "inserted")
    assert inserted.version is not None and inserted.version > 1000


def test_a_link_forged_without_the_key_is_still_caught(open_journal: Journals) -> None:
    settings = Settings(open_journal.settings.database_url, chain_key="a key kept elsewhere")
    journal = Journals(settings)()
    try:
        with_history(journal, meetings=2)
        run, (table, position) = sql(settings), events_table(settings)
        last = head(journal)
        run(f"UPDATE {table} SET topic = topic || 'x' WHERE {position} = {last}")
        # Whoever changed the row recomputes its link, but without the key.
        [notification] = journal.recorder.select_notifications(start=last, limit=1)
        links = chain.links_for(
            b"", journal.chain.select_links(last - 2, 1)[0], [(last, notification)]
        )  # type: ignore[union-attr]
        hex_hash = links[0].hash.hex()
        literal = f"X'{hex_hash}'" if settings.store == "sqlite" else f"'\\x{hex_hash}'::bytea"
        run(f"UPDATE {table}_chain SET hash = {literal} WHERE notification_id = {last}")

        report = journal.verify_log()

        assert report is not None and report.keyed
        assert [(p.kind, p.position) for p in report.problems] == [("changed", last)]
    finally:
        journal.close()


def test_writers_racing_on_two_journals_keep_one_unbroken_chain(open_journal: Journals) -> None:
    first, second = open_journal(), open_journal()
    org = build_org(first, at=T0, accounts=False)
    leader, employee = org.leader, org.employee
    errors: list[BaseException] = []

    def write(journal: Journal, offset: int) -> None:
        try:
            for day in range(10):
                log_one_to_one(
                    journal, leader, employee, T0 + timedelta(days=offset + day), f"{offset}/{day}"
                )
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [
        threading.Thread(target=write, args=(journal, offset))
        for journal, offset in ((first, 0), (second, 20), (first, 40), (second, 60))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    report = first.verify_log()
    assert report is not None and report.intact, [p.describe() for p in report.problems]
    assert report.events == head(first)


def test_sealing_links_a_log_written_before_the_chain_once(
    open_journal: Journals, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = open_journal()
    with_history(journal, meetings=2)
    table, _ = events_table(open_journal.settings)
    sql(open_journal.settings)(f"DELETE FROM {table}_chain")
    monkeypatch.setenv("JOURNAL_DATABASE_URL", open_journal.settings.database_url)
    runner = CliRunner()

    before = runner.invoke(main, ["verify"])
    sealed = runner.invoke(main, ["verify", "--seal"])
    again = runner.invoke(main, ["verify", "--seal"])

    assert before.exit_code == 1 and "has no link in the chain" in before.output
    assert sealed.exit_code == 0, sealed.output
    assert "The log is intact." in sealed.output
    assert again.exit_code == 1 and "already has links" in again.output


def test_the_command_exits_1_and_prints_each_problem(
    open_journal: Journals, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = open_journal()
    with clock.frozen_at(T0):
        with_history(journal, meetings=1)
    table, position = events_table(open_journal.settings)
    sql(open_journal.settings)(f"DELETE FROM {table} WHERE {position} = 2")
    monkeypatch.setenv("JOURNAL_DATABASE_URL", open_journal.settings.database_url)

    result = CliRunner().invoke(main, ["verify"])

    assert result.exit_code == 1
    assert "1 problems:" in result.output
    assert "deleted: event #2: its link remains but the event is gone" in result.output
