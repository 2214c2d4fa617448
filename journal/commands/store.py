"""The Journal application's store: opening it, sealing and saving events, loading
aggregates, and keeping the read side current after each save.

The commands (one module per area beside this one) build on it; ``journal.bootstrap``
builds the whole ``Journal`` and connects the read side it keeps current.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, LRUCache
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper
from eventsourcing.persistence import OperationalError as StoreOperationalError
from sqlalchemy.exc import OperationalError as SQLAlchemyOperationalError

from journal import clock
from journal.domain.actions import AgreedActions
from journal.domain.base import JournalAggregate, replay
from journal.domain.coaching import Interaction
from journal.domain.feedback import Feedback
from journal.domain.leadership import LeaderCalendar
from journal.domain.meetings import LeaderMeetings
from journal.domain.people import Person
from journal.domain.requests import EmployeeRequests
from journal.domain.tasks import Task
from journal.errors import ConflictError, NotFoundError
from journal.projections import ReadModels
from journal.security.keyring import Keyring, PersonErased
from journal.security.trail import SecurityTrail
from journal.settings import Settings
from journal.store import mapper as storage
from journal.store.chain import chained
from journal.store.verify import Report, Verifications, verify

if TYPE_CHECKING:  # the read side is above the commands; bootstrap hands it over
    from journal.read.history import History

A = TypeVar("A", bound=JournalAggregate)
C = TypeVar("C", bound=Callable[..., Any])

logger = logging.getLogger(__name__)


def timed_import(kind: str) -> Callable[[C], C]:
    """A command that imports a file (``kind``: calendar, survey, people), timed for the
    journal's ``on_imported`` listeners when it writes (a dry run is not an import)."""

    def decorate(command: C) -> C:
        @functools.wraps(command)
        def timed(self: JournalStore, *args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            done = command(self, *args, **kwargs)
            if not kwargs.get("dry_run"):
                for listener in self.on_imported:
                    listener(kind, time.perf_counter() - began)
            return done

        return timed  # type: ignore[return-value]

    return decorate


class JournalStore(Application[UUID]):
    """The event store the commands write to, and the read side they keep current."""

    snapshotting_intervals = {  # noqa: RUF012 (the library reads this class attribute)
        Person: 50,
        Interaction: 50,
        Feedback: 50,
        Task: 50,
        # A time entry a day makes the longest streams; measured in the demo load, a snapshot
        # every 20 events wrote a year 40% faster than every 100 (11.5 s against 19.5 s).
        LeaderCalendar: 20,
        # An import writes a meeting an event: a year of a leader's calendar is thousands, and
        # each snapshot seals the whole state; every 200 events took 10 snapshots in one
        # 2,000-meeting import (0.9 s of 4.1 s in a profile), every 1,000 takes 2.
        LeaderMeetings: 1_000,
        # An employee's requests and agreed actions: a few events a week each.
        EmployeeRequests: 50,
        AgreedActions: 50,
    }

    # The keyring and the read side, connected by journal.bootstrap once the store exists.
    keyring: Keyring
    read: ReadModels
    history: History
    verifications: Verifications
    trail: SecurityTrail

    def __init__(self, settings: Settings, *, project_on_write: bool = True) -> None:
        """Open the store; ``project_on_write=False`` leaves projecting to a worker process."""
        self.settings = settings
        super().__init__(env=settings.event_store_env())
        self.chain = chained(self.recorder)  # None for the in-memory store
        if self.chain is not None:
            self.chain.chain_key = settings.chain_key.encode()
        self.project_on_write = project_on_write
        self._projections_deferred = False
        #: Called with each save's events once they are stored (the web counts them), and
        #: with each import's kind and seconds (``timed_import``).
        self.on_saved: list[Callable[[list[Any]], None]] = []
        self.on_imported: list[Callable[[str, float], None]] = []

    def today(self) -> date:
        """The organisation's date now (in ``JOURNAL_TIMEZONE``)."""
        return clock.today(self.settings.zone)

    def use_keyring(self, keyring: Keyring) -> None:
        """Seal and open personal fields with the keys in ``keyring`` (one per person)."""
        self.keyring = keyring
        self.sealer.keyring = keyring

    def connect(
        self,
        read: ReadModels,
        history: History,
        verifications: Verifications,
        trail: SecurityTrail,
    ) -> None:
        """Give the journal the read side its commands keep current."""
        self.read = read
        self.history = history
        self.verifications = verifications
        self.trail = trail

    def construct_mapper(self) -> Mapper[UUID]:
        """Use the journal's own mapper, the one place events become stored records."""
        return self.factory.mapper(
            transcoder=self.construct_transcoder(), mapper_class=storage.JournalMapper
        )

    @property
    def sealer(self) -> storage.JournalMapper:
        """The mapper, which seals personal fields (journal/store/mapper.py)."""
        assert isinstance(self.mapper, storage.JournalMapper)
        return self.mapper

    def construct_transcoder(self) -> JSONTranscoder:
        """The library's JSON format, encoded and decoded by orjson (journal/store/mapper.py)."""
        transcoder = storage.JournalTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        """Add the domain's value types to the library's defaults."""
        super().register_transcodings(transcoder)
        storage.register_transcodings(transcoder)

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        """Save atomically, turn a lost race into ConflictError, and keep the read side current.

        Projecting inline, the events, their chain links, the read models' rows and the
        tracked positions commit together (journal/projections/joint.py).
        """
        self.sealer.remember_subjects(objs)
        pending = [e for obj in objs for e in getattr(obj, "pending_events", ())]
        projecting = self.project_on_write and not self._projections_deferred
        joint = self.read.joint(pending) if projecting and self.chain and pending else None
        try:
            recordings = super().save(*objs, **kwargs, **({"joint": joint} if joint else {}))
        except IntegrityError as error:
            # The store retries a write whose connection was lost (PostgreSQL's recorder,
            # up to ten times); if the lost attempt had in fact committed, the retry finds
            # these very events stored. That is a success, not somebody else's change.
            if not self._already_stored(pending):
                raise ConflictError(
                    "version", "someone else changed this record at the same time; try again"
                ) from error
            recordings = []
        except (StoreOperationalError, SQLAlchemyOperationalError):
            # A joint write whose connection was lost as it committed may have committed.
            if joint is None or not self._already_stored(pending):
                raise
            recordings, joint = [], None
        for listener in self.on_saved:
            listener(pending)
        if projecting and not (joint and joint.applied):
            try:
                self.read.catch_up()
            except SQLAlchemyOperationalError:
                # The events are stored; the read models catch up on the next write or
                # read (a worker, or the next request), so the write must not look failed.
                logger.warning("projections will catch up later", exc_info=True)
        return recordings

    def _already_stored(self, events: list[Any]) -> bool:
        """Whether exactly these events (every attribute) are the ones stored."""
        for event in events:
            version = event.originator_version
            stored = list(self.events.get(event.originator_id, gt=version - 1, lte=version))
            if not stored or type(stored[0]) is not type(event) or vars(stored[0]) != vars(event):
                return False
        return bool(events)

    @contextmanager
    def projections_deferred(self, *, catch_up: bool = True) -> Iterator[None]:
        """Bring projections up to date once at the end (bulk loads such as the demo), or
        leave that to the caller (``catch_up=False``); the journal projects as before."""
        self._projections_deferred = True
        try:
            yield
        finally:
            self._projections_deferred = False
            if catch_up:
                self.read.catch_up()

    def verify_log(
        self, *, checked_by: UUID | None = None, progress: Callable[[int], None] | None = None
    ) -> Report | None:
        """Check the log against its hash chain and keep the report; None in memory."""
        if self.chain is None:
            return None
        report = verify(self.recorder, self.chain, progress)
        report.checked_by = checked_by
        self.verifications.keep(report)
        return report

    def close(self) -> None:
        """Release the event store's and the projections' connections."""
        self.read.close()
        self.keyring.close()
        super().close()

    def take_snapshot(self, aggregate_id: UUID, *args: Any, **kwargs: Any) -> None:
        """Snapshot as the library does, except of an erased person's records (no key)."""
        with suppress(PersonErased):
            super().take_snapshot(aggregate_id, *args, **kwargs)

    def refresh_keys(self) -> None:
        """If any process erased a person since the last look, forget what was decrypted."""
        if self.keyring.refresh():
            self.forget_decrypted()

    def forget_decrypted(self) -> None:
        """Drop remembered keys and cached aggregates, which may hold erased data."""
        self.sealer.forget_keys()
        cache = self.repository.cache
        if isinstance(cache, LRUCache):
            self.repository.cache = LRUCache(maxsize=cache.maxsize)

    def load(self, kind: type[A], aggregate_id: UUID, field: str) -> A:
        """Return the aggregate of ``kind`` with this id, or raise NotFoundError on ``field``."""
        self.refresh_keys()
        try:
            aggregate: object = self.repository.get(aggregate_id, projector_func=replay)
        except AggregateNotFoundError:
            aggregate = None
        if not isinstance(aggregate, kind):
            raise NotFoundError(
                field,
                "no record with id %(aggregate_id)s",
                aggregate_id=aggregate_id,
            )
        return aggregate

    def load_if_any(self, kind: type[A], stream_id: UUID) -> A | None:
        """A stream that may not have been opened yet (a derived id): None if it was not."""
        try:
            return self.load(kind, stream_id, "id")
        except NotFoundError:
            return None
