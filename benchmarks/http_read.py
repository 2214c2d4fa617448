"""Read latency over HTTP: the pages people open most, at 10k, 100k and 1M events.

The run's generated store (benchmarks/dataset.py) is served by gunicorn with 2 workers,
as ``scripts/run`` does. Each page is fetched by a signed-in visitor over a keep-alive
connection: a few times to warm up, then ``repeat`` times timed. The baseline is the same
page at the smallest size: history grows by years, a team's recent months look alike.
"""

from __future__ import annotations

from collections.abc import Callable

from benchmarks.browser import Visitor
from benchmarks.context import BenchContext, median, percentile, timings_ms
from benchmarks.dataset import Dataset
from benchmarks.memory import workers_peak_mb
from benchmarks.results import Measurement
from tests.serving import served

WARM_UP = 3


def pages(data: Dataset) -> list[tuple[str, str, str]]:
    """(page name, role signed in, path) for every page measured."""
    employee = data.employee_id
    return [
        ("employee: my development", "employee", "/me"),
        ("leader: person page", "leader", f"/people/{employee}"),
        ("leader home", "leader", "/leader"),
        ("audit event log, page 1", "auditor", "/audit/events"),
        ("audit event log, page 20", "auditor", "/audit/events?page=20"),
        ("leader: calendar check", "leader", "/leader/calendar/check"),
        ("leader: my results", "leader", "/leader/results"),
        ("manager overview", "manager", "/manager"),
    ]


def timed(fetch: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds per fetch, after warming up."""
    for _ in range(WARM_UP):
        fetch()
    return timings_ms(fetch, repeat)


def measure(ctx: BenchContext, store: str, size: int) -> list[Measurement]:
    """Every page once the store holds ``size`` events."""
    filled = ctx.projected(store, size)
    data = filled.dataset
    measurements: list[Measurement] = []
    visitors: dict[str, Visitor] = {}
    with served(filled.settings, ctx.folder, workers=2) as url:
        try:
            for role in ("employee", "leader", "auditor", "manager"):
                visitors[role] = Visitor(url)
                visitors[role].sign_in(data.logins[role], data.password)
            for name, role, path in pages(data):
                times = timed(lambda v=visitors[role], p=path: v.get(p), ctx.repeat)
                ctx.log(
                    f"http_read: {store}, {size:,} events, {name}: p50 {median(times):.1f} ms,"
                    f" p95 {percentile(times, 0.95):.1f} ms"
                )
                measurements += [
                    Measurement(
                        "http_read", store, name, size, "p50 ms", median(times), len(times)
                    ),
                    Measurement(
                        "http_read",
                        store,
                        name,
                        size,
                        "p95 ms",
                        percentile(times, 0.95),
                        len(times),
                    ),
                ]
            peak = workers_peak_mb(url)
            ctx.log(f"http_read: {store}, {size:,} events, gunicorn worker peak RSS {peak:.0f} MB")
            measurements.append(
                Measurement("http_read", store, "gunicorn worker", size, "peak RSS MB", peak, 1)
            )
        finally:
            for visitor in visitors.values():
                visitor.close()
    return measurements


def run(ctx: BenchContext) -> list[Measurement]:
    """Every page at every size, on every store."""
    return [m for store in ctx.stores for size in ctx.sizes for m in measure(ctx, store, size)]
