"""Coaching interactions a leader logs with one employee: 1-to-1s, walk-and-talks and more."""

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
    check_minutes,
    check_reason,
    check_text,
)
from journal.errors import DomainError

KINDS = ("one_to_one", "walk_and_talk", "training", "team_building", "quality_review")
CORRECTABLE = ("kind", "occurred_at", "minutes", "shared_notes", "private_notes", "agreed_actions")


class Interaction(JournalAggregate):
    """One coaching interaction; corrected or retracted by later events, never edited."""

    @property
    def data_subject(self) -> UUID:
        """Whose personal data this holds: ``employee_id``."""
        return self.employee_id

    @classmethod
    def log(
        cls,
        *,
        leader_id: UUID,
        employee_id: UUID,
        kind: str,
        occurred_at: datetime,
        minutes: int,
        shared_notes: str = "",
        private_notes: str = "",
        agreed_actions: list[str] | None = None,
        recorded_by: UUID,
    ) -> Interaction:
        """Log an interaction that took place at ``occurred_at``."""
        fields = check_fields(
            {
                "kind": kind,
                "occurred_at": occurred_at,
                "minutes": minutes,
                "shared_notes": shared_notes,
                "private_notes": private_notes,
                "agreed_actions": agreed_actions or [],
            }
        )
        return cls(
            leader_id=leader_id,
            employee_id=employee_id,
            recorded_by=check_actor(recorded_by),
            **fields,
        )

    class Logged(JournalAggregate.Created):
        """A coaching interaction was logged."""

        personal_data = ("shared_notes", "private_notes", "agreed_actions")

        leader_id: UUID
        employee_id: UUID
        kind: str
        occurred_at: datetime
        minutes: int
        shared_notes: str
        private_notes: str
        agreed_actions: list[str]
        recorded_by: UUID

    @event(Logged)
    def __init__(
        self,
        leader_id: UUID,
        employee_id: UUID,
        kind: str,
        occurred_at: datetime,
        minutes: int,
        shared_notes: str,
        private_notes: str,
        agreed_actions: list[str],
        recorded_by: UUID,
    ) -> None:
        self.leader_id = leader_id
        self.employee_id = employee_id
        self.kind = kind
        self.occurred_at = occurred_at
        self.minutes = minutes
        self.shared_notes = shared_notes
        self.private_notes = private_notes
        self.agreed_actions = list(agreed_actions)
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

        personal_data = (
            "reason",
            "changes.shared_notes",
            "changes.private_notes",
            "changes.agreed_actions",
        )

        changes: dict[str, Any]
        reason: str
        recorded_by: UUID

    @event(Corrected)
    def _corrected(self, changes: dict[str, Any], reason: str, recorded_by: UUID) -> None:
        for name, value in changes.items():
            setattr(self, name, list(value) if name == "agreed_actions" else value)

    def retract(self, reason: str, *, recorded_by: UUID) -> None:
        """Withdraw this interaction, saying why; it stays in the history."""
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
        """A retracted interaction takes no further changes."""
        if self.is_retracted:
            raise DomainError("interaction_id", "this interaction has been retracted")


def check_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Check each given field of an interaction and return the cleaned values."""
    checks = {
        "kind": lambda v: check_choice("kind", v, KINDS),
        "occurred_at": lambda v: check_aware("occurred_at", v),
        "minutes": lambda v: check_minutes("minutes", v, maximum=limits.INTERACTION_MINUTES),
        "shared_notes": lambda v: check_text(
            "shared_notes", v, max_length=limits.NOTES, required=False
        ),
        "private_notes": lambda v: check_text(
            "private_notes", v, max_length=limits.NOTES, required=False
        ),
        "agreed_actions": check_actions,
    }
    return {name: checks[name](value) for name, value in fields.items()}


def check_actions(value: Any) -> list[str]:
    """Agreed actions are a list of short texts."""
    if not isinstance(value, list | tuple):
        raise DomainError("agreed_actions", "must be a list of texts")
    if len(value) > limits.AGREED_ACTIONS:
        raise DomainError(
            "agreed_actions",
            "must be at most %(agreed_actions)s actions",
            agreed_actions=limits.AGREED_ACTIONS,
        )
    return [
        check_text("agreed_actions", action, max_length=limits.AGREED_ACTION) for action in value
    ]
