"""The Coaching Journal web app: ``create_app`` wires the journal, the API and the pages."""

from __future__ import annotations

from typing import Any

from flask import Flask

from journal.application import Journal
from web import config
from web.api import init_api
from web.errors import init_errors
from web.extensions import init_extensions
from web.tokens import TokenStore
from web.ui import init_ui


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Make the app; ``test_config`` overrides settings read from the environment."""
    app = Flask(__name__, template_folder="ui/templates", static_folder="static")
    app.config.from_mapping(config.from_env())
    if test_config:
        app.config.update(test_config)
    journal = Journal(
        app.config["JOURNAL_SETTINGS"], project_on_write=app.config["JOURNAL_PROJECT_ON_WRITE"]
    )
    app.extensions["journal"] = journal
    app.extensions["tokens"] = TokenStore(journal.read.engine)
    # An erasure in another process: forget keys and aggregates decrypted before it.
    app.before_request(journal.refresh_keys)
    init_extensions(app)
    init_errors(app)
    init_api(app)
    init_ui(app)
    return app
