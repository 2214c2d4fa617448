"""How each subscription's fetches went: the fetcher's own bookkeeping, not history.

One row per subscription: the validators of the last answer (ETag, Last-Modified) for the
next conditional request, when it was last tried and last succeeded, what the last
success did, the last failure (a code and detail, journal/calendar_sync/failures.py), how
many failures in a row, and when the next fetch is due. Nothing here is personal or
secret (hosts, counts, codes), and nothing is lost with it: without a row the next fetch
is unconditional, and its import writes nothing that is unchanged. So it is a table of its
own, beside the read models, and a rebuild leaves it alone.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, Text, Uuid, select

from journal.calendar_sync.failures import SyncFailed
from journal.sql import UTCDateTime, create_tables, reading

metadata = MetaData()
status = Table(
    "calendar_sync_status",
    metadata,
    Column("subscription_id", Uuid, primary_key=True),
    Column("leader_id", Uuid, nullable=False, index=True),
    Column("etag", String(500), nullable=False, default=""),
    Column("last_modified", String(100), nullable=False, default=""),
    Column("tried_at", UTCDateTime),
    Column("succeeded_at", UTCDateTime),
    # What the last success did: {"unchanged": true} for a 304, else the import's counts.
    Column("outcome", Text, nullable=False, default="{}"),
    Column("error_code", String(20), nullable=False, default=""),
    Column("error_detail", Text, nullable=False, default=""),
    Column("failures", Integer, nullable=False, default=0),
    Column("due_at", UTCDateTime),
)

#: Failures in a row after which the leader's morning digest says so.
DIGEST_AFTER = 3
#: The longest wait between two tries of a failing subscription.
LONGEST_BACKOFF = timedelta(hours=24)


@dataclass(frozen=True)
class SyncStatus:
    """One subscription's last fetches."""

    subscription_id: UUID
    leader_id: UUID
    etag: str
    last_modified: str
    tried_at: datetime | None
    succeeded_at: datetime | None
    outcome: dict[str, Any]
    error_code: str
    error_detail: str
    failures: int
    due_at: datetime | None

    @property
    def failing(self) -> bool:
        """Whether the last fetch failed."""
        return bool(self.error_code)


def next_due(tried_at: datetime, failures: int, every: timedelta) -> datetime:
    """When to fetch next: ``every`` after a success; after failures, twice as long for
    each failure in a row (1, 2, 4, 8 … intervals), at most a day."""
    if failures <= 0:
        return tried_at + every
    wait = every * (2 ** min(failures - 1, 16))
    return tried_at + min(wait, max(LONGEST_BACKOFF, every))


class SyncLedger:
    """Reads and writes the subscriptions' fetch status."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.reader = reading(engine)
        create_tables(engine, metadata)

    def get(self, subscription_id: UUID) -> SyncStatus | None:
        """The subscription's status, or None before its first fetch."""
        found = self.of_rows(status.c.subscription_id == subscription_id)
        return found[0] if found else None

    def of_leader(self, leader_id: UUID) -> dict[UUID, SyncStatus]:
        """The leader's subscriptions' statuses, by subscription."""
        return {s.subscription_id: s for s in self.of_rows(status.c.leader_id == leader_id)}

    def failing_long(self) -> list[SyncStatus]:
        """The subscriptions that failed DIGEST_AFTER times or more in a row."""
        return self.of_rows(status.c.failures >= DIGEST_AFTER)

    def all(self) -> dict[UUID, SyncStatus]:
        """Every subscription's status, by subscription."""
        return {s.subscription_id: s for s in self.of_rows(None)}

    def of_rows(self, condition: Any) -> list[SyncStatus]:
        query = select(status)
        if condition is not None:
            query = query.where(condition)
        with self.reader.connect() as conn:
            rows = conn.execute(query.order_by(status.c.subscription_id)).mappings().all()
        return [
            SyncStatus(**{**row, "outcome": json.loads(row["outcome"] or "{}")}) for row in rows
        ]

    def succeeded(
        self, subscription_id: UUID, leader_id: UUID, now: datetime, every: timedelta, *,
        etag: str, last_modified: str, outcome: dict[str, Any],
    ) -> None:  # fmt: skip
        """A fetch (and its import) succeeded."""
        self._put(
            subscription_id, leader_id, etag=etag, last_modified=last_modified, tried_at=now,
            succeeded_at=now, outcome=json.dumps(outcome), error_code="", error_detail="",
            failures=0, due_at=next_due(now, 0, every),
        )  # fmt: skip

    def failed(
        self, subscription_id: UUID, leader_id: UUID, now: datetime, every: timedelta,
        failure: SyncFailed,
    ) -> None:  # fmt: skip
        """A fetch or its import failed: one more failure in a row, and a longer wait."""
        before = self.get(subscription_id)
        failures = (before.failures if before else 0) + 1
        self._put(
            subscription_id, leader_id, tried_at=now, error_code=failure.code,
            error_detail=failure.detail[:2000], failures=failures,
            due_at=next_due(now, failures, every),
        )  # fmt: skip

    def forget(self, subscription_ids: list[UUID]) -> None:
        """Drop the rows of subscriptions that were stopped or whose leader was erased."""
        if subscription_ids:
            with self.engine.begin() as conn:
                conn.execute(status.delete().where(status.c.subscription_id.in_(subscription_ids)))

    def _put(self, subscription_id: UUID, leader_id: UUID, **values: Any) -> None:
        with self.engine.begin() as conn:
            changed = conn.execute(
                status.update().where(status.c.subscription_id == subscription_id).values(**values)
            ).rowcount
            if not changed:
                conn.execute(
                    status.insert().values(
                        subscription_id=subscription_id, leader_id=leader_id, **values
                    )
                )


EVERY_VARIABLE = "JOURNAL_CALENDAR_SYNC_MINUTES"


def every_from_env(environ: dict[str, str] | None = None) -> timedelta:
    """How often subscriptions are fetched (JOURNAL_CALENDAR_SYNC_MINUTES, default 60; 0:
    the worker leaves them to `journal calendar sync`)."""
    text = (environ if environ is not None else os.environ).get(EVERY_VARIABLE, "").strip()
    if not text:
        return timedelta(minutes=60)
    if not text.isdigit():
        raise ValueError(f"{EVERY_VARIABLE}: must be a whole number of minutes, not {text!r}")
    return timedelta(minutes=int(text))
