"""``Idempotency-Key`` on the API's write calls: a client's retry never writes twice.

A client that sends a POST, PUT, PATCH or DELETE with an ``Idempotency-Key`` header and
does not hear back (a timeout, a dropped connection, a 503) sends it again with the same
key. The first call reserves the key (per account) before it runs and keeps its answer
when it is done; a repeat with the same method, path and body gets that answer again,
marked ``Idempotent-Replayed: true``, and writes nothing. The same key with another
request is a 422; a repeat while the first is still running is a 409 to retry. A 5xx
answer is not kept, so the retry runs again. Keys are kept for 24 hours, in a table
every app process shares (``web.state``).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from apispec import BasePlugin
from flask import Flask, Response, current_app, g, request
from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import IntegrityError

from journal import clock
from journal.sql import reading
from web.errors import envelope
from web.state.tables import IDEMPOTENCY_KEY_LENGTH, idempotent_requests

HEADER = "Idempotency-Key"
WRITES = ("POST", "PUT", "PATCH", "DELETE")
KEPT_FOR = timedelta(hours=24)
MAX_LENGTH = IDEMPOTENCY_KEY_LENGTH


def fingerprint() -> str:
    """What makes two requests the same: method, path with query, and body."""
    digest = hashlib.sha256()
    for part in (request.method, request.full_path, request.get_data()):
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


class IdempotencyStore:
    """Reserves keys, keeps answers, and finds them again."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.reader = reading(engine)  # reads take no write lock (journal/sql.py)

    def reserve(self, account_id: Any, key: str, print_: str) -> dict[str, Any] | None:
        """Reserve the key for this request; None if it is now ours, else the row found."""
        now = clock.now()
        with self.engine.begin() as conn:
            conn.execute(
                delete(idempotent_requests).where(
                    idempotent_requests.c.account_id == account_id,
                    idempotent_requests.c.key == key,
                    idempotent_requests.c.started_at <= now - KEPT_FOR,
                )
            )
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    idempotent_requests.insert(),
                    dict(account_id=account_id, key=key, fingerprint=print_, started_at=now),
                )
            return None
        except IntegrityError:  # another call holds the key: its row says what to answer
            with self.reader.connect() as conn:
                row = conn.execute(
                    select(idempotent_requests).where(
                        idempotent_requests.c.account_id == account_id,
                        idempotent_requests.c.key == key,
                    )
                ).first()
            return dict(row._mapping) if row else {"status": None, "fingerprint": print_}

    def keep(self, account_id: Any, key: str, response: Response) -> None:
        """Keep the answer to give again."""
        with self.engine.begin() as conn:
            conn.execute(
                idempotent_requests.update()
                .where(
                    idempotent_requests.c.account_id == account_id,
                    idempotent_requests.c.key == key,
                )
                .values(
                    status=response.status_code,
                    body=response.get_data(as_text=True),
                    content_type=response.content_type,
                )
            )

    def release(self, account_id: Any, key: str) -> None:
        """Forget a reservation whose call failed, so that a retry runs it again."""
        with self.engine.begin() as conn:
            conn.execute(
                delete(idempotent_requests).where(
                    idempotent_requests.c.account_id == account_id,
                    idempotent_requests.c.key == key,
                )
            )


def store() -> IdempotencyStore:
    """The app's idempotency store."""
    found: IdempotencyStore = current_app.extensions["idempotency"]
    return found


def check_key() -> Response | None:
    """Before an API write with the header: run it, replay its answer, or refuse."""
    key = request.headers.get(HEADER)
    if key is None or request.method not in WRITES or g.get("actor") is None:
        return None
    if request.routing_exception is not None:  # no such route or method: 404/405 first
        return None
    if not 1 <= len(key) <= MAX_LENGTH or not key.isprintable() or not key.isascii():
        message = f"must be 1 to {MAX_LENGTH} printable ASCII characters"
        return envelope(422, f"{HEADER} {message}", {HEADER: [message]})
    account_id = g.actor.account_id
    found = store().reserve(account_id, key, fingerprint())
    if found is None:
        g.idempotency_key = key
        return None
    if found["fingerprint"] != fingerprint():
        message = "was used for another request; use a new key for a new request"
        return envelope(422, f"{HEADER} {message}", {HEADER: [message]})
    if found["status"] is None:
        return envelope(409, f"a request with this {HEADER} is still running; retry shortly")
    replay = Response(found["body"], status=found["status"], content_type=found["content_type"])
    replay.headers["Idempotent-Replayed"] = "true"
    return replay


def keep_answer(response: Response) -> Response:
    """After the first call: keep a definite answer; drop the key after a server error."""
    key = g.pop("idempotency_key", None)
    if key is not None:
        if response.status_code >= 500:
            store().release(g.actor.account_id, key)
        else:
            store().keep(g.actor.account_id, key, response)
    return response


def release_on_error(error: BaseException | None) -> None:
    """A call that raised past every handler keeps no reservation."""
    key = g.pop("idempotency_key", None)
    if key is not None and error is not None:
        store().release(g.actor.account_id, key)


def init_idempotency(app: Flask) -> None:
    """Check keys after the API's token check; keep answers after each write (the store is
    the journal's, ``web.attach_journal``)."""
    app.before_request(check_key)
    app.after_request(keep_answer)
    app.teardown_request(release_on_error)


class IdempotencyKeyDocs(BasePlugin):
    """An apispec plugin: documents the header on every write operation but signing in/out."""

    def operation_helper(
        self, path: str | None = None, operations: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        """Add the header to the path's write operations as apispec collects them."""
        if path is None or operations is None or path.endswith("/tokens"):
            return
        parameter = {
            "name": HEADER,
            "in": "header",
            "required": False,
            "description": "Send the same key again to retry without writing twice (kept 24 h).",
            "schema": {"type": "string", "minLength": 1, "maxLength": MAX_LENGTH},
        }
        for method, operation in operations.items():
            if method.upper() in WRITES and isinstance(operation, dict):
                operation.setdefault("parameters", []).append(parameter)
