"""The production layout on PostgreSQL: app servers write, projection workers project.

Two gunicorn servers run with JOURNAL_PROJECTIONS=worker and leave projecting to
``journal project --follow`` processes. Clients write through the HTTP API to both at
once; a worker is killed with SIGKILL mid-stream and another takes over. The checks read
the event log and the projection tables straight from PostgreSQL.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest

from journal import bootstrap
from journal.entry.worker import LOCK_KEY
from journal.projections.timeline import Viewer
from journal.settings import Settings
from tests.integration.conftest import POSTGRES_URL, reset_postgres
from tests.serving import ROOT, served

pytestmark = [pytest.mark.postgres, pytest.mark.slow]  # gunicorn servers and projection workers

PASSWORD = "layout-password-1"
EMPLOYEES = 3


class WorkerProcess:
    """One ``journal project --follow`` process and what it has printed."""

    def __init__(self, settings: Settings, log: Path) -> None:
        self.log = log
        with log.open("wb") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "journal.entry.cli", "project", "--follow", "--poll", "0.2"],
                cwd=ROOT, env={**os.environ, "JOURNAL_DATABASE_URL": settings.database_url},
                stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def output(self) -> str:
        """Everything it has printed so far."""
        return self.log.read_text()

    def wait_for(self, text: str, timeout: float = 20) -> str:
        """The first message that contains ``text``, once logged (a JSON line's message,
        as the worker logs in production)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.output().splitlines():
                message = json.loads(line)["message"] if line.startswith("{") else line
                if text in message:
                    return str(message)
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        pytest.fail(f"the worker did not print {text!r}: {self.output()}")

    def kill(self) -> None:
        """Kill it outright, as a crash or an OOM killer would."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> int:
        """Ask it to stop with SIGTERM; its exit status."""
        if self.process.poll() is None:
            self.process.terminate()
        return self.process.wait(timeout=10)


@pytest.fixture
def store() -> Settings:
    """The PostgreSQL test database without any table: the servers create them together."""
    reset_postgres(POSTGRES_URL, drop=True)
    return Settings(POSTGRES_URL)


@pytest.fixture
def workers(store: Settings, tmp_path: Path) -> Iterator[Any]:
    """``workers()`` starts one more projection worker; all are stopped afterwards."""
    started: list[WorkerProcess] = []

    def start() -> WorkerProcess:
        worker = WorkerProcess(store, tmp_path / f"worker-{len(started)}.log")
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def leader_with_employees(settings: Settings) -> tuple[UUID, list[UUID]]:
    """A leader with an account, and employees; projected here, before the servers start."""
    journal = bootstrap.open_journal(settings)
    try:
        leader = journal.register_with_account(
            role="leader", name="Lene Leder", email="lene@example.dk",
            username="lene", password=PASSWORD,
        )  # fmt: skip
        employees = [
            journal.register_person(
                role="employee", name=f"Ansat {n}", email=f"ansat{n}@example.dk", leader_id=leader
            )
            for n in range(EMPLOYEES)
        ]
    finally:
        journal.close()
    return leader, employees


def post(url: str, body: dict[str, Any], token: str | None = None) -> dict[str, Any]:
    """POST JSON; the JSON answer of a 201, else the test fails."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 201
        answer: dict[str, Any] = json.loads(response.read())
        return answer


class Writers:
    """Threads that log interactions and record feedback through two servers at once."""

    def __init__(self, urls: list[str], employees: list[UUID]) -> None:
        self.tokens = {
            url: post(f"{url}/api/v1/tokens", {"username": "lene", "password": PASSWORD})["token"]
            for url in urls
        }
        self.employees = employees
        self.finishing = threading.Event()
        self.interactions: list[str] = []
        self.feedback: list[str] = []
        self.errors: list[BaseException] = []
        self.threads = [
            threading.Thread(target=self._write, args=(url, n)) for url in urls for n in range(2)
        ]

    @property
    def written(self) -> int:
        """Writes answered so far."""
        return len(self.interactions) + len(self.feedback)

    def start(self) -> None:
        """Start writing: two threads per server."""
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        """Let each thread finish the write it is making, then stop."""
        self.finishing.set()
        for thread in self.threads:
            thread.join()

    def _write(self, url: str, thread: int) -> None:
        """Alternate interactions and feedback, spread over the team, until told to finish."""
        token = self.tokens[url]
        moment = datetime.now(UTC) - timedelta(days=1)
        try:
            for n in itertools.count():
                if self.finishing.is_set():
                    return
                employee = self.employees[(thread + n) % len(self.employees)]
                at = (moment - timedelta(minutes=n)).isoformat()
                if n % 2 == 0:
                    body = {"kind": "one_to_one", "occurred_at": at, "minutes": 30}
                    answer = post(f"{url}/api/v1/people/{employee}/interactions", body, token)
                    self.interactions.append(answer["id"])
                else:
                    body = {"score": 9, "channel": "phone", "received_at": at}
                    answer = post(f"{url}/api/v1/people/{employee}/feedback", body, token)
                    self.feedback.append(answer["id"])
        except BaseException as error:  # pragma: no cover - reported by the test
            self.errors.append(error)

    def wait_until(self, count: int) -> None:
        """Until ``count`` writes have been answered (or every writer has stopped)."""
        while self.written < count and any(t.is_alive() for t in self.threads):
            time.sleep(0.02)


