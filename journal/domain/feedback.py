"""Customer feedback about an employee: an NPS score (0-10) and what the customer said."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from journal.domain import limits
from journal.domain.base import (
    JournalAggregate,
    check_actor,
    check_aware,
    check_choice,
    check_correction,
    check_reason,
    check_text,
)
from journal.errors import DomainError

CHANNELS = ("phone", "email", "chat", "other")
CORRECTABLE = ("score", "comment", "channel", "received_at", "reference")


class Feedback(JournalAggregate):
    """One customer's rating of an employee; corrected or retracted by later events."""

    @property
    def data_subject(self) -> UUID:
        """Whose personal data this holds: ``employee_id``."""
        return self.employee_id

    @classmethod
    def record(
        cls,
        *,
        employee_id: UUID,
        leader_id: UUID,
        score: int,
        comment: str = "",
        channel: str,
        received_at: datetime,
        reference: str = "",
        recorded_by: UUID,
    ) -> Feedback:
        """Record feedback received at ``received_at`` for the employee in ``leader_id``'s team."""
        fields = check_fields(
            {
                "score": score,
                "comment": comment,
                "channel": channel,
                "received_at": received_at,
                "reference": reference,
            }
        )
        return cls(
            employee_id=employee_id,
            leader_id=leader_id,
            recorded_by=check_actor(recorded_by),
            **fields,
        )

    class Recorded(JournalAggregate.Created):
        """A customer's rating and comment were recorded."""

        personal_data = ("comment", "reference")

        employee_id: UUID
        leader_id: UUID
        score: int
        comment: str
        channel: str
        received_at: datetime
        reference: str
        recorded_by: UUID

    @event(Recorded)
    def __init__(
        self,
        employee_id: UUID,
        leader_id: UUID,
        score: int,
        comment: str,
        channel: str,
        received_at: datetime,
        reference: str,
        recorded_by: UUID,
    ) -> None:
        self.employee_id = employee_id
        self.leader_id = leader_id
        self.score = score
        self.comment = comment
        self.channel = channel
        self.received_at = received_at
        self.reference = reference
        self.is_retracted = False
        self.retraction_reason = ""

    def correct(self, changes: dict[str, Any], reason: str, *, recorded_by: UUID) -> None:
        """Amend some fields, saying why; the original stays in the history."""
        self.check_not_retracted()
        checked = check_correction(self, changes, CORRECTABLE, check_fields)
        self._corrected(
            changes=checked, reason=check_reason(reason), recorded_by=check_actor(recorded_by)
        )

    class Corrected(JournalAggregate.Event):
        """Some fields were corrected, with a reason."""

        personal_data = ("reason", "changes.comment", "changes.reference")

        changes: dict[str, Any]
        reason: str
        recorded_by: UUID

    @event(Corrected)
    def _corrected(self, changes: dict[str, Any], reason: str, recorded_by: UUID) -> None:
        for name, value in changes.items():
            setattr(self, name, value)

    def retract(self, reason: str, *, recorded_by: UUID) -> None:
        """Withdraw this feedback, saying why; it stays in the history."""
        self.check_not_retracted()
        self._retracted(reason=check_reason(reason), recorded_by=check_actor(recorded_by))

    class Retracted(JournalAggregate.Event):
        """The record was withdrawn, with a reason."""

        personal_data = ("reason",)

        reason: str
        recorded_by: UUID

    @event(Retracted)
    def _retracted(self, reason: str, recorded_by: UUID) -> None:
        self.is_retracted = True
        self.retraction_reason = reason

    def check_not_retracted(self) -> None:
        """Retracted feedback takes no further changes."""
        if self.is_retracted:
            raise DomainError("feedback_id", "this feedback has been retracted")


def check_score(value: Any) -> int:
    """An NPS score is a whole number from 0 to 10."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not limits.SCORE_MIN <= value <= limits.SCORE_MAX
    ):
        raise DomainError(
            "score",
            "must be a whole number from %(score_min)s to %(score_max)s",
            score_min=limits.SCORE_MIN,
            score_max=limits.SCORE_MAX,
        )
    return value


def check_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Check each given field of a piece of feedback and return the cleaned values."""
    checks = {
        "score": check_score,
        "comment": lambda v: check_text("comment", v, max_length=limits.COMMENT, required=False),
        "channel": lambda v: check_choice("channel", v, CHANNELS),
        "received_at": lambda v: check_aware("received_at", v),
        "reference": lambda v: check_text(
            "reference", v, max_length=limits.REFERENCE, required=False
        ),
    }
    return {name: checks[name](value) for name, value in fields.items()}


#: The lowest score of a promoter, and the highest of a detractor.
PROMOTER, DETRACTOR = 9, 6


def nps_category(score: int) -> str:
    """Promoter (9-10), passive (7-8) or detractor (0-6)."""
    if score >= PROMOTER:
        return "promoter"
    return "passive" if score > DETRACTOR else "detractor"
