"""Concurrent writers on SQLite and PostgreSQL, with threads and with processes.

Two writers of one record: exactly one wins, the others get the conflict (409 over HTTP)
and write nothing. Writers of different records all land, and the log stays whole. A
write whose commit succeeded but whose acknowledgement was lost, retried by the store,
is one write and no conflict. A locked SQLite store answers 503, never 500, and a retry
with the same Idempotency-Key then writes once.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import OperationalError
from eventsourcing.utils import retry

from journal import bootstrap, clock
from journal.commands import Journal
from journal.domain.accounts import Account
from journal.domain.coaching import Interaction
from journal.errors import ConflictError, DomainError
from journal.settings import Settings
from tests.integration.conftest import Journals
from tests.integration.test_scenarios import log_one_to_one
from tests.organisation import PASSWORD, T0, build_org
from tests.unit.support import head
from web import create_app

WRITERS = 6


def race_to_correct(settings: Settings, interaction: UUID, minutes: int, start: Any) -> str:
    """Load the interaction, wait for every other writer, then correct it: won or lost."""
    journal = bootstrap.open_journal(settings)
    try:
        record = journal.load(Interaction, interaction, "interaction_id")
        record.correct({"minutes": minutes}, "Rettet", recorded_by=record.leader_id)
        start.wait(timeout=60)
        try:
            journal.save(record)
        except ConflictError:
            return "lost"
        return "won"
    finally:
        journal.close()


def test_of_threads_correcting_one_record_exactly_one_wins(open_journal: Journals) -> None:
    journal = open_journal()
    org = build_org(journal, at=T0, accounts=False)
    leader, employee = org.leader, org.employee
    interaction = log_one_to_one(journal, leader, employee, T0 + timedelta(days=1), "Møde")
    log_end = head(journal)
    start = threading.Barrier(WRITERS)
    results: list[str] = []

    def write(minutes: int) -> None:
        results.append(race_to_correct(open_journal.settings, interaction, minutes, start))

    threads = [threading.Thread(target=write, args=(40 + n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(results) == ["lost"] * (WRITERS - 1) + ["won"]
    assert head(journal) == log_end + 1
    stored = open_journal().load(Interaction, interaction, "interaction_id")
    assert stored.version == 2 and 40 <= stored.minutes < 40 + WRITERS
    report = journal.verify_log()
    assert report is not None and report.intact, report.problems


@pytest.mark.slow  # spawns processes
def test_of_processes_correcting_one_record_exactly_one_wins(open_journal: Journals) -> None:
    journal = open_journal()
    org = build_org(journal, at=T0, accounts=False)
    leader, employee = org.leader, org.employee
    interaction = log_one_to_one(journal, leader, employee, T0 + timedelta(days=1), "Møde")
    log_end = head(journal)
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Manager().Barrier(WRITERS)  # type: ignore[attr-defined]

    with spawn.Pool(WRITERS) as pool:
        results = pool.starmap(
            race_to_correct,
            [(open_journal.settings, interaction, 40 + n, start) for n in range(WRITERS)],
        )

    assert sorted(results) == ["lost"] * (WRITERS - 1) + ["won"]
    assert head(journal) == log_end + 1


def test_threads_writing_different_records_all_land(open_journal: Journals) -> None:
    journal = open_journal()
    org = build_org(journal, at=T0, accounts=False)
    leader, employee = org.leader, org.employee
    log_end = head(journal)
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def write(n: int) -> None:
        own = bootstrap.open_journal(open_journal.settings)
        try:
            start.wait(timeout=60)
            for meeting in range(5):
                log_one_to_one(
                    own, leader, employee, T0 + timedelta(days=1, minutes=10 * n + meeting),
                    f"Skriver {n}, møde {meeting}",
                )  # fmt: skip
        except BaseException as error:  # noqa: BLE001 (the test thread reports it)
            failures.append(error)
        finally:
            own.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert failures == []
    assert head(journal) >= log_end + 5 * WRITERS
    journal.read.catch_up()
    logged = journal.history.log(event_types=["Interaction.Logged"], limit=0).total
    assert logged == 5 * WRITERS
    report = journal.verify_log()
    assert report is not None and report.intact, report.problems


def test_a_commit_whose_answer_was_lost_is_one_write_and_no_conflict(
    open_journal: Journals, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = open_journal()
    org = build_org(journal, at=T0, accounts=False)
    leader, employee = org.leader, org.employee
    interaction = log_one_to_one(journal, leader, employee, T0 + timedelta(days=1), "Møde")
    log_end = head(journal)
    insert = journal.recorder.insert_events
    attempts = 0

    # As the library's PostgreSQL recorder does: retry on a lost connection.
    @retry(OperationalError, max_attempts=3, wait=0.01)
    def commit_then_lose_the_answer(stored_events: Any, **kwargs: Any) -> Any:
        nonlocal attempts
        attempts += 1
        result = insert(stored_events, **kwargs)
        if attempts == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return result

    monkeypatch.setattr(journal.recorder, "insert_events", commit_then_lose_the_answer)
    journal.correct_interaction(interaction, {"minutes": 45}, "Rettet", recorded_by=leader)

    assert attempts == 2  # the retry ran, and found its own events stored
    assert head(journal) == log_end + 1
    stored = open_journal().load(Interaction, interaction, "interaction_id")
    assert (stored.version, stored.minutes) == (2, 45)


def test_a_locked_sqlite_store_answers_503_and_a_keyed_retry_writes_once(
    tmp_path: Path,
) -> None:
    settings = Settings(f"sqlite:///{tmp_path / 'journal.sqlite3'}", sqlite_lock_timeout=1)
    app = create_app({"TESTING": True, "JOURNAL_SETTINGS": settings, "SECRET_KEY": "test-secret"})
    journal: Journal = app.extensions["journal"]
    try:
        org = build_org(journal)
        client = app.test_client()
        token = client.post(
            "/api/v1/tokens", json={"username": "leader", "password": PASSWORD}
        ).json["token"]
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "locked-then-free"}
        body = {"kind": "one_to_one", "minutes": 30, "shared_notes": "Under lås",
                "occurred_at": (clock.now() - timedelta(hours=1)).isoformat()}  # fmt: skip
        path = f"/api/v1/people/{org.employee}/interactions"
        log_end = head(journal)

        holder = sqlite3.connect(settings.sqlite_path, timeout=0)
        holder.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
        try:
            busy = client.post(path, json=body, headers=headers)
        finally:
            holder.rollback()
            holder.close()
        retried = client.post(path, json=body, headers=headers)
        replayed = client.post(path, json=body, headers=headers)

        assert busy.status_code == 503, busy.json
        assert busy.headers["Retry-After"] == "2" and "busy" in busy.json["message"]
        assert (retried.status_code, replayed.status_code) == (201, 201)
        assert replayed.json == retried.json
        assert head(journal) == log_end + 1
    finally:
        journal.close()


def test_reading_the_read_models_waits_for_no_writer(tmp_path: Path) -> None:
    # A page's reads take a snapshot, not SQLite's write lock: while another program holds
    # that lock, they answer at once (before, each read queued for it like a write).
    settings = Settings(f"sqlite:///{tmp_path / 'journal.sqlite3'}", sqlite_lock_timeout=1)
    journal = bootstrap.open_journal(settings)
    try:
        org = build_org(journal, at=T0, accounts=False)
        people = (org.admin, org.leader, org.employee)
        holder = sqlite3.connect(settings.sqlite_path, timeout=0)
        holder.execute("BEGIN IMMEDIATE")  # a writer holds the lock
        try:
            names = {person.name for person in journal.read.people.list()}
            employee = journal.read.people.get(people[2])
        finally:
            holder.rollback()
            holder.close()
        assert names == {
            "Ada Admin", "Aud Itor", "Lene Leder", "Ole Anden", "Emil Ansat", "Eva Kollega",
            "Otto Udenfor",
        }  # fmt: skip
        assert employee is not None and employee.leader_id == people[1]
    finally:
        journal.close()


def test_a_person_gets_one_account_even_while_the_read_models_lag(open_journal: Journals) -> None:
    first = open_journal(project_on_write=False)  # two app processes, their worker late
    second = open_journal(project_on_write=False)
    org = build_org(first, at=T0, accounts=False)
    admin, employee = org.admin, org.employee
    first.open_account(employee, username="soren", password=PASSWORD, recorded_by=admin)
    assert second.read.accounts.for_person(employee) is None  # the read models lag

    with pytest.raises(DomainError) as refused:
        second.open_account(employee, username="soren-k", password=PASSWORD, recorded_by=admin)

    assert refused.value.field == "person_id" and "already has an account" in refused.value.message
    assert Account.create_id("soren-k") not in second.repository


def test_of_two_racing_first_accounts_for_one_person_one_wins(open_journal: Journals) -> None:
    journal = open_journal()
    org = build_org(journal, at=T0, accounts=False)
    admin, employee = org.admin, org.employee
    racers = [open_journal(project_on_write=False) for _ in range(2)]
    people = [racer.person(employee) for racer in racers]  # both read before either writes
    accounts = [
        racer.new_account(person, f"soren-{n}", PASSWORD, admin)
        for n, (racer, person) in enumerate(zip(racers, people, strict=True))
    ]

    racers[0].save(people[0], accounts[0])
    with pytest.raises(ConflictError):
        racers[1].save(people[1], accounts[1])

    assert Account.create_id("soren-1") not in journal.repository
    assert journal.person(employee).account_id == accounts[0].id


def test_of_two_processes_registering_one_address_at_once_one_wins(
    open_journal: Journals,
) -> None:
    journal = open_journal()
    org = build_org(journal, at=T0, accounts=False)
    racers = [open_journal(project_on_write=False) for _ in range(2)]
    made = [
        racer.new_person("employee", f"Ny {n}", "ny@example.dk", org.leader, org.admin)
        for n, racer in enumerate(racers)
    ]  # both checked the address before either wrote

    racers[0].save(made[0][0], *made[0][1])
    with pytest.raises(ConflictError):
        racers[1].save(made[1][0], *made[1][1])

    journal.read.catch_up()  # as the worker would
    assert [p.name for p in journal.read.people.list() if p.email == "ny@example.dk"] == ["Ny 0"]
