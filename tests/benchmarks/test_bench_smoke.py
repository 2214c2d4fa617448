"""A small run of scripts/bench, so the benchmarks keep working as the code changes.

It runs every benchmark on a few thousand events, each on SQLite or on PostgreSQL (both
stores driven, each benchmark once), in a database of its own, and checks what a real run
would write: the table, the plot and the raw numbers. Speed is not judged here;
scripts/bench does that.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from benchmarks.report import TITLES
from benchmarks.run import BENCHMARKS
from tests.integration.conftest import SERVER_URL

pytestmark = pytest.mark.slow  # the benchmarks, with their own servers

ROOT = Path(__file__).resolve().parents[2]


def may_be_zero(measurement: dict[str, object]) -> bool:
    """Failed requests, writes lost, the lag of projecting inline, and the events a
    repeated SCIM cycle writes, are rightly zero."""
    zero_is_right = ("errors", "other failures", "writes lost or doubled")
    return (
        measurement["metric"] in zero_is_right
        or (measurement["benchmark"] == "lag" and measurement["case"] == "inline")
        or (measurement["benchmark"] == "scim" and measurement["case"] == "same cycle again"
            and measurement["metric"] == "events written")
    )  # fmt: skip


#: Each benchmark once, on one store or the other (the worker's lag is PostgreSQL's alone):
#: every benchmark keeps working and both stores are driven, in half the time of running
#: all of them on both; the two halves run side by side on the suite's two workers.
SMOKE = {
    "postgresql": ["commands", "rebuild", "http_read", "lag", "survey_import", "soak"],
    "sqlite": ["as_of", "http_write", "calendar_import", "scim", "calendar_sync"],
}


def test_the_smoke_runs_cover_every_benchmark() -> None:
    assert sorted(SMOKE["postgresql"] + SMOKE["sqlite"]) == sorted(BENCHMARKS)


@pytest.mark.parametrize("store", sorted(SMOKE))
def test_a_smoke_run_writes_table_plot_and_raw_numbers(tmp_path: Path, store: str) -> None:
    chosen = SMOKE[store]
    env = dict(os.environ)
    if store == "postgresql":
        env["JOURNAL_BENCH_POSTGRES_URL"] = (
            urlsplit(SERVER_URL)._replace(path="/journal_bench_smoke").geturl()
        )
    finished = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--smoke", "--stores", store,
         "--only", ",".join(chosen), "--output", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]

    raw = json.loads((tmp_path / "benchmarks.json").read_text())
    measured = {(m["benchmark"], m["store"]) for m in raw["measurements"]}
    for benchmark in chosen:
        assert {kind for name, kind in measured if name == benchmark} == {store}, benchmark
    for m in raw["measurements"]:
        if not may_be_zero(m):
            assert m["value"] > 0, m

    table = (tmp_path / "benchmarks.md").read_text()
    for benchmark in chosen:
        assert TITLES[benchmark] in table
    assert "| target | measured | met |" in table
    assert (tmp_path / "benchmarks.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
