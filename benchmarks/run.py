"""Measure the journal's costs that matter, side by side, and print medians.

1. Point-in-time reads: a leader's priorities as known at a moment, from the event
   index plus the nearest snapshot, against replaying the whole stream up to then.
2. Read-your-writes: a command that brings projections up to date before it returns,
   against the same command that leaves projecting to a worker.
3. Rebuild: events per second when every projection is rebuilt from the log.

Each store runs in a fresh database. The machine is shared and noisy: compare the
ratios within one run rather than the absolute times across runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
from eventsourcing.application import project_aggregate

from journal import clock
from journal.application import Journal
from journal.domain.leadership import LeaderCalendar
from journal.settings import Settings

POSTGRES_URL = os.environ.get(
    "JOURNAL_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
START = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)


def median_ms(action: Callable[[], object], repeat: int) -> float:
    """The median wall time of ``action`` in milliseconds."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def fresh_settings(store: str, folder: Path) -> Settings:
    """An empty store of the given kind."""
    if store == "sqlite":
        path = folder / f"bench-{time.monotonic_ns()}.sqlite3"
        return Settings(f"sqlite:///{path}")
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return Settings(POSTGRES_URL)


def leader_with_long_calendar(journal: Journal, entries: int) -> tuple:
    """A leader with ``entries`` time entries, one recorded per simulated day."""
    with clock.frozen_at(START):
        leader = journal.register_person(role="leader", name="Bente Bench", email="b@example.com")
    with journal.projections_deferred():
        for day in range(entries):
            moment = START + timedelta(days=day, hours=1)
            with clock.frozen_at(moment):
                journal.log_time(leader, on=moment.date(), minutes=60, category="people")
    return leader, START + timedelta(days=entries * 0.95)


def replay_up_to(journal: Journal, stream_id: object, known_at: datetime) -> LeaderCalendar:
    """The naive way: read the whole stream and fold the events recorded by then."""
    events = [e for e in journal.events.get(stream_id) if e.timestamp <= known_at]
    calendar = project_aggregate(None, events)
    assert isinstance(calendar, LeaderCalendar)
    return calendar


def bench_point_in_time(store: str, folder: Path, entries: int, repeat: int) -> None:
    """Compare the indexed, snapshotted as-of read with a full replay."""
    journal = Journal(fresh_settings(store, folder))
    try:
        leader, known_at = leader_with_long_calendar(journal, entries)
        stream_id = LeaderCalendar.create_id(leader)
        indexed = journal.history.priorities(leader, known_at=known_at)
        replayed = replay_up_to(journal, stream_id, known_at)
        assert indexed.version == replayed.version
        fast = median_ms(lambda: journal.history.priorities(leader, known_at=known_at), repeat)
        slow = median_ms(lambda: replay_up_to(journal, stream_id, known_at), repeat)
        print(
            f"{store:<10} as-of read, {entries}-event stream: index+snapshot {fast:7.2f} ms, "
            f"full replay {slow:7.2f} ms, ratio {slow / fast:5.1f}x"
        )
    finally:
        journal.close()


def bench_read_your_writes(store: str, folder: Path, repeat: int) -> None:
    """Compare a command that projects before returning with one that leaves it to a worker."""
    settings = fresh_settings(store, folder)
    inline = Journal(settings)
    deferred = Journal(settings, project_on_write=False)
    try:
        with clock.frozen_at(START):
            leader = inline.register_person(role="leader", name="Lis", email="l@example.com")
            employee = inline.register_person(
                role="employee", name="Eik", email="e@example.com", leader_id=leader
            )
        moment = START + timedelta(days=1)

        def log(journal: Journal) -> Callable[[], object]:
            def command() -> object:
                with clock.frozen_at(moment):
                    return journal.log_interaction(
                        leader_id=leader,
                        employee_id=employee,
                        kind="one_to_one",
                        occurred_at=moment,
                        minutes=30,
                        shared_notes="Godt",
                    )

            return command

        projecting = median_ms(log(inline), repeat)
        storing = median_ms(log(deferred), repeat)
        print(
            f"{store:<10} log_interaction: store only {storing:6.2f} ms, store+project "
            f"{projecting:6.2f} ms, ratio {projecting / storing:4.1f}x"
        )
    finally:
        deferred.close()
        inline.close()


def bench_rebuild(store: str, folder: Path) -> None:
    """Rebuild every projection from the demo organisation's log."""
    from journal.demo import load_demo

    journal = Journal(fresh_settings(store, folder))
    try:
        began = time.perf_counter()
        summary = load_demo(journal, seed=7, today=date(2026, 11, 1))
        loaded = time.perf_counter() - began
        began = time.perf_counter()
        journal.read.rebuild()
        rebuilt = time.perf_counter() - began
        print(
            f"{store:<10} demo: {summary.events} events loaded in {loaded:5.1f} s; "
            f"rebuild of all projections {rebuilt:5.1f} s "
            f"({summary.events / rebuilt:,.0f} events/s)"
        )
    finally:
        journal.close()


def main() -> None:
    """Run every benchmark on every store named."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", default="sqlite,postgresql")
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=31)
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for store in args.stores.split(","):
            bench_point_in_time(store, Path(folder), args.entries, args.repeat)
            bench_read_your_writes(store, Path(folder), args.repeat)
            if not args.skip_demo:
                bench_rebuild(store, Path(folder))


if __name__ == "__main__":
    main()
