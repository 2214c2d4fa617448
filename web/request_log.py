"""One JSON line per request on standard error: time, request id, method, route template,
status, duration and the caller's account id. Never a name, a note, a query string or a
token: a route template (``/people/<uuid:person_id>``) says which page without whose.

``X-Request-ID`` is taken from the request when a trusted proxy stands in front
(``JOURNAL_TRUSTED_PROXIES``), else made here; either way the response carries it back, so
a user's report and a proxy's log lead to the same line. ``JOURNAL_LOG_FORMAT=text`` leaves
the request lines to gunicorn's access log, as in development. Probes' 200s
(web/health.py) are left out.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from flask import Flask, Response, current_app, g, request

from journal.entry.log_lines import QUIET, json_handler, json_logger

#: The request lines' logger (journal/entry/log_lines.py formats them).
LOGGER = "journal.requests"
#: What a forwarded request id may look like: a proxy's, never a place for text.
FORWARDED_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def begin() -> None:
    """Before each request: its id and its start."""
    forwarded = request.headers.get("X-Request-ID", "")
    trusted = current_app.config.get("TRUSTED_PROXIES") and FORWARDED_ID.fullmatch(forwarded)
    g.request_id = forwarded if trusted else uuid.uuid4().hex
    g.request_began = time.perf_counter()


def end(response: Response) -> Response:
    """After each request: the id back to the caller, and the line in the log."""
    request_id = g.get("request_id")
    if request_id is None:
        return response
    response.headers["X-Request-ID"] = request_id
    if current_app.config["LOG_FORMAT"] != "json":
        return response
    if request.path in QUIET and response.status_code == 200:
        return response
    logging.getLogger(LOGGER).info(
        "request",
        extra={
            "fields": {
                "request_id": request_id,
                "method": request.method,
                "route": request.url_rule.rule if request.url_rule is not None else None,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - g.request_began) * 1000, 1),
                "account_id": caller(),
            }
        },
    )
    return response


def caller() -> str | None:
    """The account that made the request, if it was signed in (never their name)."""
    actor = g.get("actor") or g.get("_login_user")
    account_id: Any = getattr(actor, "account_id", None)
    return str(account_id) if account_id is not None else None


def init_request_log(app: Flask) -> None:
    """Give every request an id and, in JSON mode, a line in the log."""
    if app.config["LOG_FORMAT"] == "json":
        json_logger(LOGGER)
        app.logger.handlers = [json_handler()]  # the app's errors and warnings too
    app.before_request(begin)
    app.after_request(end)
