"""Server-side sign-in sessions: what makes a browser's session cookie worth anything.

Flask keeps its session in a signed cookie, which the server cannot take back: a copied
cookie would work until it expired. So a sign-in also makes a row here, and the cookie
carries only that row's random id. Signing out, disabling or erasing the account deletes
the rows, and a session unused for the idle timeout, or older than the absolute one, is
over. The table is shared by every app process, like the bearer tokens (web/state/tokens.py),
and kept beside the projections in its own metadata, so a rebuild leaves it be.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from uuid import UUID

from sqlalchemy import Engine, delete, select, update

from journal import clock
from journal.sql import reading
from web.state.tables import web_sessions

#: A session's last use is written at most this often, not on every request.
TOUCH_EVERY = timedelta(minutes=1)


def digest(session_id: str) -> str:
    """What the table keeps of a session id (a stolen table signs nobody in)."""
    return hashlib.sha256(session_id.encode()).hexdigest()


class SessionStore:
    """Starts, checks and ends sign-in sessions."""

    def __init__(self, engine: Engine, *, idle: timedelta, lifetime: timedelta) -> None:
        self.engine = engine
        self.reader = reading(engine)  # reads take no write lock (journal/sql.py)
        self.idle = idle
        self.lifetime = lifetime

    def start(self, account_id: UUID) -> str:
        """A new session for an account that just signed in; returns its secret id."""
        session_id = secrets.token_urlsafe(32)
        now = clock.now()
        with self.engine.begin() as conn:
            conn.execute(
                web_sessions.insert(),
                dict(
                    digest=digest(session_id),
                    account_id=account_id,
                    started_at=now,
                    last_seen_at=now,
                ),
            )
        return session_id

    def account_for(self, session_id: str) -> UUID | None:
        """The account of a live session, noting its use; None once it is over."""
        key = digest(session_id)
        with self.reader.connect() as conn:
            row = conn.execute(select(web_sessions).where(web_sessions.c.digest == key)).first()
        if row is None:
            return None
        now = clock.now()
        if now - row.last_seen_at >= self.idle or now - row.started_at >= self.lifetime:
            self.end(session_id)
            return None
        if now - row.last_seen_at >= TOUCH_EVERY:
            with self.engine.begin() as conn:
                conn.execute(
                    update(web_sessions)
                    .where(web_sessions.c.digest == key)
                    .values(last_seen_at=now)
                )
        return UUID(str(row.account_id))

    def end(self, session_id: str) -> None:
        """Sign one session out."""
        with self.engine.begin() as conn:
            conn.execute(delete(web_sessions).where(web_sessions.c.digest == digest(session_id)))

    def end_all(self, account_id: UUID, *, but: str | None = None) -> int:
        """Sign every session of an account out (it was disabled or erased), or every one
        ``but`` the session the holder is using (they changed their password)."""
        condition = web_sessions.c.account_id == account_id
        if but is not None:
            condition = condition & (web_sessions.c.digest != digest(but))
        with self.engine.begin() as conn:
            result = conn.execute(delete(web_sessions).where(condition))
        return int(result.rowcount)