def query(sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows straight from the test database."""
    with psycopg.connect(POSTGRES_URL) as conn:
        return conn.execute(sql, params).fetchall()


def positions() -> set[int]:
    """The tracked positions of every projection."""
    return {row[0] for row in query("SELECT position FROM projection_tracking")}


def committed_position() -> int:
    """Where the projections stand once no transaction is applying a batch any more."""
    # FOR UPDATE waits for a dead worker's batch, if its COMMIT had reached the server.
    rows = query("SELECT position FROM projection_tracking FOR UPDATE")
    return min(int(row[0]) for row in rows)


def log_ids() -> list[int]:
    """The notification ids of every event in the log, in order."""
    return [row[0] for row in query("SELECT notification_id FROM journal_events ORDER BY 1")]


def wait_until_projected(timeout: float = 30) -> None:
    """Until every projection has reached the head of the log."""
    deadline = time.monotonic() + timeout
    while positions() != {max(log_ids())}:
        assert time.monotonic() < deadline, f"projections at {positions()}, head {log_ids()[-1]}"
        time.sleep(0.05)


def lock_holders() -> int:
    """How many sessions hold the projection workers' advisory lock."""
    rows = query(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
        " AND classid = %s AND objid = %s"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        LOCK_KEY >> 32,
        LOCK_KEY & 0xFFFFFFFF,
    )
    return int(rows[0][0])


def test_writes_through_two_servers_are_projected_once_even_when_the_worker_is_killed(
    store: Settings, workers: Any, tmp_path: Path
) -> None:
    _, employees = leader_with_employees(store)
    first = workers()
    first.wait_for("Active")
    with ExitStack() as servers:
        urls = [
            servers.enter_context(served(store, tmp_path, workers=2, JOURNAL_PROJECTIONS="worker"))
            for _ in range(2)
        ]
        writers = Writers(urls, employees)
        writers.start()
        writers.wait_until(40)
        first.kill()
        while lock_holders():  # the killed worker's session has ended
            time.sleep(0.05)
        stopped_at = committed_position()
        writers.wait_until(80)  # the log runs ahead while no worker projects
        second = workers()
        resumed = second.wait_for("Caught up from position")
        writers.wait_until(writers.written + 40)  # and the second worker follows new writes
        writers.finish()
    wait_until_projected()

    assert writers.errors == []
    written = writers.interactions + writers.feedback
    assert len(written) >= 120
    # Every write's event is in the log exactly once.
    created = query(
        "SELECT originator_id, count(*) FROM journal_events"
        " WHERE originator_id = ANY(%s) GROUP BY originator_id",
        [UUID(i) for i in written],
    )
    assert sorted(str(row[0]) for row in created) == sorted(written)
    assert {row[1] for row in created} == {1}
    # The second worker started where the first stopped, with a backlog to apply.
    assert resumed.startswith(f"Caught up from position {stopped_at}:"), second.output()
    applied = int(resumed.split("applied ")[1].split()[0])
    assert stopped_at > 0 and applied > 0, second.output()
    # Every event of the log is in the event index exactly once: no gap, no duplicate.
    indexed = [row[0] for row in query("SELECT position FROM event_index ORDER BY 1")]
    assert indexed == log_ids()
    # Each interaction and each piece of feedback has its one row in the read models.
    logged = query("SELECT interaction_id FROM coaching_log")
    assert sorted(str(row[0]) for row in logged) == sorted(writers.interactions)
    scored = query("SELECT feedback_id FROM nps_feedback")
    assert sorted(str(row[0]) for row in scored) == sorted(writers.feedback)
    on_timelines = query("SELECT entry_key FROM timeline WHERE entry_key = ANY(%s)", written)
    assert sorted(row[0] for row in on_timelines) == sorted(written)
    # SIGTERM stops the worker cleanly.
    assert second.stop() == 0
    assert "Stopped" in second.output()
    assert "Traceback" not in second.output()


def test_a_standby_worker_takes_over_when_the_active_one_dies(
    store: Settings, workers: Any
) -> None:
    leader, employees = leader_with_employees(store)
    active = workers()
    active.wait_for("Active")
    standby = workers()
    standby.wait_for("Standby")
    assert lock_holders() == 1

    active.kill()
    standby.wait_for("Took over")
    writer = bootstrap.open_journal(store, project_on_write=False)
    try:
        writer.log_interaction(
            leader_id=leader,
            employee_id=employees[0],
            kind="walk_and_talk",
            occurred_at=datetime.now(UTC) - timedelta(hours=2),
            minutes=45,
            shared_notes="Gåtur efter overtagelsen",
        )
        wait_until_projected()
        seen = writer.read.timeline.for_employee(employees[0], Viewer("employee", employees[0]))
    finally:
        writer.close()

    assert [entry.shared_notes for entry in seen] == ["Gåtur efter overtagelsen"]
    assert lock_holders() == 1
    assert standby.stop() == 0


def test_a_worker_whose_connection_is_cut_takes_the_lock_again(
    store: Settings, workers: Any
) -> None:
    worker = workers()
    worker.wait_for("Active")

    query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE application_name = 'journal projection worker'"
        " AND datname = current_database()"  # not another pytest worker's
    )

    worker.wait_for("Lost the database connection")
    worker.wait_for("Took over")
    assert lock_holders() == 1
