"""SIGKILL, on SQLite and PostgreSQL: once to the app during a burst of writes, once to a
projection rebuild. After a restart the log holds no partial event and no acknowledged
write is lost, the projections reach exactly the end of the log with every event applied
once, and ``journal verify`` reports the log intact."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, select

from benchmarks.dataset import generate
from journal import bootstrap
from journal.domain.coaching import Interaction
from journal.entry.cli import main
from journal.projections.event_index import event_index
from journal.projections.runner import tracking
from journal.settings import Settings
from tests.integration.test_scenarios import all_rows
from tests.organisation import PASSWORD, build_org
from tests.serving import ROOT, free_port, wait_for
from tests.unit.support import head

pytestmark = pytest.mark.slow  # gunicorn and the CLI, killed with SIGKILL

LOGGED = f"{Interaction.Logged.__module__}:{Interaction.Logged.__qualname__}"


@contextmanager
def killable_server(settings: Settings, folder: Path) -> Iterator[tuple[str, int]]:
    """gunicorn (2 workers) in a process group of its own, so one SIGKILL takes it all."""
    port = free_port()
    log = folder / "gunicorn.log"
    env = {
        **os.environ,
        "JOURNAL_DATABASE_URL": settings.database_url,
        "JOURNAL_SECRET_KEY": "crash-tests-" + "k" * 32,
        "JOURNAL_VAR_DIR": str(folder),
    }
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2",
             "web.wsgi:app"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            wait_for(port, server, log)
            yield f"http://127.0.0.1:{port}", server.pid
        finally:
            with suppress(ProcessLookupError):  # the test killed it already
                os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


def post(url: str, body: dict[str, Any], token: str | None = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # nosec B310 (local)
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def check_recovered(settings: Settings, acknowledged: list[str]) -> None:
    """Restart on the store and check everything the issue promises after a crash."""
    journal = bootstrap.open_journal(settings)
    try:
        journal.read.catch_up()
        log_end = head(journal)
        notifications = journal.recorder.select_notifications(start=1, limit=10**6)
        # No partial event: every stored event decodes into a domain event.
        for notification in notifications:
            journal.mapper.to_domain_event(notification)
        # No acknowledged write lost.
        for interaction_id in acknowledged:
            assert journal.repository.get(UUID(interaction_id))
        # Projections at exactly the end of the log, each event applied once.
        assert set(journal.read.projector.positions().values()) == {log_end}
        with journal.read.engine.connect() as conn:
            indexed = conn.execute(select(func.count()).select_from(event_index)).scalar_one()
        assert indexed == len(notifications)
        logged = sum(n.topic == LOGGED for n in notifications)
        assert len(journal.read.coaching_log.rows()["coaching_log"]) == logged
        report = journal.verify_log()
        assert report is not None and report.intact, [p.describe() for p in report.problems]
    finally:
        journal.close()
    result = CliRunner().invoke(
        main, ["verify"], env={"JOURNAL_DATABASE_URL": settings.database_url}
    )
    assert result.exit_code == 0, result.output
    assert "The log is intact." in result.output


def test_sigkill_during_a_burst_of_writes_loses_no_acknowledged_write(
    shared_settings: Settings, tmp_path: Path
) -> None:
    journal = bootstrap.open_journal(shared_settings)
    org = build_org(journal)
    journal.close()
    acknowledged: list[str] = []
    cut_off: list[int] = []
    stop = threading.Event()
    with killable_server(shared_settings, tmp_path) as (url, pid):
        status, body = post(f"{url}/api/v1/tokens", {"username": org.username("leader"),
                                                     "password": PASSWORD})  # fmt: skip
        assert status == 201, body

        def write() -> None:
            while not stop.is_set():
                try:
                    status, answer = post(
                        f"{url}/api/v1/people/{org.employee}/interactions",
                        {"kind": "one_to_one", "occurred_at": "2026-11-20T10:00:00+01:00",
                         "minutes": 30, "shared_notes": "Burst", "private_notes": "Privat"},
                        body["token"],
                    )  # fmt: skip
                except (OSError, http.client.HTTPException):
                    # A request in flight when the server died: no answer, or half of one.
                    cut_off.append(1)
                    return
                if status == 201:
                    acknowledged.append(answer["id"])

        writers = [threading.Thread(target=write) for _ in range(4)]
        for writer in writers:
            writer.start()
        deadline = time.monotonic() + 30
        while len(acknowledged) < 40 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(pid, signal.SIGKILL)  # mid-burst: the writers are still sending
        stop.set()
        for writer in writers:
            writer.join(timeout=15)

    assert len(acknowledged) >= 40
    assert cut_off, "no request was in flight when the server was killed"
    check_recovered(shared_settings, acknowledged)


def test_sigkill_during_a_rebuild_recovers_the_same_projections(
    shared_settings: Settings, tmp_path: Path
) -> None:
    journal = bootstrap.open_journal(shared_settings, project_on_write=False)
    # Six of the rebuild's batches (--batch-size below), so it can die between two of them.
    generate(journal, 6_000, seed=4)
    journal.read.catch_up()
    expected = all_rows(journal)
    log_end = head(journal)
    journal.close()
    engine = create_engine(shared_settings.projection_url())

    log = (tmp_path / "rebuild.log").open("wb")
    rebuild = subprocess.Popen(
        [sys.executable, "-m", "journal.entry.cli", "rebuild", "--batch-size", "1000"],
        cwd=ROOT, env={**os.environ, "JOURNAL_DATABASE_URL": shared_settings.database_url},
        stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
    )  # fmt: skip
    positions: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and rebuild.poll() is None:
            with engine.connect() as conn:
                positions = {p for (p,) in conn.execute(select(tracking.c.position)).all()}
            if positions and 0 < min(positions) < log_end:
                break  # some of the log re-applied, not all of it
            time.sleep(0.01)
        with suppress(ProcessLookupError):  # checked below
            os.killpg(rebuild.pid, signal.SIGKILL)
    finally:
        rebuild.wait(timeout=10)
        log.close()
        engine.dispose()
    output = (tmp_path / "rebuild.log").read_text()
    assert rebuild.returncode == -signal.SIGKILL, f"the rebuild ended before the kill: {output}"
    assert 0 < min(positions) < log_end, positions

    check_recovered(shared_settings, [])
    again = bootstrap.open_journal(shared_settings)
    try:
        assert all_rows(again) == expected
    finally:
        again.close()
