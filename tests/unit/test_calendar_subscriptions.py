"""A leader's published calendar (ICS) address, synced by itself from a real HTTP server on
127.0.0.1 whose file changes between fetches: the meetings show without an upload, a moved
and a withdrawn meeting show after the next sync, an unchanged file is a 304 that writes
nothing; the address checks refuse loopback and metadata addresses by default."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from uuid import UUID

import pytest

from journal import clock
from journal.calendar_sync import addresses
from journal.calendar_sync.failures import SyncFailed
from journal.calendar_sync.fetching import fetch
from journal.calendar_sync.status import next_due
from journal.commands import Journal
from journal.errors import DomainError
from journal.read.digest import digest_for
from tests.unit.support import head

OUTLOOK = (
    Path(__file__).resolve().parents[1] / "fixtures" / "calendars" / "outlook.ics"
).read_text()
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
NOVEMBER = {"start": date(2026, 11, 1), "end": date(2026, 11, 30)}


@dataclass
class Feed:
    """What the test server serves, and what it was asked."""

    body: str = OUTLOOK
    status: int = 200
    location: str = ""
    requests: list[dict[str, str]] = field(default_factory=list)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body.encode()).hexdigest()[:16] + '"'


@pytest.fixture
def feed() -> Iterator[tuple[Feed, str]]:
    """A plain HTTP server on 127.0.0.1 serving ``Feed.body`` with an ETag; its address."""
    served = Feed()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            served.requests.append(dict(self.headers.items()))
            if served.location:
                self.send_response(302)
                self.send_header("Location", served.location)
                self.end_headers()
                return
            if self.headers.get("If-None-Match") == served.etag:
                self.send_response(304)
                self.end_headers()
                return
            data = served.body.encode()
            self.send_response(served.status)
            self.send_header("Content-Type", "text/calendar; charset=utf-8")
            self.send_header("ETag", served.etag)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{server.server_address[1]}/henrik/calendar.ics"
    server.shutdown()
    server.server_close()


@pytest.fixture
def private_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The organisation allows addresses on its own network (the test server's)."""
    monkeypatch.setenv(addresses.ALLOW_PRIVATE, "1")


def moved_and_withdrawn(text: str) -> str:
    """The team meeting of 5 November moved a week on; focus time of 6 November gone."""
    moved = text.replace("DTSTART;TZID=Romance Standard Time:20261105T130000",
                         "DTSTART;TZID=Romance Standard Time:20261112T130000").replace(
        "DTEND;TZID=Romance Standard Time:20261105T140000",
        "DTEND;TZID=Romance Standard Time:20261112T140000")  # fmt: skip
    start = moved.index("UID:040000008200E00074C5B7101A82E00800000000AA07")
    begin = moved.rindex("BEGIN:VEVENT", 0, start)
    end = moved.index("\n", moved.index("END:VEVENT", start)) + 1
    return moved[:begin] + moved[end:]


def sync(journal: Journal, at: datetime = NOW, **options: object):  # type: ignore[no-untyped-def]
    with clock.frozen_at(at):
        return journal.sync_calendars(**options)  # type: ignore[arg-type]


def titles(journal: Journal, leader: UUID) -> dict[str, date]:
    return {m.title: m.day for m in journal.read.meetings.for_leader(leader, **NOVEMBER)}


