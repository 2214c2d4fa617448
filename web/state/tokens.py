"""API bearer tokens: random, stored only as a SHA-256 digest, expiring and revocable.

Tokens are sign-in state, not journal history, so they live in a table of their own
beside the projections (in its own metadata, so a projection rebuild leaves them be).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import Engine, select

from journal import clock
from journal.sql import reading
from web.state.tables import api_tokens


@dataclass(frozen=True)
class IssuedToken:
    """A new token: the secret is shown once, to the caller who asked for it."""

    token: str
    account_id: UUID
    expires_at: datetime


def digest(token: str) -> str:
    """What the table keeps of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


class TokenStore:
    """Issues, checks and revokes bearer tokens."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.reader = reading(engine)  # reads take no write lock (journal/sql.py)

    def issue(self, account_id: UUID, lifetime: timedelta) -> IssuedToken:
        """Make a token for an account that expires after ``lifetime``."""
        token = secrets.token_urlsafe(32)
        now = clock.now()
        with self.engine.begin() as conn:
            conn.execute(
                api_tokens.insert(),
                dict(
                    digest=digest(token),
                    account_id=account_id,
                    issued_at=now,
                    expires_at=now + lifetime,
                    revoked_at=None,
                ),
            )
        return IssuedToken(token, account_id, now + lifetime)

    def account_for(self, token: str) -> UUID | None:
        """The account a live token belongs to; None if unknown, expired or revoked."""
        with self.reader.connect() as conn:
            row = conn.execute(
                select(api_tokens).where(api_tokens.c.digest == digest(token))
            ).first()
        if row is None or row.revoked_at is not None or row.expires_at <= clock.now():
            return None
        return UUID(str(row.account_id))

    def revoke(self, token: str) -> bool:
        """Revoke one token; False if it was not live."""
        with self.engine.begin() as conn:
            result = conn.execute(
                api_tokens.update()
                .where(api_tokens.c.digest == digest(token), api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=clock.now())
            )
        return bool(result.rowcount)

    def revoke_all(self, account_id: UUID, *, but: str | None = None) -> int:
        """Revoke every live token of an account (when it is disabled), or every one
        ``but`` the token in use (its holder changed their password)."""
        live = [api_tokens.c.account_id == account_id, api_tokens.c.revoked_at.is_(None)]
        if but is not None:
            live.append(api_tokens.c.digest != digest(but))
        with self.engine.begin() as conn:
            result = conn.execute(api_tokens.update().where(*live).values(revoked_at=clock.now()))
        return int(result.rowcount)
