"""A rebuild on two cores: the read models dealt to two processes, each replaying the log.

Applying events is Python work that one process does on one core. So ``journal rebuild``
of a large log deals the read models to two groups: this process rebuilds one in place,
and a second process builds the other beside the live tables (in a SQLite file or a
PostgreSQL schema of its own, as an online rebuild does, journal/projections/online.py),
decoding only the events its read models apply. When both are done, the second group's
tables are taken in, their indexes built, and the events written meanwhile applied.

The two read models that apply nearly every event (the event index and the timelines)
go to different processes; the others are dealt by their measured cost.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy import create_engine as sa_create_engine

from journal.projections.base import Projection
from journal.projections.online import builder_for, remove_sqlite_file, switch, switch_sqlite
from journal.projections.runner import Progress, Projector, create_indexes, secondary_indexes
from journal.sql import create_engine

#: Below this many events a second process costs more to start than it saves.
PARALLEL_FROM = 50_000
SCHEMA = "journal_parallel"
#: Seconds each read model took to build alone from 100k events (2026-12-06), its
#: events' decoding included; a read model not named here counts as one.
COST = {
    "timeline": 4.0,
    "event_index": 3.9,
    "cadence": 1.9,
    "coaching_log": 1.9,
    "calendar_months": 1.4,
    "calendar_audit": 1.2,
    "task_board": 1.0,
    "nps": 1.0,
}

#: Opens the journal in the second process; returns (projector, closing function).
Opener = Callable[[], tuple[Projector, Callable[[], None]]]


def deal(names: Sequence[str]) -> tuple[list[str], list[str]]:
    """The read models in two groups of about equal cost: the dearest first, each to the
    group that costs less so far (the two that apply nearly every event end up apart)."""
    groups: tuple[list[str], list[str]] = ([], [])
    totals = [0.0, 0.0]
    for name in sorted(names, key=lambda n: -COST.get(n, 1.0)):
        cheaper = 0 if totals[0] <= totals[1] else 1
        groups[cheaper].append(name)
        totals[cheaper] += COST.get(name, 1.0)
    return groups


def rebuild_on_two_cores(
    projector: Projector,
    opener: Opener,
    names: Sequence[str] | None = None,
    progress: Progress | None = None,
    batch_size: int | None = None,
) -> int:
    """Drop and rebuild the named read models (all by default) with a second process
    building half of them; the events this process applied."""
    every = {p.name: p for p in projector.everyone()}
    chosen = list(names or every)
    here, beside = deal(chosen)
    if projector.head() < PARALLEL_FROM or not here or not beside:
        return projector.rebuild(chosen, progress, batch_size)
    live = projector.engine
    target = _prepare_beside(live)
    context = multiprocessing.get_context("spawn")
    opened = context.Event()
    child = context.Process(
        target=_build_beside, args=(opener, opened, beside, target, batch_size), daemon=True
    )
    child.start()
    # Opening a journal writes a little (its tables, its keys): let the second process do
    # that before this one holds the write lock for seconds at a time.
    while not opened.wait(0.1) and child.is_alive():
        pass
    try:
        applied = projector.rebuild(here, progress, batch_size)
    finally:
        child.join()
    try:
        if child.exitcode != 0:
            raise RuntimeError(f"the second rebuild process stopped with {child.exitcode}")
        _take_in(projector, [every[name] for name in beside], target)
    finally:
        _clear_beside(live, target)
    projector.thaw()
    projector.catch_up()  # what was written while the second group was built
    return applied


def _prepare_beside(live: Engine) -> str:
    """Where the second process builds: an empty SQLite file's path or a fresh schema."""
    if live.dialect.name == "sqlite":
        fresh = Path(f"{live.url.database}.parallel")
        remove_sqlite_file(fresh)
        return str(fresh)
    with live.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    return SCHEMA


def _clear_beside(live: Engine, target: str) -> None:
    if live.dialect.name == "sqlite":
        remove_sqlite_file(Path(target))
        return
    with live.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))


def _build_beside(
    opener: Opener, opened: Any, names: list[str], target: str, batch_size: int | None
) -> None:
    """In the second process: build ``names`` from the whole log at ``target``."""
    projector, close = opener()
    opened.set()
    try:
        live = projector.engine
        if live.dialect.name == "sqlite":
            engine = create_engine(f"sqlite:///{target}")
        else:
            url = live.url.render_as_string(hide_password=False)
            engine = sa_create_engine(url, connect_args={"options": f"-c search_path={target}"})
        every = {p.name: p for p in projector.everyone()}
        builder = builder_for(projector, engine, [every[name] for name in names])
        tables = [t for name in names for t in every[name].tables]
        with engine.begin() as conn:  # indexes are built once the rows are in
            for index in secondary_indexes(tables):
                index.drop(conn)
        builder.catch_up(None, batch_size or builder.rebuild_batch_size)
        if engine.dialect.name != "sqlite":  # moved as they are; SQLite's are made on copy
            create_indexes(engine, tables)
        engine.dispose()
    finally:
        close()


def _take_in(projector: Projector, built: list[Projection], target: str) -> None:
    """Put the tables built beside in place of the live ones, with their positions and
    versions, in one transaction; then build their indexes."""
    live = projector.engine
    tables = [t for p in built for t in p.tables]
    if live.dialect.name == "sqlite":
        _take_in_sqlite(live, built, target)
    else:
        with live.begin() as conn:
            home = conn.execute(text("SELECT current_schema()")).scalar_one()
            tracked = f"SELECT name, position FROM {SCHEMA}.projection_tracking"  # nosec B608
            found = conn.execute(text(tracked))
            positions = {name: int(position) for name, position in found}
            projector.lock_positions(conn)
            for table in tables:
                conn.execute(text(f'DROP TABLE IF EXISTS "{home}"."{table.name}" CASCADE'))
                conn.execute(text(f'ALTER TABLE {SCHEMA}."{table.name}" SET SCHEMA "{home}"'))
            switch(conn, built, positions)
    create_indexes(live, tables)


def _take_in_sqlite(live: Engine, built: list[Projection], target: str) -> None:
    raw = live.raw_connection()
    try:
        sqlite: Any = raw.driver_connection
        sqlite.execute("ATTACH DATABASE ? AS built", (target,))
        try:
            sqlite.execute("BEGIN IMMEDIATE")
            try:
                for table in [t for p in built for t in p.tables]:
                    (ddl,) = sqlite.execute(
                        "SELECT sql FROM built.sqlite_master WHERE type = 'table' AND name = ?",
                        (table.name,),
                    ).fetchone()
                    sqlite.execute(f'DROP TABLE IF EXISTS main."{table.name}"')
                    sqlite.execute(ddl)
                    sqlite.execute(
                        f'INSERT INTO main."{table.name}" SELECT * FROM built."{table.name}"'  # nosec B608
                    )
                positions = dict(
                    sqlite.execute("SELECT name, position FROM built.projection_tracking")
                )
                switch_sqlite(sqlite, built, positions)
                sqlite.execute("COMMIT")
            except BaseException:
                sqlite.execute("ROLLBACK")
                raise
        finally:
            sqlite.execute("DETACH DATABASE built")
    finally:
        raw.close()