def test_a_subscribed_address_brings_the_meetings_in_and_the_next_sync_shows_changes(
    journal: Journal, henrik: UUID, feed: tuple[Feed, str], private_allowed: None
) -> None:
    served, url = feed
    with clock.frozen_at(NOW):
        subscription = journal.subscribe_calendar(henrik, url=url, recorded_by=henrik)

    first = sync(journal)

    assert (first.due, first.imported, first.changed, first.failed) == (1, 1, 1, [])
    meetings = titles(journal, henrik)
    assert meetings["Teammøde"] == date(2026, 11, 5) and "Fokustid" in meetings
    status = journal.sync_statuses(henrik)[subscription]
    assert status.outcome["imported"] == 12 and status.etag == served.etag
    assert status.due_at == NOW + timedelta(minutes=60)

    served.body = moved_and_withdrawn(OUTLOOK)
    second = sync(journal, NOW + timedelta(minutes=61))

    assert [f.detail for _, f in second.failed] == []
    assert (second.imported, second.changed) == (1, 1)
    meetings = titles(journal, henrik)
    assert meetings["Teammøde"] == date(2026, 11, 12) and "Fokustid" not in meetings
    outcome = journal.sync_statuses(henrik)[subscription].outcome
    assert (outcome["corrected"], outcome["withdrawn"]) == (1, 1)

    before = head(journal)
    third = sync(journal, NOW + timedelta(minutes=122))

    assert (third.due, third.not_modified, third.imported) == (1, 1, 0)
    assert served.requests[-1]["If-None-Match"] == served.etag  # asked conditionally
    assert head(journal) == before  # a 304 writes nothing
    # Nothing of the journal's own goes with the request: no cookie, no authorization.
    assert not any({"Cookie", "Authorization"} & set(sent) for sent in served.requests)


def test_a_subscription_is_fetched_when_due_and_a_failing_one_waits_longer_each_time(
    journal: Journal, henrik: UUID, feed: tuple[Feed, str], private_allowed: None
) -> None:
    served, url = feed
    with clock.frozen_at(NOW):
        subscription = journal.subscribe_calendar(henrik, url=url, recorded_by=henrik)
    sync(journal)
    assert sync(journal, NOW + timedelta(minutes=59)).due == 0  # not yet due
    leader = journal.read.people.get(henrik)
    assert leader is not None and digest_for(journal, leader, NOW).calendars == []
    served.status = 503
    served.body = served.body + " "  # a new ETag, so the server answers in full

    waits = []
    at = NOW + timedelta(minutes=60)
    for _ in range(4):
        done = sync(journal, at)
        assert [failure.code for _, failure in done.failed] == ["status"]
        status = journal.sync_statuses(henrik)[subscription]
        assert status.due_at is not None
        waits.append(status.due_at - at)
        assert sync(journal, status.due_at - timedelta(seconds=1)).due == 0
        at = status.due_at
    assert waits == [timedelta(hours=h) for h in (1, 2, 4, 8)]
    assert journal.sync_statuses(henrik)[subscription].failures == 4
    assert [s.subscription_id for s in journal.sync_ledger.failing_long()] == [subscription]
    leader = journal.read.people.get(henrik)
    assert leader is not None
    (failing,) = digest_for(journal, leader, at).calendars  # the morning digest says so
    assert (failing.failures, failing.code, failing.detail) == (4, "status", "503")

    served.status = 200
    sync(journal, at)
    healed = journal.sync_statuses(henrik)[subscription]
    assert (healed.failures, healed.error_code) == (0, "")
    assert next_due(NOW, 30, timedelta(minutes=60)) == NOW + timedelta(hours=24)


def test_the_address_checks_refuse_loopback_and_metadata_addresses_by_default(
    journal: Journal, henrik: UUID, feed: tuple[Feed, str]
) -> None:
    served, url = feed
    for address, code in (
        (url, "scheme"),  # http:// at all
        ("https://127.0.0.1:9/calendar.ics", "private"),
        ("https://localhost/calendar.ics", "private"),
        ("https://169.254.169.254/latest/meta-data/", "metadata"),
        ("https://10.0.0.8/calendar.ics", "private"),
        ("https://[::1]/calendar.ics", "private"),
        ("https://[::ffff:127.0.0.1]/calendar.ics", "private"),
    ):
        with pytest.raises(SyncFailed) as refused:
            fetch(address)
        assert refused.value.code == code, address
    assert served.requests == []  # none of them reached the server

    # A public address that redirects to a private one is refused at the redirect.
    served.location = "http://169.254.169.254/latest/meta-data/"
    with pytest.raises(SyncFailed) as refused:
        fetch(url, allow_private=False)
    assert refused.value.code == "scheme"
    with pytest.raises(SyncFailed) as refused:
        addresses.check("https://169.254.169.254/", allow_private=False)
    assert refused.value.code == "metadata"


