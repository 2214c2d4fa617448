"""Group sessions: one training or team-building a leader logs once for several employees.

It is one conversation in the leader's coaching log, with its minutes counted once, and
an entry on each participant's timeline. Its shared notes are about the group, written by
the leader, so they are sealed under the leader's key: erasing one participant clears
their timeline's copy, and the session stays for the others.
"""

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

#: The kinds a group can have; 1-to-1s, walk-and-talks and quality reviews are one person's.
GROUP_KINDS = ("training", "team_building")
CORRECTABLE = ("kind", "occurred_at", "minutes", "shared_notes")


class GroupSession(JournalAggregate):
    """One session with several employees; corrected or retracted by later events."""

    @property
    def data_subject(self) -> UUID:
        """Whose key seals the notes: the leader's, who wrote them about the group."""
        return self.leader_id

    @classmethod
    def log(
        cls,
        *,
        leader_id: UUID,
        employee_ids: list[UUID],
        kind: str,
        occurred_at: datetime,
        minutes: int,
        shared_notes: str = "",
        recorded_by: UUID,
    ) -> GroupSession:
        """Log a session that took place at ``occurred_at`` with ``employee_ids``."""
        fields = check_fields(
            {"kind": kind, "occurred_at": occurred_at, "minutes": minutes,
             "shared_notes": shared_notes}
        )  # fmt: skip
        return cls(
            leader_id=leader_id,
            employee_ids=check_participants(employee_ids),
            recorded_by=check_actor(recorded_by),
            **fields,
        )

    class Logged(JournalAggregate.Created):
        """A group session was logged."""

        personal_data = ("shared_notes",)

        leader_id: UUID
        employee_ids: list[UUID]
        kind: str
        occurred_at: datetime
        minutes: int
        shared_notes: str
        recorded_by: UUID

    @event(Logged)
    def __init__(
        self,
        leader_id: UUID,
        employee_ids: list[UUID],
        kind: str,
        occurred_at: datetime,
        minutes: int,
        shared_notes: str,
        recorded_by: UUID,
    ) -> None:
        self.leader_id = leader_id
        self.employee_ids = list(employee_ids)
        self.kind = kind
        self.occurred_at = occurred_at
        self.minutes = minutes
        self.shared_notes = shared_notes
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

        personal_data = ("reason", "changes.shared_notes")

        changes: dict[str, Any]
        reason: str
        recorded_by: UUID

    @event(Corrected)
    def _corrected(self, changes: dict[str, Any], reason: str, recorded_by: UUID) -> None:
        for name, value in changes.items():
            setattr(self, name, value)

    def retract(self, reason: str, *, recorded_by: UUID) -> None:
        """Withdraw the session, saying why; it stays in the history."""
        self.check_not_retracted()
        self._retracted(reason=check_reason(reason), recorded_by=check_actor(recorded_by))

    class Retracted(JournalAggregate.Event):
        """The session was withdrawn, with a reason."""

        personal_data = ("reason",)

        reason: str
        recorded_by: UUID

    @event(Retracted)
    def _retracted(self, reason: str, recorded_by: UUID) -> None:
        self.is_retracted = True
        self.retraction_reason = reason

    def check_not_retracted(self) -> None:
        """A retracted session takes no further changes."""
        if self.is_retracted:
            raise DomainError("session_id", "this session has been retracted")


def check_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Check each given field of a session and return the cleaned values."""
    checks = {
        "kind": lambda v: check_choice("kind", v, GROUP_KINDS),
        "occurred_at": lambda v: check_aware("occurred_at", v),
        "minutes": lambda v: check_minutes("minutes", v, maximum=limits.INTERACTION_MINUTES),
        "shared_notes": lambda v: check_text(
            "shared_notes", v, max_length=limits.NOTES, required=False
        ),
    }
    return {name: checks[name](value) for name, value in fields.items()}


def check_participants(employee_ids: Any) -> list[UUID]:
    """Two or more different employees, each once, in the order given."""
    if not isinstance(employee_ids, list | tuple) or not all(
        isinstance(e, UUID) for e in employee_ids
    ):
        raise DomainError("employee_ids", "must be a list of employees")
    unique = list(dict.fromkeys(employee_ids))
    if len(unique) < 2:
        raise DomainError(
            "employee_ids", "choose two or more employees; log one person's as a conversation"
        )
    if len(unique) > limits.GROUP_SIZE:
        raise DomainError(
            "employee_ids", "must be at most %(most)s employees", most=limits.GROUP_SIZE
        )
    return unique
