"""Moments, the team and small helpers the unit tests share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from journal import clock
from journal.commands import Journal

# A Monday morning; the team is registered then and everything else happens after it.
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def day(n: int, hours: int = 0) -> datetime:
    """The moment ``n`` days (and ``hours`` hours) after T0."""
    return T0 + timedelta(days=n, hours=hours)


@dataclass(frozen=True)
class Team:
    """An admin, Lene's team of two, and Mads, a leader with nobody yet."""

    admin: UUID
    leader: UUID
    anna: UUID
    bo: UUID
    other_leader: UUID


def register_team(journal: Journal) -> Team:
    """Register the team at T0."""
    with clock.frozen_at(T0):
        admin = journal.register_person(role="admin", name="Ada Admin", email="ada@example.com")
        leader = journal.register_person(
            role="leader", name="Lene Larsen", email="lene@example.com", recorded_by=admin
        )
        anna = journal.register_person(
            role="employee",
            name="Anna Holm",
            email="anna@example.com",
            leader_id=leader,
            recorded_by=admin,
        )
        bo = journal.register_person(
            role="employee",
            name="Bo Berg",
            email="bo@example.com",
            leader_id=leader,
            recorded_by=admin,
        )
        other_leader = journal.register_person(
            role="leader", name="Mads Munk", email="mads@example.com", recorded_by=admin
        )
    return Team(admin=admin, leader=leader, anna=anna, bo=bo, other_leader=other_leader)


def register_employee(journal: Journal, leader: UUID, name: str, *, at: datetime = T0) -> UUID:
    """Register one more employee in ``leader``'s team."""
    email = name.lower().replace(" ", ".") + "@example.com"
    with clock.frozen_at(at):
        return journal.register_person(role="employee", name=name, email=email, leader_id=leader)


def log_one_to_one(
    journal: Journal,
    leader: UUID,
    employee: UUID,
    *,
    at: datetime,
    recorded_at: datetime | None = None,
    **fields: Any,
) -> UUID:
    """Log a 30-minute 1-to-1 that took place ``at``, recorded an hour later by default."""
    values: dict[str, Any] = {"kind": "one_to_one", "minutes": 30, **fields}
    with clock.frozen_at(recorded_at or at + timedelta(hours=1)):
        return journal.log_interaction(
            leader_id=leader, employee_id=employee, occurred_at=at, **values
        )


def give_feedback(
    journal: Journal, employee: UUID, score: int, *, at: datetime, recorded_by: UUID
) -> UUID:
    """Record a customer's phone rating received ``at``, recorded an hour later."""
    with clock.frozen_at(at + timedelta(hours=1)):
        return journal.record_feedback(
            employee_id=employee,
            score=score,
            channel="phone",
            received_at=at,
            recorded_by=recorded_by,
        )


def head(journal: Journal) -> int:
    """The position of the newest event in the log (0 when empty)."""
    return journal.recorder.max_notification_id() or 0


def all_rows(journal: Journal) -> dict[str, Any]:
    """Every row of every projection, for comparing two builds."""
    return {name: p.rows() for name, p in journal.read.projector.projections.items()}
