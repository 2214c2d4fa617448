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

The recorders below are the library's own, extended; the journal selects them with the
library's APPLICATION_RECORDER_TOPIC setting (journal/settings.py).
"""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
import struct
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from itertools import islice
from typing import Any, Protocol
from uuid import UUID

import psycopg
from eventsourcing.persistence import IntegrityError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore
from psycopg.rows import dict_row
from psycopg.sql import SQL, Identifier

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


def _hex(originator_id: UUID | str) -> str:
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


class ChainedSQLiteRecorder(ChainedRecorder, SQLiteApplicationRecorder):
    """The library's SQLite recorder, writing each event's link in the same transaction."""

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name)
        self.create_table_statements.append(
            f"CREATE TABLE IF NOT EXISTS {self.chain_table_name} ("
            "notification_id INTEGER PRIMARY KEY, "
            "previous_id INTEGER NOT NULL, "
            "hash BLOB NOT NULL)"
        )

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        assert ids is not None, "the application recorder returns each row's position"
        # The insert above took SQLite's write lock: no other writer can add a link now.
        self._write_links(
            c, links_for(self.chain_key, self._last_link(c), zip(ids, stored_events, strict=True))
        )
        return ids

    def insert_events(
        self,
        stored_events: Sequence[StoredEvent],
        *,
        joint: JointWrite | None = None,
        **kwargs: Any,
    ) -> Sequence[int] | None:
        """Insert events and their links; in ``joint``'s transaction when one is given."""
        if joint is None or not stored_events:
            return super().insert_events(stored_events, **kwargs)
        try:
            with joint.transaction() as connection:
                cursor = SQLiteCursor(connection.cursor())
                try:
                    ids = self._insert_events(cursor, stored_events)
                finally:
                    cursor.sqlite_cursor.close()
                assert ids is not None
                joint.recorded(ids)
        except sqlite3.IntegrityError as error:  # a stream version taken meanwhile
            raise IntegrityError(error) from error
        except sqlite3.OperationalError as error:  # locked for too long, disk full
            raise OperationalError(error) from error
        return ids

    def _last_link(self, c: SQLiteCursor) -> Link | None:
        c.execute(
            f"SELECT notification_id, previous_id, hash FROM {self.chain_table_name} "  # nosec B608
            "ORDER BY notification_id DESC LIMIT 1"
        )
        row = c.fetchone()
        return Link(row[0], row[1], bytes(row[2])) if row else None

    def _write_links(self, c: SQLiteCursor, links: Sequence[Link]) -> None:
        c.executemany(
            f"INSERT INTO {self.chain_table_name} VALUES (?, ?, ?)",  # nosec B608
            [(link.notification_id, link.previous_id, link.hash) for link in links],
        )

    def last_link(self) -> Link | None:
        with self.datastore.transaction(commit=False) as c:
            return self._last_link(c)

    def select_links(self, after: int, limit: int) -> list[Link]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT notification_id, previous_id, hash FROM {self.chain_table_name} "  # nosec B608
                "WHERE notification_id > ? ORDER BY notification_id LIMIT ?",
                (after, limit),
            )
            return [Link(row[0], row[1], bytes(row[2])) for row in c.fetchall()]

    def insert_links(self, links: Sequence[Link]) -> None:
        with self.datastore.transaction(commit=True) as c:
            self._write_links(c, links)

    def count_links(self) -> int:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT count(*) FROM {self.chain_table_name}")  # nosec B608
            return int(c.fetchone()[0])

    def restore(self, numbered: Sequence[tuple[int, StoredEvent]], links: Sequence[Link]) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.executemany(
                f"INSERT INTO {self.events_table_name} "  # nosec B608
                "(rowid, originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?, ?)",
                [(i, _hex(e.originator_id), e.originator_version, e.topic, e.state)
                 for i, e in numbered],
            )  # fmt: skip
            self._write_links(c, links)


