"""Point-in-time history: any record as of a business moment, as known at a knowledge moment.

``as_of`` is business time: what had happened by then. ``known_at`` is knowledge time:
what the journal had been told by then, before later corrections. Each record is read
from its own stream: the event index gives the stream's version at ``known_at`` and the
repository rebuilds that version from the nearest snapshot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder

from journal import clock
from journal.domain.base import JournalAggregate, replay
from journal.domain.coaching import Interaction
from journal.domain.feedback import Feedback
from journal.domain.group_sessions import GroupSession
from journal.domain.leadership import LeaderCalendar
from journal.domain.people import Person
from journal.domain.tasks import Task
from journal.errors import NotFoundError
from journal.projections.base import metadata
from journal.projections.batch import Batch
from journal.projections.event_index import EventIndex, IndexedEvent
from journal.projections.timeline import Timeline, Viewer, timeline
from journal.sql import create_engine, create_tables

if TYPE_CHECKING:
    from eventsourcing.application import Repository
    from eventsourcing.persistence import EventStore

_BOILERPLATE = ("originator_id", "originator_version", "timestamp", "originator_topic")

# What the event log never shows as it is stored: private notes are read through a
# person's record (where each read is recorded); password and token hashes, and a calendar
# subscription's address and app password (secrets that open a leader's calendar), to nobody.
# Bandit: stand-in words, not passwords.
WITHHELD = {
    "private_notes": "private", "password_hash": "hidden", "token_hash": "hidden",
    "address": "hidden", "password": "hidden", "secret": "hidden",
}  # nosec B105  # fmt: skip


def withhold(data: Any, stand_in: Callable[[str], Any]) -> Any:
    """Event data with every withheld field, at any depth, replaced by ``stand_in(why)``.

    ``why`` is ``"private"`` or ``"hidden"``; an empty private note is left as it is.
    """
    if isinstance(data, dict):
        return {
            key: stand_in(WITHHELD[key]) if key in WITHHELD and value else withhold(value, stand_in)
            for key, value in data.items()
        }
    if isinstance(data, list | tuple):
        return [withhold(item, stand_in) for item in data]
    return data


@dataclass(frozen=True)
class LoggedEvent:
    """One event of the log with its data, as the auditor sees it."""

    position: int
    event_type: str
    originator_id: UUID
    version: int
    subject_id: UUID | None
    recorded_by: UUID | None
    recorded_at: datetime
    data: dict[str, Any]


@dataclass(frozen=True)
class LogPage:
    """One page of the event log and how many events matched in all."""

    events: list[LoggedEvent]
    total: int


@dataclass
class EmployeeRecord:
    """An employee's record at one point in business and knowledge time."""

    employee_id: UUID
    as_of: datetime
    known_at: datetime
    name: str
    email: str
    leader_id: UUID | None
    is_active: bool
    passions: list[str]
    talent: list[dict[str, Any]]
    interactions: list[dict[str, Any]] = field(default_factory=list)
    feedback: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    #: Private notes held back until the reader says why they read them.
    notes_withheld: int = 0

    def visible_to(self, viewer: Viewer) -> EmployeeRecord:
        """The same record with private notes blanked where ``viewer`` may not read them."""
        interactions = [
            i if viewer.sees_private_notes_of(i["leader_id"]) else {**i, "private_notes": None}
            for i in self.interactions
        ]
        return EmployeeRecord(**{**self.__dict__, "interactions": interactions})


def event_data(event: Any) -> dict[str, Any]:
    """The event's own attributes, without the library's bookkeeping."""
    return {k: v for k, v in vars(event).items() if k not in _BOILERPLATE}


def state_of(aggregate: JournalAggregate, *fields: str) -> dict[str, Any]:
    """A plain dict of the aggregate's id and the named attributes."""
    return {"id": aggregate.id, **{name: getattr(aggregate, name) for name in fields}}


INTERACTION_FIELDS = (
    "leader_id", "employee_id", "kind", "occurred_at", "minutes", "shared_notes",
    "private_notes", "agreed_actions", "is_retracted", "retraction_reason",
)  # fmt: skip
GROUP_FIELDS = (
    "leader_id", "employee_ids", "kind", "occurred_at", "minutes", "shared_notes",
    "is_retracted", "retraction_reason",
)  # fmt: skip
FEEDBACK_FIELDS = (
    "employee_id", "leader_id", "score", "comment", "channel", "received_at", "reference",
    "is_retracted", "retraction_reason",
)  # fmt: skip
TASK_FIELDS = (
    "leader_id", "employee_id", "title", "description", "passion", "due_on", "priority",
    "state", "outcome", "cancel_reason",
)  # fmt: skip


