"""Peak memory: of a gunicorn worker after the pages were read, and of `journal rebuild`.

Both read the kernel's high-water mark of resident memory (``VmHWM`` in /proc), so a
short peak between two looks is not missed.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
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


def children_of(pid: int) -> list[int]:
    """The processes ``pid`` started that still run."""
    found = []
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.parent.name))
    return found


def rebuild_peak_mb(settings: Settings) -> float:
    """Run ``journal rebuild`` on the store as an operator would; the peak memory of its
    processes added up (it builds on two cores: journal/projections/parallel.py), in MB.

    Each process's high-water mark is read while it runs, every fifth of a second; the
    command's helper builds for most of the command's time and ends before it.
    """
    env = {**os.environ, "JOURNAL_DATABASE_URL": settings.database_url}
    command = subprocess.Popen(
        [sys.executable, "-c", "from web.cli import main; main()", "rebuild"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    peaks: dict[int, float] = {}
    while command.poll() is None:
        for pid in [command.pid, *children_of(command.pid)]:
            with contextlib.suppress(OSError, RuntimeError):  # it may end meanwhile
                peaks[pid] = max(peaks.get(pid, 0.0), peak_rss_mb(pid))
        time.sleep(0.2)
    if command.returncode:
        raise RuntimeError(f"journal rebuild exited with {command.returncode}")
    return sum(peaks.values())
