"""A leader's daily digest: who is overdue a 1-to-1 or a walk-and-talk, which requests
wait, and how many agreed actions are open, per team member.

The same digest is on the leader's home page and in the morning e-mail (web/reminders.py).
It names people and counts things; it carries no notes, no request notes and no action
texts, because a mail leaves the journal: an erasure reaches the journal's copy of a note,
never the copies in an inbox.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from journal.calendar_sync.status import DIGEST_AFTER
from journal.commands import Journal
from journal.projections.cadence import EmployeeCadence
from journal.projections.people import PersonRow

#: The meetings the digest reminds of, in the order it lists them.
REMINDED_KINDS = ("one_to_one", "walk_and_talk")


@dataclass(frozen=True)
class Overdue:
    """A meeting with a team member that is past its due date."""

    employee_id: UUID
    name: str
    kind: str
    last: datetime | None  # None: never
    due: datetime


@dataclass(frozen=True)
class Waiting:
    """A request from a team member that waits for the leader."""

    employee_id: UUID
    name: str
    kind: str
    asked_at: datetime


@dataclass(frozen=True)
class OpenActions:
    """A team member's open agreed actions: how many, and since when the oldest."""

    employee_id: UUID
    name: str
    count: int
    oldest: datetime


@dataclass(frozen=True)
class FailingCalendar:
    """A calendar subscription that failed several fetches in a row: which, and why."""

    subscription_id: UUID
    shown: str  # the host and a few last characters, never the address
    failures: int
    code: str  # journal/calendar_sync/failures.py
    detail: str


@dataclass(frozen=True)
class Digest:
    """What waits for one leader, measured at ``at``."""

    leader: PersonRow
    at: datetime
    overdue: list[Overdue] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)
    actions: list[OpenActions] = field(default_factory=list)
    calendars: list[FailingCalendar] = field(default_factory=list)

    @property
    def items(self) -> int:
        """How many things the digest lists; 0 means there is nothing to remind of."""
        return (
            len(self.overdue) + len(self.waiting) + sum(a.count for a in self.actions)
            + len(self.calendars)
        )  # fmt: skip


def digest_for(
    journal: Journal,
    leader: PersonRow,
    at: datetime,
    cadence: list[EmployeeCadence] | None = None,
) -> Digest:
    """The leader's digest from the read models: cadence (unless the caller read it
    already, at ``at``), requests, agreed actions."""
    read = journal.read
    if cadence is None:
        cadence = read.cadence.for_leader(leader.person_id, at)
    names = {row.employee_id: row.name for row in cadence}
    overdue = [
        Overdue(row.employee_id, row.name, kind, rhythm.last, rhythm.due)
        for row in cadence
        for kind in REMINDED_KINDS
        if (rhythm := getattr(row, kind)).is_overdue
    ]
    overdue.sort(key=lambda o: (o.due, o.name))
    loop = read.coaching_loop
    waiting = [
        Waiting(r.employee_id, names.get(r.employee_id, "?"), r.kind, r.asked_at)
        for r in loop.open_requests(leader.person_id)
        if r.employee_id in names
    ]
    actions = sorted(
        (
            OpenActions(employee_id, names[employee_id], count, oldest)
            for employee_id, (count, oldest) in loop.open_actions_by_employee(
                leader.person_id
            ).items()
            if employee_id in names
        ),
        key=lambda a: (a.oldest, a.name),
    )
    return Digest(leader, at, overdue, waiting, actions, failing_calendars(journal, leader))


def failing_calendars(journal: Journal, leader: PersonRow) -> list[FailingCalendar]:
    """The leader's subscriptions that failed DIGEST_AFTER fetches or more in a row."""
    statuses = journal.sync_statuses(leader.person_id)
    if all(status.failures < DIGEST_AFTER for status in statuses.values()):
        return []  # the usual case: one indexed look, no second query
    return [
        FailingCalendar(row.subscription_id, row.shown, status.failures, status.error_code,
                        status.error_detail)
        for row in journal.read.subscriptions.of_leader(leader.person_id)
        if (status := statuses.get(row.subscription_id)) is not None
        and status.failures >= DIGEST_AFTER
    ]  # fmt: skip


def leaders(journal: Journal) -> list[PersonRow]:
    """Every active leader, by name: whom a run of reminders considers."""
    return journal.read.people.list(role="leader", active_only=True)
