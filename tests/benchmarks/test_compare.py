"""scripts/bench --compare: a slower journal is flagged, a slower machine is not."""

from __future__ import annotations

from benchmarks.compare import TOLERANCE, compare, lines
from benchmarks.results import Measurement


def run(journal: float, raw: float, page_ms: float, probe_ms: float) -> list[Measurement]:
    """One run's commands (journal and raw), a page's p95 and the machine probe."""
    return [
        Measurement(
            "commands", "sqlite", "journal, projecting inline", 0, "commands/s", journal, 7
        ),
        Measurement("commands", "sqlite", "raw, projecting inline", 0, "commands/s", raw, 7),
        Measurement("http_read", "sqlite", "leader home", 10_000, "p95 ms", page_ms, 15),
        Measurement("machine", "-", "probe", 0, "ms", probe_ms, 7),
    ]


def verdicts(recorded: list[Measurement], now: list[Measurement]) -> dict[str, bool]:
    return {c.figure.benchmark: c.flagged for c in compare(recorded, now)}


def test_a_machine_twice_as_slow_for_everything_flags_nothing() -> None:
    recorded = run(journal=450, raw=4_400, page_ms=20, probe_ms=30)
    busy = run(journal=225, raw=2_200, page_ms=40, probe_ms=60)
    assert verdicts(recorded, busy) == {"commands": False, "http_read": False}


def test_a_journal_slower_against_its_own_baseline_is_flagged() -> None:
    recorded = run(journal=458, raw=4_370, page_ms=20, probe_ms=30)
    # The trust features' regression: 458 -> 272 commands/s while raw inserts held.
    regressed = run(journal=272, raw=4_300, page_ms=20, probe_ms=30)
    comparisons = compare(recorded, regressed)
    commands = next(c for c in comparisons if c.figure.benchmark == "commands")
    assert commands.flagged
    assert round(commands.worse_by, 2) == 0.66
    assert "WORSE" in "\n".join(lines(comparisons, {"taken": "2026-11-22"}))


def test_a_page_slower_than_the_machine_is_flagged_and_a_small_wobble_is_not() -> None:
    recorded = run(journal=450, raw=4_400, page_ms=20, probe_ms=30)
    wobble = run(journal=450, raw=4_400, page_ms=20 * (1 + TOLERANCE / 2), probe_ms=30)
    slower = run(journal=450, raw=4_400, page_ms=30, probe_ms=30)
    assert verdicts(recorded, wobble)["http_read"] is False
    assert verdicts(recorded, slower)["http_read"] is True


def test_a_recorded_run_without_a_probe_is_compared_as_measured_and_says_so() -> None:
    recorded = [m for m in run(450, 4_400, 20, 30) if m.benchmark != "machine"]
    comparisons = compare(recorded, run(450, 4_400, 26, 30))
    page = next(c for c in comparisons if c.figure.benchmark == "http_read")
    assert (page.normalised_by, page.flagged) == ("as measured", True)
