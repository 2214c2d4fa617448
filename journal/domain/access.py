"""Reads of private notes: each one is recorded, so that auditors are audited too."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from journal.domain import limits
from journal.domain.base import JournalAggregate, check_actor, check_text


class NotesAccess(JournalAggregate):
    """One occasion on which someone read private notes that were not their own."""

    @property
    def data_subject(self) -> UUID:
        """Whose personal data this holds: ``employee_id``."""
        return self.employee_id

    @classmethod
    def record(
        cls, *, reader_id: UUID, employee_id: UUID, context: str, purpose: str = ""
    ) -> NotesAccess:
        """Record that ``reader_id`` read the private notes about ``employee_id``, where,
        and for what purpose (an auditor says why before the notes are shown)."""
        return cls(
            employee_id=employee_id,
            context=check_text("context", context, max_length=limits.READ_CONTEXT),
            purpose=check_text("purpose", purpose, max_length=limits.REASON, required=False),
            recorded_by=check_actor(reader_id),
        )

    class PrivateNotesRead(JournalAggregate.Created):
        """Someone read the private notes about an employee: who, whose, where and why."""

        class_version = 2

        employee_id: UUID
        context: str
        purpose: str
        recorded_by: UUID

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            """Reads recorded before the purpose was asked for name none."""
            state["purpose"] = ""

    @event(PrivateNotesRead)
    def __init__(self, employee_id: UUID, context: str, purpose: str, recorded_by: UUID) -> None:
        self.employee_id = employee_id
        self.context = context
        self.purpose = purpose
        self.reader_id = recorded_by
