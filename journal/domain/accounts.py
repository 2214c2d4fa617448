"""Accounts: how a person signs in. One account per person, usernames unique."""

from __future__ import annotations

import re
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from journal.domain import limits
from journal.domain.base import JournalAggregate, check_actor, check_reason, check_text
from journal.errors import DomainError

#: The languages the journal speaks to people in: its pages and its e-mails.
LANGUAGES = ("en", "da")

_USERNAME = re.compile(
    rf"^[a-z0-9][a-z0-9._-]{{{limits.USERNAME_MIN - 1},{limits.USERNAME_MAX - 1}}}$"
)


def check_username(value: Any) -> str:
    """Return a username in lower case, or raise a DomainError on ``username``."""
    if not isinstance(value, str):
        raise DomainError("username", "must be text")
    username = value.strip().lower()
    if not _USERNAME.match(username):
        raise DomainError(
            "username",
            "use %(username_min)s-%(username_max)s letters a-z, digits, dots, dashes"
            " or underscores",
            username_min=limits.USERNAME_MIN,
            username_max=limits.USERNAME_MAX,
        )
    return username


class Account(JournalAggregate):
    """A person's login: a username and a password hash, never the password."""

    @property
    def data_subject(self) -> UUID:
        """Whose personal data this holds: ``person_id``."""
        return self.person_id

    @staticmethod
    def create_id(username: str) -> UUID:
        """One id per username, so that two accounts cannot share a name."""
        return uuid5(NAMESPACE_URL, f"coaching-journal:account:{username}")

    @classmethod
    def open(
        cls, *, person_id: UUID, username: str, password_hash: str, recorded_by: UUID | None
    ) -> Account:
        """Open an account for a person."""
        return cls(
            person_id=person_id,
            username=check_username(username),
            password_hash=password_hash,
            recorded_by=recorded_by,
        )

    class Opened(JournalAggregate.Created):
        """An account was opened for a person."""

        personal_data = ("username", "password_hash")

        person_id: UUID
        username: str
        password_hash: str
        recorded_by: UUID | None

    @event(Opened)
    def __init__(
        self, person_id: UUID, username: str, password_hash: str, recorded_by: UUID | None
    ) -> None:
        self.person_id = person_id
        self.username = username
        self.password_hash = password_hash
        self.is_active = True
        self.language: str | None = None

    class PasswordChanged(JournalAggregate.Event):
        """The account's password was changed."""

        personal_data = ("password_hash",)

        person_id: UUID
        password_hash: str
        recorded_by: UUID

    def change_password(self, password_hash: str, *, recorded_by: UUID) -> None:
        """Replace the password hash."""
        self.check_active()
        self._password_changed(self.person_id, password_hash, check_actor(recorded_by))

    @event(PasswordChanged)
    def _password_changed(self, person_id: UUID, password_hash: str, recorded_by: UUID) -> None:
        self.password_hash = password_hash

    def link_identity(self, issuer: str, subject: str, *, recorded_by: UUID) -> bool:
        """Link the account to a person's identity at an OpenID provider (issuer and
        subject); False if it is linked to that one already."""
        self.check_active()
        if f"{issuer} {subject}" in getattr(self, "identities", ()):
            return False
        self._identity_linked(
            person_id=self.person_id,
            issuer=check_text("issuer", issuer, max_length=300),
            subject=check_text("subject", subject, max_length=255),
            recorded_by=check_actor(recorded_by),
        )
        return True

    class IdentityLinked(JournalAggregate.Event):
        """The account signs in with a person's identity at an OpenID provider."""

        person_id: UUID
        issuer: str
        subject: str
        recorded_by: UUID

    @event(IdentityLinked)
    def _identity_linked(
        self, person_id: UUID, issuer: str, subject: str, recorded_by: UUID
    ) -> None:
        # "issuer subject" as text: a snapshot keeps strings as they are.
        self.identities = [*getattr(self, "identities", ()), f"{issuer} {subject}"]

    class Disabled(JournalAggregate.Event):
        """The account can no longer sign in; its tokens stop working."""

        personal_data = ("reason",)

        person_id: UUID
        reason: str
        recorded_by: UUID

    def disable(self, reason: str, *, recorded_by: UUID) -> None:
        """Disable the account, saying why."""
        self.check_active()
        self._disabled(self.person_id, check_reason(reason), check_actor(recorded_by))

    @event(Disabled)
    def _disabled(self, person_id: UUID, reason: str, recorded_by: UUID) -> None:
        self.is_active = False

    class LanguageChosen(JournalAggregate.Event):
        """The person chose the language the journal speaks to them in (pages, e-mails)."""

        person_id: UUID
        language: str
        recorded_by: UUID

    def choose_language(self, language: str, *, recorded_by: UUID) -> bool:
        """Keep the language the person uses; False if it is the one already kept."""
        if language not in LANGUAGES:
            raise DomainError(
                "language", "use one of %(languages)s", languages=", ".join(LANGUAGES)
            )
        if language == getattr(self, "language", None):  # snapshots from before it
            return False
        self._language_chosen(self.person_id, language, check_actor(recorded_by))
        return True

    @event(LanguageChosen)
    def _language_chosen(self, person_id: UUID, language: str, recorded_by: UUID) -> None:
        self.language = language

    def check_active(self) -> None:
        """Raise a DomainError if the account is disabled."""
        if not self.is_active:
            raise DomainError(
                "account_id", "the account %(username)s is disabled", username=self.username
            )
