"""Peak memory: of a gunicorn worker after the pages were read, and of `journal rebuild`.

Both read the kernel's high-water mark of resident memory (``VmHWM`` in /proc, or the
rusage of a finished child), so a short peak between two looks is not missed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from journal.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mb(pid: int) -> float:
    """The most resident memory process ``pid`` has had, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def served_by(url: str) -> list[int]:
    """The gunicorn processes (master and workers) listening at ``url``'s address."""
    address = url.split("//", 1)[1]
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "gunicorn" in command and address in command:
            found.append(int(entry.name))
    return found


def workers_peak_mb(url: str) -> float:
    """The largest peak among the processes serving ``url`` (the workers hold the data)."""
    return max(peak_rss_mb(pid) for pid in served_by(url))


def rebuild_peak_mb(settings: Settings) -> float:
    """Run ``journal rebuild`` on the store as an operator would; its peak memory in MB."""
    env = {**os.environ, "JOURNAL_DATABASE_URL": settings.database_url}
    child = subprocess.Popen(
        [sys.executable, "-c", "from web.cli import main; main()", "rebuild"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"journal rebuild exited with {child.returncode}")
    return usage.ru_maxrss / 1024  # KB on Linux
