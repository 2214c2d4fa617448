"""The directory's records: who came from the company directory, with its attributes and
the reporting lines, for the SCIM service's reads and for working out who leads whom."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import singledispatchmethod
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from sqlalchemy import JSON, Boolean, Column, Integer, String, Table, Uuid, func, select

from journal.domain.directory import ATTRIBUTES, DirectoryRecord
from journal.domain.people import Person
from journal.domain.reporting import Line
from journal.projections.base import Projection, metadata
from journal.projections.batch import Batch
from journal.projections.people import PersonRow, oversight, people
from journal.security.sealed import SealedJSON
from journal.sql import UTCDateTime

directory_records = Table(
    "directory_records",
    metadata,
    # The record's own id (DirectoryRecord.create_id of the person's), which its events carry.
    Column("record_id", Uuid, primary_key=True),
    Column("person_id", Uuid, nullable=False, unique=True),
    Column("listed", Boolean, nullable=False, index=True),
    Column("attributes", SealedJSON, nullable=False),
    Column("roles", JSON, nullable=False),
    Column("manager_id", Uuid, index=True),
    # A manager named but not yet known, as ``ref_key`` of the name; found on arrival.
    Column("pending_key", String(36), index=True),
    # Whether the directory ever named a manager for them (removing one later is a line too).
    Column("ever_lined", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)


def ref_key(value: str) -> str:
    """A manager reference as the table keeps it: not the reference itself (an e-mail, an
    employee number) but a name for it, the same whatever its case."""
    return str(uuid5(NAMESPACE_URL, f"coaching-journal:directory-ref:{value.strip().lower()}"))


@dataclass(frozen=True)
class DirectoryRow:
    """One provisioned person: the directory's attributes beside the journal's record."""

    person: PersonRow
    listed: bool
    attributes: dict[str, Any]
    manager_id: UUID | None
    version: int
    created_at: datetime
    updated_at: datetime


class Directory(Projection):
    """The directory's records, by person."""

    name = "directory"
    tables = (directory_records,)

    @singledispatchmethod
    def apply(self, event: Any, batch: Batch) -> None:
        """Other events leave the records alone."""

    @apply.register
    def _provisioned(self, event: DirectoryRecord.Provisioned, batch: Batch) -> None:
        batch[directory_records].insert(
            dict(
                record_id=event.originator_id,
                person_id=event.person_id,
                listed=True,
                created_at=event.timestamp,
                ever_lined=bool(event.attributes.get("manager_ref")),
                **self._fields(event.attributes, event.manager_id, event),
            )
        )

    @apply.register
    def _updated(self, event: DirectoryRecord.Updated, batch: Batch) -> None:
        row = batch[directory_records].current(event.originator_id)
        lined = bool(row and row["ever_lined"]) or bool(event.attributes.get("manager_ref"))
        batch[directory_records].update(
            event.originator_id, listed=True, ever_lined=lined,
            **self._fields(event.attributes, event.manager_id, event),
        )  # fmt: skip

    @apply.register
    def _resolved(self, event: DirectoryRecord.ManagerResolved, batch: Batch) -> None:
        batch[directory_records].update(
            event.originator_id, manager_id=event.manager_id, pending_key=None,
            version=event.originator_version, updated_at=event.timestamp,
        )  # fmt: skip

    @apply.register
    def _unlisted(self, event: DirectoryRecord.Unlisted, batch: Batch) -> None:
        batch[directory_records].update(
            event.originator_id, listed=False, version=event.originator_version,
            updated_at=event.timestamp,
        )  # fmt: skip

    @apply.register
    def _erased(self, event: Person.Erased, batch: Batch) -> None:
        record_id = DirectoryRecord.create_id(event.originator_id)
        if batch[directory_records].current(record_id) is not None:
            batch[directory_records].update(
                record_id, listed=False, pending_key=None,
                attributes={name: None for name in ATTRIBUTES},
            )  # fmt: skip

    @staticmethod
    def _fields(attributes: dict[str, Any], manager_id: UUID | None, event: Any) -> dict[str, Any]:
        ref = attributes.get("manager_ref")
        return dict(
            attributes=dict(attributes),
            roles=list(attributes.get("roles") or []),
            manager_id=manager_id,
            pending_key=ref_key(ref) if ref and manager_id is None else None,
            version=event.originator_version,
            updated_at=event.timestamp,
        )

    # -- reads -----------------------------------------------------------------------------

    def get(self, person_id: UUID) -> DirectoryRow | None:
        """The person's record, listed or not, or None."""
        rows = self._rows(directory_records.c.person_id == person_id, 0, 1)
        return rows[0] if rows else None

    def page(
        self, *, person_ids: Iterable[UUID] | None = None, active: bool | None = None,
        offset: int = 0, limit: int = 100,
    ) -> tuple[list[DirectoryRow], int]:  # fmt: skip
        """Listed records in the order they arrived, optionally only ``person_ids`` or
        only the (in)active; and how many there are in all."""
        conditions: list[Any] = [directory_records.c.listed.is_(True)]
        if person_ids is not None:
            conditions.append(directory_records.c.person_id.in_(list(person_ids)))
        if active is not None:
            conditions.append(people.c.is_active.is_(active))
        joined = directory_records.join(people, people.c.person_id == directory_records.c.person_id)
        with self.engine.connect() as conn:
            total = conn.execute(
                select(func.count()).select_from(joined).where(*conditions)
            ).scalar_one()
        return self._rows(conditions, offset, limit), total

    def _rows(self, conditions: Any, offset: int, limit: int) -> list[DirectoryRow]:
        conditions = conditions if isinstance(conditions, list) else [conditions]
        query = (
            select(people, *[c for c in directory_records.c if c.name != "person_id"])
            .join(people, people.c.person_id == directory_records.c.person_id)
            .where(*conditions)
            .order_by(directory_records.c.created_at, directory_records.c.person_id)
            .offset(offset)
            .limit(limit)
        )
        width = len(people.columns)
        with self.engine.connect() as conn:
            found = list(conn.execute(query))
            return [
                DirectoryRow(
                    person=PersonRow(*row[:width]),
                    listed=row.listed,
                    attributes=row.attributes,
                    manager_id=row.manager_id,
                    version=row.version,
                    created_at=row.created_at,
                    updated_at=row.updated_at,
                )
                for row in found
            ]

    def awaiting(self, keys: Iterable[str]) -> list[UUID]:
        """The people whose named manager is not yet known and is named by one of ``keys``
        (see ``ref_key``)."""
        query = select(directory_records.c.person_id).where(
            directory_records.c.pending_key.in_(list(keys))
        )
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def has_lines(self) -> bool:
        """Whether the directory has ever named a manager for anyone it lists (then it
        decides roles and teams: journal/domain/reporting.py)."""
        query = select(directory_records.c.person_id).where(
            directory_records.c.listed.is_(True), directory_records.c.ever_lined.is_(True)
        )
        with self.engine.connect() as conn:
            return conn.execute(query.limit(1)).first() is not None

    def provisioned(self) -> set[UUID]:
        """Everyone the directory lists."""
        query = select(directory_records.c.person_id).where(directory_records.c.listed.is_(True))
        with self.engine.connect() as conn:
            return set(conn.execute(query).scalars())

    def reporting_lines(self) -> tuple[dict[UUID, Line], set[tuple[UUID, UUID]]]:
        """Everyone in the journal with the line the directory gives them (none for those
        it does not list), and the (manager, leader) pairs of oversight there are now: who
        leads whom follows from these (journal/domain/reporting.py)."""
        query = select(
            people.c.person_id, people.c.role, people.c.leader_id, people.c.is_active,
            directory_records.c.manager_id, directory_records.c.roles,
            directory_records.c.listed, directory_records.c.ever_lined,
        ).outerjoin(
            directory_records, directory_records.c.person_id == people.c.person_id
        )  # fmt: skip
        with self.engine.connect() as conn:
            lines = {
                row[0]: Line(
                    person_id=row[0],
                    role=row[1],
                    leader_id=row[2],
                    is_active=row[3],
                    manager_id=row[4] if row[6] else None,
                    roles=tuple(row[5] or ()),
                    provisioned=bool(row[6]),
                    lined=bool(row[7]),
                )
                for row in conn.execute(query)
            }
            pairs = {(m, leader) for m, leader in conn.execute(select(oversight))}
        return lines, pairs
