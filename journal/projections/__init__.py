"""Read models: SQL tables beside the events, each tracked and rebuildable from the log."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from journal.projections.accounts import Accounts
from journal.projections.cadence import Cadence
from journal.projections.calendar_audit import CalendarAudit
from journal.projections.calendar_months import CalendarMonths
from journal.projections.coaching_log import CoachingLog
from journal.projections.coaching_loop import CoachingLoop
from journal.projections.directory import Directory
from journal.projections.event_index import EventIndex
from journal.projections.joint import JointWrite
from journal.projections.meetings import Meetings
from journal.projections.nps import Nps
from journal.projections.people import People
from journal.projections.runner import Progress, Projector
from journal.projections.subscriptions import Subscriptions
from journal.projections.task_board import TaskBoard
from journal.projections.timeline import Timeline
from journal.security.sealed import ColumnSeal, use_seal
from journal.sql import create_engine, reading

if TYPE_CHECKING:
    from eventsourcing.persistence import ApplicationRecorder, Mapper


class ReadModels:
    """Every projection of one journal, and the projector that keeps them current."""

    def __init__(
        self,
        url: str,
        recorder: ApplicationRecorder,
        mapper: Mapper[Any],
        *,
        lock_timeout: int = 15,
        before_catch_up: Callable[[], None] | None = None,
        seal: ColumnSeal | None = None,
    ) -> None:
        """Open the tables at ``url``; events come from ``recorder``, decoded by ``mapper``;
        personal text is sealed with ``seal`` (journal/security/sealed.py)."""
        self.engine = create_engine(url, lock_timeout)
        # A command's events commit with their read-model rows (journal/projections/joint.py),
        # so that transaction needs the event store's durability, which SQLite's read-model
        # connections trade away (synchronous=NORMAL); PostgreSQL's are durable already.
        self.durable_engine = (
            create_engine(url, lock_timeout, durable=True)
            if self.engine.dialect.name == "sqlite" and url != "sqlite://"
            else self.engine
        )
        if seal is not None:
            use_seal(self.engine, seal)
            use_seal(self.durable_engine, seal)
        # The projections' queries only read: without a write lock on SQLite, without a
        # BEGIN and ROLLBACK round trip around each on PostgreSQL (journal/sql.py). Writes
        # go through the projector's transactions on ``engine``, as before.
        reader = reading(self.engine)
        self.people = People(reader)
        self.accounts = Accounts(reader)
        self.event_index = EventIndex(reader)
        self.timeline = Timeline(reader)
        self.coaching_log = CoachingLog(reader)
        self.cadence = Cadence(reader)
        self.calendar_audit = CalendarAudit(reader)
        self.meetings = Meetings(reader)
        self.calendar_months = CalendarMonths(reader)
        self.nps = Nps(reader)
        self.task_board = TaskBoard(reader)
        self.coaching_loop = CoachingLoop(reader)
        self.directory = Directory(reader)
        self.subscriptions = Subscriptions(reader)
        self.projector = Projector(
            recorder,
            mapper,
            self.engine,
            [
                self.people,
                self.accounts,
                self.event_index,
                self.timeline,
                self.coaching_log,
                self.cadence,
                self.calendar_audit,
                self.meetings,
                self.calendar_months,
                self.nps,
                self.task_board,
                self.coaching_loop,
                self.directory,
                self.subscriptions,
            ],
            before_catch_up,
        )

    @property
    def names(self) -> list[str]:
        """The projections' names, as ``journal rebuild NAME`` takes them."""
        return [projection.name for projection in self.projector.everyone()]

    def joint(self, events: Sequence[Any]) -> JointWrite:
        """A transaction to record ``events`` in and apply them to every projection."""
        return JointWrite(self.projector, self.durable_engine, events)

    def catch_up(self, progress: Progress | None = None) -> int:
        """Apply every event not yet applied."""
        return self.projector.catch_up(progress)

    def rebuild(
        self,
        names: list[str] | None = None,
        progress: Progress | None = None,
        batch_size: int | None = None,
    ) -> int:
        """Drop and rebuild projections from the event log, ``batch_size`` events at a time."""
        return self.projector.rebuild(names, progress, batch_size)

    def close(self) -> None:
        """Release the projections' connections."""
        self.engine.dispose()
        self.durable_engine.dispose()
