"""Moments and small helpers the tests share (the organisation is tests/organisation.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from journal import clock
from journal.commands import Journal
from tests.organisation import T0


def day(n: int, hours: int = 0) -> datetime:
    """The moment ``n`` days (and ``hours`` hours) after T0."""
    return T0 + timedelta(days=n, hours=hours)


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
