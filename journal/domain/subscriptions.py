"""A leader's calendar subscriptions: where their calendar is fetched from by itself.

A leader who publishes their calendar (Outlook's "Publish calendar", Google's "Secret
address in iCal format") or keeps it on a CalDAV server gives the journal its address,
and for CalDAV a username and app password. These are secrets: the events seal them with
the leader's key, so erasing the leader makes them unreadable, and no page shows them in
full again. How each fetch went is not history but the fetcher's own bookkeeping
(journal/calendar_sync/status.py).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.domain import event

from journal.domain.base import JournalAggregate, check_actor, check_text
from journal.errors import DomainError

_NAMESPACE = UUID("6c0f6f1e-3d2b-4a8e-9c55-0b7d1e2a9f41")
#: Who the meetings a subscription brings in are recorded as: the fetcher, not a person.
CALENDAR_SYNC = uuid5(NAMESPACE_URL, "coaching-journal:calendar-sync")
KINDS = ("ics", "caldav")
#: A leader keeps a handful: their own calendar, perhaps a shared one or two.
MOST = 5
ADDRESS_LENGTH = 2_000
SECRET_LENGTH = 200


def check_address(field: str, value: Any, *, caldav: bool) -> str:
    """An https:// (or webcal://, which is https) address; http:// only for CalDAV servers
    and feeds on the organisation's own network (journal/calendar_sync/addresses.py
    decides whether that network may be reached)."""
    address = check_text(field, value, max_length=ADDRESS_LENGTH)
    parts = urlsplit(address)
    schemes = ("https", "http") if caldav else ("https", "webcal", "http")
    if parts.scheme.lower() not in schemes or not parts.hostname:
        raise DomainError(field, "must be an address that starts with https://")
    if parts.username or parts.password:
        raise DomainError(field, "must not hold a username or password; give them apart")
    if parts.scheme.lower() == "webcal":
        address = "https" + address[len("webcal") :]
    return address


def shown(address: str) -> str:
    """An address as pages show it: the host and the path's last few characters, enough to
    tell two apart, never the secret token most published addresses carry."""
    parts = urlsplit(address)
    tail = parts.path.rstrip("/")[-6:]
    return f"{parts.scheme}://{parts.hostname}/…{tail}"


class CalendarSubscriptions(JournalAggregate):
    """The calendar addresses one leader subscribed to, by subscription id."""

    @property
    def data_subject(self) -> UUID:
        """Whose secrets these are: the leader's."""
        return self.leader_id

    @staticmethod
    def create_id(leader_id: UUID) -> UUID:
        """One stream per leader, found from the leader's id."""
        return uuid5(_NAMESPACE, str(leader_id))

    class Opened(JournalAggregate.Created):
        """The leader's first subscription opened the stream."""

        leader_id: UUID
        recorded_by: UUID

    @event(Opened)
    def __init__(self, leader_id: UUID, recorded_by: UUID) -> None:
        self.leader_id = leader_id
        self.subscriptions: dict[str, dict[str, str]] = {}

    def subscribe(
        self, kind: str, address: str, username: str, password: str, *, recorded_by: UUID
    ) -> UUID:
        """Add a subscription; its id."""
        if kind not in KINDS:
            raise DomainError("kind", "must be one of %(choices)s", choices=", ".join(KINDS))
        caldav = kind == "caldav"
        field = "caldav_url" if caldav else "url"
        address = check_address(field, address, caldav=caldav)
        if caldav:
            username = check_text("username", username, max_length=SECRET_LENGTH)
            password = check_text("password", password, max_length=SECRET_LENGTH)
        else:
            username = password = ""  # nosec B105 (a published address needs none)
        if any(s["address"] == address for s in self.subscriptions.values()):
            raise DomainError(field, "is subscribed to already")
        if len(self.subscriptions) >= MOST:
            raise DomainError(field, "a leader keeps at most %(most)s subscriptions", most=MOST)
        subscription_id = uuid4()
        self._subscribed(
            subscription_id=subscription_id, leader_id=self.leader_id, kind=kind,
            address=address, username=username, password=password,
            recorded_by=check_actor(recorded_by),
        )  # fmt: skip
        return subscription_id

    class Subscribed(JournalAggregate.Event):
        """The leader gave an address their calendar is fetched from (sealed)."""

        personal_data = ("address", "username", "password")
        subscription_id: UUID
        leader_id: UUID
        kind: str
        address: str
        username: str
        password: str
        recorded_by: UUID

    @event(Subscribed)
    def _subscribed(
        self, subscription_id: UUID, leader_id: UUID, kind: str, address: str, username: str,
        password: str, recorded_by: UUID,
    ) -> None:  # fmt: skip
        self.subscriptions[str(subscription_id)] = {
            "kind": kind, "address": address, "username": username, "password": password,
        }  # fmt: skip

    def stop(self, subscription_id: UUID, *, recorded_by: UUID) -> None:
        """Stop fetching from a subscription."""
        if str(subscription_id) not in self.subscriptions:
            raise DomainError("subscription_id", "no such subscription")
        self._stopped(subscription_id=subscription_id, recorded_by=check_actor(recorded_by))

    class Stopped(JournalAggregate.Event):
        """The leader (or an admin) stopped a subscription."""

        subscription_id: UUID
        recorded_by: UUID

    @event(Stopped)
    def _stopped(self, subscription_id: UUID, recorded_by: UUID) -> None:
        self.subscriptions.pop(str(subscription_id), None)
