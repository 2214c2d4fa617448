"""What the person who runs the journal watches: /healthz, /readyz, /metrics and the
request log, in process (the served, multi-worker case is tests/integration/test_serving_ops.py)."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pytest

from journal.entry.log_lines import JsonLines
from journal.settings import Settings
from web import create_app
from web.request_log import LOGGER


@pytest.fixture
def lines() -> Any:
    """The request log's records while the test runs."""
    found: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            found.append(record)

    keep = Keep()
    logging.getLogger(LOGGER).addHandler(keep)
    yield found
    logging.getLogger(LOGGER).removeHandler(keep)


def test_healthz_answers_without_the_store_or_a_sign_in(client):
    answer = client.get("/healthz")
    assert (answer.status_code, answer.json) == (200, {"status": "ok"})


def test_readyz_says_why_the_read_models_are_not_ready_and_then_that_they_are():
    app = create_app({
        "TESTING": True, "SECRET_KEY": "x", "JOURNAL_SETTINGS": Settings("memory://"),
        "JOURNAL_PROJECT_ON_WRITE": False, "READY_LAG": 2,
    })  # fmt: skip
    journal = app.extensions["journal"]
    client = app.test_client()
    journal.read.catch_up()
    assert client.get("/readyz").json == {"status": "ready"}
    for n in range(3):  # three people, six events (each with an address) not yet applied
        journal.register_person(role="admin", name=f"Ada {n}", email=f"a{n}@example.dk")
    refused = client.get("/readyz")
    assert refused.status_code == 503
    assert refused.json["reason"].startswith("read models behind the log by up to 6 events:")
    assert "people" in refused.json["reason"] and "Ada" not in refused.json["reason"]
    journal.read.catch_up()
    assert client.get("/readyz").status_code == 200
    journal.close()


def test_metrics_count_requests_events_and_sign_in_failures_by_template(client, org):
    client.get(f"/people/{org.employee}")  # a page, by its template: no id in the labels
    client.post("/api/v1/tokens", json={"username": "employee", "password": "wrong password!"})
    answer = client.get("/metrics")
    assert answer.status_code == 200
    assert answer.mimetype == "text/plain"
    text = answer.get_data(as_text=True)
    assert 'route="/people/<uuid:person_id>"' in text
    assert str(org.employee) not in text
    assert 'journal_sign_in_problems_total{kind="sign_in_failed",reason="wrong_password"}' in text
    assert 'journal_events_written_total{type="Person.Registered"}' in text
    assert 'journal_projection_lag_events{projection="people"} 0.0' in text
    assert "journal_http_request_duration_seconds_bucket" in text


def test_metrics_are_for_loopback_or_the_token_only(app, client):
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 404
    app.config["METRICS_TOKEN"] = "a-long-metrics-token"
    try:
        assert client.get("/metrics").status_code == 404  # loopback too, once a token is set
        bearer = {"Authorization": "Bearer a-long-metrics-token"}
        assert client.get("/metrics", headers=bearer).status_code == 200
    finally:
        app.config["METRICS_TOKEN"] = ""


def test_one_json_line_a_request_with_its_id_and_never_a_name_or_a_query(client, org, lines):
    client.get(f"/people/{org.employee}?q=Emil+Ansat")
    client.get("/healthz")  # a probe's 200: not logged
    assert len(lines) == 1
    line = json.loads(JsonLines().format(lines[0]))
    assert line["route"] == "/people/<uuid:person_id>"
    assert line["method"] == "GET" and line["status"] in (302, 403)
    assert len(line["request_id"]) == 32 and line["duration_ms"] >= 0
    assert "Emil" not in json.dumps(line) and str(org.employee) not in json.dumps(line)


def test_the_request_id_comes_back_and_a_proxys_is_kept_only_behind_a_trusted_proxy(app, client):
    mine = client.get("/healthz", headers={"X-Request-ID": "proxy-42"})
    assert mine.headers["X-Request-ID"] != "proxy-42"
    app.config["TRUSTED_PROXIES"] = 1
    try:
        kept = client.get("/healthz", headers={"X-Request-ID": "proxy-42"})
        assert kept.headers["X-Request-ID"] == "proxy-42"
        odd = client.get("/healthz", headers={"X-Request-ID": "<script>"})
        assert odd.headers["X-Request-ID"] != "<script>"
    finally:
        app.config["TRUSTED_PROXIES"] = 0


def test_a_signed_in_callers_account_is_in_the_line(client, org, lines, api):
    leader = api("leader")
    leader.get(f"/api/v1/people/{org.employee}/timeline")
    found = [
        r.fields for r in lines if r.fields["route"] == "/api/v1/people/<uuid:person_id>/timeline"
    ]
    assert found and found[0]["account_id"] is not None


def test_the_worker_says_what_it_does_in_json_lines_unless_told_text(monkeypatch, capsys):
    from journal.entry.log_lines import sayer

    said: list[str] = []
    monkeypatch.setenv("JOURNAL_LOG_FORMAT", "text")
    assert sayer("journal.worker.test-text", said.append) == said.append
    monkeypatch.setenv("JOURNAL_LOG_FORMAT", "json")
    say = sayer("journal.worker.test-json", said.append)
    assert say != said.append
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger("journal.worker.test-json").addHandler(handler)
    say("following the log from position 12")
    assert json.loads(JsonLines().format(records[0]))["message"] == (
        "following the log from position 12"
    )
    monkeypatch.setenv("JOURNAL_LOG_FORMAT", "yaml")
    with pytest.raises(Exception, match="JOURNAL_LOG_FORMAT"):
        sayer("journal.worker.test-bad", said.append)


def test_an_import_is_timed_and_a_dry_run_is_not(journal, org, client):
    from tests.unit.test_people_import import DANISH, imported

    def imports() -> float:  # the process's count so far (other tests may have imported)
        text = client.get("/metrics").get_data(as_text=True)
        found = re.search(r'journal_import_duration_seconds_count{kind="people"} (\S+)', text)
        return float(found.group(1)) if found else 0.0

    before = imports()
    imported(journal, DANISH, org.admin, dry_run=True)
    assert imports() == before
    imported(journal, DANISH, org.admin)
    assert imports() == before + 1


def test_readyz_names_a_read_model_older_than_the_code(client, monkeypatch):
    from journal.projections.timeline import Timeline

    monkeypatch.setattr(Timeline, "version", 3)
    refused = client.get("/readyz")
    assert refused.status_code == 503
    assert refused.json["reason"] == (
        "read models older than this version of the journal: timeline (version 1, needs 3):"
        " run `journal rebuild`"
    )
