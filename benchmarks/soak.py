"""The soak: sixteen clients for a minute, four reads to a write, against four workers.

gunicorn with 4 workers serves the app on the run's smallest generated store, SQLite and
PostgreSQL alike. A load process (benchmarks/soak_load.py) runs 16 keep-alive clients
for 60 s (a few seconds in a smoke run): 80 % reads of a leader's and an employee's
pages of the API, 20 % writes of customer feedback, each with a marker and an
``Idempotency-Key`` of its own. Reported: requests/s, p50 and p99 latency, answers 5xx
(there must be none), and the same beside a bare Flask app on the same gunicorn settings
and store (benchmarks/bare_app.py: an indexed read, or one fsync'd insert), as ratios.
Afterwards, with the server stopped, every write the server
acknowledged must be in the log exactly once (its stream holds one recording, and no
marker was recorded twice), and the log and the security trail must verify.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from typing import Any
from uuid import UUID

from benchmarks.bare_app import create_table
from benchmarks.browser import api_token
from benchmarks.context import BenchContext
from benchmarks.results import Measurement
from journal import bootstrap, clock
from tests.serving import ROOT, served

CLIENTS = 16
WORKERS = 4
READ_SHARE = 0.8


def plan_for(url: str, data: Any) -> dict[str, Any]:
    """What the clients read and write, as the dataset's featured leader."""
    token = api_token(url, data.logins["leader"], data.password)
    employee, leader = data.employee_id, data.leader_id
    return {
        "token": token,
        "reads": [
            f"/api/v1/people/{employee}/timeline",
            f"/api/v1/people/{employee}/tasks",
            f"/api/v1/leaders/{leader}/cadence",
            f"/api/v1/leaders/{leader}/coaching-log",
        ],
        "write": f"/api/v1/people/{employee}/feedback",
        "body": {
            "score": 9,
            "channel": "phone",
            "received_at": (clock.now() - timedelta(days=1)).isoformat(),
        },  # fmt: skip
        "read_share": READ_SHARE,
    }


def load(url: str, plan: dict[str, Any], seconds: float, clients: int) -> dict[str, Any]:
    """Run the clients in a process of their own and return what they counted."""
    finished = subprocess.run(
        [sys.executable, "-m", "benchmarks.soak_load", url, str(seconds), str(clients)],
        input=json.dumps(plan), capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    counted: dict[str, Any] = json.loads(finished.stdout)
    return counted


def written_once(settings: Any, acknowledged: list[list[str]]) -> tuple[int, int, bool]:
    """Of the acknowledged writes: how many are missing from the log, how many markers
    were recorded more than once, and whether the log and the security trail verify."""
    journal = bootstrap.open_journal(settings, project_on_write=False)
    try:
        missing = 0
        for feedback_id, _marker in acknowledged:
            stream = list(journal.events.get(UUID(feedback_id)))
            created = [e for e in stream if e.originator_version == 1]
            missing += len(created) != 1
        recorded = journal.history.every(event_types=["Feedback.Recorded"])
        markers = Counter(
            str(e.data.get("comment", "")) for e in recorded
            if str(e.data.get("comment", "")).startswith("soak ")
        )  # fmt: skip
        duplicated = sum(1 for count in markers.values() if count > 1)
        journal.read.catch_up()
        report = journal.verify_log()
        intact = report is not None and report.intact and journal.trail.verify().intact
    finally:
        journal.close()
    return missing, duplicated, intact


def measure(ctx: BenchContext, store: str) -> list[Measurement]:
    """One soak on one store."""
    filled = ctx.projected(store, min(ctx.sizes))
    # A smoke run checks the soak works: two workers boot in half the time of four.
    seconds, clients, workers = (1.5, 4, 2) if ctx.smoke else (60.0, CLIENTS, WORKERS)
    with served(filled.settings, ctx.folder, workers=workers) as url:
        counted = load(url, plan_for(url, filled.dataset), seconds, clients)
    bare = bare_soak(ctx, store, seconds, clients, workers)
    statuses = Counter(counted["statuses"])
    server_errors = sum(n for status, n in statuses.items() if status.startswith("5"))
    other_failures = sum(n for status, n in statuses.items() if not status.startswith(("2", "5")))
    missing, duplicated, intact = written_once(filled.settings, counted["acknowledged"])
    rate = counted["requests"] / counted["seconds"]
    ctx.log(
        f"soak: {store}, {clients} clients, {counted['seconds']:.0f} s: {rate:.0f} requests/s, "
        f"p50 {counted['p50_ms']:.1f} ms, p99 {counted['p99_ms']:.1f} ms, "
        f"answers {dict(statuses)}, "
        f"{len(counted['acknowledged'])} writes acknowledged, {missing} missing, "
        f"{duplicated} twice, log {'intact' if intact else 'BROKEN'}"
    )
    case = f"{clients} clients, {workers} workers"
    bare_rate = bare["requests"] / bare["seconds"]
    ctx.log(
        f"soak: {store}, bare app: {bare_rate:.0f} requests/s, p99 {bare['p99_ms']:.1f} ms; "
        f"the journal {rate / bare_rate:.2f}x its requests/s, "
        f"{counted['p99_ms'] / bare['p99_ms']:.2f}x its p99"
    )
    return [
        Measurement("soak", store, case, 0, "bare app requests/s", bare_rate, 1),
        Measurement("soak", store, case, 0, "bare app p99 ms", bare["p99_ms"], 1),
        Measurement("soak", store, case, 0, "requests/s vs bare", rate / bare_rate, 1),
        Measurement("soak", store, case, 0, "p99 vs bare", counted["p99_ms"] / bare["p99_ms"], 1),
        Measurement("soak", store, case, 0, "requests/s", rate, 1),
        Measurement("soak", store, case, 0, "p50 ms", counted["p50_ms"], 1),
        Measurement("soak", store, case, 0, "p99 ms", counted["p99_ms"], 1),
        Measurement("soak", store, case, 0, "errors", server_errors, 1),
        Measurement("soak", store, case, 0, "other failures", other_failures, 1),
        Measurement("soak", store, case, 0, "writes acknowledged", len(counted["acknowledged"]), 1),
        Measurement("soak", store, case, 0, "writes lost or doubled", missing + duplicated, 1),
        Measurement("soak", store, case, 0, "log intact", 1.0 if intact else 0.0, 1),
    ]


def bare_soak(
    ctx: BenchContext, store: str, seconds: float, clients: int, workers: int
) -> dict[str, Any]:
    """The same clients and mix against benchmarks/bare_app.py on the same gunicorn
    settings and store kind: an indexed read, or one fsync'd insert."""
    bare = ctx.fresh_settings(store, database="bare_soak")
    create_table(bare.database_url)
    plan = {"token": "none", "reads": ["/read"], "write": "/write",
            "body": {"score": 9}, "read_share": READ_SHARE}  # fmt: skip
    with served(bare, ctx.folder, workers=workers, app="benchmarks.bare_app:app",
                BARE_DATABASE_URL=bare.database_url) as url:  # fmt: skip
        return load(url, plan, seconds, clients)


def run(ctx: BenchContext) -> list[Measurement]:
    """The soak on every store."""
    measurements: list[Measurement] = []
    for store in ctx.stores:
        measurements += measure(ctx, store)
    return measurements
