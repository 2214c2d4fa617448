"""The benchmarks' dataset: years of one organisation's history, the same for the same seed.

The roster is fixed: an admin, an auditor and 25 leaders with 11 employees each (a few
leave over the years and are replaced). The size asked for decides how many working days
of history lead up to a fixed "today", played at a steady daily rate; so at every size a
team's last 90 days look alike, and only the length of history grows.

Events are made by the domain's aggregates in memory (so they are valid and decodable),
mapped by the journal's own mapper and written straight to the event store in large
batches, with snapshots at the journal's snapshotting intervals. Projections are left
alone: call ``journal.read.rebuild()`` or ``catch_up()`` afterwards.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from argon2 import PasswordHasher
from eventsourcing.sqlite import SQLiteApplicationRecorder

from benchmarks.dataset_days import Organisation
from journal.commands import Journal
from journal.security import passwords
from journal.store.chain import links_for

# The dataset's "today": every event is recorded before midnight at its start.
TODAY = datetime(2026, 11, 1, tzinfo=UTC)
PASSWORD = "bench-password-1"
HOLIDAYS = ((12, 24), (12, 25), (12, 26), (12, 31), (1, 1))
# Measured: the organisation records about this many events on a working day, so that
# the history asked for is about this many working days long.
EVENTS_PER_WORKING_DAY = 155
BATCH = 20_000
# The library pipelines a PostgreSQL insert; a pipeline of thousands of large events hung
# waiting on the server (seen at 5,000 events of 3 KB), so it gets them a thousand at a time.
POSTGRES_CHUNK = 1_000


@dataclass(frozen=True)
class Dataset:
    """What was written, and who in it the benchmarks look at."""

    events: int  # events written in all
    leader_id: UUID  # a leader with a typical team
    employee_id: UUID  # an employee of that leader with a typical history
    auditor_id: UUID
    logins: dict[str, str]  # role ("leader", "employee", "auditor", "admin") -> username
    password: str  # the password of every login


class EventWriter:
    """Maps aggregates' new events to stored events and writes them in large batches."""

    def __init__(self, journal: Journal, progress: Callable[[int], None] | None) -> None:
        self.mapper = journal.sealer
        self.recorder = journal.recorder
        self.snapshot_store = journal.snapshots
        self.snapshot_class: Any = type(journal).snapshot_class
        self.intervals: dict[type, int] = dict(journal.snapshotting_intervals or {})
        self.progress = progress
        self.events: list[Any] = []
        self.snapshots: list[Any] = []
        self.written = 0

    def save(self, *aggregates: Any) -> None:
        """Take the aggregates' new events, and a snapshot where the interval says so."""
        self.mapper.remember_subjects(aggregates)  # whose key seals each one's personal data
        for aggregate in aggregates:
            to_stored = self.mapper.to_stored_event
            self.events += [to_stored(e) for e in aggregate.collect_events()]
            interval = self.intervals.get(type(aggregate))
            if interval and aggregate.version % interval == 0 and self.snapshot_store:
                # As the library does: the aggregate's own Snapshot class, else the app's.
                snapshot_class = getattr(type(aggregate), "Snapshot", self.snapshot_class)
                self.snapshots.append(to_stored(snapshot_class.take(aggregate)))
        if len(self.events) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write what is pending: events in log order, then their snapshots."""
        if self.events:
            self.insert_events(self.events)
        if self.snapshots and self.snapshot_store:
            for chunk in chunks(self.snapshots, POSTGRES_CHUNK):
                self.snapshot_store.recorder.insert_events(chunk)
        count = len(self.events)
        self.written += count
        self.events, self.snapshots = [], []
        if self.progress is not None and count:
            self.progress(count)

    def insert_events(self, events: list[Any]) -> None:
        """Insert events in one transaction; on SQLite with one executemany.

        The library's SQLite recorder inserts row by row to return each row's position,
        which a bulk load does not need; the chained recorder's ``restore`` writes the rows
        and their links in the hash chain with two executemany.
        """
        recorder: Any = self.recorder
        if not isinstance(recorder, SQLiteApplicationRecorder):
            for chunk in chunks(events, POSTGRES_CHUNK):
                recorder.insert_events(chunk)
            return
        # The generator is the store's only writer: positions follow on from the last link.
        previous = recorder.last_link()
        start = previous.notification_id + 1 if previous else 1
        numbered = list(enumerate(events, start))
        recorder.restore(numbered, links_for(recorder.chain_key, previous, numbered))


def chunks(items: list[Any], size: int) -> list[list[Any]]:
    """``items`` in consecutive slices of at most ``size``."""
    return [items[start : start + size] for start in range(0, len(items), size)]


def is_working_day(day: date) -> bool:
    """Weekdays except the Christmas and New Year holidays."""
    return day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS


def working_days_before(today: date, count: int) -> list[date]:
    """The last ``count`` working days before ``today``, oldest first."""
    days: list[date] = []
    day = today
    while len(days) < count:
        day -= timedelta(days=1)
        if is_working_day(day):
            days.append(day)
    return days[::-1]


def password_hash(rng: random.Random) -> str:
    """The benchmark password hashed once, as the journal hashes it (argon2id).

    The salt comes from the seeded generator, so that the same seed writes the same bytes.
    """
    hasher = PasswordHasher()
    return hasher.hash(passwords.check_password(PASSWORD), salt=rng.randbytes(16))


def generate(
    journal: Journal,
    events: int,
    *,
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Dataset:
    """Write about ``events`` events (deterministic for a seed) straight to the event store.

    Projections are NOT brought up to date (call journal.read.rebuild() or catch_up()).
    ``progress`` hears how many more events were written after each batch.
    """
    writer = EventWriter(journal, progress)
    rng = random.Random(seed)
    organisation = Organisation(writer, rng, password_hash=password_hash(rng))
    setup = organisation.expected_setup_events()
    days = working_days_before(TODAY.date(), max(1, (events - setup) // EVENTS_PER_WORKING_DAY))
    with journal.keyring.sole_writer():  # the generator is the store's only writer
        organisation.found(days[0] - timedelta(days=1))
        for day in days:
            organisation.work(day)
        organisation.finish(TODAY)
        writer.flush()
    return Dataset(
        events=writer.written,
        leader_id=organisation.featured_leader,
        employee_id=organisation.featured_employee,
        auditor_id=organisation.auditor,
        logins=dict(organisation.logins),
        password=PASSWORD,
    )
