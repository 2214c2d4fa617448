"""People in bulk from a CSV file, for organisations without a SCIM directory: one person
a row, read as Danish Excel saves it (journal/importers/survey_csv.py reads the file).

Columns, by their English or Danish names in any case: name (navn), email (e-mail),
role (rolle), leader (leder: the leader's e-mail address), username (brugernavn),
employee number (medarbejdernummer). Name and e-mail are required; the role defaults to
employee. Each bad row is refused with its line number and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from journal.domain import limits
from journal.domain.people import ROLES, check_email
from journal.errors import DomainError
from journal.importers.survey_csv import Refused, SurveyFile, read_csv

COLUMNS = {
    "name": ("name", "navn", "full name", "fulde navn"),
    "email": ("email", "e-mail", "mail", "e-mailadresse"),
    "role": ("role", "rolle"),
    "leader": ("leader", "leder", "leader email", "leders e-mail", "team leader"),
    "username": ("username", "brugernavn", "user name"),
    "employee_number": ("employee number", "employee_number", "medarbejdernummer", "medarb.nr."),
}
ROLE_WORDS = {
    "employee": "employee", "medarbejder": "employee", "ansat": "employee",
    "leader": "leader", "leder": "leader", "teamleder": "leader",
    "manager": "manager", "chef": "manager", "kundeservicechef": "manager",
    "auditor": "auditor", "revisor": "auditor",
    "admin": "admin", "administrator": "admin",
}  # fmt: skip


@dataclass(frozen=True)
class PersonLine:
    """One row: a person as the file describes them."""

    line: int
    name: str
    email: str
    role: str
    leader_email: str | None
    username: str | None
    employee_number: str | None


def read_people(data: bytes) -> tuple[list[PersonLine], list[Refused]]:
    """The file's people and the rows refused; a file without the required columns is a
    DomainError on ``file``."""
    found = read_csv(data, limits.SURVEY_FILE_BYTES)
    columns = column_indexes(found)
    lines: list[PersonLine] = []
    refused: list[Refused] = []
    seen: dict[str, int] = {}
    for number, values in found.rows:
        try:
            person = person_line(number, values, columns)
            if person.email in seen:
                raise DomainError(
                    "email", "%(email)s is on line %(line)s already", email=person.email,
                    line=seen[person.email],
                )  # fmt: skip
            seen[person.email] = number
            lines.append(person)
        except DomainError as error:
            refused.append(Refused(number, error))
    return lines, refused


def column_indexes(found: SurveyFile) -> dict[str, int]:
    """Field -> column index, by the columns' names."""
    index = {h.strip().lower(): i for i, h in enumerate(found.headers)}
    columns = {
        field: next(index[name] for name in names if name in index)
        for field, names in COLUMNS.items()
        if any(name in index for name in names)
    }
    missing = [field for field in ("name", "email") if field not in columns]
    if missing:
        raise DomainError(
            "file", "has no column %(missing)s (required)", missing=" or ".join(missing)
        )
    return columns


def person_line(number: int, values: list[str], columns: dict[str, int]) -> PersonLine:
    """One row read, or a DomainError naming the field that is wrong."""

    def cell(field: str) -> str:
        at = columns.get(field)
        return values[at].strip() if at is not None and at < len(values) else ""

    name = cell("name")
    if not name:
        raise DomainError("name", "must not be empty")
    role_word = cell("role").lower()
    role = ROLE_WORDS.get(role_word or "employee")
    if role is None or role not in ROLES:
        raise DomainError(
            "role", '"%(value)s" is not a role; use one of %(roles)s', value=cell("role"),
            roles=", ".join(ROLES),
        )  # fmt: skip
    leader = cell("leader")
    try:
        leader_email = check_email(leader) if leader else None
    except DomainError as error:
        raise DomainError("leader", error.template, **error.params) from None
    return PersonLine(
        line=number,
        name=name,
        email=check_email(cell("email")),
        role=role,
        leader_email=leader_email,
        username=cell("username") or None,
        employee_number=cell("employee_number") or None,
    )
