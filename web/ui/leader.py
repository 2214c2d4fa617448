"""Pages: leader (to be written)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("leader", __name__)


@bp.route("/leader")
def home() -> str:
    """Placeholder."""
    return "leader"


@bp.route("/leader/time")
def time_log() -> str:
    """Placeholder."""
    return "leader"


@bp.route("/leader/priorities")
def priorities() -> str:
    """Placeholder."""
    return "leader"


@bp.route("/leader/coaching-log")
def coaching_log() -> str:
    """Placeholder."""
    return "leader"
