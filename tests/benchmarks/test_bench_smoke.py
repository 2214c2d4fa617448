"""A small run of scripts/bench, so the benchmarks keep working as the code changes.

It runs every benchmark on a few thousand events, on SQLite and (in CI) PostgreSQL, in
a database of its own, and checks what a real run would write: the table, the plot and
the raw numbers. Speed is not judged here; scripts/bench does that.
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


def test_a_smoke_run_writes_table_plot_and_raw_numbers(tmp_path: Path) -> None:
    stores = ["sqlite"]
    env = dict(os.environ)
    postgres = os.environ.get("JOURNAL_TEST_POSTGRES_URL")
    if postgres:
        stores.append("postgresql")
        env["JOURNAL_BENCH_POSTGRES_URL"] = (
            urlsplit(postgres)._replace(path="/journal_bench_smoke").geturl()
        )
    finished = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--smoke", "--stores", ",".join(stores),
         "--output", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]

    raw = json.loads((tmp_path / "benchmarks.json").read_text())
    measured = {(m["benchmark"], m["store"]) for m in raw["measurements"]}
    for benchmark in BENCHMARKS:
        stores_measured = {store for name, store in measured if name == benchmark}
        assert stores_measured, f"{benchmark} measured nothing"
        if benchmark != "lag":  # the worker's lag is a PostgreSQL layout
            assert stores_measured == set(stores), benchmark
    for m in raw["measurements"]:
        if not may_be_zero(m):
            assert m["value"] > 0, m

    table = (tmp_path / "benchmarks.md").read_text()
    for benchmark in BENCHMARKS:
        assert TITLES[benchmark] in table
    assert "| target | measured | met |" in table
    assert (tmp_path / "benchmarks.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
