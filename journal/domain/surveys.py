"""Which survey answers the journal already holds: one ledger for the organisation.

A survey tool's export is imported again and again (this month's file holds last month's
answers too). Each answer is known by a key: the survey's own response id when the file
has one, else a digest of the row. The ledger keeps the keys imported, so an answer is
never recorded twice; it holds digests and ids only, no personal data.
"""

from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import event

from journal.domain.base import JournalAggregate, check_actor

_NAMESPACE = UUID("d3b1a6e2-4f0c-4b8e-9a71-2c5e8f9d0b13")
LEDGER_ID = uuid5(_NAMESPACE, "survey responses")


class SurveyResponses(JournalAggregate):
    """The keys of the survey answers imported, each with the feedback it became."""

    @staticmethod
    def create_id() -> UUID:
        """There is one ledger."""
        return LEDGER_ID

    class Opened(JournalAggregate.Created):
        """The first import opened the ledger."""

        recorded_by: UUID

    @event(Opened)
    def __init__(self, recorded_by: UUID) -> None:
        self.keys: dict[str, str] = {}  # answer key -> feedback id (as text)

    def knows(self, key: str) -> bool:
        """Whether the answer with this key was imported before."""
        return key in self.keys

    def note(
        self, digest: str, keys: list[str], feedback_ids: list[UUID], *, recorded_by: UUID
    ) -> None:
        """An import recorded these answers (``digest``: the file's SHA-256)."""
        self._imported(
            digest=digest,
            keys=keys,
            feedback_ids=feedback_ids,
            recorded_by=check_actor(recorded_by),
        )

    class Imported(JournalAggregate.Event):
        """A survey file's new answers were recorded as feedback: which, and from which file."""

        digest: str
        keys: list[str]
        feedback_ids: list[UUID]
        recorded_by: UUID

    @event(Imported)
    def _imported(
        self, digest: str, keys: list[str], feedback_ids: list[UUID], recorded_by: UUID
    ) -> None:
        self.keys.update(zip(keys, (str(f) for f in feedback_ids), strict=True))
