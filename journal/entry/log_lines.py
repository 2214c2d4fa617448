"""Log lines as the operator chose them: one JSON object a line (the default outside
development, for a log collector) or plain text (``JOURNAL_LOG_FORMAT=text``).

The formatter is a dozen lines of the standard library's ``logging`` and ``json``: too
little to take a dependency for. The web app's request lines (web/request_log.py) and the
projection worker's messages use it.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from journal.errors import JournalError

VARIABLE = "JOURNAL_LOG_FORMAT"
#: The probes' paths (web/health.py): their 200s are logged neither by the app nor gunicorn.
QUIET = ("/healthz", "/readyz")


def log_format(environ: Mapping[str, str] | None = None) -> str:
    """JOURNAL_LOG_FORMAT: ``json`` (the default outside development) or ``text``."""
    environ = os.environ if environ is None else environ
    default = "text" if environ.get("JOURNAL_ENV") == "development" else "json"
    chosen = environ.get(VARIABLE) or default
    if chosen not in ("json", "text"):
        raise JournalError(VARIABLE, f"{chosen!r}: use json or text")
    return chosen


class JsonLines(logging.Formatter):
    """A record as one JSON object: its time, level and message, and its ``fields``."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def json_handler() -> logging.Handler:
    """A handler writing JSON lines to standard error."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines())
    return handler


def json_logger(name: str) -> logging.Logger:
    """A logger of its own that writes JSON lines (once, however often it is asked for)."""
    logger = logging.getLogger(name)
    if not logger.handlers:
        logger.addHandler(json_handler())
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def sayer(name: str, plain: Callable[[str], None]) -> Callable[[str], None]:
    """How a long-running command says what it does: ``plain`` in text mode, else a JSON
    line on the logger ``name``."""
    if log_format() == "text":
        return plain
    return json_logger(name).info
