"""Commands of the company directory (SCIM 2.0 provisioning and the people import): people
arrive, change and leave as the directory says, and who leads whom follows its lines.

A person is found by what the directory calls them (its id for them, their user name, an
employee number: ``DirectoryKey`` streams) or by their e-mail address, never made twice:
a new user name or address changes the person the directory already gave us. A request
that changes nothing records nothing.

The one read model consulted is the directory's table of reporting lines
(journal/projections/directory.py): roles follow from everyone's lines at once, which no
single record holds. It only proposes; each change is made on, and checked by, the
person's own record, and a lagging table is put right by the directory's next request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from journal.commands.accounts import AccountCommands
from journal.domain import reporting
from journal.domain.addresses import EmailAddress
from journal.domain.base import JournalAggregate
from journal.domain.directory import (
    ATTRIBUTES,
    KEY_KINDS,
    PROVISIONING,
    DirectoryKey,
    DirectoryRecord,
    ProvisioningToken,
)
from journal.domain.leadership import LeaderCalendar
from journal.domain.people import Person
from journal.errors import DomainError, NotFoundError, UniquenessError
from journal.projections.directory import ref_key

#: Why a person was deactivated, in the event: the directory said so.
LEFT = "deactivated by the company directory"
#: Why a role changed, in the event (the reason a form asks an admin for).
ROLE_REASONS = {
    "given": "the company directory gives this role",
    "leader": "employees report to them in the company directory",
    "manager": "leaders report to them in the company directory",
    "employee": "no one reports to them in the company directory",
}


@dataclass(frozen=True)
class DirectoryEntry:
    """A person as the directory sends them, in the journal's words."""

    email: str
    active: bool = True
    attributes: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.attributes) - set(ATTRIBUTES)
        if unknown:
            raise DomainError(sorted(unknown)[0], "is not an attribute the journal keeps")
        kept = {name: self.attributes.get(name) for name in ATTRIBUTES}
        kept["roles"] = [r for r in kept["roles"] or [] if isinstance(r, str)]
        object.__setattr__(self, "attributes", kept)

    @property
    def name(self) -> str:
        """The name the journal shows: the display name, else given and family name, else
        the user name."""
        given = " ".join(
            part for part in (self.attributes["given_name"], self.attributes["family_name"]) if part
        )
        return self.attributes["display_name"] or given or self.attributes["user_name"] or ""


