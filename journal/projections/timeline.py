"""Employee timeline: everything about one employee, in business-time order.

Private notes are stored here but only handed to the leader who wrote them (and to
auditors); an employee, a colleague or an admin never gets them from ``for_employee``.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from sqlalchemy import Column, Index, Integer, Select, String, Table, Uuid, func, select

from journal.domain.coaching import Interaction
from journal.domain.feedback import Feedback
from journal.domain.group_sessions import GroupSession
from journal.domain.people import ERASED, Person
from journal.domain.tasks import Task
from journal.projections.base import Projection, metadata
from journal.projections.batch import Batch
from journal.projections.timeline_rows import TimelineEntry, Viewer
from journal.security.sealed import SealedJSON, SealedText
from journal.sql import UTCDateTime

#: The kinds of entry a timeline holds, each made by the handlers below.
ENTRY_TYPES = ("interaction", "feedback", "task", "talent", "passions", "handover")

timeline = Table(
    "timeline",
    metadata,
    Column("entry_key", String(80), primary_key=True),
    Column("employee_id", Uuid, nullable=False),
    Column("entry_type", String(20), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("leader_id", Uuid),
    Column("title", SealedText, nullable=False),
    Column("shared_notes", SealedText, nullable=False),
    Column("private_notes", SealedText, nullable=False),
    Column("agreed_actions", SealedJSON, nullable=False),
    Column("score", Integer),
    Column("state", String(20), nullable=False),
    Column("details", SealedJSON, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("recorded_by", Uuid),
    # An employee's newest entries, a page at a time, without sorting their whole history.
    Index("timeline_newest", "employee_id", "occurred_at"),
)


def start_of(day: Any) -> datetime:
    """A business date as an instant: midnight UTC."""
    return datetime.combine(day, time(0), tzinfo=UTC)


#: The details that quote a person's own words: an erasure scrubs them.
ERASED_DETAILS = ("reference", "outcome", "reason", "note")


def current_details(batch: Batch, key: str) -> dict[str, Any]:
    """The details of an entry as the batch has left them (the entry must exist)."""
    entry = batch[timeline].current(key)
    if entry is None:
        raise LookupError(f"no timeline entry {key}")
    return dict(entry["details"])


def group_key(session_id: UUID, employee_id: UUID) -> str:
    """A group session's entry on one participant's timeline."""
    return f"{session_id}/{employee_id}"


def group_keys(batch: Batch, session_id: UUID) -> list[str]:
    """The entries a group session made, one per participant."""
    batch.flush()
    prefix = f"{session_id}/"
    query = select(timeline.c.entry_key).where(timeline.c.entry_key.startswith(prefix))
    return list(batch.conn.execute(query).scalars())


class Timeline(Projection):
    """Each employee's development history."""

    name = "timeline"
    tables = (timeline,)

    @singledispatchmethod
    def apply(self, event: Any, batch: Batch) -> None:
        """Events that are not about an employee's development leave the timeline alone."""

    @apply.register
    def _erased(self, event: Person.Erased, batch: Batch) -> None:
        batch.flush()
        conn = batch.conn
        rows = conn.execute(
            select(timeline).where(timeline.c.employee_id == event.originator_id)
        ).all()
        for row in rows:
            conn.execute(
                timeline.update()
                .where(timeline.c.entry_key == row.entry_key)
                .values(
                    title=ERASED if row.title else "",
                    shared_notes=ERASED if row.shared_notes else "",
                    private_notes=ERASED if row.private_notes else "",
                    agreed_actions=[],
                    details={
                        k: ERASED if k in ERASED_DETAILS and v else v
                        for k, v in row.details.items()
                    },
                )
            )

    @apply.register
    def _logged(self, event: Interaction.Logged, batch: Batch) -> None:
        self._insert(
            batch,
            event,
            key=str(event.originator_id),
            employee_id=event.employee_id,
            entry_type="interaction",
            kind=event.kind,
            occurred_at=event.occurred_at,
            leader_id=event.leader_id,
            shared_notes=event.shared_notes,
            private_notes=event.private_notes,
            agreed_actions=list(event.agreed_actions),
            details={"minutes": event.minutes},
        )

    @apply.register
    def _interaction_corrected(self, event: Interaction.Corrected, batch: Batch) -> None:
        changes = dict(event.changes)
        values = {name: changes.pop(name) for name in list(changes) if name in timeline.c}
        if "minutes" in changes:
            values["details"] = {"minutes": changes.pop("minutes")}
        self._correct(batch, event, values)

    @apply.register
    def _interaction_retracted(self, event: Interaction.Retracted, batch: Batch) -> None:
        self._retract(batch, event)

    @apply.register
    def _group_logged(self, event: GroupSession.Logged, batch: Batch) -> None:
        for employee_id in event.employee_ids:
            self._insert(
                batch,
                event,
                key=group_key(event.originator_id, employee_id),
                employee_id=employee_id,
                entry_type="interaction",
                kind=event.kind,
                occurred_at=event.occurred_at,
                leader_id=event.leader_id,
                shared_notes=event.shared_notes,
                details={"minutes": event.minutes, "group_size": len(event.employee_ids)},
            )

    @apply.register
    def _group_corrected(self, event: GroupSession.Corrected, batch: Batch) -> None:
        for key in group_keys(batch, event.originator_id):
            changes = dict(event.changes)
            values = {name: changes.pop(name) for name in list(changes) if name in timeline.c}
            if "minutes" in changes:
                values["details"] = {"minutes": changes.pop("minutes")}
            self._correct(batch, event, values, key)

    @apply.register
    def _group_retracted(self, event: GroupSession.Retracted, batch: Batch) -> None:
        for key in group_keys(batch, event.originator_id):
            self._retract(batch, event, key)

    @apply.register
    def _feedback_recorded(self, event: Feedback.Recorded, batch: Batch) -> None:
        self._insert(
            batch,
            event,
            key=str(event.originator_id),
            employee_id=event.employee_id,
            entry_type="feedback",
            kind=event.channel,
            occurred_at=event.received_at,
            leader_id=event.leader_id,
            shared_notes=event.comment,
            score=event.score,
            details={"reference": event.reference},
        )

    @apply.register
    def _feedback_corrected(self, event: Feedback.Corrected, batch: Batch) -> None:
        renames = {"channel": "kind", "received_at": "occurred_at", "comment": "shared_notes"}
        values = {renames.get(k, k): v for k, v in event.changes.items() if k != "reference"}
        if "reference" in event.changes:
            values["details"] = {"reference": event.changes["reference"]}
        self._correct(batch, event, values)

    @apply.register
    def _feedback_retracted(self, event: Feedback.Retracted, batch: Batch) -> None:
        self._retract(batch, event)

    @apply.register
    def _task_assigned(self, event: Task.Assigned, batch: Batch) -> None:
        self._insert(
            batch,
            event,
            key=str(event.originator_id),
            employee_id=event.employee_id,
            entry_type="task",
            kind=event.passion,
            occurred_at=event.timestamp,
            leader_id=event.leader_id,
            title=event.title,
            shared_notes=event.description,
            state="assigned",
            details={"due_on": event.due_on.isoformat(), "priority": event.priority},
        )

    @apply.register
    def _task_started(self, event: Task.Started, batch: Batch) -> None:
        self._update(batch, event, state="started")

    @apply.register
    def _task_completed(self, event: Task.Completed, batch: Batch) -> None:
        self._update(batch, event, state="completed", details={"outcome": event.outcome})

    @apply.register
    def _task_cancelled(self, event: Task.Cancelled, batch: Batch) -> None:
        self._update(batch, event, state="cancelled", details={"reason": event.reason})

    @apply.register
    def _task_reassigned(self, event: Task.Reassigned, batch: Batch) -> None:
        self._update(
            batch, event, employee_id=event.employee_id, leader_id=event.leader_id, state="assigned"
        )

    @apply.register
    def _task_priority(self, event: Task.PriorityChanged, batch: Batch) -> None:
        self._update(batch, event, details={"priority": event.priority})

    @apply.register
    def _talent(self, event: Person.TalentAssessed, batch: Batch) -> None:
        self._insert(
            batch,
            event,
            key=f"{event.originator_id}:{event.originator_version}",
            employee_id=event.originator_id,
            entry_type="talent",
            kind="talent",
            occurred_at=start_of(event.assessed_on),
            leader_id=event.recorded_by,
            shared_notes=event.note,
            score=event.score,
        )

    @apply.register
    def _passions(self, event: Person.PassionsSet, batch: Batch) -> None:
        self._insert(
            batch,
            event,
            key=f"{event.originator_id}:{event.originator_version}",
            employee_id=event.originator_id,
            entry_type="passions",
            kind="passions",
            occurred_at=event.timestamp,
            details={"passions": list(event.passions)},
        )

    @apply.register
    def _moved(self, event: Person.MovedToLeader, batch: Batch) -> None:
        self._insert(
            batch,
            event,
            key=f"{event.originator_id}:{event.originator_version}",
            employee_id=event.originator_id,
            entry_type="handover",
            kind="handover",
            occurred_at=event.timestamp,
            leader_id=event.leader_id,
            details={
                "from_leader_id": str(event.previous_leader_id),
                "to_leader_id": str(event.leader_id),
            },
        )

    @staticmethod
    def _insert(batch: Batch, event: Any, *, key: str, **values: Any) -> None:
        row = {
            "leader_id": None,
            "title": "",
            "shared_notes": "",
            "private_notes": "",
            "agreed_actions": [],
            "score": None,
            "state": "recorded",
            "details": {},
            **values,
        }
        batch[timeline].insert(
            dict(
                entry_key=key,
                recorded_at=event.timestamp,
                recorded_by=getattr(event, "recorded_by", None),
                **row,
            )
        )

    @staticmethod
    def _update(
        batch: Batch,
        event: Any,
        details: dict[str, Any] | None = None,
        *,
        key: str | None = None,
        **values: Any,
    ) -> None:
        key = key or str(event.originator_id)
        if details:
            values["details"] = {**current_details(batch, key), **details}
        batch[timeline].update(key, **values)

    def _correct(
        self, batch: Batch, event: Any, values: dict[str, Any], key: str | None = None
    ) -> None:
        key = key or str(event.originator_id)
        current = current_details(batch, key)
        corrections = [
            *current.get("corrections", []),
            {
                "at": event.timestamp.isoformat(),
                "by": str(event.recorded_by),
                "reason": event.reason,
                "fields": sorted(event.changes),
            },
        ]
        details = {**current, **values.pop("details", {}), "corrections": corrections}
        batch[timeline].update(key, details=details, **values)

    def _retract(self, batch: Batch, event: Any, key: str | None = None) -> None:
        self._update(
            batch, event, state="retracted", details={"retraction_reason": event.reason}, key=key
        )

    def for_employee(
        self,
        employee_id: UUID,
        viewer: Viewer,
        *,
        entry_types: list[str] | None = None,
        include_retracted: bool = False,
        until: datetime | None = None,
        offset: int = 0,
        limit: int = 200,
    ) -> list[TimelineEntry]:
        """The employee's timeline, newest first, as ``viewer`` may see it.

        ``until`` leaves out what happened after that moment (business time).
        """
        query = self._entries(employee_id, entry_types, include_retracted, until).order_by(
            timeline.c.occurred_at.desc(), timeline.c.entry_key
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query.offset(offset).limit(limit)).all()
        return [TimelineEntry.seen_by(dict(row._mapping), viewer) for row in rows]

    def count_for_employee(
        self,
        employee_id: UUID,
        *,
        entry_types: list[str] | None = None,
        include_retracted: bool = False,
        until: datetime | None = None,
    ) -> int:
        """How many entries ``for_employee`` pages through with the same filters."""
        query = self._entries(employee_id, entry_types, include_retracted, until)
        with self.engine.connect() as conn:
            return int(
                conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
            )

    @staticmethod
    def _entries(
        employee_id: UUID,
        entry_types: list[str] | None,
        include_retracted: bool,
        until: datetime | None,
    ) -> Select[Any]:
        query = select(timeline).where(timeline.c.employee_id == employee_id)
        if until is not None:
            query = query.where(timeline.c.occurred_at <= until)
        if entry_types:
            query = query.where(timeline.c.entry_type.in_(entry_types))
        if not include_retracted:
            query = query.where(timeline.c.state != "retracted")
        return query
