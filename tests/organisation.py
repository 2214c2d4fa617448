"""The one organisation the tests build: an admin, an auditor, two leaders and three
employees (Lene leads Emil and Eva, Ole leads Otto), each with an account whose password
is ``PASSWORD`` unless a test asks for none."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from journal import clock
from journal.commands import Journal

#: A Monday morning: the unit and store tests register the organisation then.
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Org:
    """The people of the test organisation, by the name tests use for them."""

    admin: UUID
    auditor: UUID
    leader: UUID  # Lene, who leads Emil and Eva
    other_leader: UUID  # Ole, who leads Otto
    employee: UUID  # Emil
    colleague: UUID  # Eva, in the same team as Emil
    outsider: UUID  # Otto, in Ole's team

    def username(self, person: str) -> str:
        """The username of one of the people above."""
        return person.replace("_", "-")


def build_org(journal: Journal, *, at: datetime | None = None, accounts: bool = True) -> Org:
    """Register the organisation (at ``at``, else now), with an account per person."""
    with clock.frozen_at(at) if at else nullcontext():
        admin = journal.register_person(role="admin", name="Ada Admin", email="ada@example.dk")
        people = {"admin": admin}
        for role, key, name, email in (
            ("auditor", "auditor", "Aud Itor", "aud@example.dk"),
            ("leader", "leader", "Lene Leder", "lene@example.dk"),
            ("leader", "other_leader", "Ole Anden", "ole@example.dk"),
        ):
            people[key] = journal.register_person(
                role=role, name=name, email=email, recorded_by=admin
            )
        for key, name, email, leader in (
            ("employee", "Emil Ansat", "emil@example.dk", "leader"),
            ("colleague", "Eva Kollega", "eva@example.dk", "leader"),
            ("outsider", "Otto Udenfor", "otto@example.dk", "other_leader"),
        ):
            people[key] = journal.register_person(
                role="employee", name=name, email=email, leader_id=people[leader],
                recorded_by=admin,
            )  # fmt: skip
        org = Org(**people)
        if accounts:
            for key, person_id in people.items():
                journal.open_account(
                    person_id, username=org.username(key), password=PASSWORD, recorded_by=admin
                )
    return org
