"""HTTP write throughput: the journal's API against a bare fsync'd insert, same gunicorn.

gunicorn with 2 workers serves the app on the run's smallest generated store; a load
generator in another process (benchmarks/load.py) keeps 4 keep-alive connections posting
customer feedback with a leader's bearer token for a bounded time. The baseline is
benchmarks/bare_app.py on the same store kind, under the same load. Rounds alternate the
two; figures are medians of the rounds' rates. Any answer that is not 2xx counts as an
error (on SQLite, "database is locked" would show up here).
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from benchmarks.bare_app import create_table
from benchmarks.browser import api_token
from benchmarks.context import BenchContext, median
from benchmarks.results import Measurement
from tests.serving import ROOT, served

CONNECTIONS = 4


def load(url: str, path: str, request: dict[str, Any], seconds: float) -> dict[str, Any]:
    """Run the load generator in a process of its own and return what it counted."""
    finished = subprocess.run(
        [sys.executable, "-m", "benchmarks.load", url, path, str(seconds), str(CONNECTIONS)],
        input=json.dumps(request), capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    counted: dict[str, Any] = json.loads(finished.stdout)
    return counted


def feedback_request(url: str, data: Any) -> tuple[str, dict[str, Any]]:
    """The path and request that records one piece of feedback as the featured leader."""
    token = api_token(url, data.logins["leader"], data.password)
    body = {
        "score": 9, "channel": "phone", "received_at": "2026-10-30T10:00:00+00:00",
        "comment": "Hurtig og venlig hjælp med min faktura, tak for det.",
    }  # fmt: skip
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    path = f"/api/v1/people/{data.employee_id}/feedback"
    return path, {"body": json.dumps(body), "headers": headers}


def measure(ctx: BenchContext, store: str, mode: str) -> list[Measurement]:
    """Rounds of journal and bare endpoint under the same load, on one store."""
    filled = ctx.projected(store, min(ctx.sizes))
    bare = ctx.fresh_settings(store, database="bare")
    create_table(bare.database_url)
    rounds, seconds = (1, 1.5) if ctx.smoke else (3, 8.0)  # a smoke run: it works at all
    rates: dict[str, list[float]] = {"journal": [], "bare endpoint": []}
    errors: dict[str, int] = {"journal": 0, "bare endpoint": 0}
    with (
        served(filled.settings, ctx.folder, workers=2, JOURNAL_PROJECTIONS=mode) as journal_url,
        served(bare, ctx.folder, workers=2, app="benchmarks.bare_app:app",
               BARE_DATABASE_URL=bare.database_url) as bare_url,
    ):  # fmt: skip
        path, request = feedback_request(journal_url, filled.dataset)
        bare_request = {"body": request["body"], "headers": {"Content-Type": "application/json"}}
        for _ in range(rounds):
            for case, url, where, what in (
                ("journal", journal_url, path, request),
                ("bare endpoint", bare_url, "/write", bare_request),
            ):
                counted = load(url, where, what, seconds)
                rates[case].append(counted["ok"] / counted["seconds"])
                errors[case] += sum(counted["failed"].values())
                if counted["failed"]:
                    ctx.log(f"http_write: {store}, {case} failures: {counted['failed']}")
    label = f"journal ({mode} projections)"
    ctx.log(
        f"http_write: {store}, {label}: {median(rates['journal']):.0f} requests/s, bare "
        f"endpoint {median(rates['bare endpoint']):.0f} requests/s"
    )
    return [
        m
        for case, name in (("journal", label), ("bare endpoint", f"bare endpoint ({mode})"))
        for m in (
            Measurement("http_write", store, name, 0, "requests/s", median(rates[case]), rounds),
            Measurement("http_write", store, name, 0, "errors", errors[case], rounds),
        )
    ]


def run(ctx: BenchContext) -> list[Measurement]:
    """SQLite projects inline (its only layout); PostgreSQL both inline and with a worker."""
    measurements: list[Measurement] = []
    for store in ctx.stores:
        for mode in ("inline",) if store == "sqlite" else ("inline", "worker"):
            measurements += measure(ctx, store, mode)
    return measurements