class ChainedPostgresRecorder(ChainedRecorder, PostgresApplicationRecorder):
    """The library's PostgreSQL recorder, writing each event's link in the same transaction.

    The library locks the events table before it inserts, so the last link read here is
    the last one committed, and no other writer can add one before this commits.
    """

    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        assert not datastore.enable_db_functions, "the chain is written by insert_events"
        self.chain_table = SQL("{0}.{1}").format(
            Identifier(datastore.schema), Identifier(self.chain_table_name)
        )
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {0} ("
                "notification_id bigint PRIMARY KEY, "
                "previous_id bigint NOT NULL, "
                "hash bytea NOT NULL)"
            ).format(self.chain_table)
        )
        self.select_last_link = SQL(
            "SELECT notification_id, previous_id, hash FROM {0} "
            "ORDER BY notification_id DESC LIMIT 1"
        ).format(self.chain_table)
        self.insert_link = SQL("INSERT INTO {0} VALUES (%s, %s, %s)").format(self.chain_table)
        # The library inserts a composite type its own connections have registered; a joint
        # write runs on the read side's connection, so it sends one array per column.
        self.insert_columns = SQL(
            "INSERT INTO {0}.{1} (originator_id, originator_version, topic, state) "
            "SELECT * FROM unnest(%s::{2}[], %s::bigint[], %s::text[], %s::bytea[]) "
            "RETURNING notification_id"
        ).format(
            Identifier(datastore.schema),
            Identifier(events_table_name),
            Identifier(datastore.originator_id_type),
        )

    def insert_events(
        self,
        stored_events: Sequence[StoredEvent],
        *,
        joint: JointWrite | None = None,
        **kwargs: Any,
    ) -> Sequence[int] | None:
        """Insert events and their links; in ``joint``'s transaction when one is given."""
        if joint is None or not stored_events:
            return super().insert_events(stored_events, **kwargs)
        columns = (
            [e.originator_id for e in stored_events],
            [e.originator_version for e in stored_events],
            [e.topic for e in stored_events],
            [e.state for e in stored_events],
        )
        try:
            with joint.transaction() as connection:
                with connection.cursor(row_factory=dict_row) as curs:
                    # The library's table lock: positions are handed out in commit order.
                    self._lock_table(curs)
                    self._notify_channel(curs)
                    curs.execute(self.insert_columns, columns)
                    ids = [row["notification_id"] for row in curs.fetchall()]
                    self._link(curs, ids, stored_events)
                joint.recorded(ids)
        except psycopg.IntegrityError as error:  # a stream version taken meanwhile
            raise IntegrityError(error) from error
        except psycopg.OperationalError as error:  # the connection lost, a lock timeout
            raise OperationalError(error) from error
        return ids

    def _fetch_ids_after_insert_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        assert ids is not None and len(ids) == len(stored_events)
        self._link(curs, ids, stored_events)
        return ids

    def _link(self, curs: Any, ids: Sequence[int], stored_events: Sequence[StoredEvent]) -> None:
        """Write the links of events just inserted at ``ids`` (the table lock is held)."""
        curs.execute(self.select_last_link)
        row = curs.fetchone()
        previous = (
            Link(row["notification_id"], row["previous_id"], bytes(row["hash"])) if row else None
        )
        links = links_for(self.chain_key, previous, zip(ids, stored_events, strict=True))
        curs.executemany(
            self.insert_link,
            [(link.notification_id, link.previous_id, link.hash) for link in links],
        )

    def last_link(self) -> Link | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.select_last_link)
            row = curs.fetchone()
        return Link(row["notification_id"], row["previous_id"], bytes(row["hash"])) if row else None

    def select_links(self, after: int, limit: int) -> list[Link]:
        query = SQL(
            "SELECT notification_id, previous_id, hash FROM {0} "
            "WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
        ).format(self.chain_table)
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(query, (after, limit))
            rows = curs.fetchall()
        return [Link(r["notification_id"], r["previous_id"], bytes(r["hash"])) for r in rows]

    def insert_links(self, links: Sequence[Link]) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.executemany(
                self.insert_link, [(ln.notification_id, ln.previous_id, ln.hash) for ln in links]
            )

    def restore(self, numbered: Sequence[tuple[int, StoredEvent]], links: Sequence[Link]) -> None:
        table = SQL("{0}.{1}").format(
            Identifier(self.datastore.schema), Identifier(self.events_table_name)
        )
        with self.datastore.transaction(commit=True) as curs:
            curs.executemany(
                SQL(
                    "INSERT INTO {0} (notification_id, originator_id, originator_version, "
                    "topic, state) VALUES (%s, %s, %s, %s, %s)"
                ).format(table),
                [(i, e.originator_id, e.originator_version, e.topic, e.state) for i, e in numbered],
            )
            curs.executemany(
                self.insert_link, [(ln.notification_id, ln.previous_id, ln.hash) for ln in links]
            )
            # The next event the app records comes after the restored ones.
            curs.execute(
                SQL(
                    "SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), "
                    "(SELECT max(notification_id) FROM {0}))"
                ).format(table),
                (f"{self.datastore.schema}.{self.events_table_name}",),
            )

    def count_links(self) -> int:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(SQL("SELECT count(*) AS n FROM {0}").format(self.chain_table))
            row = curs.fetchone()
        return int(row["n"]) if row else 0


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
