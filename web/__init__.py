"""The Coaching Journal web app: ``create_app`` wires the journal, the API and the pages."""

from __future__ import annotations

import threading
from contextlib import ExitStack
from typing import Any

from flask import Flask, current_app, g
from werkzeug.middleware.proxy_fix import ProxyFix

from journal import bootstrap
from journal.commands import Journal
from journal.errors import JournalError
from journal.projections.online import rebuild_online
from journal.sql import holding
from web import config
from web.api import init_api
from web.errors import init_errors
from web.extensions import init_extensions
from web.headers import init_headers
from web.health import bp as health
from web.metrics import count_events, init_metrics, time_import
from web.request_log import init_request_log
from web.scim import init_scim
from web.state.feeds import FeedStore
from web.state.idempotency import IdempotencyStore
from web.state.links import LinkStore
from web.state.lockout import Lockout
from web.state.sessions import SessionStore
from web.state.tables import create_web_tables
from web.state.tokens import TokenStore
from web.state.uploads import UploadStore
from web.ui import init_ui


def attach_journal(app: Flask, journal: Journal) -> None:
    """Serve ``journal``: the app's requests read and write it, and the web's own state
    (sessions, tokens, sign-in failures, kept answers) lives beside its read models."""
    engine = journal.read.engine
    create_web_tables(engine)
    journal.on_saved.append(count_events)
    journal.on_imported.append(time_import)
    app.extensions["journal"] = journal
    app.extensions["tokens"] = TokenStore(engine)
    app.extensions["lockout"] = Lockout(engine, app.config["LOCKOUT_POLICY"])
    app.extensions["sessions"] = SessionStore(
        engine,
        idle=app.config["SESSION_IDLE_TIMEOUT"],
        lifetime=app.config["PERMANENT_SESSION_LIFETIME"],
    )
    app.extensions["idempotency"] = IdempotencyStore(engine)
    app.extensions["feeds"] = FeedStore(engine)
    app.extensions["uploads"] = UploadStore(engine)
    app.extensions["links"] = LinkStore(engine)


def rebuild_outdated(app: Flask) -> None:
    """A read model older than this code is built anew beside the live one, in the
    background (journal/projections/online.py): one process of several does it, the
    others go on; with a projection worker, the worker does it when it starts."""
    journal: Journal = app.extensions["journal"]
    older = sorted(journal.read.projector.outdated())
    if not older or not journal.project_on_write:
        return
    app.logger.warning("building %s anew beside the live tables", ", ".join(older))
    threading.Thread(
        target=rebuild_online, args=(journal.read.projector, older),
        name="online-rebuild", daemon=True,
    ).start()  # fmt: skip


def hold_reading_connection() -> None:
    """Before each request: its reads on PostgreSQL share one connection (journal/sql.py)."""
    g.reading = ExitStack()
    g.reading.enter_context(holding())


def release_reading_connection(_error: BaseException | None) -> None:
    """After each request: the connection its reads held goes back to the pool."""
    stack = g.pop("reading", None)
    if stack is not None:
        stack.close()


def refresh_keys() -> None:
    """Before each request: if another process erased a person, forget their keys."""
    journal: Journal = current_app.extensions["journal"]
    journal.refresh_keys()


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
    attach_journal(
        app,
        bootstrap.open_journal(
            app.config["JOURNAL_SETTINGS"],
            project_on_write=app.config["JOURNAL_PROJECT_ON_WRITE"],
        ),
    )
    rebuild_outdated(app)
    if app.config.get("TRUSTED_PROXIES"):
        # The client's address (and scheme) as the trusted proxies saw it; with none
        # configured X-Forwarded-For is ignored, so nobody can claim another address.
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    app.before_request(hold_reading_connection)
    app.teardown_request(release_reading_connection)
    # An erasure in another process: forget keys and aggregates decrypted before it.
    app.before_request(refresh_keys)
    init_request_log(app)
    init_metrics(app)
    app.register_blueprint(health)
    init_extensions(app)
    init_headers(app)
    init_api(app)
    init_ui(app)
    init_scim(app)
    init_errors(app)  # last: it replaces flask-smorest's handler with the one envelope
    return app
