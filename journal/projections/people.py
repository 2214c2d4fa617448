"""People directory: who is who, in which team, with their passions and latest talent."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Integer,
    String,
    Table,
    Uuid,
    select,
)

from journal.domain.people import ERASED, Person
from journal.projections.base import Projection, metadata
from journal.projections.batch import Batch
from journal.security.sealed import SealedText

people = Table(
    "people",
    metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("role", String(16), nullable=False, index=True),
    Column("name", SealedText, nullable=False),
    Column("email", SealedText, nullable=False),
    Column("leader_id", Uuid, index=True),
    Column("is_active", Boolean, nullable=False),
    Column("passions", JSON, nullable=False),
    Column("talent_score", Integer),
    Column("talent_assessed_on", Date),
)

#: Which leaders each manager (a head of customer service) oversees.
oversight = Table(
    "people_oversight",
    metadata,
    Column("manager_id", Uuid, primary_key=True),
    Column("leader_id", Uuid, primary_key=True),
)


@dataclass(frozen=True)
class PersonRow:
    """One person as the directory knows them (fields in the table's column order: a row
    is made from a selected row's values by position, cheaper than naming each one)."""

    person_id: UUID
    role: str
    name: str
    email: str
    leader_id: UUID | None
    is_active: bool
    passions: list[str]
    talent_score: int | None
    talent_assessed_on: date | None

    @property
    def is_erased(self) -> bool:
        """Whether the person's personal data was erased (see journal/security/keyring.py)."""
        return self.name == ERASED


def by_name(found: Iterable[PersonRow]) -> list[PersonRow]:
    """People in name order (names are sealed in the table, so SQL cannot sort them)."""
    return sorted(found, key=lambda person: (person.name, person.person_id))


class People(Projection):
    """The directory of people and teams."""

    name = "people"
    tables = (people, oversight)

    @singledispatchmethod
    def apply(self, event: Any, batch: Batch) -> None:
        """Events about other things leave the directory alone."""

    @apply.register
    def _registered(self, event: Person.Registered, batch: Batch) -> None:
        batch[people].insert(
            dict(
                person_id=event.originator_id,
                role=event.role,
                name=event.name,
                email=event.email,
                leader_id=event.leader_id,
                is_active=True,
                passions=[],
                talent_score=None,
                talent_assessed_on=None,
            ),
        )

    @apply.register
    def _moved(self, event: Person.MovedToLeader, batch: Batch) -> None:
        batch[people].update(event.originator_id, leader_id=event.leader_id)

    @apply.register
    def _joined(self, event: Person.JoinedTeam, batch: Batch) -> None:
        batch[people].update(event.originator_id, leader_id=event.leader_id)

    @apply.register
    def _left(self, event: Person.LeftTeam, batch: Batch) -> None:
        batch[people].update(event.originator_id, leader_id=None)

    @apply.register
    def _deactivated(self, event: Person.Deactivated, batch: Batch) -> None:
        batch[people].update(event.originator_id, is_active=False)

    @apply.register
    def _reactivated(self, event: Person.Reactivated, batch: Batch) -> None:
        batch[people].update(event.originator_id, is_active=True)

    @apply.register
    def _details_changed(self, event: Person.DetailsChanged, batch: Batch) -> None:
        batch[people].update(event.originator_id, name=event.name, email=event.email)

    @apply.register
    def _role_changed(self, event: Person.RoleChanged, batch: Batch) -> None:
        batch[people].update(event.originator_id, role=event.role, leader_id=event.leader_id)

    @apply.register
    def _passions(self, event: Person.PassionsSet, batch: Batch) -> None:
        batch[people].update(event.originator_id, passions=list(event.passions))

    @apply.register
    def _talent(self, event: Person.TalentAssessed, batch: Batch) -> None:
        # The directory shows the assessment with the latest date, whenever it was recorded.
        person = batch[people].current(event.originator_id)
        latest = person["talent_assessed_on"] if person else None
        if latest is None or event.assessed_on >= latest:
            batch[people].update(
                event.originator_id,
                talent_score=event.score,
                talent_assessed_on=event.assessed_on,
            )

    @apply.register
    def _overseen(self, event: Person.Overseen, batch: Batch) -> None:
        batch[oversight].insert(dict(manager_id=event.originator_id, leader_id=event.leader_id))

    @apply.register
    def _released(self, event: Person.Released, batch: Batch) -> None:
        batch.flush()
        batch.conn.execute(
            oversight.delete().where(
                oversight.c.manager_id == event.originator_id,
                oversight.c.leader_id == event.leader_id,
            )
        )

    @apply.register
    def _erased(self, event: Person.Erased, batch: Batch) -> None:
        batch[people].update(event.originator_id, name=ERASED, email=ERASED, is_active=False)

    def get(self, person_id: UUID) -> PersonRow | None:
        """Return one person, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(people.select().where(people.c.person_id == person_id)).first()
        return PersonRow(*row) if row else None

    def list(
        self, *, role: str | None = None, leader_id: UUID | None = None, active_only: bool = False
    ) -> list[PersonRow]:
        """Return people by name, optionally one role, one team, or only the active ones."""
        query = select(people)
        if role is not None:
            query = query.where(people.c.role == role)
        if leader_id is not None:
            query = query.where(people.c.leader_id == leader_id)
        if active_only:
            query = query.where(people.c.is_active.is_(True))
        with self.engine.connect() as conn:
            return by_name(PersonRow(*row) for row in conn.execute(query))

    def names(self) -> dict[UUID, str]:
        """Every person's name by id."""
        with self.engine.connect() as conn:
            return dict(conn.execute(select(people.c.person_id, people.c.name)).all())

    def overseen_by(self, manager_id: UUID) -> builtins.list[PersonRow]:
        """The leaders a manager oversees, by name."""
        query = (
            select(people)
            .join(oversight, oversight.c.leader_id == people.c.person_id)
            .where(oversight.c.manager_id == manager_id)
        )
        with self.engine.connect() as conn:
            return by_name(PersonRow(*row) for row in conn.execute(query))
