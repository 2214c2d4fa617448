"""The security trail: sign-ins, sessions, tokens, disabled accounts, exports and erasures.

What happens around the journal rather than in it, for an auditor to read: who signed
in or failed to, from which address and why, which delays and locks the sign-in limits
imposed, which sessions and API tokens began and ended, which accounts were disabled,
which people's data was exported or erased. Never a password, a token or a session id.

Rows are only appended, each chained to the one before by an HMAC under the journal's
chain key (JOURNAL_CHAIN_KEY, journal/store/chain.py): a row changed, inserted or deleted in
the middle breaks the chain, which ``verify`` names. Old rows are deleted when they pass
the retention (JOURNAL_SECURITY_TRAIL_DAYS, 400 days by default): the oldest kept row
then starts the chain, and its stored ``previous_hash`` is taken on trust.

The table lives beside the read models in a metadata of its own (a rebuild leaves it
be), so every app process, the CLI and the worker append to one trail. Appends are
serialised (SQLite's write lock, a table lock on PostgreSQL) so the chain has one order.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import orjson
from sqlalchemy import (
    JSON,
    Column,
    ColumnElement,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Uuid,
    delete,
    func,
    or_,
    select,
)

from journal import clock
from journal.sql import UTCDateTime, create_tables, reading

metadata = MetaData()

security_trail = Table(
    "security_trail",
    metadata,
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("at", UTCDateTime, nullable=False, index=True),
    Column("kind", String(40), nullable=False, index=True),
    Column("account_id", Uuid, index=True),  # whose sign-in, session or token
    Column("person_id", Uuid, index=True),  # whose data was exported or erased
    Column("actor_id", Uuid),  # who did it, when not the account itself
    Column("username", String(250)),  # as typed at a sign-in
    Column("address", String(100)),  # the client's, as the app saw it
    Column("detail", JSON, nullable=False),  # reason, seconds, via
    Column("previous_hash", LargeBinary, nullable=False),
    Column("hash", LargeBinary, nullable=False),
)

#: What the trail records (the page and the API filter by these).
KINDS = (
    "sign_in_succeeded",
    "sign_in_failed",
    "sign_in_refused",
    "session_started",
    "session_ended",
    "token_issued",
    "token_revoked",
    "account_disabled",
    "person_exported",
    "person_erased",
    "reset_asked",
    "reset_used",
    "invitation_sent",
    "invitation_used",
    "link_refused",
    "sso_signed_in",
    "sso_refused",
    "sso_logged_out",
    "hook_refused",
)

GENESIS = bytes(32)
DEFAULT_RETENTION = timedelta(days=400)
#: Old rows are looked for at most this often per process, not on every append.
PRUNE_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class Entry:
    """One row of the trail."""

    position: int
    at: datetime
    kind: str
    account_id: UUID | None = None
    person_id: UUID | None = None
    actor_id: UUID | None = None
    username: str | None = None
    address: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TrailCheck:
    """What ``verify`` found: rows checked and the positions whose link is broken."""

    checked: int
    broken: list[int]

    @property
    def intact(self) -> bool:
        return not self.broken


def entry_hash(key: bytes, previous: bytes, entry: Entry) -> bytes:
    """The row's link: HMAC-SHA256 of the previous hash and every field of the row."""
    fields = [
        entry.position,
        entry.at.isoformat(),
        entry.kind,
        str(entry.account_id or ""),
        str(entry.person_id or ""),
        str(entry.actor_id or ""),
        entry.username or "",
        entry.address or "",
        entry.detail,
    ]
    message = previous + orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)
    return hmac.new(key or b"unkeyed", message, hashlib.sha256).digest()


