"""Pages: admin (to be written)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__)


@bp.route("/admin/people")
def people() -> str:
    """Placeholder."""
    return "admin"
