"""Health for a load balancer or an orchestrator: ``/healthz`` (the process answers) and
``/readyz`` (it can serve: the store answers, its schema is there, the master key opens the
keyring, every read model has the shape this code expects (journal/projections/versions.py)
and is within ``JOURNAL_READY_LAG`` events of the log's head).

No sign-in, no personal data: a reason names a projection or a setting, never a person.
Neither is rate-limited, and a 200 of either is left out of the request log.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import PersistenceError
from flask import Blueprint, current_app, jsonify
from sqlalchemy.exc import SQLAlchemyError

from journal.commands import Journal
from journal.errors import JournalError
from journal.security.sealed import READ_MODELS_KEY_ID

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Any:
    """The process answers; the store is not asked."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> Any:
    """200 when the process can serve requests, else 503 with the reason."""
    reason = not_ready(current_app.extensions["journal"], current_app.config["READY_LAG"])
    if reason is None:
        return jsonify(status="ready")
    response = jsonify(status="not ready", reason=reason)
    response.status_code = 503
    return response


def not_ready(journal: Journal, allowed_lag: int) -> str | None:
    """Why the journal cannot serve requests yet, or None."""
    try:
        head = journal.read.projector.head()
        positions = journal.read.projector.positions()
        older = journal.read.projector.outdated()
        # The read models' key, unwrapped by the master key (kept once it opened).
        opened = journal.keyring.key_to_read(READ_MODELS_KEY_ID) is not None
    except (SQLAlchemyError, PersistenceError, OSError) as error:
        return f"the store does not answer or has no schema ({type(error).__name__})"
    except JournalError as error:
        return f"the master key does not open the keyring ({error.field})"
    if head and not opened:
        return "the keyring holds no read-models key: run `journal rebuild`"
    if older:
        names = ", ".join(f"{name} (version {was}, needs {needs})"
                          for name, (was, needs) in sorted(older.items()))  # fmt: skip
        return f"read models older than this version of the journal: {names}: run `journal rebuild`"
    behind = {name: head - position for name, position in positions.items()}
    lagging = sorted(name for name, lag in behind.items() if lag > allowed_lag)
    if lagging:
        worst = max(behind[name] for name in lagging)
        return f"read models behind the log by up to {worst} events: {', '.join(lagging)}"
    return None
