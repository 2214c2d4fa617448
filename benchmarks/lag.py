"""Projection lag: from a command's commit to its row being visible in the read model.

Two layouts, on a store holding the benchmark dataset (benchmarks/dataset.py):

- ``worker`` (PostgreSQL only, the production layout): the benchmark writes as an app
  process in worker mode does (``project_on_write=False``) while ``journal project
  --follow`` runs in a process of its own. The clock starts when the command returns (its
  transaction has committed) and stops when the new interaction's row is in the employee's
  timeline table, which the benchmark looks up every millisecond on its own connection.
- ``inline`` (every store): a command that projects on write. The row is looked up once,
  as soon as the command returns; found, the lag is zero. A row not yet there would be
  timed as above, so anything but zero would show.

Writes are made one at a time with a short pause after each, so each finds the worker
waiting for news: this is the lag of one write, not of a queue. A write's lag does not
depend on the history's length (the worker reads the log from its tracked position), so
it is measured at the smallest size asked for.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from itertools import count
from pathlib import Path
from uuid import UUID

from sqlalchemy import select

from benchmarks import dataset
from benchmarks.context import BenchContext, median, percentile
from benchmarks.results import Measurement
from journal import bootstrap, clock
from journal.commands import Journal
from journal.projections.timeline import timeline
from journal.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
FULL_SAMPLES = 200  # writes per figure outside a smoke run
PAUSE_SECONDS = 0.02  # after each write: let the worker go back to waiting
LOOK_SECONDS = 0.001  # between two looks at the read model
GIVE_UP_SECONDS = 10.0


class Interactions:
    """Logs one 1-to-1 after another for the dataset's featured leader and employee."""

    def __init__(self, journal: Journal, data: dataset.Dataset) -> None:
        self.journal = journal
        self.data = data
        self.numbers = count()

    def log(self) -> UUID:
        """Log the next 1-to-1, recorded just after the dataset's "today"."""
        n = next(self.numbers)
        moment = dataset.TODAY + timedelta(hours=8, seconds=n)
        with clock.frozen_at(moment):
            return self.journal.log_interaction(
                leader_id=self.data.leader_id,
                employee_id=self.data.employee_id,
                kind="one_to_one",
                occurred_at=moment - timedelta(hours=1),
                minutes=30,
                shared_notes="Målt forsinkelse",
            )


def visible(journal: Journal, interaction: UUID) -> bool:
    """Whether the interaction's entry is in the employee's timeline table."""
    query = select(timeline.c.entry_key).where(timeline.c.entry_key == str(interaction))
    with journal.read.engine.connect() as conn:
        return conn.execute(query).first() is not None


def lag_ms(write: Callable[[], UUID], reader: Journal) -> float:
    """Make one write; milliseconds until the read model shows it (0 if it already does)."""
    interaction = write()
    returned = time.perf_counter()
    if visible(reader, interaction):
        return 0.0
    while not visible(reader, interaction):
        if time.perf_counter() - returned > GIVE_UP_SECONDS:
            raise RuntimeError(f"interaction {interaction} not projected in {GIVE_UP_SECONDS}s")
        time.sleep(LOOK_SECONDS)
    return (time.perf_counter() - returned) * 1000


def lags(write: Callable[[], UUID], reader: Journal, samples: int) -> list[float]:
    """The lag of ``samples`` writes, one at a time."""
    found = []
    for _ in range(samples):
        found.append(lag_ms(write, reader))
        time.sleep(PAUSE_SECONDS)
    return found


class WorkerProcess:
    """``journal project --follow`` on the benchmark's store, in a process of its own."""

    def __init__(self, settings: Settings, log: Path) -> None:
        self.log = log
        with log.open("wb") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "journal.entry.cli", "project", "--follow"],
                cwd=ROOT, env={**os.environ, "JOURNAL_DATABASE_URL": settings.database_url},
                stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def wait_until_caught_up(self) -> None:
        """Until it has taken the lock and applied the backlog."""
        deadline = time.monotonic() + 600
        while "Caught up" not in self.log.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the projection worker did not start: {self.log.read_text()}")
            time.sleep(0.05)

    def stop(self) -> None:
        """SIGTERM, as a service manager stops it."""
        self.process.terminate()
        self.process.wait(timeout=30)


def measure(ctx: BenchContext, store: str, size: int, samples: int) -> list[Measurement]:
    """Inline lag on this store; on PostgreSQL also the lag with a worker process."""
    filled = ctx.projected(store, size)  # the run's shared store; lag runs last, it writes
    settings, data = filled.settings, filled.dataset
    journal = bootstrap.open_journal(settings)
    try:
        ctx.log(f"lag: {store}, {data.events:,} events, {samples} writes inline")
        figures = {"inline": lags(Interactions(journal, data).log, journal, samples)}
        if store == "postgresql":
            writer = bootstrap.open_journal(settings, project_on_write=False)
            worker = WorkerProcess(settings, ctx.folder / f"lag-worker-{size}.log")
            try:
                worker.wait_until_caught_up()
                ctx.log(f"lag: {store}, {samples} writes with a worker process")
                figures["worker"] = lags(Interactions(writer, data).log, journal, samples)
            finally:
                worker.stop()
                writer.close()
    finally:
        journal.close()
    return [
        m
        for case, values in figures.items()
        for m in (
            Measurement("lag", store, case, size, "p50 ms", median(values), len(values)),
            Measurement("lag", store, case, size, "p95 ms", percentile(values, 0.95), len(values)),
        )
    ]


def run(ctx: BenchContext) -> list[Measurement]:
    """Lag inline on every store, and with a worker process on PostgreSQL."""
    samples = ctx.repeat if ctx.smoke else max(ctx.repeat, FULL_SAMPLES)
    size = min(ctx.sizes)
    return [m for store in ctx.stores for m in measure(ctx, store, size, samples)]
