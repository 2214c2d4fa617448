"""One measured figure, and the raw numbers of a run kept as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measurement:
    """One figure: e.g. rebuild on sqlite, case "journal", 1,000,000 events, 61,000 events/s.

    ``benchmark`` is one of: commands, rebuild, http_read, as_of, http_write, lag.
    ``case`` names what was measured ("journal", "raw", "employee timeline", ...).
    ``size`` is the history size the figure was taken at (events in the store, or in the
    stream for as_of). ``metric`` is the unit: "commands/s", "events/s", "requests/s",
    "p50 ms", "p95 ms". ``samples`` is how many repetitions the figure summarises.
    """

    benchmark: str
    store: str
    case: str
    size: int
    metric: str
    value: float
    samples: int


def save(measurements: list[Measurement], path: Path, meta: dict[str, object]) -> None:
    """Write the raw numbers, with when and how they were taken."""
    payload = {"meta": meta, "measurements": [asdict(m) for m in measurements]}
    path.write_text(json.dumps(payload, indent=1) + "\n")


def load(path: Path) -> tuple[dict[str, object], list[Measurement]]:
    """Read a run's raw numbers back."""
    payload = json.loads(path.read_text())
    return payload["meta"], [Measurement(**m) for m in payload["measurements"]]
