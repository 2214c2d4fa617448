"""gunicorn's settings for the journal: ``gunicorn -c gunicorn.conf.py web.wsgi:app`` (gunicorn
reads this file from the working folder by itself).

A file of the project's root, not a module of ``web``: importing ``web`` would import
prometheus-client before ``PROMETHEUS_MULTIPROC_DIR`` is set, and its counters would then
count in each worker alone.

- Metrics across workers: every worker counts into files of ``PROMETHEUS_MULTIPROC_DIR``
  (a fresh temporary folder unless the operator names one; a named one is emptied as the
  server starts), a dead worker's files are marked, and ``/metrics`` sums them.
- Request lines: with ``JOURNAL_LOG_FORMAT=json`` (the default outside development) the app
  writes one JSON line per request (web/request_log.py) and gunicorn's own access log is
  off; with ``text`` gunicorn's lines stay, as in development. Either way a probe's 200
  (``/healthz``, ``/readyz``) is not logged.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from gunicorn.glogging import Logger

from journal.entry.log_lines import QUIET, log_format

MADE_HERE = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if MADE_HERE:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="journal-metrics-")

if log_format() == "json":
    accesslog = None


def on_starting(server: Any) -> None:
    """Counts of an earlier run in a named folder would be summed with this one's."""
    for stale in Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).glob("*.db"):
        stale.unlink()


def on_exit(server: Any) -> None:
    """The temporary folder goes with the server that made it."""
    if MADE_HERE:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)


def child_exit(server: Any, worker: Any) -> None:
    """A worker that ended: its live gauges go, its counts stay in the sums."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


class QuietProbes(Logger):
    """gunicorn's access log without the probes' 200s."""

    def access(self, resp: Any, req: Any, environ: Any, request_time: Any) -> None:
        if environ.get("PATH_INFO") in QUIET and str(resp.status).startswith("200"):
            return
        super().access(resp, req, environ, request_time)


logger_class = QuietProbes
