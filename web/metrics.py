"""Metrics in Prometheus' text format at ``/metrics`` (prometheus-client).

Under gunicorn every worker counts into files of ``PROMETHEUS_MULTIPROC_DIR`` (set by
web/gunicorn_conf.py), and a scrape sums them, whichever worker answers it. The read
models' positions and lag are read from the store at each scrape, so they are right
whichever process projects (an app process inline, or ``journal project --follow``).

Served to a bearer of ``JOURNAL_METRICS_TOKEN``, or, without one set, to loopback only.
Labels are route templates, event types, projection names and reasons: never a person.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from werkzeug.exceptions import NotFound

from journal.commands import Journal

bp = Blueprint("metrics", __name__)

REQUESTS = Counter(
    "journal_http_requests_total", "HTTP requests answered", ["method", "route", "status"]
)
LATENCY = Histogram(
    "journal_http_request_duration_seconds", "Time to answer a request", ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)  # fmt: skip
EVENTS = Counter("journal_events_written_total", "Events written, by type", ["type"])
SIGN_INS = Counter(
    "journal_sign_in_problems_total", "Sign-ins failed or refused, by kind and reason",
    ["kind", "reason"],
)  # fmt: skip
IMPORTS = Histogram(
    "journal_import_duration_seconds", "Imports (calendars, surveys, people) and their time",
    ["kind"], buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
)  # fmt: skip
REMINDERS = Counter("journal_reminders_total", "Reminder e-mails, by outcome", ["outcome"])

LOOPBACK = ("127.0.0.1", "::1")


class ProjectionLag(Collector):
    """Each read model's position, and how far it is behind the log: in events, and in
    seconds since the first event it has not applied was recorded."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    def collect(self) -> Iterator[GaugeMetricFamily]:
        projector = self.journal.read.projector
        head = projector.head()
        positions = projector.positions()
        position = GaugeMetricFamily(
            "journal_projection_position", "Last log position applied", labels=["projection"]
        )
        events = GaugeMetricFamily(
            "journal_projection_lag_events", "Events not yet applied", labels=["projection"]
        )
        seconds = GaugeMetricFamily(
            "journal_projection_lag_seconds",
            "Age of the oldest event not yet applied (0 when caught up)",
            labels=["projection"],
        )
        ages = {at: self._age(at + 1) for at in set(positions.values()) if at < head}
        for name, at in sorted(positions.items()):
            position.add_metric([name], at)
            events.add_metric([name], head - at)
            seconds.add_metric([name], ages.get(at, 0.0))
        log = GaugeMetricFamily("journal_log_head", "Position of the newest event in the log")
        log.add_metric([], head)
        yield from (log, position, events, seconds)

    def _age(self, position: int) -> float:
        found = self.journal.recorder.select_notifications(start=position, limit=1)
        if not found:
            return 0.0
        event: Any = self.journal.mapper.to_domain_event(found[0])  # a JournalAggregate event
        recorded: datetime = event.timestamp
        return max(0.0, (datetime.now(UTC) - recorded).total_seconds())


def registry() -> CollectorRegistry:
    """What a scrape reports: every worker's counts (or this process's), and the lag."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        found = CollectorRegistry()
        multiprocess.MultiProcessCollector(found)
    else:
        found = CollectorRegistry()
        found.register(_ThisProcess())
    found.register(ProjectionLag(current_app.extensions["journal"]))
    return found


class _ThisProcess(Collector):
    """The default registry's metrics, for a process that is not under gunicorn."""

    def collect(self) -> Iterator[Any]:
        yield from REGISTRY.collect()


@bp.get("/metrics")
def metrics() -> Response:
    """The metrics, to the token's bearer or to loopback; to anyone else this is not here."""
    token = current_app.config["METRICS_TOKEN"]
    sent = request.authorization
    given = sent.token or "" if sent is not None and sent.type == "bearer" else ""
    allowed = hmac.compare_digest(given, token) if token else request.remote_addr in LOOPBACK
    if not allowed:
        raise NotFound()
    return Response(generate_latest(registry()), mimetype=CONTENT_TYPE_LATEST)


def started() -> None:
    """Before each request: when it began."""
    g.metrics_began = time.perf_counter()


def answered(response: Response) -> Response:
    """After each request: counted by its route template (never its ids) and timed."""
    began = g.pop("metrics_began", None)
    if began is not None:
        route = request.url_rule.rule if request.url_rule is not None else "unmatched"
        REQUESTS.labels(request.method, route, str(response.status_code)).inc()
        LATENCY.labels(request.method, route).observe(time.perf_counter() - began)
    return response


def time_import(kind: str, seconds: float) -> None:
    """An import written (calendar, survey, people), and how long it took."""
    IMPORTS.labels(kind).observe(seconds)


def count_events(events: list[Any]) -> None:
    """A save's events, by type (``Interaction.Logged``)."""
    for event in events:
        EVENTS.labels(type(event).__qualname__).inc()


#: The security trail's kinds that are a sign-in failed or refused (journal/security/trail.py).
SIGN_IN_PROBLEMS = ("sign_in_failed", "sign_in_refused", "sso_refused", "link_refused")


def count_trail(kind: str, reason: Any) -> None:
    """A security-trail entry that is a sign-in problem, by kind and reason (a code)."""
    if kind in SIGN_IN_PROBLEMS:
        SIGN_INS.labels(kind, str(reason or "")).inc()


def init_metrics(app: Flask) -> None:
    """Count and time every request and serve /metrics (web/__init__.py's attach_journal
    has each journal count what it writes)."""
    app.before_request(started)
    app.after_request(answered)
    app.register_blueprint(bp)
