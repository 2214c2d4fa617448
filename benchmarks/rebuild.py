"""Projection rebuild: every read model rebuilt from the whole log, against a raw scan of it.

The dataset (benchmarks/dataset.py) is written once per store and size. Then, in rounds
that alternate the two, the journal drops and rebuilds all its projections as `journal
rebuild` does (journal/projections/parallel.py: from 50,000 events on, on two cores;
decode each event, apply it to the read models, write the rows, then build the indexes),
and the baseline reads every stored event row with the
bare driver (sqlite3 or psycopg) and does nothing with it. Both are reported in events
per second; the figure is the median of the rounds.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from functools import partial

import psycopg

from benchmarks.context import BenchContext, median
from benchmarks.memory import rebuild_peak_mb
from benchmarks.results import Measurement
from journal import bootstrap
from journal.projections.parallel import rebuild_on_two_cores
from journal.settings import Settings

SCAN_CHUNK = 10_000


def raw_scan(settings: Settings, table: str) -> int:
    """Read every stored event row in log order with the bare driver; return how many."""
    rows = 0
    if settings.store == "sqlite":
        with sqlite3.connect(settings.sqlite_path) as conn:
            cursor = conn.execute(
                "SELECT rowid, originator_id, originator_version, topic, state "
                f"FROM {table} ORDER BY rowid"
            )
            while chunk := cursor.fetchmany(SCAN_CHUNK):
                rows += len(chunk)
        return rows
    with psycopg.connect(settings.database_url) as conn, conn.cursor(name="scan") as cursor:
        cursor.itersize = SCAN_CHUNK
        cursor.execute(
            "SELECT notification_id, originator_id, originator_version, topic, state "
            f"FROM {table} ORDER BY notification_id"
        )
        while chunk := cursor.fetchmany(SCAN_CHUNK):
            rows += len(chunk)
    return rows


def events_per_second(action: Callable[[], int]) -> float:
    """Run ``action`` (which returns how many events it went through) and return its rate."""
    began = time.perf_counter()
    events = action()
    return events / (time.perf_counter() - began)


def rounds_for(ctx: BenchContext, size: int) -> int:
    """A rebuild of a million events takes a while: fewer rounds for the big sizes."""
    return max(1, min(ctx.repeat, 5 if size <= 10_000 else 3 if size <= 100_000 else 1))


def measure(ctx: BenchContext, store: str, size: int) -> list[Measurement]:
    """Rebuild and raw scan, side by side, on one store holding ``size`` events."""
    filled = ctx.filled(store, size)
    settings, written = filled.settings, filled.dataset.events
    journal = bootstrap.open_journal(settings, project_on_write=False)
    try:
        table = journal.recorder.events_table_name  # type: ignore[attr-defined]
        rebuilt: list[float] = []
        scanned: list[float] = []
        projector, opener = journal.read.projector, partial(bootstrap.open_projector, settings)
        for _ in range(rounds_for(ctx, size)):
            rebuilt.append(events_per_second(lambda: rebuild_on_two_cores(projector, opener)))
            scanned.append(events_per_second(lambda: raw_scan(settings, table)))
        filled.projected = True
    finally:
        journal.close()
    ctx.log(
        f"rebuild: {store}, {written:,} events: journal {median(rebuilt):,.0f} events/s, "
        f"raw scan {median(scanned):,.0f} events/s"
    )
    measured = [
        Measurement("dataset", store, "generator", size, "seconds", filled.generate_seconds, 1),
        *(
            Measurement("rebuild", store, case, size, "events/s", median(rates), len(rates))
            for case, rates in (("journal", rebuilt), ("raw scan", scanned))
        ),
    ]
    if size == max(ctx.sizes):  # once, at the largest size: the command an operator runs
        peak = rebuild_peak_mb(settings)
        ctx.log(f"rebuild: {store}, {written:,} events: `journal rebuild` peak RSS {peak:.0f} MB")
        measured.append(
            Measurement("rebuild", store, "journal rebuild", size, "peak RSS MB", peak, 1)
        )
    return measured


def run(ctx: BenchContext) -> list[Measurement]:
    """Rebuild against raw scan at every size, on every store."""
    return [m for store in ctx.stores for size in ctx.sizes for m in measure(ctx, store, size)]
