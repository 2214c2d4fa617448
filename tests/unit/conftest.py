"""Fixtures for the unit tests: a fresh journal on the in-memory store and a small team."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from journal import bootstrap
from journal.application import Journal
from journal.settings import Settings
from tests.unit.support import Team, register_team


@pytest.fixture
def journal() -> Iterator[Journal]:
    """A journal with events in memory and projections in an in-memory SQLite; closed after."""
    app = bootstrap.open_journal(Settings("memory://"))
    yield app
    app.close()


@pytest.fixture
def team(journal: Journal) -> Team:
    """An admin, a leader with two employees, and a second leader, registered at T0."""
    return register_team(journal)
