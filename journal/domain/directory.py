"""What the company directory says about a person, as it provisions them by SCIM 2.0.

A ``DirectoryRecord`` per person keeps the directory's own attributes (its user name, its
id for the person, the employee number, title, department and the manager line as sent);
a ``DirectoryKey`` per user name, external id and employee number says whose it is, so
the directory's next request finds the same person however their e-mail or name changed,
and two people cannot hold one key. Who leads whom follows from the manager line
(journal/commands/directory.py); the person's own record keeps their role and team.
"""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from journal.domain.base import JournalAggregate

#: Who the directory's changes are recorded as: not a person, the provisioning service.
PROVISIONING = uuid5(NAMESPACE_URL, "coaching-journal:provisioning")

#: The attributes a record keeps, each a text or None, but ``roles`` (a list of texts) and
#: ``email_primary`` (true, false or None).
ATTRIBUTES = (
    "user_name",
    "external_id",
    "display_name",
    "given_name",
    "family_name",
    "employee_number",
    "title",
    "department",
    "preferred_language",
    "manager_ref",
    "roles",
    "email_type",  # the kept address's type and whether it is primary, as the directory says
    "email_primary",
)
#: The attributes that are personal data, sealed with the person's key.
_SEALED = tuple(
    f"attributes.{name}"
    for name in (
        "user_name",
        "display_name",
        "given_name",
        "family_name",
        "employee_number",
        "title",
        "department",
        "manager_ref",
    )
)
#: The keys that find a person: each names one person at most.
KEY_KINDS = ("user_name", "external_id", "employee_number")


class DirectoryRecord(JournalAggregate):
    """The directory's record of one person: its attributes and whether it still lists them
    (a DELETE unlists; the person stays in the journal, deactivated)."""

    manager_id: UUID | None = None

    @property
    def data_subject(self) -> UUID:
        """Whose personal data this holds: the provisioned person's."""
        return self.person_id

    @staticmethod
    def create_id(person_id: UUID) -> UUID:
        """One record per person."""
        return uuid5(NAMESPACE_URL, f"coaching-journal:directory-record:{person_id}")

    @classmethod
    def provision(
        cls, person_id: UUID, attributes: dict[str, Any], manager_id: UUID | None
    ) -> DirectoryRecord:
        """The record of a person the directory has just provisioned."""
        return cls._create(
            cls.Provisioned,
            id=cls.create_id(person_id),
            person_id=person_id,
            attributes=dict(attributes),
            manager_id=manager_id,
            recorded_by=PROVISIONING,
        )

    class Provisioned(JournalAggregate.Created):
        """The directory provisioned a person, with these attributes."""

        personal_data = _SEALED

        person_id: UUID
        attributes: dict[str, Any]
        manager_id: UUID | None
        recorded_by: UUID

    @event(Provisioned)
    def __init__(
        self,
        person_id: UUID,
        attributes: dict[str, Any],
        manager_id: UUID | None,
        recorded_by: UUID,
    ) -> None:
        self.person_id = person_id
        self.attributes = dict(attributes)
        self.manager_id = manager_id
        self.listed = True

    def update(self, attributes: dict[str, Any], manager_id: UUID | None) -> bool:
        """Take the directory's attributes as they now are; False (no event) if nothing
        differs, so the same request twice records nothing."""
        if self.listed and attributes == self.attributes and manager_id == self.manager_id:
            return False
        self._updated(attributes=dict(attributes), manager_id=manager_id, recorded_by=PROVISIONING)
        return True

    class Updated(JournalAggregate.Event):
        """The directory's attributes for the person, all of them as they now are (and the
        record is listed again, if it was not)."""

        personal_data = _SEALED

        attributes: dict[str, Any]
        manager_id: UUID | None
        recorded_by: UUID

    @event(Updated)
    def _updated(
        self, attributes: dict[str, Any], manager_id: UUID | None, recorded_by: UUID
    ) -> None:
        self.attributes = dict(attributes)
        self.manager_id = manager_id
        self.listed = True

    def resolve_manager(self, manager_id: UUID) -> None:
        """The manager the record names has arrived: they are this person's manager now."""
        if manager_id != self.manager_id:
            self._manager_resolved(manager_id=manager_id, recorded_by=PROVISIONING)

    class ManagerResolved(JournalAggregate.Event):
        """The manager the record named arrived after the person and was found."""

        manager_id: UUID
        recorded_by: UUID

    @event(ManagerResolved)
    def _manager_resolved(self, manager_id: UUID, recorded_by: UUID) -> None:
        self.manager_id = manager_id

    def unlist(self) -> None:
        """The directory deleted the person: no longer listed (nothing is erased)."""
        if self.listed:
            self._unlisted(recorded_by=PROVISIONING)

    class Unlisted(JournalAggregate.Event):
        """The directory no longer lists the person (a SCIM DELETE); the person was
        deactivated, never erased."""

        recorded_by: UUID

    @event(Unlisted)
    def _unlisted(self, recorded_by: UUID) -> None:
        self.listed = False


