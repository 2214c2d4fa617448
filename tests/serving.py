"""The app served by gunicorn in a process of its own, as users run it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from journal.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, server: subprocess.Popen[bytes], log: Path, timeout: float = 30) -> None:
    """Wait until the server accepts connections, or fail with its output."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped: {log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail("gunicorn did not start in time")


@contextmanager
def served(
    settings: Settings,
    folder: Path,
    workers: int = 2,
    app: str = "web.wsgi:app",
    gunicorn_args: tuple[str, ...] = (),
    port: int | None = None,
    **environ: str,
) -> Iterator[str]:
    """gunicorn serving ``app`` on ``settings``' store (``workers`` processes) on ``port``
    (a free one by default); yields the URL.

    Its output goes to ``folder``/gunicorn-PORT.log.
    """
    port = port or free_port()
    env = {
        **os.environ,
        "JOURNAL_DATABASE_URL": settings.database_url,
        "JOURNAL_SECRET_KEY": "browser-tests-" + "s" * 32,
        "JOURNAL_VAR_DIR": str(folder),
        **environ,
    }
    log = folder / f"gunicorn-{port}.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{port}", "--workers", str(workers), *gunicorn_args, app],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_for(port, server, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=10)
