"""Single-use links sent by mail: a password reset, valid an hour, and an invitation to
choose a username and password, valid 7 days. Only each link's SHA-256 is kept; a new
link for a person and purpose replaces the old one, and a used one cannot be used again.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from sqlalchemy import Engine, delete, select, update

from journal import clock
from web.state.tables import mailed_links

RESET, INVITATION = "reset", "invitation"
LIFETIMES = {RESET: timedelta(hours=1), INVITATION: timedelta(days=7)}


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Found:
    """What a link opens: whose it is, or why it no longer opens anything."""

    person_id: UUID | None
    refusal: str | None  # "unknown", "used" or "expired"


class LinkStore:
    """Issues, checks and uses up mailed links."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def issue(self, purpose: str, person_id: UUID) -> tuple[str, timedelta]:
        """A new link's secret for the person (the earlier unused one of the purpose
        stops working), and how long it lasts."""
        token, now, lifetime = secrets.token_urlsafe(32), clock.now(), LIFETIMES[purpose]
        with self.engine.begin() as conn:
            conn.execute(
                delete(mailed_links).where(
                    mailed_links.c.person_id == person_id,
                    mailed_links.c.purpose == purpose,
                    mailed_links.c.used_at.is_(None),
                )
            )
            conn.execute(
                mailed_links.insert(),
                dict(digest=digest(token), purpose=purpose, person_id=person_id,
                     created_at=now, expires_at=now + lifetime, used_at=None),
            )  # fmt: skip
        return token, lifetime

    def find(self, purpose: str, token: str) -> Found:
        """Whose live link this is; or why it opens nothing."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(mailed_links).where(
                    mailed_links.c.digest == digest(token), mailed_links.c.purpose == purpose
                )
            ).first()
        if row is None:
            return Found(None, "unknown")
        if row.used_at is not None:
            return Found(None, "used")
        if row.expires_at <= clock.now():
            return Found(None, "expired")
        return Found(UUID(str(row.person_id)), None)

    def use(self, purpose: str, token: str) -> bool:
        """Use the link up; False if it was not live (another tab used it first)."""
        with self.engine.begin() as conn:
            result = conn.execute(
                update(mailed_links)
                .where(
                    mailed_links.c.digest == digest(token),
                    mailed_links.c.purpose == purpose,
                    mailed_links.c.used_at.is_(None),
                    mailed_links.c.expires_at > clock.now(),
                )
                .values(used_at=clock.now())
            )
        return bool(result.rowcount)
