"""People in bulk from a CSV file (journal/importers/people_csv.py): new people registered,
known ones changed only where the file differs, each refused row with its reason.

A row is the person already known by their employee number (once an import has given it
to them), else by their e-mail address; so a new address with the same number is the same
person, corrected. Leaders and managers go first, so a file may name its own leaders. A
second import of the same file records nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from journal.commands.directory import DirectoryCommands
from journal.commands.store import timed_import
from journal.domain.directory import DirectoryKey
from journal.errors import DomainError
from journal.importers.people_csv import PersonLine
from journal.importers.survey_csv import Refused

#: Why a role changed, in the event (the pages show it in the reader's language).
REASON = "changed by a people import"
ORDER = {"admin": 0, "auditor": 0, "manager": 1, "leader": 2, "employee": 3}


@dataclass(frozen=True)
class Outcome:
    """What one row did (or, in a dry run, would do): ``new``, ``changed`` (with the
    fields) or ``unchanged``."""

    line: int
    name: str
    person_id: UUID | None
    result: str
    fields: tuple[str, ...] = ()


@dataclass
class PeopleImport:
    """An import's outcome, row by row."""

    outcomes: list[Outcome] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)

    def count(self, result: str) -> int:
        """How many rows had ``result``."""
        return sum(1 for outcome in self.outcomes if outcome.result == result)


class PeopleImportCommands(DirectoryCommands):
    """Register and correct people from a file."""

    @timed_import("people")
    def import_people(
        self,
        lines: list[PersonLine],
        *,
        refused: list[Refused] | None = None,
        dry_run: bool = False,
        recorded_by: UUID,
    ) -> PeopleImport:
        """Import ``lines`` (``refused`` are the rows the file reader refused already);
        ``dry_run`` says what would happen and writes nothing."""
        done = PeopleImport(refused=list(refused or []))
        leaders_in_file = {line.email for line in lines if line.role == "leader"}
        for line in sorted(lines, key=lambda line: (ORDER[line.role], line.line)):
            try:
                done.outcomes.append(
                    self._import_line(line, leaders_in_file, dry_run=dry_run, by=recorded_by)
                )
            except DomainError as error:
                done.refused.append(Refused(line.line, error))
        done.refused.sort(key=lambda refusal: refusal.line)
        done.outcomes.sort(key=lambda outcome: outcome.line)
        return done

    def _import_line(
        self, line: PersonLine, leaders_in_file: set[str], *, dry_run: bool, by: UUID
    ) -> Outcome:
        leader_id = self._leader_of(line, leaders_in_file, dry_run)
        person_id = self._known(line)
        if person_id is None:
            if dry_run:
                return Outcome(line.line, line.name, None, "new")
            person_id = self.register_person(
                role=line.role, name=line.name, email=line.email, leader_id=leader_id,
                recorded_by=by,
            )  # fmt: skip
            self._keep_number(line, person_id, by)
            if line.username:
                self.open_account(
                    person_id, username=line.username, password=_unknowable(), recorded_by=by
                )
            return Outcome(line.line, line.name, person_id, "new")
        person = self.person(person_id)
        fields = tuple(
            name
            for name, differs in (
                ("name", person.name != line.name),
                ("email", person.email.lower() != line.email),
                ("role", person.role != line.role),
                ("leader", line.role == "employee" and person.leader_id != leader_id),
            )
            if differs
        )
        if not fields:
            if not dry_run:
                self._keep_number(line, person_id, by)
            return Outcome(line.line, line.name, person_id, "unchanged")
        if dry_run:
            for name in fields:
                self.check_not_provisioned(person_id, "role" if name == "leader" else name)
            return Outcome(line.line, line.name, person_id, "changed", fields)
        if "name" in fields or "email" in fields:
            self.change_person_details(person_id, name=line.name, email=line.email, recorded_by=by)
        reason = f"people import, line {line.line}"
        if "role" in fields:
            self.change_role(
                person_id, line.role, leader_id=leader_id, reason=reason, recorded_by=by
            )
        elif "leader" in fields and leader_id is not None:
            self.move_employee(person_id, leader_id, recorded_by=by)
        self._keep_number(line, person_id, by)
        return Outcome(line.line, line.name, person_id, "changed", fields)

    def _known(self, line: PersonLine) -> UUID | None:
        """The person a row is: by employee number, else by e-mail address."""
        if line.employee_number:
            holder = self.key_holder("employee_number", line.employee_number)
            if holder is not None:
                return holder
        return self.address_holder(line.email)

    def _leader_of(self, line: PersonLine, in_file: set[str], dry_run: bool) -> UUID | None:
        """An employee's leader, by address: a leader the journal knows, or, in a dry run,
        one the file itself brings."""
        if line.role != "employee":
            return None
        if line.leader_email is None:
            raise DomainError("leader", "an employee needs a leader (their e-mail address)")
        leader = self.address_holder(line.leader_email)
        if leader is None:
            if dry_run and line.leader_email in in_file:
                return None
            raise DomainError(
                "leader", "no leader has the address %(email)s", email=line.leader_email
            )
        self.person(leader, "leader", role="leader").check_active("leader")
        return leader

    def _keep_number(self, line: PersonLine, person_id: UUID, by: UUID) -> None:
        """Give the person the row's employee number, if it is not theirs yet."""
        if not line.employee_number:
            return
        key = self.load_if_any(
            DirectoryKey, DirectoryKey.create_id("employee_number", line.employee_number)
        )
        if key is None:
            number = line.employee_number
            self.save(DirectoryKey.claim("employee_number", number, person_id, recorded_by=by))
        elif key.person_id != person_id:
            key.hand_over(person_id, recorded_by=by)
            self.save(key)


def _unknowable() -> str:
    """A password no one is told: the person signs in by single sign-on, or chooses one
    from a "forgot password" link."""
    import secrets

    return secrets.token_urlsafe(32)
