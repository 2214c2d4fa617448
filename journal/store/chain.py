"""The hash chain: every stored event is linked by an HMAC to the one before it in the log.

One chain runs across the whole log, in the order of the notification ids, rather than
one chain per stream. A chain per stream cannot tell when a whole stream is deleted, nor
when the newest events of a stream are; across the log, every deleted, inserted or changed
row breaks a link that ``journal verify`` (journal/store/verify.py) names. It costs nothing in
concurrency: writes to the log are already serialised (SQLite has one writer; the
library's PostgreSQL recorder locks the events table so that ids commit in order), and
each link is written in the same transaction as its event.

A link is a row of its own table, ``<events table>_chain``: the event's notification id,
the id of the event before it (0 for the first) and
``HMAC-SHA256(key, previous link's hash + both ids + the stored row)``. The stored row is
what the recorder writes: stream id, version, topic and the state's bytes, encrypted
fields and all, so erasing a person's key (crypto-shredding) leaves the chain intact.

The key is JOURNAL_CHAIN_KEY. Kept outside the database, it means that someone who can
write to the database cannot forge links for a row they changed. Without it the chain is
still checked, but whoever can write to the database could recompute it; ``journal
verify`` says which of the two a store has.

The recorders are the library's own, extended (journal/store/chain_sqlite.py and
chain_postgres.py); the journal selects them with the library's APPLICATION_RECORDER_TOPIC
setting (journal/settings.py).
"""

from __future__ import annotations

import hashlib
import hmac
import struct
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from itertools import islice
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.persistence import StoredEvent

#: The environment variable that holds the chain's key.
KEY_VARIABLE = "JOURNAL_CHAIN_KEY"


@dataclass(frozen=True)
class Link:
    """One row of the chain: an event's position, its predecessor's and the HMAC."""

    notification_id: int
    previous_id: int
    hash: bytes


def link_hash(key: bytes, previous: Link | None, notification_id: int, event: Any) -> bytes:
    """The HMAC that links ``event`` (a stored event or notification) to ``previous``."""
    previous_id, previous_hash = (previous.notification_id, previous.hash) if previous else (0, b"")
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for part in (
        previous_hash,
        struct.pack(">qq", previous_id, notification_id),
        str(event.originator_id).encode(),
        struct.pack(">q", event.originator_version),
        event.topic.encode(),
        _as_bytes(event.state),
    ):
        mac.update(struct.pack(">I", len(part)))  # length-prefixed: no two rows run together
        mac.update(part)
    return mac.digest()


def _as_bytes(state: bytes | str) -> bytes:
    # A row edited by hand in SQLite may come back as text rather than a blob.
    return state.encode() if isinstance(state, str) else bytes(state)


def hex_id(originator_id: UUID | str) -> str:
    # How the library's SQLite recorder writes a stream id.
    return originator_id.hex if isinstance(originator_id, UUID) else originator_id


def links_for(key: bytes, previous: Link | None, numbered: Iterable[tuple[int, Any]]) -> list[Link]:
    """Links for events in log order, continuing the chain from ``previous``."""
    links = []
    for notification_id, event in numbered:
        link = Link(
            notification_id,
            previous.notification_id if previous else 0,
            link_hash(key, previous, notification_id, event),
        )
        links.append(link)
        previous = link
    return links


class JointWrite(Protocol):
    """A transaction of the read side's that one save's events are written in.

    Projecting inline, the journal passes one to ``insert_events`` (``joint=``): the
    recorder inserts the events and their links on its driver connection, says which
    positions they got, and the read side applies them before the one commit
    (journal/projections/joint.py).
    """

    def transaction(self) -> AbstractContextManager[Any]:
        """Begin; yield the driver's connection (sqlite3 or psycopg); commit at the end."""
        ...

    def recorded(self, positions: Sequence[int]) -> None:
        """The events were inserted at these log positions."""
        ...


class ChainedRecorder(ABC):
    """What both stores' chained recorders share: the key, the table's name, and the
    operations on the chain each store implements (abstract here)."""

    chain_key: bytes = b""
    events_table_name: str

    @property
    def chain_table_name(self) -> str:
        """The chain's table, named after the events table (``stored_events_chain``)."""
        return f"{self.events_table_name}_chain"

    @abstractmethod
    def last_link(self) -> Link | None:
        """The newest link, or None when the chain is empty."""

    @abstractmethod
    def select_links(self, after: int, limit: int) -> list[Link]:
        """Up to ``limit`` links after position ``after``, in log order."""

    @abstractmethod
    def insert_links(self, links: Sequence[Link]) -> None:
        """Store links in a transaction of their own (a restore, or sealing an old log)."""

    @abstractmethod
    def count_links(self) -> int:
        """How many links the chain has."""

    @abstractmethod
    def restore(self, numbered: Sequence[tuple[int, StoredEvent]], links: Sequence[Link]) -> None:
        """Write events at the positions they had, with their links, in one transaction.

        Only ``journal import`` does this, into an empty store: a restored log keeps its
        positions, so the projections that cite them come out identical.
        """


def chained(recorder: Any) -> ChainedRecorder | None:
    """The recorder as a chained one, or None for the in-memory store (tests only)."""
    return recorder if isinstance(recorder, ChainedRecorder) else None


def seal(recorder: Any, chain: ChainedRecorder, batch: int = 5000) -> int:
    """Link a log written before the chain existed; refuses a chain that has links.

    Run once, by an operator, when upgrading a store (``journal verify --seal``). The app
    never seals on its own: an empty chain beside events may also mean someone emptied it.
    """
    if chain.count_links():
        raise ValueError("the chain already has links; sealing would hide changes to the log")
    previous, count = None, 0
    notifications = all_events(recorder, batch)
    while chunk := list(islice(notifications, batch)):
        links = links_for(chain.chain_key, previous, ((n.id, n) for n in chunk))
        chain.insert_links(links)
        count += len(links)
        previous = links[-1]
    return count


def all_events(recorder: Any, batch: int = 5000) -> Iterator[Any]:
    """Every event of the log as the library's notifications, in log order."""
    start = 1
    while True:
        notifications = recorder.select_notifications(start=start, limit=batch)
        yield from notifications
        if len(notifications) < batch:
            return
        start = notifications[-1].id + 1


def all_links(chain: ChainedRecorder, batch: int = 5000) -> Iterator[Link]:
    """Every link of the chain, in log order."""
    after = 0
    while True:
        links = chain.select_links(after, batch)
        yield from links
        if len(links) < batch:
            return
        after = links[-1].notification_id
