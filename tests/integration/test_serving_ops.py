"""/metrics and the request log as gunicorn serves them: counts summed across two
workers, one JSON line per request, probes' 200s left out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import requests

from journal.settings import Settings
from tests.serving import served

pytestmark = pytest.mark.slow  # a gunicorn server with two workers


def counted(text: str, route: str) -> float:
    """The requests counted for GET ``route`` answered 200, in a scrape."""
    labels = f'method="GET",route="{route}",status="200"'
    found = re.search(rf"journal_http_requests_total{{{re.escape(labels)}}} (\S+)", text)
    return float(found.group(1)) if found else 0.0


def test_two_workers_count_into_one_sum_and_log_one_json_line_a_request(tmp_path: Path) -> None:
    settings = Settings(f"sqlite:///{tmp_path / 'journal.sqlite3'}")
    with served(settings, tmp_path, workers=2) as url:
        session = requests.Session()
        for _ in range(30):
            assert session.get(f"{url}/login").status_code == 200
        for _ in range(5):
            assert requests.get(f"{url}/healthz").status_code == 200
        assert requests.get(f"{url}/readyz").json() == {"status": "ready"}
        # Whichever worker answers the scrape, it reports both workers' counts.
        scrapes = [requests.get(f"{url}/metrics").text for _ in range(6)]
    assert {counted(text, "/login") for text in scrapes} == {30.0}
    log = next(tmp_path.glob("gunicorn-*.log")).read_text().splitlines()
    lines = [json.loads(line) for line in log if line.startswith("{")]
    pages = [line for line in lines if line.get("route") == "/login"]
    assert len(pages) == 30 and {line["status"] for line in pages} == {200}
    assert not [line for line in lines if line.get("route") in ("/healthz", "/readyz")]
    assert not [line for line in log if '"GET /login' in line]  # gunicorn's own lines are off
