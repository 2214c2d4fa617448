"""Pages: employee (to be written)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("employee", __name__)


@bp.route("/me")
def development() -> str:
    """Placeholder."""
    return "employee"
