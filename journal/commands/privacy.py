"""The right to erasure: a person's key is deleted, and the erasure is recorded."""

from __future__ import annotations

from uuid import UUID

from journal.commands.people import PeopleCommands
from journal.store.snapshots import delete_snapshots


class PrivacyCommands(PeopleCommands):
    """Erase a person's personal data (their exports are journal/read/privacy.py)."""

    def erase_person(self, person_id: UUID, reason: str, *, recorded_by: UUID) -> None:
        """Erase a person's personal data by deleting their key, and record who, when, why.

        The key goes first, so nothing read afterwards is decrypted; the event follows, and
        each projection scrubs the person's rows when it applies it. Run again after an
        interruption, it finishes what is left (an erased key, no event yet).
        """
        person = self.person(person_id)
        person.erase(reason, recorded_by=recorded_by)
        self.keyring.erase(person_id)
        self.forget_decrypted()
        delete_snapshots(self.snapshots.recorder if self.snapshots else None, person_id)
        self.save(person)
        self.trail.record("person_erased", person_id=person_id, actor_id=recorded_by)