class DirectoryKey(JournalAggregate):
    """Whose a directory key (a user name, the directory's id, an employee number) is.
    The stream id follows from the key, so two people cannot both claim it; the stream
    holds whose it is, never the key itself."""

    @property
    def data_subject(self) -> UUID:
        """Whose personal data this is about: the key's holder."""
        return self.person_id

    @staticmethod
    def create_id(kind: str, value: str) -> UUID:
        """One stream per key; user names and employee numbers whatever their case (the
        directory's own id is compared exactly, as SCIM says)."""
        value = value.strip() if kind == "external_id" else value.strip().lower()
        return uuid5(NAMESPACE_URL, f"coaching-journal:directory-key:{kind}:{value}")

    @classmethod
    def claim(
        cls, kind: str, value: str, person_id: UUID, *, recorded_by: UUID = PROVISIONING
    ) -> DirectoryKey:
        """The key, claimed for the person (by the directory, or an admin's import)."""
        return cls._create(
            cls.Claimed,
            id=cls.create_id(kind, value),
            person_id=person_id,
            recorded_by=recorded_by,
        )

    class Claimed(JournalAggregate.Created):
        """The directory gave a person this key."""

        person_id: UUID
        recorded_by: UUID

    @event(Claimed)
    def __init__(self, person_id: UUID, recorded_by: UUID) -> None:
        self.person_id = person_id

    def hand_over(self, person_id: UUID, *, recorded_by: UUID = PROVISIONING) -> None:
        """The key is another person's now (the one before no longer holds it)."""
        self._handed_over(person_id=person_id, recorded_by=recorded_by)

    class HandedOver(JournalAggregate.Event):
        """The key now belongs to another person."""

        person_id: UUID
        recorded_by: UUID

    @event(HandedOver)
    def _handed_over(self, person_id: UUID, recorded_by: UUID) -> None:
        self.person_id = person_id


class ProvisioningToken(JournalAggregate):
    """The bearer token the company directory's SCIM client sends, kept as its SHA-256
    (the token is shown once); a new one replaces the old at once."""

    ID = uuid5(NAMESPACE_URL, "coaching-journal:provisioning-token")

    @classmethod
    def issue(cls, token_hash: str, *, recorded_by: UUID | None) -> ProvisioningToken:
        """The first token."""
        return cls._create(cls.Issued, id=cls.ID, token_hash=token_hash, recorded_by=recorded_by)

    class Issued(JournalAggregate.Created):
        """A SCIM token was made; only its hash is kept."""

        token_hash: str
        recorded_by: UUID | None

    @event(Issued)
    def __init__(self, token_hash: str, recorded_by: UUID | None) -> None:
        self.token_hash = token_hash

    def replace(self, token_hash: str, *, recorded_by: UUID | None) -> None:
        """A new token; the old one opens nothing from now on."""
        self._replaced(token_hash=token_hash, recorded_by=recorded_by)

    class Replaced(JournalAggregate.Event):
        """A new SCIM token replaced the old; only its hash is kept."""

        token_hash: str
        recorded_by: UUID | None

    @event(Replaced)
    def _replaced(self, token_hash: str, recorded_by: UUID | None) -> None:
        self.token_hash = token_hash
