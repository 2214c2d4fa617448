"""Fixtures for the unit tests: a fresh journal on the in-memory store and a small team."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import UUID

import pytest

from journal import bootstrap, clock
from journal.commands import Journal
from journal.settings import Settings
from tests.organisation import T0, Org, build_org


@pytest.fixture
def journal() -> Iterator[Journal]:
    """A journal with events in memory and projections in an in-memory SQLite; closed after."""
    app = bootstrap.open_journal(Settings("memory://"))
    yield app
    app.close()


@pytest.fixture
def team(journal: Journal) -> Org:
    """The test organisation (tests/organisation.py), registered at T0 without accounts."""
    return build_org(journal, at=T0, accounts=False)


@pytest.fixture
def henrik(journal: Journal) -> UUID:
    """Henrik and his team of three, with the addresses the calendar fixtures use."""
    with clock.frozen_at(datetime(2026, 1, 5, tzinfo=UTC)):
        leader = journal.register_person(
            role="leader", name="Henrik Dalsgaard", email="henrik.dalsgaard@kundeservice.example"
        )
        for name in ("Priya Shah", "Soren A Kjaer", "Mads Holm"):
            email = name.lower().replace(" ", ".") + "@kundeservice.example"
            journal.register_person(role="employee", name=name, email=email, leader_id=leader)
    return leader
