"""Reading a person's development record: the one place that decides what a reader sees.

"This record, for this reader, at this moment": private notes are handed only to the
reader the ``Viewer`` allows (a leader their own, an auditor all), and every time a reader
is shown private notes that are not their own, the read is recorded as a
``NotesAccess.PrivateNotesRead`` event, here and nowhere else. The API, the pages and the
CLI all read records through these functions, which answer with plain values, never an
aggregate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from uuid import UUID

from journal import clock
from journal.commands import Journal
from journal.domain.tasks import Task
from journal.importers.calendars.classifying import ONE_TO_ONE
from journal.projections.timeline import Timeline, TimelineEntry, Viewer
from journal.read.history import EmployeeRecord


@dataclass(frozen=True)
class TaskRecord:
    """A task as it stands now, as the API answers with it."""

    id: UUID
    leader_id: UUID
    employee_id: UUID
    title: str
    description: str
    passion: str
    due_on: date
    priority: int
    state: str
    outcome: str
    cancel_reason: str
    assigned_at: datetime
    changed_at: datetime


def task_record(journal: Journal, task_id: UUID) -> TaskRecord:
    """The task with this id as it stands now (NotFoundError on ``task_id`` if none)."""
    task = journal.load(Task, task_id, "task_id")
    assert task.modified_on is not None  # a stored task has been modified at least once
    return TaskRecord(
        id=task.id,
        leader_id=task.leader_id,
        employee_id=task.employee_id,
        title=task.title,
        description=task.description,
        passion=task.passion,
        due_on=task.due_on,
        priority=task.priority,
        state=task.state,
        outcome=task.outcome,
        cancel_reason=task.cancel_reason,
        assigned_at=task.created_on,
        changed_at=task.modified_on,
    )


@dataclass(frozen=True)
class UnloggedOneToOne:
    """A 1-to-1 in the leader's imported calendar with nothing logged with that person that
    day: what the leader may want to write down."""

    employee_id: UUID
    employee_name: str
    start: datetime
    minutes: int
    title: str


def unlogged_one_to_ones(
    journal: Journal, leader_id: UUID, start: date, end: date
) -> list[UnloggedOneToOne]:
    """The leader's imported 1-to-1s on the days ``start`` to ``end`` that have no coaching
    interaction logged with that team member on the same day, oldest first."""
    one_to_ones = [
        m
        for m in journal.read.meetings.for_leader(leader_id, start, end)
        if m.rule == ONE_TO_ONE and m.left_out is None
    ]
    if not one_to_ones:  # most leaders' homes: no calendar imported, nothing more to read
        return []
    team = {
        p.email.lower(): p
        for p in journal.read.people.list(role="employee", leader_id=leader_id, active_only=True)
    }
    zone = journal.settings.zone
    begins, ends = clock.midnight(start, zone), clock.midnight(end + timedelta(days=1), zone)
    logged = {
        (i.employee_id, i.occurred_at.astimezone(zone).date())
        for i in journal.read.coaching_log.for_leader(leader_id, begins, ends).interactions
    }
    found = []
    for meeting in one_to_ones:
        person = next((team[a] for a in meeting.attendees if a in team), None)
        if person is None or (person.person_id, meeting.day) in logged:
            continue
        minutes = int((meeting.end - meeting.start).total_seconds() // 60)
        found.append(
            UnloggedOneToOne(person.person_id, person.name, meeting.start, minutes, meeting.title)
        )
    return found


@dataclass(frozen=True)
class TimelinePage:
    """One page of an employee's timeline and how many entries there are in all (None
    when not asked for: a page that shows "older" links needs no count)."""

    entries: list[TimelineEntry]
    total: int | None


def employee_record(
    journal: Journal,
    employee_id: UUID,
    reader: Viewer,
    *,
    where: str,
    as_of: datetime | None = None,
    known_at: datetime | None = None,
    purpose: str | None = None,
) -> EmployeeRecord:
    """The employee's record as of ``as_of``, as known at ``known_at`` (now by default).

    With ``purpose`` None the record is shown as the reader may see it, and a read of
    someone else's private notes is recorded. With ``purpose`` given but empty, such notes
    are withheld (``notes_withheld`` counts them) until the reader says why; the purpose
    is recorded with the read. Raises NotFoundError when the employee was not yet in the
    journal then.
    """
    record = journal.history.employee(employee_id, as_of=as_of, known_at=known_at).visible_to(
        reader
    )
    note_writers = [i["leader_id"] for i in record.interactions if i["private_notes"]]
    foreign = sum(1 for writer in note_writers if writer != reader.person_id)
    if purpose is not None and not purpose.strip() and foreign:
        withheld = [
            i if i["leader_id"] == reader.person_id else {**i, "private_notes": None}
            for i in record.interactions
        ]
        return replace(record, interactions=withheld, notes_withheld=foreign)
    _record_read(
        journal, reader, employee_id, note_writers, where, record.as_of, record.known_at,
        (purpose or "").strip(),
    )  # fmt: skip
    return record


def employee_timeline(
    journal: Journal,
    employee_id: UUID,
    reader: Viewer,
    *,
    where: str,
    as_of: datetime | None = None,
    known_at: datetime | None = None,
    entry_types: list[str] | None = None,
    include_retracted: bool = False,
    offset: int = 0,
    limit: int = 200,
    counted: bool = True,
) -> TimelinePage:
    """One page of the employee's timeline, newest first; live unless a moment is given.

    With ``as_of`` or ``known_at`` the timeline is rebuilt by the live projection's own
    handlers from the events known then (``History.timeline_at``), so it has the same
    entries, correction details included. Raises NotFoundError when the employee was not
    yet in the journal then.
    """
    if as_of is None and known_at is None:
        page = _page(
            journal.read.timeline,
            employee_id,
            reader,
            entry_types,
            include_retracted,
            None,
            offset,
            limit,
            counted,
        )
    else:
        now = clock.now()
        as_of, known_at = as_of or now, known_at or now
        with journal.history.timeline_at(employee_id, as_of=as_of, known_at=known_at) as past:
            page = _page(
                past,
                employee_id,
                reader,
                entry_types,
                include_retracted,
                as_of,
                offset,
                limit,
                counted,
            )
    note_writers = (e.leader_id for e in page.entries if e.private_notes)
    _record_read(journal, reader, employee_id, note_writers, where, as_of, known_at)
    return page


def _page(
    timeline: Timeline,
    employee_id: UUID,
    reader: Viewer,
    entry_types: list[str] | None,
    include_retracted: bool,
    until: datetime | None,
    offset: int,
    limit: int,
    counted: bool,
) -> TimelinePage:
    """One page of a timeline table, live or rebuilt for a past moment, and its total."""
    entries = timeline.for_employee(
        employee_id,
        reader,
        entry_types=entry_types,
        include_retracted=include_retracted,
        until=until,
        offset=offset,
        limit=limit,
    )
    if not counted:
        return TimelinePage(entries, None)
    total = timeline.count_for_employee(
        employee_id, entry_types=entry_types, include_retracted=include_retracted, until=until
    )
    return TimelinePage(entries, total)


def _record_read(
    journal: Journal,
    reader: Viewer,
    employee_id: UUID,
    note_writers: Iterable[UUID | None],
    where: str,
    as_of: datetime | None,
    known_at: datetime | None,
    purpose: str = "",
) -> None:
    """Record the read if the reader was shown private notes that someone else wrote."""
    if reader.person_id is None or all(writer == reader.person_id for writer in note_writers):
        return
    moments = [
        f"{name}={moment.isoformat(timespec='minutes')}"
        for name, moment in (("as_of", as_of), ("known_at", known_at))
        if moment is not None
    ]
    journal.record_notes_read(
        reader_id=reader.person_id, employee_id=employee_id,
        context=" ".join([where, *moments]), purpose=purpose,
    )  # fmt: skip