class SecurityTrail:
    """Appends to, reads, checks and prunes the security trail."""

    def __init__(
        self, engine: Engine, key: bytes, retention: timedelta = DEFAULT_RETENTION
    ) -> None:
        self.engine = engine
        self.reader = reading(engine)  # reads take no write lock (journal/sql.py)
        self.key = key
        self.retention = retention
        self._pruned_at: datetime | None = None
        create_tables(engine, metadata)

    def record(
        self,
        kind: str,
        *,
        account_id: UUID | None = None,
        person_id: UUID | None = None,
        actor_id: UUID | None = None,
        username: str | None = None,
        address: str | None = None,
        **detail: Any,
    ) -> Entry:
        """Append one row, chained to the last."""
        assert kind in KINDS, kind
        now = clock.now()
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # one appender at a time, reads go on
                conn.exec_driver_sql("LOCK TABLE security_trail IN EXCLUSIVE MODE")
            last = conn.execute(
                select(security_trail.c.position, security_trail.c.hash)
                .order_by(security_trail.c.position.desc())
                .limit(1)
            ).first()
            previous = bytes(last.hash) if last else GENESIS
            entry = Entry(
                position=(last.position if last else 0) + 1,
                at=now,
                kind=kind,
                account_id=account_id,
                person_id=person_id,
                actor_id=actor_id,
                username=(username or "")[:250] or None,
                address=(address or "")[:100] or None,
                detail=detail,
            )
            conn.execute(
                security_trail.insert().values(
                    **vars(entry),
                    previous_hash=previous,
                    hash=entry_hash(self.key, previous, entry),
                )
            )
        if self._pruned_at is None or now - self._pruned_at >= PRUNE_EVERY:
            self.prune(now)
        return entry

    def prune(self, now: datetime | None = None) -> int:
        """Delete rows older than the retention; return how many."""
        now = now or clock.now()
        self._pruned_at = now
        with self.engine.begin() as conn:
            deleted = conn.execute(
                delete(security_trail).where(security_trail.c.at < now - self.retention)
            ).rowcount
        return int(deleted or 0)

    def page(
        self,
        *,
        kinds: list[str] | None = None,
        who: str | None = None,
        account_id: UUID | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[list[Entry], int]:
        """Rows newest first, filtered, and how many match in all.

        ``who`` matches a username as typed (any case) or an address, exactly.
        """
        conditions: list[ColumnElement[bool]] = []
        if kinds:
            conditions.append(security_trail.c.kind.in_(kinds))
        if who:
            conditions.append(
                or_(
                    func.lower(security_trail.c.username) == who.strip().lower(),
                    security_trail.c.address == who.strip(),
                )
            )
        if account_id:
            conditions.append(
                or_(
                    security_trail.c.account_id == account_id,
                    security_trail.c.person_id == account_id,
                )
            )
        if since:
            conditions.append(security_trail.c.at >= since)
        if until:
            conditions.append(security_trail.c.at < until)
        columns = [c for c in security_trail.c if c.name not in ("previous_hash", "hash")]
        with self.reader.connect() as conn:
            total = conn.execute(
                select(func.count()).select_from(security_trail).where(*conditions)
            ).scalar_one()
            rows = conn.execute(
                select(*columns)
                .where(*conditions)
                .order_by(security_trail.c.position.desc())
                .offset(offset)
                .limit(limit)
            ).all()
        return [Entry(**row._mapping) for row in rows], int(total)

    def verify(self, batch: int = 5_000) -> TrailCheck:
        """Walk the trail in order and check every link."""
        checked, broken = 0, []
        previous: bytes | None = None  # the oldest kept row's previous hash is taken on trust
        after = 0
        with self.reader.connect() as conn:
            while rows := conn.execute(
                select(security_trail)
                .where(security_trail.c.position > after)
                .order_by(security_trail.c.position)
                .limit(batch)
            ).all():
                for row in rows:
                    data = row._mapping
                    entry = Entry(
                        **{k: v for k, v in data.items() if k not in ("previous_hash", "hash")}
                    )
                    stored_previous = bytes(data["previous_hash"])
                    unlinked = previous is not None and stored_previous != previous
                    if unlinked or bytes(data["hash"]) != entry_hash(
                        self.key, stored_previous, entry
                    ):
                        broken.append(entry.position)
                    previous = bytes(data["hash"])
                    after = entry.position
                    checked += 1
        return TrailCheck(checked, broken)
