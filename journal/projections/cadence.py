"""Cadence: per employee, the last 1-to-1 and walk-and-talk, when the next is due, overdue?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Uuid, func, select

from journal.domain.coaching import Interaction
from journal.domain.leadership import LeaderCalendar
from journal.domain.people import ERASED, Person
from journal.domain.windows import DEFAULT_RHYTHM, RHYTHM_KINDS, due, is_in_cadence
from journal.projections.base import Projection, metadata
from journal.projections.batch import Batch
from journal.security.sealed import SealedText
from journal.sql import UTCDateTime

TRACKED_KINDS = RHYTHM_KINDS

cadence_team = Table(
    "cadence_team",
    metadata,
    Column("employee_id", Uuid, primary_key=True),
    Column("leader_id", Uuid, nullable=False, index=True),
    Column("name", SealedText, nullable=False),
    Column("is_active", Boolean, nullable=False),
    Column("joined_at", UTCDateTime, nullable=False),
)
cadence_meetings = Table(
    "cadence_meetings",
    metadata,
    Column("interaction_id", Uuid, primary_key=True),
    Column("employee_id", Uuid, nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("is_retracted", Boolean, nullable=False),
    # An employee's last meeting of a kind, found without reading their whole history.
    Index("cadence_meetings_last", "employee_id", "kind", "occurred_at"),
)
cadence_targets = Table(
    "cadence_targets",
    metadata,
    Column("leader_id", Uuid, primary_key=True),
    Column("one_to_one_every_days", Integer, nullable=False),
    Column("walk_and_talk_every_days", Integer, nullable=False),
)


@dataclass(frozen=True)
class Rhythm:
    """One kind of meeting with one employee: when it last happened and when it is due."""

    last: datetime | None
    due: datetime
    is_overdue: bool


@dataclass(frozen=True)
class EmployeeCadence:
    """An employee's coaching rhythm against the leader's targets."""

    employee_id: UUID
    name: str
    one_to_one: Rhythm
    walk_and_talk: Rhythm


def last_meeting(employee_id: Any, kind: str, now: datetime) -> Any:
    """The newest unretracted meeting of ``kind`` by ``now``: a short walk back the index.

    A max() grouped over the team read every meeting the team ever had; at a million
    events that was 44% of the leader's home page in a profile. ``employee_id`` may be a
    column, to ask it of every row of a query in one statement.
    """
    return (
        select(cadence_meetings.c.occurred_at)
        .where(
            cadence_meetings.c.employee_id == employee_id,
            cadence_meetings.c.kind == kind,
            cadence_meetings.c.occurred_at <= now,
            cadence_meetings.c.is_retracted.is_(False),
        )
        .order_by(cadence_meetings.c.occurred_at.desc())
        .limit(1)
    )


class Cadence(Projection):
    """Who is due a 1-to-1 or a walk-and-talk."""

    name = "cadence"
    tables = (cadence_team, cadence_meetings, cadence_targets)

    @singledispatchmethod
    def apply(self, event: Any, batch: Batch) -> None:
        """Other events do not change the rhythm."""

    @apply.register
    def _registered(self, event: Person.Registered, batch: Batch) -> None:
        if event.role == "employee" and event.leader_id is not None:
            batch[cadence_team].insert(
                dict(
                    employee_id=event.originator_id,
                    leader_id=event.leader_id,
                    name=event.name,
                    is_active=True,
                    joined_at=event.timestamp,
                )
            )

    @apply.register
    def _moved(self, event: Person.MovedToLeader, batch: Batch) -> None:
        batch[cadence_team].update(
            event.originator_id, leader_id=event.leader_id, joined_at=event.timestamp
        )

    @apply.register
    def _joined(self, event: Person.JoinedTeam, batch: Batch) -> None:
        """An employee who had no leader (provisioned by the directory) is on a team's
        rhythm from now."""
        joined = dict(leader_id=event.leader_id, is_active=True, joined_at=event.timestamp)
        if batch[cadence_team].current(event.originator_id) is not None:
            batch[cadence_team].update(event.originator_id, **joined)
        else:
            row = dict(employee_id=event.originator_id, name=event.name, **joined)
            batch[cadence_team].insert(row)

    @apply.register
    def _left(self, event: Person.LeftTeam, batch: Batch) -> None:
        batch[cadence_team].update(event.originator_id, is_active=False)

    @apply.register
    def _deactivated(self, event: Person.Deactivated, batch: Batch) -> None:
        batch[cadence_team].update(event.originator_id, is_active=False)

    @apply.register
    def _erased(self, event: Person.Erased, batch: Batch) -> None:
        batch[cadence_team].update(event.originator_id, name=ERASED, is_active=False)

    @apply.register
    def _reactivated(self, event: Person.Reactivated, batch: Batch) -> None:
        if batch[cadence_team].current(event.originator_id) is not None:
            batch[cadence_team].update(event.originator_id, is_active=True)

    @apply.register
    def _details_changed(self, event: Person.DetailsChanged, batch: Batch) -> None:
        if batch[cadence_team].current(event.originator_id) is not None:
            batch[cadence_team].update(event.originator_id, name=event.name)

    @apply.register
    def _role_changed(self, event: Person.RoleChanged, batch: Batch) -> None:
        """An employee no longer: off the team's rhythm. An employee now: on their
        leader's, from now."""
        row = batch[cadence_team].current(event.originator_id)
        if event.role != "employee" or event.leader_id is None:
            if row is not None:
                batch[cadence_team].update(event.originator_id, is_active=False)
            return
        if row is not None:
            batch[cadence_team].update(
                event.originator_id, leader_id=event.leader_id, is_active=True,
                joined_at=event.timestamp,
            )  # fmt: skip
            return
        batch[cadence_team].insert(
            dict(
                employee_id=event.originator_id, leader_id=event.leader_id, name=event.name,
                is_active=True, joined_at=event.timestamp,
            )
        )  # fmt: skip

    @apply.register
    def _logged(self, event: Interaction.Logged, batch: Batch) -> None:
        batch[cadence_meetings].insert(
            dict(
                interaction_id=event.originator_id,
                employee_id=event.employee_id,
                kind=event.kind,
                occurred_at=event.occurred_at,
                is_retracted=False,
            )
        )

    @apply.register
    def _corrected(self, event: Interaction.Corrected, batch: Batch) -> None:
        values = {k: v for k, v in event.changes.items() if k in ("kind", "occurred_at")}
        if values:
            batch[cadence_meetings].update(event.originator_id, **values)

    @apply.register
    def _retracted(self, event: Interaction.Retracted, batch: Batch) -> None:
        batch[cadence_meetings].update(event.originator_id, is_retracted=True)

    @apply.register
    def _priorities(self, event: LeaderCalendar.PrioritiesSet, batch: Batch) -> None:
        values = {
            "one_to_one_every_days": event.one_to_one_every_days,
            "walk_and_talk_every_days": event.walk_and_talk_every_days,
        }
        if batch[cadence_targets].current(event.leader_id) is not None:
            batch[cadence_targets].update(event.leader_id, **values)
        else:
            batch[cadence_targets].insert(dict(leader_id=event.leader_id, **values))

    def rhythms(self, conn: Any, leader_ids: list[UUID]) -> dict[UUID, dict[str, int]]:
        """Each leader's rhythm in days per kind: their priorities', or the default."""
        rows = conn.execute(
            select(
                cadence_targets.c.leader_id,
                cadence_targets.c.one_to_one_every_days,
                cadence_targets.c.walk_and_talk_every_days,
            ).where(cadence_targets.c.leader_id.in_(leader_ids))
        ).all()
        found = {row[0]: {"one_to_one": row[1], "walk_and_talk": row[2]} for row in rows}
        return {leader: found.get(leader, dict(DEFAULT_RHYTHM)) for leader in leader_ids}

    def for_leader(self, leader_id: UUID, now: datetime) -> list[EmployeeCadence]:
        """The leader's active team, most overdue first, measured at ``now``."""
        with self.engine.connect() as conn:
            every = self.rhythms(conn, [leader_id])[leader_id]
            # One statement for the team: each member's last meeting of each kind is a
            # correlated lookup down the index (one round trip, not two per member, which
            # on PostgreSQL was a third of the leader's home page).
            member = cadence_team.c.employee_id
            found = conn.execute(
                select(
                    member,
                    cadence_team.c.name,
                    cadence_team.c.joined_at,
                    *(
                        last_meeting(member, kind, now).scalar_subquery().label(kind)
                        for kind in TRACKED_KINDS
                    ),
                ).where(cadence_team.c.leader_id == leader_id, cadence_team.c.is_active.is_(True))
            ).all()
        found = sorted(found, key=lambda row: row[1])  # by name: sealed in SQL, sorted here
        team = [(row[0], row[1], row[2]) for row in found]
        latest = {(row[0], kind): row._mapping[kind] for row in found for kind in TRACKED_KINDS}

        def rhythm(employee_id: UUID, kind: str, joined_at: datetime) -> Rhythm:
            when = latest.get((employee_id, kind))
            next_due = due(when, joined_at, every[kind])
            return Rhythm(last=when, due=next_due, is_overdue=next_due < now)

        rows = [
            EmployeeCadence(
                employee_id=employee_id,
                name=name,
                one_to_one=rhythm(employee_id, "one_to_one", joined_at),
                walk_and_talk=rhythm(employee_id, "walk_and_talk", joined_at),
            )
            for employee_id, name, joined_at in team
        ]
        return sorted(rows, key=lambda r: (min(r.one_to_one.due, r.walk_and_talk.due), r.name))

    def team_meetings(
        self, leader_id: UUID, start: datetime
    ) -> tuple[list[tuple[UUID, datetime]], dict[tuple[UUID, str], list[datetime]], dict[str, int]]:
        """The leader's active team (id, joined at), their unretracted 1-to-1s and
        walk-and-talks that can keep them in cadence from ``start`` on (those within the
        leader's longest rhythm before it, and since), in time order, and the leader's
        rhythm: three queries for any span."""
        with self.engine.connect() as conn:
            every = self.rhythms(conn, [leader_id])[leader_id]
            since = start - timedelta(days=max(every.values()))
            team = [
                (employee_id, joined_at)
                for employee_id, joined_at in conn.execute(
                    select(cadence_team.c.employee_id, cadence_team.c.joined_at).where(
                        cadence_team.c.leader_id == leader_id,
                        cadence_team.c.is_active.is_(True),
                    )
                )
            ]
            rows = conn.execute(
                select(
                    cadence_meetings.c.employee_id,
                    cadence_meetings.c.kind,
                    cadence_meetings.c.occurred_at,
                )
                .where(
                    cadence_meetings.c.employee_id.in_([e for e, _ in team]),
                    # Named, so that the index on (employee, kind, occurred_at) reads the
                    # period only, not each member's whole history.
                    cadence_meetings.c.kind.in_(TRACKED_KINDS),
                    cadence_meetings.c.occurred_at >= since,
                    cadence_meetings.c.is_retracted.is_(False),
                )
                .order_by(cadence_meetings.c.occurred_at)
            ).all()
        meetings: dict[tuple[UUID, str], list[datetime]] = {}
        for employee_id, kind, occurred_at in rows:
            meetings.setdefault((employee_id, kind), []).append(occurred_at)
        return team, meetings, every

    def in_cadence_for(
        self, leader_ids: list[UUID], moment: datetime
    ) -> dict[UUID, tuple[int, int]]:
        """Per leader: (team size, how many are in cadence on the leader's rhythm) at
        ``moment``, for the active team members who had joined by then. Three queries for
        any number of leaders; each member's latest meeting of a kind in the widest
        rhythm (an older one is overdue whatever the rest)."""
        with self.engine.connect() as conn:
            rhythms = self.rhythms(conn, leader_ids)
            widest = max((d for r in rhythms.values() for d in r.values()), default=0)
            team = conn.execute(
                select(
                    cadence_team.c.leader_id, cadence_team.c.employee_id, cadence_team.c.joined_at
                ).where(
                    cadence_team.c.leader_id.in_(leader_ids),
                    cadence_team.c.is_active.is_(True),
                    cadence_team.c.joined_at <= moment,
                )
            ).all()
            latest = {
                (employee_id, kind): when
                for employee_id, kind, when in conn.execute(
                    select(
                        cadence_meetings.c.employee_id,
                        cadence_meetings.c.kind,
                        func.max(cadence_meetings.c.occurred_at),
                    )
                    .where(
                        cadence_meetings.c.employee_id.in_([e for _, e, _ in team]),
                        cadence_meetings.c.kind.in_(TRACKED_KINDS),
                        cadence_meetings.c.occurred_at >= moment - timedelta(days=widest),
                        cadence_meetings.c.occurred_at <= moment,
                        cadence_meetings.c.is_retracted.is_(False),
                    )
                    .group_by(cadence_meetings.c.employee_id, cadence_meetings.c.kind)
                )
            }
        counts = {leader: [0, 0] for leader in leader_ids}
        for leader, employee_id, joined_at in team:
            counts[leader][0] += 1
            last = {kind: latest.get((employee_id, kind)) for kind in TRACKED_KINDS}
            if is_in_cadence(last, joined_at, rhythms[leader], moment):
                counts[leader][1] += 1
        return {leader: (size, kept) for leader, (size, kept) in counts.items()}


def in_cadence(
    team: list[tuple[UUID, datetime]],
    meetings: dict[tuple[UUID, str], list[datetime]],
    moment: datetime,
    rhythm: dict[str, int],
) -> tuple[int, int]:
    """(members who had joined by ``moment``, how many of them were in cadence on
    ``rhythm`` at ``moment``: journal/domain/windows.py)."""
    members = [(e, joined_at) for e, joined_at in team if joined_at <= moment]
    kept = 0
    for employee_id, joined_at in members:
        last = {
            kind: max(
                (w for w in meetings.get((employee_id, kind), ()) if w <= moment), default=None
            )
            for kind in rhythm
        }
        kept += is_in_cadence(last, joined_at, rhythm, moment)
    return len(members), kept
