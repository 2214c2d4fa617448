"""The rights of a data subject: access (everything about a person, as JSON) and the parts
of erasure that are not the key itself (the snapshots that held decrypted state).

Erasure proper is ``Journal.erase_person``: the person's key is deleted
(journal/keyring.py), the erasure is recorded as ``Person.Erased`` and every projection
scrubs the person's rows when it applies that event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import orjson

from journal import clock
from journal.domain.people import Person
from journal.history import History, withhold
from journal.projections.accounts import AccountRow
from journal.storage import SEALED

if TYPE_CHECKING:
    from eventsourcing.persistence import AggregateRecorder

EXPORT_FORMAT = "coaching-journal-person-export"
#: The event of a read of someone's private notes (journal/domain/access.py).
NOTES_READ = "NotesAccess.PrivateNotesRead"


def export_person(
    person: Person, account: AccountRow | None, history: History, *, exported_by: UUID | None
) -> dict[str, Any]:
    """Everything the journal holds about one person, as plain JSON values.

    ``events_about`` is every event about the person, with its data (private notes
    included: the export goes to the data controller, who decides what to hand over).
    ``events_recorded`` lists what the person recorded about others without its content,
    which is other people's data.
    """
    about = history.every(subject_id=person.id)
    recorded = [e for e in history.every(recorded_by=person.id) if e.subject_id != person.id]
    return plain(
        {
            "format": EXPORT_FORMAT,
            "exported_at": clock.now(),
            "exported_by": exported_by,
            "person": {
                "person_id": person.id,
                "role": person.role,
                "name": person.name,
                "email": person.email,
                "leader_id": person.leader_id,
                "is_active": person.is_active,
                "is_erased": person.is_erased,
                "passions": person.passions,
                "talent": person.talent,
            },
            "account": account
            and {
                "account_id": account.account_id,
                "username": account.username,
                "can_sign_in": account.can_sign_in,
            },
            "events_about": [
                {
                    "position": e.position,
                    "type": e.event_type,
                    "stream": e.originator_id,
                    "version": e.version,
                    "recorded_at": e.recorded_at,
                    "recorded_by": e.recorded_by,
                    "data": {k: v for k, v in e.data.items() if k != "password_hash"},
                }
                for e in about
            ],
            "events_recorded": [
                {
                    "position": e.position,
                    "type": e.event_type,
                    "about": e.subject_id,
                    "recorded_at": e.recorded_at,
                }
                for e in recorded
            ],
        }
    )


def export_for_subject(
    person: Person, account: AccountRow | None, history: History
) -> dict[str, Any]:
    """What the person may take away themself: ``export_person`` without the leader's
    private notes (each replaced by null), and with ``read_by``: who besides their leader
    read their record's private notes, when and where, never what."""
    exported = export_person(person, account, history, exported_by=person.id)
    exported["events_about"] = withhold(exported["events_about"], lambda _why: None)
    exported["read_by"] = [
        {"reader_id": read.reader_id, "read_at": read.read_at, "where": read.context}
        for read in record_reads(person.id, history)
    ]
    return plain(exported)


@dataclass(frozen=True)
class RecordRead:
    """Someone besides the person's leader read the private notes of their record."""

    reader_id: UUID | None
    read_at: datetime
    context: str


def record_reads(person_id: UUID, history: History) -> list[RecordRead]:
    """Every recorded read of the person's private notes by someone else, newest first."""
    reads = history.every(subject_id=person_id, event_types=[NOTES_READ])
    return [
        RecordRead(e.recorded_by, e.recorded_at, str(e.data.get("context", "")))
        for e in reversed(reads)
    ]


def plain(value: Any) -> Any:
    """Ids, instants and dates as text, at any depth, so the export is plain JSON."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


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
