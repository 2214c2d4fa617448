"""Rebuilding projections in big batches gives exactly the rows of catching up bit by bit;
a read model older than the code is named until it is rebuilt."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest

from benchmarks.dataset import generate
from journal import bootstrap
from journal.commands import Journal
from journal.projections import parallel
from journal.settings import Settings


def all_rows(journal: Journal) -> dict[str, Any]:
    """Every row of every projection."""
    return {name: p.rows() for name, p in journal.read.projector.projections.items()}


def test_a_rebuild_in_big_batches_equals_catching_up_a_few_events_at_a_time(
    journal: Journal,
) -> None:
    journal.project_on_write = False
    written = generate(journal, 2_500, seed=3).events
    # Seven events a batch: most updates find their row stored by an earlier batch.
    journal.read.projector.batch_size = 7
    assert journal.read.catch_up() == written
    bit_by_bit = all_rows(journal)

    assert journal.read.rebuild() == written

    assert all_rows(journal) == bit_by_bit
    assert set(journal.read.projector.positions().values()) == {written}
    assert bit_by_bit["event_index"]["event_index"][-1][0] == written


def test_a_rebuild_puts_back_every_index(journal: Journal) -> None:
    journal.project_on_write = False
    generate(journal, 1_200, seed=4)
    engine = journal.read.engine
    expected = {
        (table.name, index.name)
        for projection in journal.read.projector.projections.values()
        for table in projection.tables
        for index in table.indexes
    }

    journal.read.rebuild()

    from sqlalchemy import inspect

    inspector = inspect(engine)
    found = {
        (table, index["name"])
        for table in {name for name, _ in expected}
        for index in inspector.get_indexes(table)
    }
    assert expected <= found


def indexes_of(journal: Journal) -> set[tuple[str, str]]:
    """(table, index) of every secondary index the read models' tables have."""
    from sqlalchemy import inspect

    inspector = inspect(journal.read.engine)
    return {
        (table.name, found["name"])
        for projection in journal.read.projector.projections.values()
        for table in projection.tables
        for found in inspector.get_indexes(table.name)
    }


def test_a_rebuild_on_two_cores_gives_the_rows_of_a_rebuild_on_one(
    shared_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)  # a second process even for a few events
    journal = bootstrap.open_journal(shared_settings, project_on_write=False)
    try:
        written = generate(journal, 1_000, seed=5).events
        journal.read.rebuild()
        one_core, indexes = all_rows(journal), indexes_of(journal)
        here, beside = parallel.deal(journal.read.names)
        # Rows the second process's rebuild must replace, and a version it must record.
        with journal.read.engine.begin() as conn:
            for name in beside:
                for table in journal.read.projector.projections[name].tables:
                    conn.execute(table.delete())

        applied = parallel.rebuild_on_two_cores(
            journal.read.projector, partial(bootstrap.open_projector, shared_settings)
        )

        assert applied == written
        assert all_rows(journal) == one_core
        assert indexes_of(journal) == indexes
        assert set(journal.read.projector.positions().values()) == {written}
        assert journal.read.projector.outdated() == {}
    finally:
        journal.close()


def test_the_read_models_are_dealt_to_two_cores_with_the_two_that_apply_every_event_apart() -> None:
    names = [
        "people", "accounts", "event_index", "timeline", "coaching_log", "cadence",
        "calendar_audit", "meetings", "calendar_months", "nps", "task_board", "coaching_loop",
        "directory",
    ]  # fmt: skip
    here, beside = parallel.deal(names)
    assert sorted(here + beside) == sorted(names)
    assert ("timeline" in here) != ("timeline" in beside)
    assert ("timeline" in here) == ("event_index" in beside)
    cost = [sum(parallel.COST.get(n, 1.0) for n in group) for group in (here, beside)]
    assert abs(cost[0] - cost[1]) <= 1.0
    assert parallel.deal(["nps"]) == (["nps"], [])


def test_a_read_model_older_than_the_code_is_named_until_it_is_rebuilt(
    shared_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal.projections.nps import Nps

    journal = bootstrap.open_journal(shared_settings)
    try:
        journal.register_person(role="admin", name="Ada", email="ada@example.dk")
        assert journal.read.projector.outdated() == {}
    finally:
        journal.close()
    monkeypatch.setattr(Nps, "version", 2)  # a new version of the code changes the NPS tables
    journal = bootstrap.open_journal(shared_settings)
    try:
        assert journal.read.projector.outdated() == {"nps": (1, 2)}
        journal.read.rebuild(["nps"])
        assert journal.read.projector.outdated() == {}
    finally:
        journal.close()


def test_a_read_model_new_to_a_store_with_events_is_built_beside_not_by_a_request(
    shared_settings: Settings,
) -> None:
    from sqlalchemy import text

    from journal.projections.online import rebuild_online

    journal = bootstrap.open_journal(shared_settings)
    try:
        journal.register_person(role="admin", name="Ada", email="ada@example.dk")
        # As if this version of the code brought the subscriptions read model to the store.
        with journal.read.engine.begin() as conn:
            conn.execute(text("DELETE FROM projection_versions WHERE name = 'subscriptions'"))
            conn.execute(text("DELETE FROM projection_tracking WHERE name = 'subscriptions'"))
    finally:
        journal.close()
    journal = bootstrap.open_journal(shared_settings)
    try:
        assert journal.read.projector.outdated() == {"subscriptions": (0, 1)}
        assert "subscriptions" in journal.read.projector.frozen
        journal.register_person(role="leader", name="Lis", email="lis@example.dk")  # no catch-up
        assert rebuild_online(journal.read.projector, ["subscriptions"]) is not None
        assert journal.read.projector.outdated() == {}
        assert journal.read.projector.positions()["subscriptions"] == journal.read.projector.head()
    finally:
        journal.close()
