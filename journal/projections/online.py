"""Rebuilding read models while the old tables keep serving (``journal rebuild --online``,
and a projection worker that finds a read model older than its code).

The new tables are built beside the live ones, from the whole log: on PostgreSQL in a
schema of their own (a connection whose ``search_path`` names it writes there, the
projections' SQL unchanged), on SQLite in a file of their own, whose rows are copied
in. Then one transaction,
holding the live read models' lock so no catch-up runs meanwhile, applies the events
written during the build, puts the new tables in place of the old, sets their positions
and records their version: readers see the old tables until it commits and the new ones
after, never an empty or half-built one. The build takes a lock of its own first, so of
several processes that start together one builds and the others go on.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy import create_engine as sa_create_engine

from journal.projections import versions
from journal.projections.base import Projection
from journal.projections.runner import Progress, Projector, tracking
from journal.security.sealed import seal_of, use_seal
from journal.sql import create_engine

SCHEMA = "journal_rebuild"
#: The advisory lock of an online rebuild on PostgreSQL: "JRNLBILD" in ASCII.
LOCK_KEY = 0x4A524E4C42494C44


def rebuild_online(
    projector: Projector, names: Sequence[str], progress: Progress | None = None
) -> int | None:
    """Build the named read models anew beside the live ones and switch to them; the
    events applied, or None when another process is doing it already."""
    every = {p.name: p for p in projector.everyone()}
    chosen = [every[name] for name in names]
    live = projector.engine
    with rebuild_lock(live) as mine:
        if not mine:
            return None
        if live.dialect.name == "sqlite":
            applied = _on_sqlite(projector, chosen, progress)
        else:
            applied = _on_postgresql(projector, chosen, progress)
    projector.thaw()
    return applied


def builder_for(projector: Projector, engine: Engine, chosen: list[Projection]) -> Projector:
    """A projector of fresh instances of ``chosen`` writing through ``engine`` (new tables,
    sealed as the live ones are), fed by ``projector``'s log."""
    seal = seal_of(projector.engine.dialect)
    if seal is not None:
        use_seal(engine, seal)
    return Projector(
        projector.recorder, projector.mapper, engine, [type(p)(engine) for p in chosen],
        projector.before_catch_up, building=True,
    )  # fmt: skip


def _on_postgresql(
    projector: Projector, chosen: list[Projection], progress: Progress | None
) -> int:
    live = projector.engine
    with live.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
        home = conn.execute(text("SELECT current_schema()")).scalar_one()
    url = live.url.render_as_string(hide_password=False)
    engine = sa_create_engine(url, connect_args={"options": f"-c search_path={SCHEMA}"})
    try:
        builder = builder_for(projector, engine, chosen)
        applied = builder.catch_up(progress, builder.rebuild_batch_size)
        with live.begin() as conn:
            projector.lock_positions(conn)  # no live catch-up meanwhile
            conn.execute(text(f"SET LOCAL search_path TO {SCHEMA}"))
            applied += builder.apply_pending(conn)  # what was written during the build
            built = builder.lock_positions(conn)
            conn.execute(text(f'SET LOCAL search_path TO "{home}"'))
            for table in [t for p in chosen for t in p.tables]:
                conn.execute(text(f'DROP TABLE IF EXISTS "{home}"."{table.name}" CASCADE'))
                conn.execute(text(f'ALTER TABLE {SCHEMA}."{table.name}" SET SCHEMA "{home}"'))
            switch(conn, chosen, built)
        with live.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    finally:
        engine.dispose()
    return applied


def _on_sqlite(projector: Projector, chosen: list[Projection], progress: Progress | None) -> int:
    live = projector.engine
    path = Path(str(live.url.database))
    fresh = path.with_name(path.name + ".rebuild")
    remove_sqlite_file(fresh)
    engine = create_engine(f"sqlite:///{fresh}")
    try:
        builder = builder_for(projector, engine, chosen)
        applied = builder.catch_up(progress, builder.rebuild_batch_size)
        raw = live.raw_connection()
        try:
            sqlite = raw.driver_connection
            assert sqlite is not None
            sqlite.execute("BEGIN IMMEDIATE")  # writers wait; readers read the old tables
            try:
                applied += builder.catch_up()  # what was written during the build
                built = builder.positions()
                source = engine.raw_connection()
                try:
                    for table in [t for p in chosen for t in p.tables]:
                        _copy(source.driver_connection, sqlite, table.name)
                finally:
                    source.close()
                switch_sqlite(sqlite, chosen, built)
                sqlite.execute("COMMIT")
            except BaseException:
                sqlite.execute("ROLLBACK")
                raise
        finally:
            raw.close()
    finally:
        engine.dispose()
        remove_sqlite_file(fresh)
    return applied


def remove_sqlite_file(path: Path) -> None:
    """Remove a SQLite file of a build beside the live one, with its WAL and shared memory."""
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)


def _copy(source: Any, sqlite: Any, name: str) -> None:
    """Put the fresh file's table ``name`` (its rows and indexes) in place of the live one,
    in the live connection's transaction (the fresh file is read on a connection of its
    own: attached, it would be locked by that transaction too)."""
    (ddl,) = source.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    indexes = source.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (name,),
    ).fetchall()
    sqlite.execute(f'DROP TABLE IF EXISTS "{name}"')
    sqlite.execute(ddl)
    rows = source.execute(f'SELECT * FROM "{name}"')  # nosec B608 (a table's own name)
    while chunk := rows.fetchmany(5_000):
        marks = ", ".join("?" for _ in chunk[0])
        sqlite.executemany(f'INSERT INTO "{name}" VALUES ({marks})', chunk)  # nosec B608
    for (index,) in indexes:
        sqlite.execute(index)


def switch(conn: Any, chosen: list[Projection], built: dict[str, int]) -> None:
    """The live tracking positions and versions of the read models just put in place (a
    read model new to the store has no tracking row yet: rows are replaced, not updated)."""
    names = [p.name for p in chosen]
    conn.execute(tracking.delete().where(tracking.c.name.in_(names)))
    conn.execute(tracking.insert(), [{"name": n, "position": built[n]} for n in names])
    versions.record(conn, {p.name: p.version for p in chosen})


def switch_sqlite(sqlite: Any, chosen: list[Projection], built: dict[str, int]) -> None:
    for projection in chosen:
        sqlite.execute("DELETE FROM projection_tracking WHERE name = ?", (projection.name,))
        sqlite.execute(
            "INSERT INTO projection_tracking (name, position) VALUES (?, ?)",
            (projection.name, built[projection.name]),
        )
        sqlite.execute("DELETE FROM projection_versions WHERE name = ?", (projection.name,))
        sqlite.execute(
            "INSERT INTO projection_versions (name, version) VALUES (?, ?)",
            (projection.name, projection.version),
        )


@contextmanager
def rebuild_lock(engine: Engine) -> Iterator[bool]:
    """Whether this process may rebuild online now: an advisory lock on PostgreSQL, a lock
    file beside the SQLite file (a SQLite store lives on one machine)."""
    if engine.dialect.name == "sqlite":
        path = Path(f"{engine.url.database}.rebuild.lock")
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            os.close(descriptor)
        return
    with engine.connect() as conn:
        mine = conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}).scalar()
        conn.commit()
        try:
            yield bool(mine)
        finally:
            if mine:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
                conn.commit()
