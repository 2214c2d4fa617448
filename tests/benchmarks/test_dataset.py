"""The benchmarks' dataset: deterministic, every kind of event, valid for the journal."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.dataset import PASSWORD, generate
from journal import bootstrap
from journal.commands import Journal
from journal.domain import access, accounts, coaching, feedback, leadership, people, tasks
from journal.domain.base import JournalAggregate
from journal.settings import Settings

pytestmark = pytest.mark.slow  # generates tens of thousands of events


@pytest.fixture
def journal() -> Iterator[Journal]:
    """A journal in memory."""
    app = bootstrap.open_journal(Settings("memory://"), project_on_write=False)
    yield app
    app.close()


def stored(journal: Journal) -> list[tuple[object, ...]]:
    """Every stored event in log order, opened (sealed fields differ by their random nonce)."""
    return [
        (n.originator_id, n.originator_version, n.topic, vars(journal.mapper.to_domain_event(n)))
        for n in journal.recorder.select_notifications(start=1, limit=10**6)
    ]


def event_topics() -> set[str]:
    """The topic of every kind of event the domain has."""
    modules = (access, accounts, coaching, feedback, leadership, people, tasks)
    return {
        f"{module.__name__}:{aggregate.__name__}.{kind.__name__}"
        for module in modules
        for aggregate in vars(module).values()
        if inspect.isclass(aggregate) and issubclass(aggregate, JournalAggregate)
        if aggregate.__module__ == module.__name__
        for kind in vars(aggregate).values()
        if inspect.isclass(kind) and issubclass(kind, JournalAggregate.Event)
        if kind.__name__ not in ("Event", "Created")  # the bases the library adds
    }


def test_the_same_seed_writes_the_same_events(journal: Journal) -> None:
    again = bootstrap.open_journal(Settings("memory://"), project_on_write=False)
    other = bootstrap.open_journal(Settings("memory://"), project_on_write=False)
    try:
        generate(journal, 3_000, seed=5)
        generate(again, 3_000, seed=5)
        generate(other, 3_000, seed=6)

        assert stored(journal) == stored(again)
        assert stored(journal) != stored(other)
    finally:
        again.close()
        other.close()


def test_the_dataset_has_every_kind_of_event_and_about_as_many_as_asked(
    journal: Journal,
) -> None:
    dataset = generate(journal, 20_000, seed=1)

    assert 18_000 <= dataset.events <= 22_000
    # An erasure deletes a key rather than writing history; the benchmarks leave it out.
    erasure = "journal.domain.people:Person.Erased"
    assert {topic for _, _, topic, _ in stored(journal)} == event_topics() - {erasure}


def test_the_featured_people_can_sign_in_and_have_a_history(journal: Journal) -> None:
    dataset = generate(journal, 5_000, seed=2)
    journal.read.catch_up()

    for role, username in dataset.logins.items():
        account = journal.read.accounts.by_username(username)
        assert account is not None and account.role == role and account.can_sign_in
    leader = journal.read.people.get(dataset.leader_id)
    employee = journal.read.people.get(dataset.employee_id)
    assert leader is not None and employee is not None
    assert employee.leader_id == leader.person_id
    assert journal.read.timeline.count_for_employee(dataset.employee_id) > 5
    assert dataset.password == PASSWORD


def test_a_generated_sqlite_store_keeps_an_unbroken_hash_chain(tmp_path: Path) -> None:
    app = bootstrap.open_journal(
        Settings(f"sqlite:///{tmp_path / 'bench.sqlite3'}"), project_on_write=False
    )
    try:
        dataset = generate(app, 3_000, seed=3)
        report = app.verify_log()
    finally:
        app.close()

    assert report is not None and report.intact, [p.describe() for p in report.problems][:5]
    assert report.events == dataset.events
