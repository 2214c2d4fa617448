"""The library's PostgreSQL recorder, extended to write each event's chain link with it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from eventsourcing.persistence import IntegrityError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg.rows import dict_row
from psycopg.sql import SQL, Identifier

from journal.store.chain import ChainedRecorder, JointWrite, Link, links_for


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
