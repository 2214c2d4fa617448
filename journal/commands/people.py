"""Commands on people: register, move between teams, oversee, deactivate, assess."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from journal.commands.store import JournalStore
from journal.domain.addresses import EmailAddress
from journal.domain.base import JournalAggregate
from journal.domain.directory import DirectoryRecord
from journal.domain.leadership import LeaderCalendar
from journal.domain.people import Person
from journal.errors import DomainError, UniquenessError


class PeopleCommands(JournalStore):
    """Who works here, in which team, and who oversees whom."""

    def person(self, person_id: UUID, field: str = "person_id", role: str | None = None) -> Person:
        """Return an active-or-not person, optionally checking their role."""
        person = self.load(Person, person_id, field)
        if role is not None:
            person.check_role(role, field)
        return person

    def check_not_provisioned(self, person_id: UUID, field: str) -> None:
        """Refuse an admin's change to what the company directory keeps for a person it
        lists: their name, e-mail and whether they are active, and, once the directory
        names managers or gives roles, their role, team and manager too."""
        record = self.load_if_any(DirectoryRecord, DirectoryRecord.create_id(person_id))
        if record is None or not record.listed:
            return
        if field in ("role", "leader_id", "manager_id") and not (
            record.attributes.get("roles") or self.read.directory.has_lines()
        ):
            return  # a flat directory: roles and teams are the admins'
        raise DomainError(
            field, "comes from the company directory; change it there (it would be undone)"
        )

    @staticmethod
    def leader_of(employee: Person, field: str = "employee_id") -> UUID:
        """The employee's leader; one the company directory provisioned may have none yet
        (its manager line names nobody the journal knows)."""
        if employee.leader_id is None:
            raise DomainError(
                field, "%(name)s has no leader yet, so nobody can receive this",
                name=employee.name,
            )  # fmt: skip
        return employee.leader_id

    def team_member(self, leader_id: UUID, employee_id: UUID) -> tuple[Person, Person]:
        """Return the leader and the employee, checking the employee is in the leader's team."""
        leader = self.person(leader_id, "leader_id", role="leader")
        leader.check_active("leader_id")
        employee = self.person(employee_id, "employee_id", role="employee")
        employee.check_active("employee_id")
        if employee.leader_id != leader.id:
            raise DomainError(
                "employee_id",
                "%(name)s is not in %(leader)s's team",
                name=employee.name,
                leader=leader.name,
            )
        return leader, employee

    def register_person(
        self,
        *,
        role: str,
        name: str,
        email: str,
        leader_id: UUID | None = None,
        recorded_by: UUID | None = None,
    ) -> UUID:
        """Register a person; a leader also gets a calendar for their own time."""
        person, opened = self.new_person(role, name, email, leader_id, recorded_by)
        self.save(person, *opened)
        return person.id

    def new_person(
        self,
        role: str,
        name: str,
        email: str,
        leader_id: UUID | None,
        recorded_by: UUID | None,
    ) -> tuple[Person, list[JournalAggregate]]:
        """A new person, with what opens with them (their address; a leader's calendar),
        none of it saved yet. An address still held by an active person is refused."""
        if leader_id is not None:
            self.person(leader_id, "leader_id", role="leader").check_active("leader_id")
        person = Person.register(
            role=role, name=name, email=email, leader_id=leader_id, recorded_by=recorded_by
        )
        opened: list[JournalAggregate] = [self.address_for(person, recorded_by)]
        if role == "leader":
            opened.append(LeaderCalendar(leader_id=person.id, recorded_by=recorded_by))
        return person, opened

    def address_for(self, person: Person, recorded_by: UUID | None) -> EmailAddress:
        """The person's e-mail address, theirs now: refused while an active person holds it
        (someone whose address has since changed holds it no longer)."""
        address = self.load_if_any(EmailAddress, EmailAddress.create_id(person.email))
        if address is None:
            return EmailAddress.claim(person.email, person.id, recorded_by=recorded_by)
        if address.person_id == person.id:
            return address  # theirs already (an address given back to its holder)
        holder = self.person(address.person_id)
        if holder.is_active and holder.email.lower() == person.email.lower():
            raise UniquenessError(
                "email",
                "%(email)s is already %(name)s's address",
                email=person.email,
                name=holder.name,
            )
        address.hand_over(person.id, recorded_by=recorded_by)
        return address

    def move_employee(self, employee_id: UUID, leader_id: UUID, *, recorded_by: UUID) -> None:
        """Hand an employee over to another leader's team."""
        self.check_not_provisioned(employee_id, "leader_id")
        self.person(leader_id, "leader_id", role="leader").check_active("leader_id")
        employee = self.person(employee_id, "employee_id", role="employee")
        employee.move_to(leader_id, recorded_by=recorded_by)
        self.save(employee)

    def oversee_leader(self, manager_id: UUID, leader_id: UUID, *, recorded_by: UUID) -> None:
        """A manager (a head of customer service) oversees a leader from now on."""
        self.check_not_provisioned(leader_id, "manager_id")
        self.person(leader_id, "leader_id", role="leader").check_active("leader_id")
        manager = self.person(manager_id, "manager_id", role="manager")
        manager.oversee(leader_id, recorded_by=recorded_by)
        self.save(manager)

    def release_leader(self, manager_id: UUID, leader_id: UUID, *, recorded_by: UUID) -> None:
        """A manager no longer oversees the leader."""
        self.check_not_provisioned(leader_id, "manager_id")
        manager = self.person(manager_id, "manager_id", role="manager")
        manager.release(leader_id, recorded_by=recorded_by)
        self.save(manager)

    def deactivate_person(self, person_id: UUID, reason: str, *, recorded_by: UUID) -> None:
        """Deactivate a person; their history stays."""
        self.check_not_provisioned(person_id, "person_id")
        person = self.person(person_id)
        person.deactivate(reason, recorded_by=recorded_by)
        self.save(person)

    def reactivate_person(self, person_id: UUID, *, recorded_by: UUID) -> None:
        """Make a deactivated person active again, if no active person holds their
        address meanwhile (it is theirs again)."""
        self.check_not_provisioned(person_id, "person_id")
        person = self.person(person_id)
        person.reactivate(recorded_by=recorded_by)
        self.save(person, self.address_for(person, recorded_by))

    def change_person_details(
        self, person_id: UUID, *, name: str, email: str, recorded_by: UUID
    ) -> None:
        """Correct a person's name or e-mail; a new address must be no one else's."""
        self.check_not_provisioned(person_id, "name")
        person = self.person(person_id)
        moved = email.strip().lower() != person.email.lower()
        person.change_details(name=name, email=email, recorded_by=recorded_by)
        address = [self.address_for(person, recorded_by)] if moved else []
        self.save(person, *address)

    def change_role(
        self,
        person_id: UUID,
        role: str,
        *,
        leader_id: UUID | None = None,
        reason: str,
        recorded_by: UUID,
    ) -> None:
        """Give a person another role. A leader with employees in their team keeps the
        role until the team has moved; a new leader gets a calendar for their time."""
        self.check_not_provisioned(person_id, "role")
        person = self.person(person_id)
        if leader_id is not None:
            self.person(leader_id, "leader_id", role="leader").check_active("leader_id")
        if person.role == "leader" and self.read.people.list(
            role="employee", leader_id=person_id, active_only=True
        ):
            # The team is read from the directory, a read model: it names whom to move
            # first, and a lagging directory at worst lets an admin see an empty team.
            raise DomainError(
                "role", "move %(name)s's team to another leader first", name=person.name
            )
        person.change_role(role, leader_id, reason, recorded_by=recorded_by)
        opened: list[JournalAggregate] = []
        if (
            role == "leader"
            and self.load_if_any(LeaderCalendar, LeaderCalendar.create_id(person_id)) is None
        ):
            opened.append(LeaderCalendar(leader_id=person_id, recorded_by=recorded_by))
        self.save(person, *opened)

    def assess_talent(
        self, employee_id: UUID, *, score: int, note: str, assessed_on: date, recorded_by: UUID
    ) -> None:
        """Record a talent assessment (1-5) of an employee."""
        employee = self.person(employee_id, "employee_id", role="employee")
        employee.assess_talent(score, note, assessed_on, recorded_by=recorded_by)
        self.save(employee)

    def set_passions(self, employee_id: UUID, passions: list[str], *, recorded_by: UUID) -> None:
        """Record what an employee is passionate about."""
        employee = self.person(employee_id, "employee_id", role="employee")
        employee.set_passions(passions, recorded_by=recorded_by)
        self.save(employee)
