"""API resource: tasks (to be written)."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("api_tasks", __name__, url_prefix="/api/v1", description="tasks")
