"""Private calendar-feed links: a secret in the URL, kept only as its SHA-256, one live
link per leader; issuing a new one stops the old, and the leader can stop it."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import IntegrityError

from journal import clock
from journal.sql import reading
from web.state.tables import calendar_feed_items, calendar_feeds
from web.state.tokens import digest


@dataclass(frozen=True)
class Feed:
    """Whose feed a link opens, in which language, and since when."""

    leader_id: UUID
    locale: str
    issued_at: datetime


class FeedStore:
    """Issues, finds and stops leaders' feed links."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.reader = reading(engine)  # reads take no write lock (journal/sql.py)

    def issue(self, leader_id: UUID, locale: str) -> str:
        """A new secret for the leader's feed; the link it replaces stops working."""
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            conn.execute(delete(calendar_feeds).where(calendar_feeds.c.leader_id == leader_id))
            conn.execute(
                calendar_feeds.insert(),
                dict(
                    leader_id=leader_id, digest=digest(token), locale=locale, issued_at=clock.now()
                ),
            )
        return token

    def find(self, token: str) -> Feed | None:
        """The feed a secret opens, if it is live."""
        with self.reader.connect() as conn:
            row = conn.execute(
                select(calendar_feeds).where(calendar_feeds.c.digest == digest(token))
            ).first()
        return None if row is None else Feed(row.leader_id, row.locale, row.issued_at)

    def of(self, leader_id: UUID) -> Feed | None:
        """The leader's live feed, if any."""
        with self.reader.connect() as conn:
            row = conn.execute(
                select(calendar_feeds).where(calendar_feeds.c.leader_id == leader_id)
            ).first()
        return None if row is None else Feed(row.leader_id, row.locale, row.issued_at)

    def stop(self, leader_id: UUID) -> bool:
        """Stop the leader's link; whether there was one."""
        with self.engine.begin() as conn:
            done = conn.execute(
                delete(calendar_feeds).where(calendar_feeds.c.leader_id == leader_id)
            )
        return bool(done.rowcount)

    def sequences(self, leader_id: UUID, contents: dict[str, str]) -> dict[str, int]:
        """Each event's SEQUENCE, by UID: 0 when first served, one more each time its
        content (``contents``, what the event says) differs from what was served before.
        Two fetches at once may both try to store a first item; the second reads it again."""
        try:
            return self._sequences(leader_id, contents)
        except IntegrityError:
            return self._sequences(leader_id, contents)

    def _sequences(self, leader_id: UUID, contents: dict[str, str]) -> dict[str, int]:
        wanted = {uid: hashlib.sha256(text.encode()).hexdigest() for uid, text in contents.items()}
        with self.engine.begin() as conn:
            served = {
                row.uid: row
                for row in conn.execute(
                    select(calendar_feed_items).where(calendar_feed_items.c.leader_id == leader_id)
                )
            }
            result = {}
            for uid, digest_now in wanted.items():
                before = served.get(uid)
                if before is None:
                    conn.execute(
                        calendar_feed_items.insert(),
                        dict(leader_id=leader_id, uid=uid, digest=digest_now, sequence=0),
                    )
                    result[uid] = 0
                elif before.digest != digest_now:
                    conn.execute(
                        calendar_feed_items.update()
                        .where(
                            calendar_feed_items.c.leader_id == leader_id,
                            calendar_feed_items.c.uid == uid,
                        )
                        .values(digest=digest_now, sequence=before.sequence + 1)
                    )
                    result[uid] = before.sequence + 1
                else:
                    result[uid] = before.sequence
        return result
