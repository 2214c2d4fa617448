"""What every benchmark shares: the stores to run on, fresh empty stores, and statistics.

Each measurement runs in a fresh store: a new SQLite file, or the ``journal_bench``
PostgreSQL database emptied first (never the test suite's database).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

from benchmarks import dataset
from journal import bootstrap
from journal.settings import Settings

POSTGRES_URL = os.environ.get(
    "JOURNAL_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/journal_bench"
)


@dataclass
class Filled:
    """A store holding a generated dataset, how long generating it took, and its state."""

    settings: Settings
    dataset: dataset.Dataset
    generate_seconds: float
    projected: bool = False


@dataclass
class BenchContext:
    """One run of ``scripts/bench``: which stores, how big, how often, where to write."""

    folder: Path
    stores: list[str] = field(default_factory=lambda: ["sqlite", "postgresql"])
    sizes: list[int] = field(default_factory=lambda: [10_000, 100_000, 1_000_000])
    repeat: int = 31
    smoke: bool = False
    postgres_url: str = POSTGRES_URL

    filled_stores: dict[tuple[str, int], Filled] = field(default_factory=dict)

    def fresh_settings(self, store: str, database: str = "") -> Settings:
        """An empty store of the given kind (on PostgreSQL, optionally a database of its own)."""
        if store == "sqlite":
            path = self.folder / f"bench-{time.monotonic_ns()}.sqlite3"
            return Settings(f"sqlite:///{path}")
        url = self.postgres_url
        if database:
            parts = urlsplit(url)
            url = parts._replace(path=f"{parts.path}_{database}").geturl()
        ensure_database(url)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
        return Settings(url)

    def filled(self, store: str, size: int) -> Filled:
        """A store holding the generated dataset of ``size`` events, made once per run.

        The rebuild, read and lag benchmarks share it; its projections are built by the
        first rebuild (see ``projected``).
        """
        key = (store, size)
        if key not in self.filled_stores:
            settings = self.fresh_settings(store, database=str(size))
            journal = bootstrap.open_journal(settings, project_on_write=False)
            try:
                began = time.perf_counter()
                written = dataset.generate(journal, size)
                seconds = time.perf_counter() - began
            finally:
                journal.close()
            self.log(f"dataset: {store}, {written.events:,} events generated in {seconds:.1f} s")
            self.filled_stores[key] = Filled(settings, written, seconds)
        return self.filled_stores[key]

    def projected(self, store: str, size: int) -> Filled:
        """The filled store with every projection up to date."""
        filled = self.filled(store, size)
        if not filled.projected:
            journal = bootstrap.open_journal(filled.settings, project_on_write=False)
            try:
                journal.read.rebuild()
            finally:
                journal.close()
            filled.projected = True
        return filled

    def log(self, message: str) -> None:
        """Progress for the person running the benchmarks."""
        print(message, flush=True)


def ensure_database(url: str) -> None:
    """Create the benchmark database on first use (the server's default database is used)."""
    name = urlsplit(url).path.lstrip("/")
    maintenance = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def timings_ms(action: Callable[[], object], repeat: int) -> list[float]:
    """Wall times of ``repeat`` calls of ``action``, in milliseconds."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    """The ``share`` percentile (0.95 for p95) by the nearest-rank method."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def median(values: list[float]) -> float:
    """The median, for repeated measurements on a noisy machine."""
    return statistics.median(values)
