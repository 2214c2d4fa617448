"""Leaders' calendar subscriptions, without their secrets: which to fetch, and for whom.

The address, username and password stay sealed in the leader's stream
(journal/domain/subscriptions.py); this table names each subscription, its kind and the
address as pages show it (host and a few last characters), for My calendar's list and the
fetcher's pass over them (journal/calendar_sync/syncing.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from sqlalchemy import Boolean, Column, String, Table, Uuid, select

from journal.domain.people import ERASED, Person
from journal.domain.subscriptions import CalendarSubscriptions, shown
from journal.projections.base import Projection, metadata
from journal.projections.batch import Batch
from journal.sql import UTCDateTime

calendar_subscriptions = Table(
    "calendar_subscriptions",
    metadata,
    Column("subscription_id", Uuid, primary_key=True),
    Column("leader_id", Uuid, nullable=False, index=True),
    Column("kind", String(10), nullable=False),
    Column("shown", String(300), nullable=False),
    Column("active", Boolean, nullable=False, index=True),
    Column("subscribed_at", UTCDateTime, nullable=False),
)


@dataclass(frozen=True)
class SubscriptionRow:
    """One subscription as pages and the fetcher list it."""

    subscription_id: UUID
    leader_id: UUID
    kind: str
    shown: str
    subscribed_at: datetime


class Subscriptions(Projection):
    """Every leader's calendar subscriptions that are still fetched."""

    name = "subscriptions"
    tables = (calendar_subscriptions,)

    @singledispatchmethod
    def apply(self, event: Any, batch: Batch) -> None:
        """Other events leave the subscriptions alone."""

    @apply.register
    def _subscribed(self, event: CalendarSubscriptions.Subscribed, batch: Batch) -> None:
        address = event.address
        batch[calendar_subscriptions].insert(
            dict(
                subscription_id=event.subscription_id,
                leader_id=event.leader_id,
                kind=event.kind,
                shown=shown(address) if address != ERASED else ERASED,
                active=True,
                subscribed_at=event.timestamp,
            )
        )

    @apply.register
    def _stopped(self, event: CalendarSubscriptions.Stopped, batch: Batch) -> None:
        batch[calendar_subscriptions].update(event.subscription_id, active=False)

    @apply.register
    def _erased(self, event: Person.Erased, batch: Batch) -> None:
        batch.flush()
        batch.conn.execute(
            calendar_subscriptions.update()
            .where(calendar_subscriptions.c.leader_id == event.originator_id)
            .values(active=False, shown=ERASED)
        )

    def of_leader(self, leader_id: UUID) -> list[SubscriptionRow]:
        """The leader's subscriptions still fetched, oldest first."""
        return self._rows(calendar_subscriptions.c.leader_id == leader_id)

    def everyone(self) -> list[SubscriptionRow]:
        """Every subscription still fetched, oldest first."""
        return self._rows(calendar_subscriptions.c.active.is_(True))

    def _rows(self, condition: Any) -> list[SubscriptionRow]:
        table = calendar_subscriptions
        query = (
            select(table.c.subscription_id, table.c.leader_id, table.c.kind, table.c.shown,
                   table.c.subscribed_at)
            .where(condition, table.c.active.is_(True))
            .order_by(table.c.subscribed_at, table.c.subscription_id)
        )  # fmt: skip
        with self.engine.connect() as conn:
            return [SubscriptionRow(*row) for row in conn.execute(query)]