def test_at_most_three_redirects_are_followed(
    feed: tuple[Feed, str], private_allowed: None
) -> None:
    served, url = feed
    served.location = url  # a loop
    with pytest.raises(SyncFailed) as refused:
        fetch(url)
    assert refused.value.code == "redirects"
    assert len(served.requests) == 4  # the first and three redirects


def test_a_subscription_is_checked_kept_sealed_and_stopped(journal: Journal, henrik: UUID) -> None:
    with clock.frozen_at(NOW):
        with pytest.raises(DomainError) as refused:
            journal.subscribe_calendar(henrik, url="ftp://example.com/x.ics", recorded_by=henrik)
        assert refused.value.field == "url"
        with pytest.raises(DomainError) as refused:
            journal.subscribe_calendar(
                henrik, caldav_url="https://dav.example.com/cal/", recorded_by=henrik
            )
        assert refused.value.field == "username"
        secret = "https://outlook.office365.com/owa/calendar/abc/s3cr3t-t0ken/calendar.ics"
        first = journal.subscribe_calendar(henrik, url=secret, recorded_by=henrik)
        webcal = journal.subscribe_calendar(
            henrik, url="webcal://calendar.google.com/calendar/ical/x/private-k3y/basic.ics",
            recorded_by=henrik,
        )  # fmt: skip
        with pytest.raises(DomainError) as refused:
            journal.subscribe_calendar(henrik, url=secret, recorded_by=henrik)
        assert refused.value.message == "is subscribed to already"

    listed = journal.read.subscriptions.of_leader(henrik)
    assert sorted(row.shown for row in listed) == [
        "https://calendar.google.com/…ic.ics",
        "https://outlook.office365.com/…ar.ics",
    ]
    stored = b"".join(n.state for n in journal.recorder.select_notifications(start=1, limit=10_000))
    assert b"s3cr3t" not in stored and b"private-k3y" not in stored  # sealed, the leader's key

    journal.stop_calendar_subscription(henrik, first, recorded_by=henrik)
    assert [row.subscription_id for row in journal.read.subscriptions.of_leader(henrik)] == [webcal]


def test_the_workers_pass_fetches_what_is_due_and_says_so(
    journal: Journal, henrik: UUID, feed: tuple[Feed, str], private_allowed: None
) -> None:
    from journal.calendar_sync.status import every_from_env
    from journal.entry.calendar_syncer import CalendarSyncer

    served, url = feed
    with clock.frozen_at(NOW):
        journal.subscribe_calendar(henrik, url=url, recorded_by=henrik)
    said: list[str] = []
    syncer = CalendarSyncer(journal, every_from_env({}), said.append)
    with clock.frozen_at(NOW):
        syncer.pass_once()
        syncer.pass_once()  # an hour has not passed: nothing is due, nothing is said
    with clock.frozen_at(NOW + timedelta(hours=1)):
        syncer.pass_once()

    assert said == [
        "calendar sync: 1 due, 1 imported (1 changed), 0 unchanged, 0 failed",
        "calendar sync: 1 due, 0 imported (0 changed), 1 unchanged, 0 failed",
    ]
    assert len(served.requests) == 2
    assert every_from_env({"JOURNAL_CALENDAR_SYNC_MINUTES": "15"}) == timedelta(minutes=15)
    with pytest.raises(ValueError, match="whole number of minutes"):
        every_from_env({"JOURNAL_CALENDAR_SYNC_MINUTES": "hourly"})
