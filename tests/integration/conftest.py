"""The same scenarios on every store: in memory, SQLite and PostgreSQL.

PostgreSQL tests use JOURNAL_TEST_POSTGRES_URL (scripts/test sets it to the local
server's `test` database). When that server is unreachable they fail; they never skip.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from journal.application import Journal
from journal.settings import Settings

POSTGRES_URL = os.environ.get(
    "JOURNAL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


def reset_postgres(url: str) -> None:
    """Drop every table in the test database's public schema."""
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL at {url} is not reachable: {error}")


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for one store; each test starts from an empty one."""
    if request.param == "memory":
        return Settings("memory://")
    if request.param == "sqlite":
        return Settings(f"sqlite:///{tmp_path / 'journal.sqlite3'}")
    reset_postgres(POSTGRES_URL)
    return Settings(POSTGRES_URL)


@pytest.fixture
def open_journal(settings: Settings) -> Iterator[Callable[[], Journal]]:
    """Open journals on the test's store (several, like several processes); close them all."""
    opened: list[Journal] = []

    def open_one() -> Journal:
        app = Journal(settings)
        opened.append(app)
        return app

    yield open_one
    for app in opened:
        app.close()


@pytest.fixture
def journal(open_journal: Callable[[], Journal]) -> Journal:
    """One journal on the test's store."""
    return open_journal()