class DirectoryCommands(AccountCommands):
    """People as the company directory has them."""

    # -- finding --------------------------------------------------------------------------

    def directory_record(self, person_id: UUID) -> DirectoryRecord | None:
        """The directory's record of the person, listed or not, if it ever had one."""
        return self.load_if_any(DirectoryRecord, DirectoryRecord.create_id(person_id))

    def key_holder(self, kind: str, value: str) -> UUID | None:
        """Who holds a directory key now: the last to claim it, while their directory
        record still says so (a key the directory has changed is nobody's)."""
        key = self.load_if_any(DirectoryKey, DirectoryKey.create_id(kind, value))
        if key is None:
            return None
        record = self.directory_record(key.person_id)
        if record is None:
            return key.person_id  # given by a people import: theirs until handed over
        held = record.attributes.get(kind)
        if held is None or DirectoryKey.create_id(kind, held) != key.id:
            return None
        return key.person_id

    def address_holder(self, email: str) -> UUID | None:
        """The person whose e-mail address this is now."""
        address = self.load_if_any(EmailAddress, EmailAddress.create_id(email))
        if address is None:
            return None
        holder = self.person(address.person_id)
        return holder.id if holder.email.lower() == email.strip().lower() else None

    def find_in_directory(self, reference: str) -> UUID | None:
        """The person a manager reference names: by the journal's id for them, the
        directory's, their e-mail address, employee number or user name."""
        reference = reference.strip()
        try:
            as_id = UUID(reference)
        except ValueError:
            as_id = None
        if as_id is not None and self.directory_record(as_id) is not None:
            return as_id
        for kind in ("external_id", "employee_number", "user_name"):
            holder = self.key_holder(kind, reference)
            if holder is not None:
                return holder
        return self.address_holder(reference) if "@" in reference else None

    # -- the directory's token ------------------------------------------------------------

    def issue_provisioning_token(self, *, recorded_by: UUID | None = None) -> str:
        """A new SCIM bearer token, returned once; it replaces the one before."""
        token = secrets.token_urlsafe(32)
        digest = hashlib.sha256(token.encode()).hexdigest()
        current = self.load_if_any(ProvisioningToken, ProvisioningToken.ID)
        if current is None:
            current = ProvisioningToken.issue(digest, recorded_by=recorded_by)
        else:
            current.replace(digest, recorded_by=recorded_by)
        self.save(current)
        return token

    def is_provisioning_token(self, token: str) -> bool:
        """Whether ``token`` is the SCIM token made last (compared in constant time)."""
        current = self.load_if_any(ProvisioningToken, ProvisioningToken.ID)
        digest = hashlib.sha256(token.encode()).hexdigest()
        return current is not None and hmac.compare_digest(digest, current.token_hash)

    # -- writing --------------------------------------------------------------------------

    def provision(self, entry: DirectoryEntry) -> tuple[UUID, bool]:
        """A person the directory sends for the first time: the person, and whether they
        are new. One it deleted before (or an admin added by hand) is the same person
        again; a key or address another listed person holds is refused."""
        existing = self._same_person(entry)
        if existing is not None:
            self.replace_in_directory(existing, entry, relist=True)
            return existing, False
        person = Person.register(
            role=reporting.given_role(entry.attributes["roles"]) or "employee",
            name=entry.name,
            email=entry.email,
            leader_id=None,
            recorded_by=PROVISIONING,
            awaiting_leader=True,
        )
        opened: list[JournalAggregate] = [self.address_for(person, PROVISIONING)]
        opened += self._keys(person.id, entry, previous={})
        if person.role == "leader":
            opened.append(LeaderCalendar(leader_id=person.id, recorded_by=PROVISIONING))
        manager = self._manager(entry, None)
        opened.append(DirectoryRecord.provision(person.id, entry.attributes, manager))
        if not entry.active:
            person.deactivate(LEFT, recorded_by=PROVISIONING)
        self.save(person, *opened)
        self._settle(person.id, entry)
        return person.id, True

    def replace_in_directory(
        self, person_id: UUID, entry: DirectoryEntry, *, relist: bool = False
    ) -> bool:
        """The directory's whole record of a listed person, as it now is (a PUT, or a
        PATCH applied): whether anything changed."""
        person = self.person(person_id, "id")
        record = self.directory_record(person_id)
        if record is not None and not record.listed and not relist:
            raise NotFoundError("id", "no record with id %(aggregate_id)s", aggregate_id=person_id)
        previous = record.attributes if record is not None else {}
        changed: list[JournalAggregate] = self._keys(person_id, entry, previous)
        moved = entry.email.strip().lower() != person.email.lower()
        if moved or entry.name != person.name:
            person.change_details(name=entry.name, email=entry.email, recorded_by=PROVISIONING)
        back = entry.active and not person.is_active
        if back:
            person.reactivate(recorded_by=PROVISIONING)
        elif not entry.active and person.is_active:
            person.deactivate(LEFT, recorded_by=PROVISIONING)
        if moved or back:  # the address is theirs (again): once, whichever the reason
            changed.append(self.address_for(person, PROVISIONING))
        manager = self._manager(entry, record)
        if record is None:
            record = DirectoryRecord.provision(person_id, entry.attributes, manager)
        else:
            record.update(entry.attributes, manager)
        objs = [o for o in (person, record, *changed) if getattr(o, "pending_events", None)]
        if not objs:
            return False
        self.save(*objs)
        self._settle(person_id, entry)
        return True

    def unlist(self, person_id: UUID) -> None:
        """The directory deleted the person: deactivated and no longer listed; nothing is
        erased (erasure stays an admin's deliberate act)."""
        person = self.person(person_id, "id")
        record = self.directory_record(person_id)
        if record is None or not record.listed:
            raise NotFoundError("id", "no record with id %(aggregate_id)s", aggregate_id=person_id)
        if person.is_active:
            person.deactivate(LEFT, recorded_by=PROVISIONING)
        record.unlist()
        self.save(person, record)
        self.follow_reporting_lines(person_id)

    def follow_reporting_lines(self, *just_changed: UUID) -> int:
        """Make roles, teams and oversight follow the directory's lines; how many people's
        records changed (journal/domain/reporting.py says what the lines call for). The
        lines of ``just_changed`` people are taken from their records, not the read model
        (which a worker may not have brought up to this very write yet)."""
        lines, overseen = self.read.directory.reporting_lines()
        for person_id in just_changed:
            lines[person_id] = self._line(person_id, lines.get(person_id))
        wanted = reporting.changes(lines, overseen)
        if not wanted:
            return 0
        people = {pid: self.person(pid) for pid in wanted.people}
        for manager, leader in sorted(wanted.release):
            people[manager].release(leader, recorded_by=PROVISIONING)
        for pid, new_leader in wanted.leaders.items():
            if new_leader is None and people[pid].role == "employee" and people[pid].leader_id:
                people[pid].leave_team(recorded_by=PROVISIONING)
        opened: list[JournalAggregate] = []
        for pid, role in wanted.roles.items():
            given = reporting.given_role(lines[pid].roles)
            reason = ROLE_REASONS["given" if given else role]
            joins = wanted.leaders.get(pid) if role == "employee" else None
            people[pid].change_role(
                role, joins, reason, recorded_by=PROVISIONING, awaiting_leader=True
            )
            calendar_id = LeaderCalendar.create_id(pid)
            if role == "leader" and self.load_if_any(LeaderCalendar, calendar_id) is None:
                opened.append(LeaderCalendar(leader_id=pid, recorded_by=PROVISIONING))
        for pid, new_leader in wanted.leaders.items():
            if new_leader is not None and people[pid].leader_id != new_leader:
                people[pid].move_to(new_leader, recorded_by=PROVISIONING)
        for manager, leader in sorted(wanted.oversee):
            people[manager].oversee(leader, recorded_by=PROVISIONING)
        changed = [p for p in people.values() if p.pending_events]
        self.save(*changed, *opened)
        return len(changed)

    # -- the parts ------------------------------------------------------------------------

    def _same_person(self, entry: DirectoryEntry) -> UUID | None:
        """The person a first-time entry is already: one the directory deleted before, or
        one an admin added by hand with the same address. A listed person holding one of
        the entry's keys or its address is a conflict."""
        for kind in KEY_KINDS:
            value = entry.attributes[kind]
            holder = self.key_holder(kind, value) if value else None
            if holder is not None:
                return self._unless_listed(holder, kind, value)
        holder = self.address_holder(entry.email)
        if holder is None:
            return None
        return self._unless_listed(holder, "email", entry.email)

    def _unless_listed(self, holder: UUID, kind: str, value: str) -> UUID | None:
        record = self.directory_record(holder)
        person = self.person(holder)
        if record is not None and record.listed:
            raise UniquenessError(
                kind, "%(value)s is already %(name)s's", value=value, name=person.name
            )
        if record is None and not person.is_active:
            return None  # an address an admin's deactivated person left: a new person
        return holder

    def _keys(
        self, person_id: UUID, entry: DirectoryEntry, previous: dict[str, Any]
    ) -> list[JournalAggregate]:
        """The directory keys the entry gives the person that they do not hold yet."""
        keys: list[JournalAggregate] = []
        for kind in KEY_KINDS:
            value = entry.attributes[kind]
            if not value or (
                previous.get(kind)
                and DirectoryKey.create_id(kind, previous[kind])
                == DirectoryKey.create_id(kind, value)
            ):
                continue
            holder = self.key_holder(kind, value)
            if holder is not None and holder != person_id:
                raise UniquenessError(
                    kind, "%(value)s is already %(name)s's", value=value,
                    name=self.person(holder).name,
                )  # fmt: skip
            key = self.load_if_any(DirectoryKey, DirectoryKey.create_id(kind, value))
            if key is None:
                keys.append(DirectoryKey.claim(kind, value, person_id))
            elif key.person_id != person_id:
                key.hand_over(person_id)
                keys.append(key)
        return keys

    def _manager(self, entry: DirectoryEntry, record: DirectoryRecord | None) -> UUID | None:
        """Whom the entry's manager reference names, if they are known yet."""
        reference = entry.attributes["manager_ref"]
        if not reference:
            return None
        same = record is not None and record.attributes.get("manager_ref") == reference
        if same and record is not None and record.manager_id is not None:
            return record.manager_id
        return self.find_in_directory(reference)

    def _settle(self, person_id: UUID, entry: DirectoryEntry) -> None:
        """After a person arrived or changed: those who named them as their manager before
        they were known have them now, and roles and teams follow the lines."""
        names = [str(person_id), entry.email] + [
            entry.attributes[kind] for kind in KEY_KINDS if entry.attributes[kind]
        ]
        waiting = self.read.directory.awaiting(ref_key(name) for name in names)
        resolved = []
        for waiter in waiting:
            record = self.directory_record(waiter)
            reference = record.attributes.get("manager_ref") if record else None
            if record and reference and self.find_in_directory(reference) == person_id:
                record.resolve_manager(person_id)
                resolved.append(record)
        if resolved:
            self.save(*resolved)
        self.follow_reporting_lines(person_id, *(record.person_id for record in resolved))

    def _line(self, person_id: UUID, projected: reporting.Line | None) -> reporting.Line:
        """A person's line as their own records have it now."""
        person = self.person(person_id)
        record = self.directory_record(person_id)
        listed = record is not None and record.listed
        return reporting.Line(
            person_id=person_id, role=person.role, leader_id=person.leader_id,
            is_active=person.is_active,
            manager_id=record.manager_id if record is not None and listed else None,
            roles=tuple(record.attributes.get("roles") or ()) if record is not None else (),
            provisioned=listed,
            lined=bool(projected and projected.lined)
            or bool(record is not None and record.attributes.get("manager_ref")),
        )  # fmt: skip
