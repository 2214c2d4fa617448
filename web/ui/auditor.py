"""Pages: auditor (to be written)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("auditor", __name__)


@bp.route("/audit/events")
def events() -> str:
    """Placeholder."""
    return "auditor"


@bp.route("/audit/time-travel")
def time_travel() -> str:
    """Placeholder."""
    return "auditor"


@bp.route("/audit/changes")
def changes() -> str:
    """Placeholder."""
    return "auditor"


@bp.route("/audit/priorities")
def priorities() -> str:
    """Placeholder."""
    return "auditor"
