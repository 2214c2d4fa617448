"""The Coaching Journal web app: ``create_app`` wires the journal, the API and the pages."""

from __future__ import annotations

from typing import Any

from flask import Flask

from journal import bootstrap
from journal.errors import JournalError
from web import config
from web.api import init_api
from web.errors import init_errors
from web.extensions import init_extensions
from web.headers import init_headers
from web.lockout import Lockout
from web.sessions import SessionStore
from web.state import create_web_tables
from web.tokens import TokenStore
from web.ui import init_ui


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Make the app; ``test_config`` overrides settings read from the environment."""
    app = Flask(__name__, template_folder="ui/templates", static_folder="static")
    app.config.from_mapping(config.from_env())
    if test_config:
        app.config.update(test_config)
    if not app.config["SECRET_KEY"]:
        raise JournalError(
            "JOURNAL_SECRET_KEY",
            "must be set outside development (JOURNAL_ENV=development makes one); "
            "see docs/production.md",
        )
    journal = bootstrap.open_journal(
        app.config["JOURNAL_SETTINGS"], project_on_write=app.config["JOURNAL_PROJECT_ON_WRITE"]
    )
    app.extensions["journal"] = journal
    create_web_tables(journal.read.engine)
    app.extensions["tokens"] = TokenStore(journal.read.engine)
    app.extensions["lockout"] = Lockout(journal.read.engine, app.config["LOCKOUT_POLICY"])
    app.extensions["sessions"] = SessionStore(
        journal.read.engine,
        idle=app.config["SESSION_IDLE_TIMEOUT"],
        lifetime=app.config["PERMANENT_SESSION_LIFETIME"],
    )
    # An erasure in another process: forget keys and aggregates decrypted before it.
    app.before_request(journal.refresh_keys)
    init_extensions(app)
    init_headers(app)
    init_api(app)
    init_ui(app)
    init_errors(app)  # last: it replaces flask-smorest's handler with the one envelope
    return app
