"""Reminders: the e-mail that tells a leader each morning what waits for them.

A leader gets at most one a day. A run claims the leader's day before it sends and notes
the outcome after. A claim without an outcome stands: the run stopped between the two, the
mail may or may not have left, and the journal would rather miss a day than send twice. A
failed send frees the day for the next run. The events hold counts only: what the mail
said lives in the read models, and the mail itself in the leader's inbox.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from eventsourcing.domain import event

from journal.domain import limits
from journal.domain.base import JournalAggregate, check_text
from journal.errors import ConflictError

_NAMESPACE = UUID("5b0f7c1e-2a4d-4e39-8c6b-91d3a7e40f25")

CLAIMED, SENT, FAILED = "claimed", "sent", "failed"


class Reminder(JournalAggregate):
    """One leader's reminder for one day: claimed, then sent or failed."""

    @staticmethod
    def create_id(leader_id: UUID, day: date) -> UUID:
        """One reminder per leader and day, so that two runs cannot both claim it."""
        return uuid5(_NAMESPACE, f"{leader_id}:{day.isoformat()}")

    class Claimed(JournalAggregate.Created):
        """A run is about to send the leader the day's reminder, of so many items."""

        leader_id: UUID
        day: date
        items: int
        recorded_by: UUID | None

    @event(Claimed)
    def __init__(self, leader_id: UUID, day: date, items: int, recorded_by: UUID | None) -> None:
        self.leader_id = leader_id
        self.day = day
        self.state = CLAIMED

    class ClaimedAgain(JournalAggregate.Event):
        """After a failed send, a later run tries the day again."""

        items: int
        recorded_by: UUID | None

    def claim_again(self, items: int) -> None:
        """Try a failed day again; a day claimed or sent stays as it is."""
        if self.state != FAILED:
            raise ConflictError(
                "day",
                "the reminder of %(day)s is already %(state)s",
                day=self.day,
                state=self.state,
            )
        self._claimed_again(items, None)

    @event(ClaimedAgain)
    def _claimed_again(self, items: int, recorded_by: UUID | None) -> None:
        self.state = CLAIMED

    class Sent(JournalAggregate.Event):
        """The mail server accepted the reminder."""

        recorded_by: UUID | None

    def sent(self) -> None:
        """Note that the mail left."""
        self._sent(None)

    @event(Sent)
    def _sent(self, recorded_by: UUID | None) -> None:
        self.state = SENT

    class Failed(JournalAggregate.Event):
        """The mail server refused the reminder, or could not be reached."""

        reason: str
        recorded_by: UUID | None

    def failed(self, reason: str) -> None:
        """Note why the mail did not leave; the next run tries again."""
        self._failed(check_text("reason", reason[: limits.REASON], max_length=limits.REASON), None)

    @event(Failed)
    def _failed(self, reason: str, recorded_by: UUID | None) -> None:
        self.state = FAILED
