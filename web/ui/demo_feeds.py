"""The demo's published calendars, served by the app at the address the demo gave Henrik's
subscription (journal/entry/demo/calendar_feed.py). Only when JOURNAL_DEMO_CALENDARS names
their folder, as ./scripts/run does: a real installation serves no such route."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Blueprint, Flask, Response, send_from_directory

from journal.entry.demo.calendar_feed import FOLDER_VARIABLE, PATH

bp = Blueprint("demo_feeds", __name__)


def init_demo_feeds(app: Flask) -> None:
    """Serve the demo's calendars if the environment names their folder."""
    folder = os.environ.get(FOLDER_VARIABLE, "")
    if not folder:
        return
    calendars = (Path(folder) / PATH).resolve()

    @bp.route(f"/{PATH}/<name>.ics")
    def published(name: str) -> Response:
        """One published calendar; conditional requests get 304 (ETag, Last-Modified)."""
        return send_from_directory(calendars, f"{name}.ics", mimetype="text/calendar")

    app.register_blueprint(bp)
