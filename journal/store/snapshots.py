"""Snapshots that held a person's decrypted state, deleted when the person is erased."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

import orjson

from journal.store.mapper import SEALED

if TYPE_CHECKING:
    from eventsourcing.persistence import AggregateRecorder


def delete_snapshots(recorder: AggregateRecorder | None, person_id: UUID) -> int:
    """Delete every snapshot sealed under the person's key; returns how many.

    A snapshot holds an aggregate's whole decrypted state. With the key gone it could no
    longer be read anyway, but it must not outlive the erasure on disk either.
    """
    if recorder is None:
        return 0
    by = str(person_id)
    if hasattr(recorder, "_stored_events"):  # the in-memory store (tests)
        return _delete_in_memory(recorder, by)
    return _delete_stored(recorder, by)


def _delete_stored(recorder: Any, by: str) -> int:
    """Delete the snapshots sealed by ``by`` from a SQLite or PostgreSQL snapshot table."""
    is_sqlite = type(recorder).__module__.startswith("eventsourcing.sqlite")
    table = recorder.events_table_name
    if not is_sqlite:
        table = f"{recorder.datastore.schema}.{table}"
    mark = "?" if is_sqlite else "%s"
    # The table names are the library's own settings, never input (hence the nosec B608).
    with recorder.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"SELECT originator_id, originator_version, state FROM {table}")  # nosec B608
        doomed = [
            (row["originator_id"], row["originator_version"])
            for row in cursor.fetchall()
            if sealed_by(bytes(row["state"])) == by
        ]
        for originator_id, version in doomed:
            cursor.execute(
                f"DELETE FROM {table} WHERE originator_id = {mark} AND originator_version = {mark}",  # nosec B608
                (originator_id, version),
            )
    return len(doomed)


def sealed_by(state: bytes) -> str | None:
    """Whose key sealed a stored state, if any."""
    try:
        sealed = orjson.loads(state).get(SEALED)
    except (orjson.JSONDecodeError, AttributeError):
        return None
    return sealed.get("by") if isinstance(sealed, dict) else None


def _delete_in_memory(recorder: Any, by: str) -> int:
    with recorder._database_lock:
        kept = [s for s in recorder._stored_events if sealed_by(s.state) != by]
        deleted = len(recorder._stored_events) - len(kept)
        recorder._stored_events[:] = kept
        recorder._stored_events_index.clear()
        for position, stored in enumerate(kept):
            recorder._stored_events_index[str(stored.originator_id)][stored.originator_version] = (
                position
            )
    return deleted
