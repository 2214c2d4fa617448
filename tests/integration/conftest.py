"""The same scenarios on every store: in memory, SQLite and PostgreSQL.

PostgreSQL tests use JOURNAL_TEST_POSTGRES_URL (scripts/test sets it to the local
server's `test` database). When that server is unreachable they fail; they never skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql

from journal import bootstrap
from journal.commands import Journal
from journal.settings import Settings

SERVER_URL = os.environ.get(
    "JOURNAL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


def worker_url(url: str, worker: str | None) -> str:
    """A database of its own for each pytest-xdist worker (``test_gw0``, ...), so that
    workers never empty each other's tables; the named database itself without xdist."""
    if not worker:
        return url
    parts = urlsplit(url)
    return parts._replace(path=f"/{parts.path.lstrip('/') or 'postgres'}_{worker}").geturl()


POSTGRES_URL = worker_url(SERVER_URL, os.environ.get("PYTEST_XDIST_WORKER"))


def ensure_database(url: str) -> None:
    """Create the worker's database on first use (from the server's named database)."""
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(SERVER_URL, autocommit=True, connect_timeout=5) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return
        with suppress(psycopg.errors.DuplicateDatabase):
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def reset_postgres(url: str, *, drop: bool = False) -> None:
    """Empty every table of the test database's public schema; ``drop`` drops them instead.

    Emptying (TRUNCATE, sequences restarted) keeps the tables and the library's functions,
    so the next journal opens without creating them again; a test of how processes create
    the schema together asks for ``drop``.
    """
    try:
        ensure_database(url)
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            # A connection a test left open fails the reset loudly instead of hanging it.
            conn.execute("SET lock_timeout = '20s'")
            if drop:
                conn.execute("DROP SCHEMA public CASCADE")
                conn.execute("CREATE SCHEMA public")
                return
            tables = [row[0] for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )]  # fmt: skip
            if tables:
                names = sql.SQL(", ").join(sql.Identifier("public", t) for t in tables)
                conn.execute(sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(names))
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL at {url} is not reachable: {error}")


def empty_store(kind: str, tmp_path: Path) -> Settings:
    """Settings for an empty store of the given kind."""
    if kind == "memory":
        return Settings("memory://")
    if kind == "sqlite":
        return Settings(f"sqlite:///{tmp_path / 'journal.sqlite3'}")
    reset_postgres(POSTGRES_URL)
    return Settings(POSTGRES_URL)


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Every store in turn; each test starts from an empty one."""
    return empty_store(request.param, tmp_path)


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """The stores several processes can share (an in-memory store is private to one)."""
    return empty_store(request.param, tmp_path)


class Journals:
    """Opens journals on one store, as separate processes would, and closes them all."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.opened: list[Journal] = []

    def __call__(self, *, project_on_write: bool = True) -> Journal:
        app = bootstrap.open_journal(self.settings, project_on_write=project_on_write)
        self.opened.append(app)
        return app

    def close(self) -> None:
        for app in self.opened:
            app.close()


@pytest.fixture
def journal(settings: Settings) -> Iterator[Journal]:
    """One journal on the test's store."""
    journals = Journals(settings)
    yield journals()
    journals.close()


@pytest.fixture
def open_journal(shared_settings: Settings) -> Iterator[Journals]:
    """Several journals on one shared store (SQLite or PostgreSQL)."""
    journals = Journals(shared_settings)
    yield journals
    journals.close()
