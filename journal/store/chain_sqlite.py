"""The library's SQLite recorder, extended to write each event's chain link with it."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import IntegrityError, OperationalError, StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore

from journal.store.chain import ChainedRecorder, JointWrite, Link, hex_id, links_for


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
                [(i, hex_id(e.originator_id), e.originator_version, e.topic, e.state)
                 for i, e in numbered],
            )  # fmt: skip
            self._write_links(c, links)
