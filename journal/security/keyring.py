"""One encryption key per person, and erasure by deleting it (crypto-shredding).

Personal data in events (names, emails, notes, comments, reasons) is sealed with the key
of the person it is about (journal/store/mapper.py). Erasing a person overwrites their key
with NULL: the events stay in the log, intact and verifiable, but what they said about
the person can never be read again — in this store or in any backup made afterwards.

A person's row is never deleted, only emptied, so the erasure and a writer that wants a
key for the same person cannot race: whoever comes second finds the row and sees NULL.
The keys live beside the projections, in their own metadata, so a rebuild leaves them be.
Each is stored wrapped by the master key (journal/security/master_key.py), which is kept outside
the database: a copy of the database opens nothing without it.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Column,
    Engine,
    LargeBinary,
    MetaData,
    StaticPool,
    Table,
    Uuid,
    bindparam,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from journal import clock
from journal.errors import DomainError, JournalError
from journal.security.master_key import VARIABLE as MASTER_VARIABLE
from journal.security.master_key import MasterKey, is_wrapped, wrapped_by
from journal.security.sealed import READ_MODELS_KEY_ID
from journal.sql import DriverQuery, UTCDateTime, create_tables

metadata = MetaData()

person_keys = Table(
    "person_keys",
    metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("key", LargeBinary(80)),  # wrapped by the master key; NULL once erased
    Column("created_at", UTCDateTime, nullable=False),
    Column("erased_at", UTCDateTime),
)

KEY_BYTES = 32  # AES-256


class PersonErased(DomainError):
    """Nothing new can be written about a person whose key was erased."""

    def __init__(self, person_id: UUID) -> None:
        super().__init__("person_id", f"the person {person_id} has been erased")


def keyring_engine(url: str, lock_timeout: int = 15) -> Engine:
    """An engine of the keyring's own, beside the projections' one.

    Events are decrypted while the projector holds SQLite's write lock on its connection;
    a key read on that engine would wait for the lock its own process holds. Here reads
    take no lock (WAL), and each write is one statement that takes it only for itself.
    """
    if not url.startswith("sqlite"):
        return create_engine(url, pool_size=2, max_overflow=2, pool_pre_ping=True)
    if url == "sqlite://":
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(url, connect_args={"timeout": lock_timeout})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Zero the bytes of an erased key instead of leaving them in a free page.
        dbapi_connection.execute("PRAGMA secure_delete = ON")

    return engine


class Keyring:
    """Finds, makes and erases the per-person keys; remembers them until an erasure."""

    def __init__(self, url: str, lock_timeout: int = 15, master: MasterKey | None = None) -> None:
        self.engine = keyring_engine(url, lock_timeout)
        self.master = master
        create_tables(self.engine, metadata)
        self._keys: dict[UUID, bytes | None] = {}
        self._erasures_seen = -1
        self._sole_writer = False
        # The two reads made on every write and every load, as the driver runs them: through
        # SQLAlchemy's statement machinery each cost 115 µs, most of a key's share of a
        # command (journal/projections/batch.py's DriverStatement does the same for the
        # read models' writes).
        dialect = self.engine.dialect
        self._key_read = DriverQuery(
            select(person_keys.c.key).where(person_keys.c.person_id == bindparam("person_id")),
            dialect,
        )
        self._erasures_read = DriverQuery(
            select(func.count()).where(person_keys.c.erased_at.is_not(None)), dialect
        )
        self._person_id_to_db = person_keys.c.person_id.type.dialect_impl(dialect).bind_processor(
            dialect
        )

    def key_to_read(self, person_id: UUID) -> bytes | None:
        """The person's key, or None if they were erased (or never had one)."""
        try:
            return self._keys[person_id]
        except KeyError:
            pass
        if not self._keys:  # the first lookup loads them all: one query, not one per event
            self._load_all()
            if person_id in self._keys:
                return self._keys[person_id]
        key = self._select(person_id)
        self._keys[person_id] = key
        return key

    def key_to_write(self, person_id: UUID) -> bytes:
        """The person's key, made on first use; raises PersonErased once they were erased.

        Always asks the database, not the memory of this process, so a writer in another
        process cannot seal new data with a key that was erased a moment ago; except while
        this process is the store's only writer (``sole_writer``).
        """
        if self._sole_writer and (remembered := self._keys.get(person_id)) is not None:
            return remembered
        stored = person_id if self._person_id_to_db is None else self._person_id_to_db(person_id)
        found = self._key_read.first(self.engine, person_id=stored)  # most writes find it
        if found is not None:
            kept = found[0]
        else:
            with self.engine.begin() as conn:
                conn.execute(
                    self._insert(conn)
                    .values(
                        person_id=person_id,
                        key=self._to_store(person_id, os.urandom(KEY_BYTES)),
                        created_at=clock.now(),
                    )
                    .on_conflict_do_nothing(index_elements=["person_id"])
                )
                kept = conn.execute(
                    select(person_keys.c.key).where(person_keys.c.person_id == person_id)
                ).scalar_one()
        key = self._opened(person_id, kept)
        self._keys[person_id] = key
        if key is None:
            raise PersonErased(person_id)
        return key

    @contextmanager
    def sole_writer(self) -> Iterator[None]:
        """A bulk load that is the store's only writer (the benchmark generator): a key is
        asked of the database once per person, not once per event. Nobody can erase a
        person meanwhile, so a remembered key is the stored one."""
        self._sole_writer = True
        try:
            yield
        finally:
            self._sole_writer = False

    def is_erased(self, person_id: UUID) -> bool:
        """Whether the person's key was erased."""
        with self.engine.connect() as conn:
            erased_at = conn.execute(
                select(person_keys.c.erased_at).where(person_keys.c.person_id == person_id)
            ).scalar_one_or_none()
        return erased_at is not None

    def erase(self, person_id: UUID) -> None:
        """Overwrite the person's key with NULL, for good (a missing row becomes a tombstone)."""
        now = clock.now()
        with self.engine.begin() as conn:
            conn.execute(
                self._insert(conn)
                .values(person_id=person_id, key=None, created_at=now, erased_at=now)
                .on_conflict_do_update(
                    index_elements=["person_id"], set_={"key": None, "erased_at": now}
                )
            )
        self._scrub_free_space()
        self._keys[person_id] = None

    def drop_key(self, person_id: UUID) -> None:
        """Delete a key's row outright (only the read models' key, in a store with no events:
        ``journal/bootstrap.py``); a person's key is erased, never dropped."""
        with self.engine.begin() as conn:
            conn.execute(person_keys.delete().where(person_keys.c.person_id == person_id))
        self._keys.pop(person_id, None)

    def refresh(self) -> bool:
        """Forget remembered keys if anyone erased a person since the last look.

        Returns True when something was erased meanwhile, so callers drop what they
        decrypted with the old keys (the aggregate cache).
        """
        found = self._erasures_read.first(self.engine)
        erasures = int(found[0]) if found else 0
        changed = self._erasures_seen not in (-1, erasures)
        self._erasures_seen = erasures
        if changed:
            self._keys.clear()
        return changed

    def export_keys(self) -> Iterator[dict[str, Any]]:
        """Every person's row for a backup, the key as stored (wrapped by the master key,
        whose id is given); erased people's rows hold no key."""
        with self.engine.connect() as conn:
            for row in conn.execute(
                select(person_keys)
                .where(person_keys.c.person_id != READ_MODELS_KEY_ID)  # made anew by a restore
                .order_by(person_keys.c.person_id)
            ):
                kept = bytes(row.key) if row.key else None
                yield {
                    "person_id": str(row.person_id),
                    "key": base64.b64encode(kept).decode() if kept else None,
                    "wrapped_by": wrapped_by(kept) if kept and is_wrapped(kept) else None,
                    "created_at": row.created_at.isoformat(),
                    "erased_at": row.erased_at.isoformat() if row.erased_at else None,
                }

    def import_keys(self, rows: list[dict[str, Any]]) -> None:
        """Write the rows of a backup into an empty keyring: wrapped keys as they are, so
        they need the master key they were wrapped with (checked first); keys from a
        backup made before the master key are wrapped now."""
        from datetime import datetime

        kept = {row["person_id"]: base64.b64decode(row["key"]) for row in rows if row.get("key")}
        for person_id, key in kept.items():
            self._opened(UUID(person_id), key)  # a clear error before anything is written
        with self.engine.begin() as conn:
            conn.execute(
                person_keys.insert(),
                [
                    {
                        "person_id": UUID(row["person_id"]),
                        "key": self._imported(UUID(row["person_id"]), kept[row["person_id"]])
                        if row["person_id"] in kept
                        else None,
                        "created_at": datetime.fromisoformat(row["created_at"]),
                        "erased_at": datetime.fromisoformat(row["erased_at"])
                        if row.get("erased_at")
                        else None,
                    }
                    for row in rows
                ],
            )
        self._keys.clear()

    def _imported(self, person_id: UUID, key: bytes) -> bytes:
        return key if is_wrapped(key) else self._to_store(person_id, key)

    def close(self) -> None:
        """Release the keyring's connections."""
        self.engine.dispose()

    def wrap_unwrapped(self) -> int:
        """Wrap the keys stored before the master key was set; return how many.

        Each is replaced only if it is still the unwrapped key read, so two processes
        starting at once wrap each key once.
        """
        if self.master is None:
            return 0
        with self.engine.begin() as conn:
            plain = conn.execute(
                select(person_keys.c.person_id, person_keys.c.key).where(
                    func.length(person_keys.c.key) == KEY_BYTES
                )
            ).all()
            for person_id, key in plain:
                conn.execute(
                    person_keys.update()
                    .where(person_keys.c.person_id == person_id, person_keys.c.key == key)
                    .values(key=self.master.wrap(person_id, bytes(key)))
                )
        if plain:
            self._scrub_free_space()
        return len(plain)

    def rewrap(self, new: MasterKey) -> int:
        """Wrap every person's key, and the read models', under ``new`` instead (``journal
        keys rotate``); events are not touched. Returns how many person keys were re-wrapped."""
        with self.engine.begin() as conn:
            rows = conn.execute(
                select(person_keys.c.person_id, person_keys.c.key).where(
                    person_keys.c.key.is_not(None)
                )
            ).all()
            for person_id, kept in rows:
                key = self._opened(person_id, kept)
                assert key is not None
                conn.execute(
                    person_keys.update()
                    .where(person_keys.c.person_id == person_id)
                    .values(key=new.wrap(person_id, key))
                )
        self.master = new
        self._scrub_free_space()
        return sum(1 for person_id, _ in rows if person_id != READ_MODELS_KEY_ID)

    def _to_store(self, person_id: UUID, key: bytes) -> bytes:
        """A key as it is stored: wrapped, when there is a master key."""
        return self.master.wrap(person_id, key) if self.master else key

    def _opened(self, person_id: UUID, kept: bytes | None) -> bytes | None:
        """A stored key as it is used: unwrapped; None once erased."""
        if kept is None:
            return None
        kept = bytes(kept)
        if not is_wrapped(kept):
            return kept  # stored before the master key, until wrap_unwrapped runs
        if self.master is None:
            raise JournalError(
                MASTER_VARIABLE,
                f"is needed: the person keys are wrapped by master key {wrapped_by(kept)}",
            )
        return self.master.unwrap(person_id, kept)

    def _load_all(self) -> None:
        with self.engine.connect() as conn:
            for person_id, kept in conn.execute(select(person_keys.c.person_id, person_keys.c.key)):
                self._keys[person_id] = self._opened(person_id, kept)

    def _select(self, person_id: UUID) -> bytes | None:
        with self.engine.connect() as conn:
            kept = conn.execute(
                select(person_keys.c.key).where(person_keys.c.person_id == person_id)
            ).scalar_one_or_none()
        return self._opened(person_id, kept)

    @staticmethod
    def _insert(conn: Any) -> Any:
        return (sqlite_insert if conn.dialect.name == "sqlite" else pg_insert)(person_keys)

    def _scrub_free_space(self) -> None:
        """Leave no copy of an erased key in SQLite's write-ahead log or PostgreSQL's dead rows.

        Both are best effort while other connections read: SQLite copies what it can out of
        the log, and PostgreSQL's VACUUM frees the old row version for reuse.
        """
        if self.engine.dialect.name == "sqlite":
            raw = self.engine.raw_connection()
            try:  # outside SQLAlchemy's transaction: a checkpoint cannot run inside one
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
            finally:
                raw.close()
            return
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM person_keys")
