"""Syncing 100 calendar subscriptions (issue 27): each leader's published address on a
local HTTP server, fetched and imported once, then fetched again with the ETag of the
first answer, which the server answers 304 (nothing changed, nothing written).

A hundred leaders, each subscribed to their own feed of four weeks of meetings, on one
ThreadingHTTPServer on 127.0.0.1 (JOURNAL_CALENDAR_ALLOW_PRIVATE's case); the journal
fetches them one after another, as the worker's pass does.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from benchmarks.context import BenchContext, median
from benchmarks.results import Measurement
from journal import bootstrap, clock

SUBSCRIPTIONS = 100
SMOKE_SUBSCRIPTIONS = 5
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def feed(leader: int) -> bytes:
    """Four weeks of a leader's meetings: a 1-to-1 and a planning meeting each working day."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN"]
    day = NOW.date() - timedelta(days=27)
    while day <= NOW.date():
        if day.weekday() < 5:
            stamp = f"{day:%Y%m%d}"
            lines += [
                "BEGIN:VEVENT", f"UID:{leader}-{stamp}-a@bench", "DTSTAMP:20261101T000000Z",
                "SUMMARY:1:1", f"DTSTART:{stamp}T080000Z", f"DTEND:{stamp}T083000Z",
                f"ORGANIZER:mailto:l{leader}@bench.example",
                f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:e{leader}@bench.example", "END:VEVENT",
                "BEGIN:VEVENT", f"UID:{leader}-{stamp}-b@bench", "DTSTAMP:20261101T000000Z",
                "SUMMARY:Vagtplan", f"DTSTART:{stamp}T100000Z", f"DTEND:{stamp}T110000Z",
                "END:VEVENT",
            ]  # fmt: skip
        day += timedelta(days=1)
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


@contextmanager
def feeds(count: int) -> Iterator[tuple[str, dict[str, int]]]:
    """A server of ``count`` feeds with ETags; its address and its answers by status."""
    bodies = {f"/{n}.ics": feed(n) for n in range(count)}
    tags = {
        path: '"' + hashlib.sha256(body).hexdigest()[:16] + '"' for path, body in bodies.items()
    }
    answered: dict[str, int] = {"200": 0, "304": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            if self.headers.get("If-None-Match") == tags[self.path]:
                answered["304"] += 1
                self.send_response(304)
                self.end_headers()
                return
            answered["200"] += 1
            self.send_response(200)
            self.send_header("ETag", tags[self.path])
            self.send_header("Content-Length", str(len(bodies[self.path])))
            self.end_headers()
            self.wfile.write(bodies[self.path])

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", answered
    finally:
        server.shutdown()
        server.server_close()


def measure(ctx: BenchContext, store: str, count: int) -> list[Measurement]:
    """Seconds for the first pass (fetch and import all) and the second (all 304)."""
    first, again = [], []
    for _ in range(1 if ctx.smoke else max(1, min(ctx.repeat, 5))):
        journal = bootstrap.open_journal(ctx.fresh_settings(store))
        try:
            with feeds(count) as (url, answered), clock.frozen_at(NOW):
                admin = journal.register_person(role="admin", name="Ada", email="a@bench.example")
                for n in range(count):
                    leader = journal.register_person(
                        role="leader", name=f"Leder {n}", email=f"l{n}@bench.example",
                        recorded_by=admin,
                    )  # fmt: skip
                    journal.register_person(
                        role="employee", name=f"Ansat {n}", email=f"e{n}@bench.example",
                        leader_id=leader, recorded_by=admin,
                    )  # fmt: skip
                    journal.subscribe_calendar(leader, url=f"{url}/{n}.ics", recorded_by=leader)
                began = time.perf_counter()
                done = journal.sync_calendars(force=True, allow_private=True)
                first.append(time.perf_counter() - began)
                assert (done.imported, done.failed) == (count, []), done
                head = journal.recorder.max_notification_id()
                began = time.perf_counter()
                done = journal.sync_calendars(force=True, allow_private=True)
                again.append(time.perf_counter() - began)
                assert done.not_modified == count and answered["304"] == count, answered
                assert journal.recorder.max_notification_id() == head, "a 304 wrote"
        finally:
            journal.close()
    ctx.log(
        f"calendar sync: {store}, {count} subscriptions: first {median(first):.2f} s, "
        f"again {median(again):.2f} s (all {count} answered 304, nothing written)"
    )
    return [
        Measurement("calendar_sync", store, "first sync", count, "seconds", median(first),
                    len(first)),
        Measurement("calendar_sync", store, "again, all 304", count, "seconds", median(again),
                    len(again)),
        Measurement("calendar_sync", store, "again, all 304", count, "answered 304", count, 1),
    ]  # fmt: skip


def run(ctx: BenchContext) -> list[Measurement]:
    """100 subscriptions on every store (5 in a smoke run)."""
    count = SMOKE_SUBSCRIPTIONS if ctx.smoke else SUBSCRIPTIONS
    return [m for store in ctx.stores for m in measure(ctx, store, count)]
