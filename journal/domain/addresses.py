"""E-mail addresses: each belongs to at most one active person.

The address's stream id follows from the address (as an account's from its username), so
two registrations of one address write the same stream and one of them conflicts, however
many processes race and however far the read models lag. The stream holds whose address it
is, never the address itself.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from journal.domain.base import JournalAggregate


class EmailAddress(JournalAggregate):
    """Whose an e-mail address is: the person who registered with it last."""

    @property
    def data_subject(self) -> UUID:
        """Whose personal data this is about: the address's holder."""
        return self.person_id

    @staticmethod
    def create_id(email: str) -> UUID:
        """One stream per address, whatever its case."""
        return uuid5(NAMESPACE_URL, f"coaching-journal:email:{email.strip().lower()}")

    @classmethod
    def claim(cls, email: str, person_id: UUID, *, recorded_by: UUID | None) -> EmailAddress:
        """The address, claimed by the person registered with it."""
        return cls._create(
            cls.Claimed, id=cls.create_id(email), person_id=person_id, recorded_by=recorded_by
        )

    class Claimed(JournalAggregate.Created):
        """A person was registered with the address."""

        person_id: UUID
        recorded_by: UUID | None

    @event(Claimed)
    def __init__(self, person_id: UUID, recorded_by: UUID | None) -> None:
        self.person_id = person_id

    def hand_over(self, person_id: UUID, *, recorded_by: UUID | None) -> None:
        """The address goes to a newly registered person (its holder is no longer active)."""
        self._handed_over(person_id=person_id, recorded_by=recorded_by)

    class HandedOver(JournalAggregate.Event):
        """The address now belongs to another person."""

        person_id: UUID
        recorded_by: UUID | None

    @event(HandedOver)
    def _handed_over(self, person_id: UUID, recorded_by: UUID | None) -> None:
        self.person_id = person_id
