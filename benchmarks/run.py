"""Run the benchmarks of issue 4 on SQLite and PostgreSQL and write the results.

Each benchmark module measures the journal and a raw baseline side by side in the same
run, repeats, and reports medians and p95. The run writes the results table into
docs/benchmarks.md, a plot of cost against history size into docs/benchmarks.png and the
raw numbers into docs/benchmarks.json. ``--smoke`` runs everything on a few thousand
events (the test suite does this to keep the benchmarks working); it writes to a folder
of its own when given ``--output``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import compare, report, results
from benchmarks.context import POSTGRES_URL, BenchContext
from journal.security import master_key

BENCHMARKS = [
    "commands", "rebuild", "http_read", "as_of", "http_write", "lag", "calendar_import",
    "survey_import", "soak", "scim", "calendar_sync",
]  # fmt: skip
DOCS = Path(__file__).resolve().parent.parent / "docs"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Coaching Journal benchmarks (issue 4).")
    parser.add_argument("--stores", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument(
        "--sizes", default="10000,100000,1000000", help="events in the store, comma-separated"
    )
    parser.add_argument("--repeat", type=int, default=31, help="repetitions per figure")
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="benchmarks to run")
    parser.add_argument("--smoke", action="store_true", help="a few thousand events, quickly")
    parser.add_argument(
        "--output",
        type=Path,
        help="where the results go (docs/, or a temporary folder with --compare)",
    )
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="RECORDED_JSON",
        help="compare with a recorded run (e.g. docs/benchmarks.json): each figure's ratio,"
        " normalised by its same-run baseline; exits 1 if any is more than 20%% worse",
    )
    return parser.parse_args()


def commit() -> str:
    """The commit measured, so that figures can be traced to code."""
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return found.stdout.strip()


def main() -> None:
    """Run the chosen benchmarks and write table, plot and raw numbers."""
    args = arguments()
    # Person keys wrapped by a master key, as in production: one for this run's stores and
    # for the servers and workers it starts.
    os.environ.setdefault(master_key.VARIABLE, master_key.generate())
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.smoke:
        sizes = [1_000]  # one size: a smoke run checks the benchmarks work, not growth
        args.repeat = min(args.repeat, 7)
    chosen = [name for name in args.only.split(",") if name]
    unknown = sorted(set(chosen) - set(BENCHMARKS))
    if unknown:
        raise SystemExit(f"--only: unknown {', '.join(unknown)}; choose from {BENCHMARKS}")
    if args.compare is not None and not args.compare.is_file():
        raise SystemExit(f"--compare: no recorded run at {args.compare}")
    began = time.perf_counter()
    # Figures without a baseline of their own are compared in units of this probe.
    measured: list[results.Measurement] = [compare.machine_probe()]
    with tempfile.TemporaryDirectory(prefix="journal-bench-") as folder:
        ctx = BenchContext(
            folder=Path(folder),
            stores=args.stores.split(","),
            sizes=sizes,
            repeat=args.repeat,
            smoke=args.smoke,
            postgres_url=os.environ.get("JOURNAL_BENCH_POSTGRES_URL", POSTGRES_URL),
        )
        for name in chosen:
            ctx.log(f"== {name}")
            module = importlib.import_module(f"benchmarks.{name}")
            measured += module.run(ctx)
    meta: dict[str, object] = {
        "taken": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, shared and noisy",
        "sizes": ", ".join(f"{s:,}" for s in sizes) + " events",
        "repetitions": args.repeat,
        "smoke run": "yes" if args.smoke else "no",
        "duration": f"{time.perf_counter() - began:.0f} s",
    }
    output = args.output or (
        Path(tempfile.mkdtemp(prefix="journal-bench-compare-")) if args.compare else DOCS
    )
    output.mkdir(parents=True, exist_ok=True)
    results.save(measured, output / "benchmarks.json", meta)
    figures = report.Figures(measured)
    report.plot(figures, output / "benchmarks.png")
    report.write_markdown(
        output / "benchmarks.md", report.results_markdown(figures, meta, "benchmarks.png")
    )
    for verdict in report.verdicts(figures):
        print(f"{'met ' if verdict.met else 'MISS'}  {verdict.target}: {verdict.measured}")
    print(f"Results in {output / 'benchmarks.md'}")
    if args.compare is not None:
        recorded_meta, recorded = results.load(args.compare)
        comparisons = compare.compare(recorded, measured)
        print("\n".join(compare.lines(comparisons, recorded_meta)))
        if any(c.flagged for c in comparisons):
            raise SystemExit(1)


if __name__ == "__main__":
    main()
