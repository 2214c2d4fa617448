"""Compare a new run with a recorded one, so that a slower write or read path is noticed.

The machine is shared and noisy, so a figure is not compared as it is: each is first
divided by a baseline measured side by side in the same run (commands by the raw inserts,
a rebuild by the raw scan, HTTP writes by the bare endpoint, an as-of read by the full
replay). Figures without a baseline of their own (page latency, lag, the generator) are
divided by the run's machine probe, a fixed piece of Python work timed at the start of
the run; a recorded run without a probe is compared as measured, and the line says so.
A figure more than ``TOLERANCE`` worse than recorded is flagged.
"""

from __future__ import annotations

import hashlib
import statistics
import time
from collections.abc import Iterable
from dataclasses import dataclass

from benchmarks.results import Measurement

#: How much worse (after normalising) a figure may be before it is flagged.
TOLERANCE = 0.20

#: Metrics where more is better; for the others (ms, seconds) less is better.
HIGHER_IS_BETTER = {"commands/s", "events/s", "requests/s"}

PROBE = Measurement("machine", "-", "probe", 0, "ms", 0.0, 0)


def machine_probe(repeat: int = 7) -> Measurement:
    """Time a fixed piece of pure Python work (hashing and sorting), median of ``repeat``."""
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        digests = [hashlib.sha256(str(n).encode()).hexdigest() for n in range(40_000)]
        sorted(digests)
        timings.append((time.perf_counter() - began) * 1000)
    return Measurement("machine", "-", "probe", 0, "ms", statistics.median(timings), repeat)


def baseline_case(m: Measurement) -> str | None:
    """The case measured beside ``m`` in the same run as its baseline, if it has one."""
    if m.benchmark == "commands" and m.case.startswith("journal, ") and m.metric == "commands/s":
        return "raw, " + m.case.removeprefix("journal, ")
    if m.benchmark == "rebuild" and m.case == "journal":
        return "raw scan"
    if m.benchmark == "http_write" and m.metric == "requests/s" and m.case.startswith("journal"):
        layout = "worker" if "worker" in m.case else "inline"
        return f"bare endpoint ({layout})"
    if m.benchmark == "as_of" and m.case == "index + snapshot":
        return "full replay"
    if m.benchmark in ("calendar_import", "survey_import") and m.case != "reading":
        return "reading"
    return None


def is_compared(m: Measurement) -> bool:
    """Whether ``m`` is a figure of the journal's (not a baseline, a count or the probe)."""
    if m.benchmark == "machine" or m.metric in ("errors",):
        return False
    if m.benchmark == "commands":
        return m.case.startswith("journal") and m.metric == "commands/s"
    if m.benchmark == "rebuild":
        return m.case == "journal"
    if m.benchmark == "http_write":
        return m.case.startswith("journal")
    if m.benchmark == "as_of":
        return m.case == "index + snapshot"
    if m.benchmark == "lag":
        return m.case == "worker"  # inline lag is zero by construction
    if m.benchmark in ("calendar_import", "survey_import"):
        return m.case != "reading"
    return True


@dataclass(frozen=True)
class Comparison:
    """One figure, recorded and now, each normalised the same way, and the verdict."""

    figure: Measurement
    recorded: float
    now: float
    normalised_by: str
    recorded_normalised: float
    now_normalised: float

    @property
    def worse_by(self) -> float:
        """How much worse the normalised figure is now (0.25 = 25 % worse; < 0 = better)."""
        if self.figure.metric in HIGHER_IS_BETTER:
            return self.recorded_normalised / self.now_normalised - 1
        return self.now_normalised / self.recorded_normalised - 1

    @property
    def flagged(self) -> bool:
        """More than the tolerance worse than recorded."""
        return self.worse_by > TOLERANCE


class Run:
    """Look-ups over one run's measurements."""

    def __init__(self, measurements: Iterable[Measurement]) -> None:
        self.by_key = {key(m): m for m in measurements}

    def find(self, like: Measurement, case: str) -> Measurement | None:
        """The measurement of the same benchmark, store, size and metric with ``case``."""
        return self.by_key.get((like.benchmark, like.store, case, like.size, like.metric))

    @property
    def probe(self) -> float | None:
        found = self.by_key.get(key(PROBE))
        return found.value if found else None


def key(m: Measurement) -> tuple[str, str, str, int, str]:
    """What identifies a figure across runs."""
    return (m.benchmark, m.store, m.case, m.size, m.metric)


def by_probe(metric: str, value: float, probe: float) -> float:
    """A figure in the machine probe's units: times shrink on a faster run, rates grow."""
    return value * probe if metric in HIGHER_IS_BETTER else value / probe


def compare(recorded: Iterable[Measurement], now: Iterable[Measurement]) -> list[Comparison]:
    """Every figure of ``now`` that the recorded run has too, normalised and compared."""
    before, after = Run(recorded), Run(now)
    found = []
    for figure in after.by_key.values():
        old = before.by_key.get(key(figure))
        if old is None or not is_compared(figure) or not old.value or not figure.value:
            continue
        base = baseline_case(figure)
        if base is not None:
            old_base, new_base = before.find(figure, base), after.find(figure, base)
            if old_base is None or new_base is None or not old_base.value or not new_base.value:
                continue
            found.append(
                Comparison(
                    figure,
                    old.value,
                    figure.value,
                    base,
                    old.value / old_base.value,
                    figure.value / new_base.value,
                )  # fmt: skip
            )
        elif before.probe and after.probe:
            found.append(
                Comparison(
                    figure,
                    old.value,
                    figure.value,
                    "machine probe",
                    by_probe(figure.metric, old.value, before.probe),
                    by_probe(figure.metric, figure.value, after.probe),
                )  # fmt: skip
            )
        else:
            found.append(
                Comparison(figure, old.value, figure.value, "as measured", old.value, figure.value)
            )
    return found


def lines(comparisons: list[Comparison], recorded_meta: dict[str, object]) -> list[str]:
    """The comparison as a table people read in a terminal, worst first."""
    out = [
        f"Compared with the run of {recorded_meta.get('taken', '?')}"
        f" (commit {recorded_meta.get('commit', '?')}); each figure divided by its"
        f" same-run baseline; flagged when more than {TOLERANCE:.0%} worse.",
        "",
        f"{'':6} {'benchmark':<10} {'store':<10} {'case':<34} {'size':>9} {'metric':<11}"
        f" {'recorded':>10} {'now':>10} {'worse by':>8}  normalised by",
    ]
    for c in sorted(comparisons, key=lambda c: -c.worse_by):
        m = c.figure
        mark = "WORSE" if c.flagged else ("better" if c.worse_by < -TOLERANCE else "ok")
        out.append(
            f"{mark:6} {m.benchmark:<10} {m.store:<10} {m.case[:34]:<34} {m.size:>9,}"
            f" {m.metric:<11} {c.recorded:>10,.2f} {c.now:>10,.2f} {c.worse_by:>+8.0%}"
            f"  {c.normalised_by}"
        )
    flagged = sum(c.flagged for c in comparisons)
    out += ["", f"{flagged} of {len(comparisons)} figures more than {TOLERANCE:.0%} worse."]
    return out
