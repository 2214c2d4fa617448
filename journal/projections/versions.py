"""Which shape of each read model its tables have: a projection declares ``version`` (1 to
start with; raised when a change of its tables or handlers needs the log replayed), the
store keeps the version the tables were built with, and a process whose code expects a
newer one than the store holds says so (``/readyz``, ``journal status``) until
``journal rebuild NAME`` has built it anew.

A store made before versions were kept holds no row for a read model that has applied
events: its tables are taken as version 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Column, Connection, Engine, Integer, String, Table, select

from journal.projections.base import Projection, metadata
from journal.sql import READS_ONLY

#: The version a read model built before versions were kept has.
BASELINE = 1

versions = Table(
    "projection_versions",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("version", Integer, nullable=False),
)


def stored(engine: Engine) -> dict[str, int]:
    """The version each read model's tables were built with (read without SQLite's write
    lock: a write in progress elsewhere in this process may be asking)."""
    with engine.execution_options(**{READS_ONLY: True}).connect() as conn:
        return dict(conn.execute(select(versions.c.name, versions.c.version)).all())


def record(conn: Connection, built: Mapping[str, int]) -> None:
    """Note that these read models' tables now have these versions (in ``conn``'s
    transaction: with the rebuild that made them)."""
    if not built:
        return
    conn.execute(versions.delete().where(versions.c.name.in_(list(built))))
    conn.execute(versions.insert(), [{"name": n, "version": v} for n, v in built.items()])


#: The version of a read model that a store's events were never applied to: one this code
#: brings to a store that holds events already.
NEVER_BUILT = 0


def settle(
    engine: Engine, projections: Sequence[Projection], positions: Mapping[str, int], head: int
) -> None:
    """Give each read model without a row its version: the code's for one that has applied
    nothing to an empty store (its tables are the code's), NEVER_BUILT for one new to a
    store with events (it is built beside the others, as an outdated one is, not by the
    first request's catch-up over the whole log), else the baseline."""
    known = stored(engine)
    missing = {
        p.name: (
            (p.version if head == 0 else NEVER_BUILT) if positions.get(p.name, 0) == 0 else BASELINE
        )
        for p in projections
        if p.name not in known
    }
    if missing:
        with engine.begin() as conn:
            record(conn, missing)


def outdated(engine: Engine, projections: Sequence[Projection]) -> dict[str, tuple[int, Any]]:
    """The read models whose tables are older than the code: name -> (stored, expected)."""
    known = stored(engine)
    return {
        p.name: (known.get(p.name, BASELINE), p.version)
        for p in projections
        if known.get(p.name, BASELINE) < p.version
    }
