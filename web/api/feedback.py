"""API resource: feedback (to be written)."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("api_feedback", __name__, url_prefix="/api/v1", description="feedback")