#: A page's events are read in one go while their positions span at most this many per
#: event; a filtered page whose events lie far apart reads each from its stream.
NEARBY = 4


class History:
    """The auditor's questions, answered from one stream at a time."""

    def __init__(self, index: EventIndex, repository: Repository, events: EventStore) -> None:
        """Find versions in ``index``, rebuild them from ``repository``, read ``events``."""
        self.index = index
        self.repository = repository
        self.events = events

    def at_version_known(self, aggregate_id: UUID, known_at: datetime) -> Any | None:
        """The aggregate as the journal knew it at ``known_at``; None if not yet recorded."""
        version = self.index.version_at(aggregate_id, known_at)
        if version is None:
            return None
        return self.repository.get(aggregate_id, version=version, projector_func=replay)

    def before(self, event: LoggedEvent) -> Any | None:
        """The record as it stood just before this event of its stream (None before the first)."""
        if event.version <= 1:
            return None
        return self.repository.get(
            event.originator_id, version=event.version - 1, projector_func=replay
        )

    def task(self, task_id: UUID, *, known_at: datetime | None = None) -> Task:
        """A task as it stood at ``known_at`` (now by default)."""
        task = self.at_version_known(task_id, known_at or clock.now())
        if not isinstance(task, Task):
            raise NotFoundError(
                "task_id", "no task with id %(task_id)s at that moment", task_id=task_id
            )
        return task

    def priorities(self, leader_id: UUID, *, known_at: datetime | None = None) -> LeaderCalendar:
        """A leader's priorities (and day totals) as they stood at ``known_at``."""
        calendar = self.at_version_known(
            LeaderCalendar.create_id(leader_id), known_at or clock.now()
        )
        if not isinstance(calendar, LeaderCalendar):
            raise NotFoundError(
                "leader_id", "no leader with id %(leader_id)s at that moment", leader_id=leader_id
            )
        return calendar

    def employee(
        self,
        employee_id: UUID,
        *,
        as_of: datetime | None = None,
        known_at: datetime | None = None,
    ) -> EmployeeRecord:
        """The employee's record with what had happened by ``as_of``, as known at ``known_at``."""
        now = clock.now()
        as_of = as_of or now
        known_at = known_at or now
        # The person's own events (moves, passions) happen when they are recorded.
        then = min(as_of, known_at)
        person_known = self.at_version_known(employee_id, known_at)
        person_then = person_known if then == known_at else self.at_version_known(employee_id, then)
        if not isinstance(person_then, Person) or not isinstance(person_known, Person):
            raise NotFoundError(
                "person_id",
                "no person with id %(employee_id)s at that moment",
                employee_id=employee_id,
            )
        record = EmployeeRecord(
            employee_id=employee_id,
            as_of=as_of,
            known_at=known_at,
            name=person_then.name,
            email=person_then.email,
            leader_id=person_then.leader_id,
            is_active=person_then.is_active,
            passions=list(person_then.passions),
            talent=[t for t in person_known.talent if t["assessed_on"] <= as_of.date()],
        )
        for stream_id, kind in self.index.streams_about(employee_id):
            self._add_stream(record, stream_id, kind)
        record.interactions.sort(key=lambda i: i["occurred_at"])
        record.feedback.sort(key=lambda f: f["received_at"])
        return record

    @contextmanager
    def timeline_at(
        self, employee_id: UUID, *, known_at: datetime, as_of: datetime
    ) -> Iterator[Timeline]:
        """The employee's timeline as known at ``known_at``, in a table of its own.

        The live projection's own handlers apply the events the journal had been told by
        then, so every entry type and every correction detail is there as it is live.
        Tasks and the person's own changes happen when they are recorded, so their streams
        are read up to the earlier of the two moments; ask ``for_employee`` for entries
        ``until=as_of``.
        """
        then = min(as_of, known_at)
        if self.index.version_at(employee_id, then) is None:
            raise NotFoundError(
                "person_id",
                "no person with id %(employee_id)s at that moment",
                employee_id=employee_id,
            )
        events: list[Any] = []
        streams = dict(self.index.streams_about(employee_id))
        streams.setdefault(employee_id, Person.__name__)
        for stream_id, kind in streams.items():
            version = self.index.version_at(stream_id, then if kind == Task.__name__ else known_at)
            if version is not None:
                events.extend(self.events.get(stream_id, lte=version))
        events.sort(key=lambda event: event.timestamp)  # the order they were recorded in
        engine = create_engine("sqlite://")
        try:
            create_tables(engine, metadata, [timeline])
            past = Timeline(engine)
            with engine.begin() as conn:
                batch = Batch(conn)
                for event in events:
                    past.apply(event, batch)
                batch.write()
            yield past
        finally:
            engine.dispose()

    def _add_stream(self, record: EmployeeRecord, stream_id: UUID, kind: str) -> None:
        """Add one interaction, feedback or task stream to the record, if it belongs there."""
        if kind == Task.__name__:
            # A task's lifecycle happens when it is recorded.
            task = self.at_version_known(stream_id, min(record.as_of, record.known_at))
            if isinstance(task, Task) and task.employee_id == record.employee_id:
                record.tasks.append(state_of(task, *TASK_FIELDS))
        elif kind in (Interaction.__name__, Feedback.__name__):
            aggregate = self.at_version_known(stream_id, record.known_at)
            if isinstance(aggregate, Interaction) and aggregate.occurred_at <= record.as_of:
                record.interactions.append(state_of(aggregate, *INTERACTION_FIELDS))
            elif isinstance(aggregate, Feedback) and aggregate.received_at <= record.as_of:
                record.feedback.append(state_of(aggregate, *FEEDBACK_FIELDS))
        elif kind == GroupSession.__name__:
            session = self.at_version_known(stream_id, record.known_at)
            if isinstance(session, GroupSession) and session.occurred_at <= record.as_of:
                # One person's view of the group: the session as a conversation of theirs.
                record.interactions.append(
                    {
                        **state_of(session, *GROUP_FIELDS),
                        "employee_id": record.employee_id,
                        "private_notes": "",
                        "agreed_actions": [],
                    }
                )

    def log(
        self,
        *,
        subject_id: UUID | None = None,
        event_types: list[str] | None = None,
        recorded_by: UUID | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> LogPage:
        """One page of the event log in recorded order, with each event's data."""
        page = self.index.page(
            subject_id=subject_id,
            event_types=event_types,
            recorded_by=recorded_by,
            since=since,
            until=until,
            offset=offset,
            limit=limit,
        )
        found = self._events_at([indexed.position for indexed in page.events])
        return LogPage(
            [self._logged(indexed, found.get(indexed.position)) for indexed in page.events],
            page.total,
        )

    def changes(self, subject_id: UUID, since: datetime, until: datetime) -> list[LoggedEvent]:
        """Every event about one person recorded in ``[since, until)``, oldest first."""
        return self.every(subject_id=subject_id, since=since, until=until)

    def every(self, *, page_size: int = 500, **filters: Any) -> list[LoggedEvent]:
        """Every event of the log that matches ``filters`` (as ``log`` takes them), in order."""
        events: list[LoggedEvent] = []
        while True:
            page = self.log(**filters, offset=len(events), limit=page_size)
            events.extend(page.events)
            if not page.events or len(events) >= page.total:
                return events

    def _events_at(self, positions: list[int]) -> dict[int, Any]:
        """The events at these log positions, read in one go when they lie close together
        (a page of the whole log is a run of positions); {} leaves each to its stream."""
        recorder = self.events.recorder
        if not positions or not isinstance(recorder, ApplicationRecorder):
            return {}
        first, last = min(positions), max(positions)
        if last - first >= NEARBY * len(positions):
            return {}
        wanted = set(positions)
        mapper = self.events.mapper
        return {
            notification.id: mapper.to_domain_event(notification)
            for notification in recorder.select_notifications(start=first, limit=last - first + 1)
            if notification.id in wanted
        }

    def _logged(self, indexed: IndexedEvent, domain_event: Any = None) -> LoggedEvent:
        """One indexed event with its data (read from its stream unless given)."""
        if domain_event is None:
            (domain_event,) = self.events.get(
                indexed.originator_id, gt=indexed.version - 1, lte=indexed.version
            )
        return LoggedEvent(
            position=indexed.position,
            event_type=indexed.event_type,
            originator_id=indexed.originator_id,
            version=indexed.version,
            subject_id=indexed.subject_id,
            recorded_by=indexed.recorded_by,
            recorded_at=indexed.recorded_at,
            data=event_data(domain_event),
        )
