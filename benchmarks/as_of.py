"""As-of replay: one employee's own stream as the journal knew it at a past moment.

The employee's stream grows to 100, 1,000 and 10,000 events (changes of passions and
moves between two teams, each a command recorded an hour after the last). The question
is asked at a moment 95% of the way through that history. The journal finds the stream's
version at that moment in the event index (an index on stream and recorded time), loads
the nearest snapshot at or before it and replays the few events after it. The baseline
replays the whole stream from its first event and stops at the moment.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from benchmarks.context import BenchContext, median, percentile, timings_ms
from benchmarks.results import Measurement
from journal import bootstrap, clock
from journal.commands import Journal
from journal.domain.base import replay
from journal.domain.people import PASSIONS, Person

START = datetime(2000, 1, 3, 8, 0, tzinfo=UTC)


def employee_with_history(journal: Journal, events: int) -> tuple[UUID, datetime]:
    """An employee whose own stream holds ``events`` events; and a moment 95% through it."""
    with clock.frozen_at(START):
        admin = journal.register_person(role="admin", name="Ada Admin", email="a@example.com")
        leaders = [
            journal.register_person(role="leader", name=f"Leder {n}", email=f"l{n}@example.com")
            for n in range(2)
        ]
        employee = journal.register_person(
            role="employee", name="Emma Ansat", email="e@example.com", leader_id=leaders[0]
        )
    with journal.projections_deferred():
        for n in range(events - 1):  # registration was the first
            with clock.frozen_at(START + timedelta(hours=n + 1)):
                if n % 2:
                    journal.move_employee(employee, leaders[(n // 2 + 1) % 2], recorded_by=admin)
                else:
                    chosen = [p for i, p in enumerate(PASSIONS) if (n >> i) & 1] or ["customers"]
                    journal.set_passions(employee, chosen, recorded_by=admin)
    return employee, START + timedelta(hours=events * 0.95)


def full_replay(journal: Journal, stream_id: UUID, known_at: datetime) -> Any:
    """The naive way: read the whole stream and fold what was recorded by then."""
    return replay(None, (e for e in journal.events.get(stream_id) if e.timestamp <= known_at))


def measure(ctx: BenchContext, store: str, events: int) -> list[Measurement]:
    """Both ways of reading one employee back, at one history length."""
    journal = bootstrap.open_journal(ctx.fresh_settings(store), project_on_write=False)
    try:
        employee, known_at = employee_with_history(journal, events)
        indexed = journal.history.at_version_known(employee, known_at)
        replayed = full_replay(journal, employee, known_at)
        assert isinstance(indexed, Person) and indexed.version == replayed.version
        fast = timings_ms(lambda: journal.history.at_version_known(employee, known_at), ctx.repeat)
        slow = timings_ms(lambda: full_replay(journal, employee, known_at), ctx.repeat)
    finally:
        journal.close()
    ctx.log(
        f"as-of: {store}, {events} events: index+snapshot p95 {percentile(fast, 0.95):.2f} ms, "
        f"full replay p95 {percentile(slow, 0.95):.2f} ms"
    )
    return [
        Measurement("as_of", store, case, events, metric, value, ctx.repeat)
        for case, times in (("index + snapshot", fast), ("full replay", slow))
        for metric, value in (("p50 ms", median(times)), ("p95 ms", percentile(times, 0.95)))
    ]


def run(ctx: BenchContext) -> list[Measurement]:
    """As-of reads at every history length, on every store."""
    lengths = [20, 200] if ctx.smoke else [100, 1_000, 10_000]
    return [m for store in ctx.stores for events in lengths for m in measure(ctx, store, events)]
