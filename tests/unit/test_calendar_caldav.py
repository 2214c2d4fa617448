"""A leader's CalDAV calendar on a real Radicale server, filled through CalDAV by the test:
its meetings appear in the calendar audit without an upload, and a moved and a deleted
meeting show after the next sync; a wrong app password is a failure in words, not a crash."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID

import caldav
import pytest

from journal import clock
from journal.commands import Journal

pytestmark = pytest.mark.slow  # starts a Radicale server

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
USER, PASSWORD = "henrik", "app-password-1"


def event(uid: str, summary: str, start: str, end: str, attendee: str = "") -> str:
    """One meeting as CalDAV stores it, in Copenhagen time."""
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tests//EN", "BEGIN:VEVENT",
        f"UID:{uid}", "DTSTAMP:20261101T000000Z", f"SUMMARY:{summary}",
        f"DTSTART;TZID=Europe/Copenhagen:{start}", f"DTEND;TZID=Europe/Copenhagen:{end}",
        "ORGANIZER:mailto:henrik.dalsgaard@kundeservice.example",
    ]  # fmt: skip
    if attendee:
        lines.append(f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{attendee}")
    return "\r\n".join([*lines, "END:VEVENT", "END:VCALENDAR", ""])


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Radicale server on 127.0.0.1 with one user; its address."""
    folder = tmp_path_factory.mktemp("radicale")
    (folder / "users").write_text(f"{USER}:{PASSWORD}\n")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (folder / "radicale.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", "", "--server-hosts", f"127.0.0.1:{port}",
         "--storage-filesystem-folder", str(folder / "collections"), "--auth-type", "htpasswd",
         "--auth-htpasswd-filename", str(folder / "users"),
         "--auth-htpasswd-encryption", "plain", "--auth-delay", "0"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 (the test's own server)
            break
        except urllib.error.HTTPError:
            break  # it answers (401)
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(Path(log.name).read_text()) from None
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(10)
    log.close()


def test_a_caldav_calendar_arrives_by_itself_and_its_changes_show_after_the_next_sync(
    journal: Journal, henrik: UUID, radicale: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNAL_CALENDAR_ALLOW_PRIVATE", "1")
    with caldav.DAVClient(url=radicale, username=USER, password=PASSWORD) as client:
        calendar = client.principal().make_calendar(name="Arbejde", cal_id="arbejde")
        calendar.save_event(event("one@test", "1:1 Priya", "20261120T100000", "20261120T104500",
                                  "priya.shah@kundeservice.example"))  # fmt: skip
        calendar.save_event(event("team@test", "Teammøde", "20261124T130000", "20261124T140000"))
        address = str(calendar.url)
    with clock.frozen_at(NOW):
        subscription = journal.subscribe_calendar(
            henrik, caldav_url=address, username=USER, password=PASSWORD, recorded_by=henrik
        )
        first = journal.sync_calendars()

    assert (first.imported, first.failed) == (1, [])
    november = {"start": date(2026, 11, 1), "end": date(2026, 11, 30)}
    meetings = {m.title: m for m in journal.read.meetings.for_leader(henrik, **november)}
    assert meetings["1:1 Priya"].day == date(2026, 11, 20)
    assert (meetings["1:1 Priya"].category, meetings["1:1 Priya"].minutes) == ("people", 45)
    assert "Teammøde" in meetings

    with caldav.DAVClient(url=radicale, username=USER, password=PASSWORD) as client:
        calendar = client.calendar(url=address)
        calendar.event_by_uid("one@test").delete()
        calendar.save_event(event("one@test", "1:1 Priya", "20261125T100000", "20261125T104500",
                                  "priya.shah@kundeservice.example"))  # fmt: skip
        calendar.event_by_uid("team@test").delete()
    with clock.frozen_at(NOW + timedelta(hours=1)):
        second = journal.sync_calendars()

    assert (second.imported, second.changed, second.failed) == (1, 1, [])
    meetings = {m.title: m for m in journal.read.meetings.for_leader(henrik, **november)}
    assert meetings["1:1 Priya"].day == date(2026, 11, 25)
    assert "Teammøde" not in meetings
    outcome = journal.sync_statuses(henrik)[subscription].outcome
    assert (outcome["corrected"], outcome["withdrawn"]) == (1, 1)


def test_a_wrong_app_password_is_a_failure_the_leader_can_read(
    journal: Journal, henrik: UUID, radicale: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNAL_CALENDAR_ALLOW_PRIVATE", "1")
    with clock.frozen_at(NOW):
        subscription = journal.subscribe_calendar(
            henrik, caldav_url=f"{radicale}{USER}/arbejde/", username=USER, password="wrong",
            recorded_by=henrik,
        )  # fmt: skip
        done = journal.sync_calendars()

    assert [failure.code for _, failure in done.failed] == ["unauthorized"]
    status = journal.sync_statuses(henrik)[subscription]
    assert (status.error_code, status.failures) == ("unauthorized", 1)
