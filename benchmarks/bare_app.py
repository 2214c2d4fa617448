"""The baseline: a bare Flask endpoint doing one raw, fsync'd insert per request (and,
for the soak, one indexed read of the newest rows).

Served by the same gunicorn setup as the journal. Each worker process keeps one
connection; each request inserts one row shaped like a stored event (id, version, topic,
a JSON state of the same size as the journal's) and commits. On SQLite the file is in WAL
mode with synchronous=FULL, as the event store's is; on PostgreSQL the commit waits for
the WAL flush. BARE_DATABASE_URL selects the store (a Settings-style URL).
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from typing import Any

import psycopg
from flask import Flask, request

from journal.settings import Settings

TABLE = (
    "CREATE TABLE IF NOT EXISTS bare_events (originator_id TEXT, originator_version INTEGER, "
    "topic TEXT, state BYTEA, PRIMARY KEY (originator_id, originator_version))"
)
app = Flask(__name__)
settings = Settings(os.environ.get("BARE_DATABASE_URL", "sqlite:///var/bare.sqlite3"))
_connection: Any = None


def connection() -> Any:
    """This worker process's one connection, opened on first use."""
    global _connection
    if _connection is None:
        if settings.store == "sqlite":
            _connection = sqlite3.connect(settings.sqlite_path, isolation_level=None, timeout=30)
            _connection.execute("PRAGMA synchronous=FULL")
        else:
            _connection = psycopg.connect(settings.database_url)
    return _connection


@app.post("/write")
def write() -> tuple[dict[str, str], int]:
    """Insert one row and commit it; the body is stored as the event's state."""
    conn = connection()
    row = (uuid.uuid4().hex, 1, "bench:Written", request.get_data())
    if settings.store == "sqlite":
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO bare_events VALUES (?, ?, ?, ?)", row)
        conn.execute("COMMIT")
    else:
        conn.execute("INSERT INTO bare_events VALUES (%s, %s, %s, %s)", row)
        conn.commit()
    return {"id": row[0]}, 201


@app.get("/read")
def read() -> dict[str, list[str]]:
    """The soak's read baseline: the newest rows' ids, an indexed query of the same store."""
    conn = connection()
    query = "SELECT originator_id FROM bare_events ORDER BY originator_id DESC LIMIT 20"
    return {"ids": [row[0] for row in conn.execute(query).fetchall()]}


def create_table(url: str) -> None:
    """Make the table (in WAL mode on SQLite) before the workers start; they would race."""
    chosen = Settings(url)
    if chosen.store == "sqlite":
        with sqlite3.connect(chosen.sqlite_path) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(TABLE.replace("BYTEA", "BLOB"))
        return
    with psycopg.connect(chosen.database_url, autocommit=True) as conn:
        conn.execute(TABLE)
