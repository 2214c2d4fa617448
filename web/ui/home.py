"""The front page sends each user to their own start page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, url_for
from flask_login import login_required

from web.auth import current_actor

bp = Blueprint("home", __name__)

START_PAGES = {
    "leader": "leader.home",
    "employee": "employee.development",
    "auditor": "auditor.events",
    "admin": "admin.people",
    "manager": "manager.overview",
}


@bp.route("/")
@login_required
def index() -> Any:
    """Redirect to the start page of the signed-in user's role."""
    return redirect(url_for(START_PAGES[current_actor().role]))
