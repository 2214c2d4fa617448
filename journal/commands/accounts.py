"""Commands on accounts: how a person signs in (one account each, usernames unique)."""

from __future__ import annotations

import re
import secrets
from uuid import UUID

from journal.commands.people import PeopleCommands
from journal.domain.accounts import Account, check_username
from journal.domain.people import Person
from journal.errors import DomainError
from journal.security import passwords


class AccountCommands(PeopleCommands):
    """Open, change and close the accounts people sign in with."""

    def register_with_account(
        self,
        *,
        role: str,
        name: str,
        email: str,
        username: str,
        password: str,
        leader_id: UUID | None = None,
        recorded_by: UUID | None = None,
    ) -> UUID:
        """Register a person and open their account in one write: both or neither."""
        person, opened = self.new_person(role, name, email, leader_id, recorded_by)
        account = self.new_account(person, username, password, recorded_by or person.id)
        self.save(person, *opened, account)
        return person.id

    def open_account(
        self, person_id: UUID, *, username: str, password: str, recorded_by: UUID | None
    ) -> UUID:
        """Open the one account a person signs in with."""
        person = self.person(person_id)
        person.check_active()
        account = self.new_account(person, username, password, recorded_by or person_id)
        # The person's stream and the username's both decide: of two racing requests for
        # one person, or for one username, one conflicts (the other's event is there).
        self.save(person, account)
        return account.id

    def account_for_identity(
        self, *, issuer: str, subject: str, email: str | None, email_verified: bool
    ) -> UUID:
        """The account that signs in with this identity at an OpenID provider: the one
        linked to it before, or, the first time, the account of the one active person whose
        address the provider has verified (opened now if they have none), linked to it.
        Only people the journal knows get in; DomainError says why someone does not."""
        linked = self.read.accounts.by_identity(issuer, subject)
        if linked is not None:
            return linked.account_id
        if not email or not email_verified:
            raise DomainError("email", "your company has not confirmed your e-mail address")
        # The directory finds the address; the person's own record decides.
        found = [p for p in self.read.people.list() if p.email.lower() == email.strip().lower()]
        active = [self.person(p.person_id) for p in found]
        active = [person for person in active if person.is_active]
        if not found:
            raise DomainError("email", "no one in the journal has the address %(email)s",
                              email=email)  # fmt: skip
        if len(active) != 1:
            raise DomainError("email", "the person with the address %(email)s is not active",
                              email=email)  # fmt: skip
        person = active[0]
        row = self.read.accounts.for_person(person.id)
        if row is None:
            password = secrets.token_urlsafe(32)  # never told anyone: they sign in by SSO
            account = self.new_account(person, self.free_username(email), password, person.id)
            account.link_identity(issuer, subject, recorded_by=person.id)
            self.save(person, account)
            return account.id
        account = self.load(Account, row.account_id, "account_id")
        account.link_identity(issuer, subject, recorded_by=person.id)
        self.save(account)
        return account.id

    def free_username(self, email: str) -> str:
        """A username from the address's local part, numbered if taken."""
        base = re.sub(r"[^a-z0-9._-]", "", email.split("@", 1)[0].lower())[:50] or "user"
        base = base if len(base) >= 3 else f"{base}-user"
        candidate, number = base, 1
        while Account.create_id(candidate) in self.repository:
            number += 1
            candidate = f"{base}{number}"
        return candidate

    def new_account(
        self, person: Person, username: str, password: str, recorded_by: UUID
    ) -> Account:
        """A new account for ``person``, noted on the person too; neither saved yet."""
        username = check_username(username)
        if Account.create_id(username) in self.repository:
            raise DomainError("username", "the username %(username)s is taken", username=username)
        account = Account.open(
            person_id=person.id,
            username=username,
            password_hash=passwords.hash_password(password),
            recorded_by=recorded_by,
        )
        person.note_account(account.id, recorded_by=recorded_by)
        return account

    def change_password(self, account_id: UUID, password: str, *, recorded_by: UUID) -> None:
        """Give an account a new password."""
        account = self.load(Account, account_id, "account_id")
        account.change_password(passwords.hash_password(password), recorded_by=recorded_by)
        self.save(account)

    def change_own_password(self, account_id: UUID, current: str, new: str) -> None:
        """The account's holder gives it a new password, proving the current one first
        (checked against the account itself, never a read model)."""
        account = self.load(Account, account_id, "account_id")
        if not passwords.verify_password(account.password_hash, current or ""):
            raise DomainError("current_password", "is not your current password")
        if passwords.verify_password(account.password_hash, new or ""):
            raise DomainError("new_password", "is the password you have now; choose another")
        try:
            hashed = passwords.hash_password(new)
        except DomainError as error:  # the policy names ``password``; the form, the new one
            raise DomainError("new_password", error.template, **error.params) from None
        account.change_password(hashed, recorded_by=account.person_id)
        self.save(account)

    def disable_account(self, account_id: UUID, reason: str, *, recorded_by: UUID) -> None:
        """Stop an account from signing in, saying why."""
        account = self.load(Account, account_id, "account_id")
        account.disable(reason, recorded_by=recorded_by)
        self.save(account)
        self.trail.record(
            "account_disabled", account_id=account_id, person_id=account.person_id,
            actor_id=recorded_by,
        )  # fmt: skip

    def choose_language(self, account_id: UUID, language: str, *, recorded_by: UUID) -> None:
        """Keep the language the person uses the journal in (its e-mails follow it)."""
        account = self.load(Account, account_id, "account_id")
        if account.choose_language(language, recorded_by=recorded_by):
            self.save(account)
