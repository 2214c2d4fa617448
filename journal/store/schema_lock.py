"""Processes that start together on one PostgreSQL database create its tables in turn.

Every process creates what is missing when it opens the store. The eventsourcing library
does so with statements such as ``CREATE OR REPLACE FUNCTION`` that fail with "tuple
concurrently updated" when two sessions run them at once: gunicorn booting its workers
together on a fresh database did. A session-level advisory lock held while the store is
opened makes them take turns; it costs one short connection per process start.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import psycopg

# Not the projection workers' key (journal.worker.LOCK_KEY): "SCHEMA".
SCHEMA_LOCK_KEY = 0x534348454D41


@contextmanager
def tables_created_in_turn(postgres_url: str | None) -> Iterator[None]:
    """Hold the schema lock for the block on PostgreSQL; elsewhere (None) do nothing."""
    if postgres_url is None:
        yield
        return
    url = urlsplit(postgres_url)._replace(scheme="postgresql").geturl()
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK_KEY,))
        yield  # closing the connection releases the lock, even after an error
