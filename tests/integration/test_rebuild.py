"""Rebuilding projections in big batches gives exactly the rows of catching up bit by bit;
a read model older than the code is named until it is rebuilt."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.dataset import generate
from journal import bootstrap
from journal.commands import Journal
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
