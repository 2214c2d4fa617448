"""The right of access: everything the journal holds about a person, as JSON, for the
data controller (``export_person``) or for the person themself (``export_own_data``).

Erasure is a command, ``Journal.erase_person`` (journal/commands/privacy.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from journal import clock
from journal.commands import Journal
from journal.domain.people import Person
from journal.projections.accounts import AccountRow
from journal.read.history import History, withhold

EXPORT_FORMAT = "coaching-journal-person-export"
#: The event of a read of someone's private notes (journal/domain/access.py).
NOTES_READ = "NotesAccess.PrivateNotesRead"


def export_person(journal: Journal, person_id: UUID, *, exported_by: UUID | None) -> dict[str, Any]:
    """Everything held about a person, as JSON values, for the data controller; the
    export is recorded in the security trail."""
    person = journal.person(person_id)
    account = journal.read.accounts.for_person(person_id)
    exported = person_export(person, account, journal.history, exported_by=exported_by)
    journal.trail.record("person_exported", person_id=person_id, actor_id=exported_by)
    return exported


def export_own_data(journal: Journal, person_id: UUID) -> dict[str, Any]:
    """What a person downloads about themself: their export without the leader's private
    notes, and who else read their record; recorded in the security trail."""
    person = journal.person(person_id)
    account = journal.read.accounts.for_person(person_id)
    exported = export_for_subject(person, account, journal.history)
    journal.trail.record("person_exported", person_id=person_id, actor_id=person_id)
    return exported


def person_export(
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
    """What the person may take away themself: ``person_export`` without the leader's
    private notes (each replaced by null), and with ``read_by``: who besides their leader
    read their record's private notes, when and where, never what."""
    exported = person_export(person, account, history, exported_by=person.id)
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
    purpose: str = ""


def record_reads(person_id: UUID, history: History) -> list[RecordRead]:
    """Every recorded read of the person's private notes by someone else, newest first."""
    reads = history.every(subject_id=person_id, event_types=[NOTES_READ])
    return [
        RecordRead(
            e.recorded_by,
            e.recorded_at,
            str(e.data.get("context", "")),
            str(e.data.get("purpose", "")),
        )  # fmt: skip
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
