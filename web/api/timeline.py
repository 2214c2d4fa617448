"""API resource: an employee's timeline and tasks (to be written)."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("api_timeline", __name__, url_prefix="/api/v1", description="timeline")
