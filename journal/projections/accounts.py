"""Accounts by username: what a login checks, rebuilt from the account events."""

from __future__ import annotations

from dataclasses import dataclass
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from sqlalchemy import Boolean, Column, String, Table, Uuid, func, select

from journal.domain.accounts import Account
from journal.domain.people import ERASED, Person
from journal.projections.base import Projection, metadata
from journal.projections.batch import Batch
from journal.projections.people import people
from journal.security.sealed import SealedText

accounts = Table(
    "accounts",
    metadata,
    Column("account_id", Uuid, primary_key=True),
    Column("username", String(63), nullable=False, unique=True),
    Column("person_id", Uuid, nullable=False, index=True),
    Column("password_hash", SealedText, nullable=False),
    Column("is_active", Boolean, nullable=False),
)

# A table of its own, not a column of ``accounts``: stores made before languages were kept
# gain it when the app starts (missing tables are created; missing columns are not).
# Which account signs in with an identity at an OpenID provider (a table of its own, so
# that a store made before single sign-on gains it without a rebuild).
identities = Table(
    "account_identities",
    metadata,
    Column("issuer", String(300), primary_key=True),
    Column("subject", String(255), primary_key=True),
    Column("account_id", Uuid, nullable=False, index=True),
)
languages = Table(
    "account_languages",
    metadata,
    Column("account_id", Uuid, primary_key=True),
    Column("person_id", Uuid, nullable=False, index=True),
    Column("language", String(8), nullable=False),
)


@dataclass(frozen=True)
class AccountRow:
    """An account with the role and name of the person it belongs to."""

    account_id: UUID
    username: str
    person_id: UUID
    password_hash: str
    is_active: bool
    role: str
    name: str
    email: str
    leader_id: UUID | None
    person_active: bool
    #: The language the person last used the journal in; None until they signed in.
    language: str | None

    @property
    def can_sign_in(self) -> bool:
        """An account signs in while both it and its person are active."""
        return self.is_active and self.person_active


class Accounts(Projection):
    """Every account, for signing in and for the admin's list."""

    name = "accounts"
    tables = (accounts, languages, identities)

    @singledispatchmethod
    def apply(self, event: Any, batch: Batch) -> None:
        """Events about other things leave the accounts alone."""

    @apply.register
    def _opened(self, event: Account.Opened, batch: Batch) -> None:
        if event.username == ERASED:  # the person was erased: the account is gone with them
            return
        batch[accounts].insert(
            dict(
                account_id=event.originator_id,
                username=event.username,
                person_id=event.person_id,
                password_hash=event.password_hash,
                is_active=True,
            ),
        )

    @apply.register
    def _password_changed(self, event: Account.PasswordChanged, batch: Batch) -> None:
        batch[accounts].update(event.originator_id, password_hash=event.password_hash)

    @apply.register
    def _disabled(self, event: Account.Disabled, batch: Batch) -> None:
        batch[accounts].update(event.originator_id, is_active=False)

    @apply.register
    def _identity_linked(self, event: Account.IdentityLinked, batch: Batch) -> None:
        batch[identities].insert(
            dict(issuer=event.issuer, subject=event.subject, account_id=event.originator_id)
        )

    @apply.register
    def _language_chosen(self, event: Account.LanguageChosen, batch: Batch) -> None:
        key = event.originator_id
        if batch[languages].current(key) is None:
            batch[languages].insert(
                dict(account_id=key, person_id=event.person_id, language=event.language)
            )
        else:
            batch[languages].update(key, language=event.language)

    @apply.register
    def _erased(self, event: Person.Erased, batch: Batch) -> None:
        batch.flush()
        for table in (accounts, languages):
            batch.conn.execute(table.delete().where(table.c.person_id == event.originator_id))

    def _select(self) -> Any:
        return (
            select(
                accounts,
                people.c.role,
                people.c.name,
                people.c.email,
                people.c.leader_id,
                people.c.is_active.label("person_active"),
                languages.c.language,
            )
            .join(people, people.c.person_id == accounts.c.person_id)
            .outerjoin(languages, languages.c.account_id == accounts.c.account_id)
        )

    def by_identity(self, issuer: str, subject: str) -> AccountRow | None:
        """The account linked to this identity at an OpenID provider, or None."""
        linked = select(identities.c.account_id).where(
            identities.c.issuer == issuer, identities.c.subject == subject
        )
        return self._one(accounts.c.account_id.in_(linked))

    def _one(self, condition: Any) -> AccountRow | None:
        with self.engine.connect() as conn:
            row = conn.execute(self._select().where(condition)).first()
        return AccountRow(**row._mapping) if row else None

    def by_username(self, username: str) -> AccountRow | None:
        """The account with this username (any case), or None."""
        return self._one(accounts.c.username == username.strip().lower())

    def get(self, account_id: UUID) -> AccountRow | None:
        """One account, or None."""
        return self._one(accounts.c.account_id == account_id)

    def for_person(self, person_id: UUID) -> AccountRow | None:
        """The person's account, or None."""
        return self._one(accounts.c.person_id == person_id)

    def list(self, *, offset: int = 0, limit: int = 100) -> tuple[list[AccountRow], int]:
        """Accounts by username, one page, with the total."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                self._select().order_by(accounts.c.username).offset(offset).limit(limit)
            ).all()
            total = conn.execute(select(func.count()).select_from(accounts)).scalar_one()
        return [AccountRow(**row._mapping) for row in rows], int(total)
