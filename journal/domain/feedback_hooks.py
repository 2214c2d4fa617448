"""Survey tools that post each answer as it arrives: one hook per tool, with its secret.

An admin makes a hook per survey tool (Typeform, SurveyMonkey, Delighted, Qualtrics) with
``journal feedback hook create NAME``; the tool posts each answer to the hook's address,
signed with the hook's secret (web/api/feedback_hooks.py checks it). A hook may map the
tool's own field names to the fields the CSV import knows, as ``--map`` does for a file.
The secret is sealed with a key of the hook's own, like a person's data with theirs.
"""

from __future__ import annotations

import re
from uuid import UUID, uuid5

from eventsourcing.domain import event

from journal.domain.base import JournalAggregate
from journal.errors import DomainError

_NAMESPACE = UUID("a8f3c1d2-7b4e-4f6a-9d0c-5e2b1a3f4c60")
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def check_name(value: str) -> str:
    """A hook's name: the last part of its address, so lower-case letters, digits, dashes."""
    name = value.strip().lower()
    if not NAME_PATTERN.match(name):
        raise DomainError(
            "name", "must be 1 to 40 lower-case letters, digits or dashes, as typeform-nps"
        )
    return name


class FeedbackHook(JournalAggregate):
    """One survey tool's hook: its name, secret and field mapping."""

    @property
    def data_subject(self) -> UUID:
        """The secret is sealed with the hook's own key."""
        return self.id

    @staticmethod
    def create_id(name: str) -> UUID:
        """A hook is found by its name, which names one hook."""
        return uuid5(_NAMESPACE, check_name(name))

    class Made(JournalAggregate.Created):
        """An admin made the hook."""

        personal_data = ("secret",)
        name: str
        secret: str
        mapping: dict[str, str]
        recorded_by: UUID | None  # None: the operator at the command line

    @event(Made)
    def __init__(
        self, name: str, secret: str, mapping: dict[str, str], recorded_by: UUID | None
    ) -> None:
        self.name = check_name(name)
        self.secret = secret
        self.mapping = dict(mapping)

    def replace_secret(
        self, secret: str, mapping: dict[str, str], *, recorded_by: UUID | None
    ) -> None:
        """A new secret (the old one stops working at once), and the mapping given."""
        self._replaced(secret=secret, mapping=dict(mapping), recorded_by=recorded_by)

    class SecretReplaced(JournalAggregate.Event):
        """An admin gave the hook a new secret."""

        personal_data = ("secret",)
        secret: str
        mapping: dict[str, str]
        recorded_by: UUID | None

    @event(SecretReplaced)
    def _replaced(self, secret: str, mapping: dict[str, str], recorded_by: UUID | None) -> None:
        self.secret = secret
        self.mapping = mapping
