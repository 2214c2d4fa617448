"""The Journal application: every command loads an aggregate, calls one method, saves."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from random import Random, SystemRandom
from typing import Any, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application, LRUCache
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper
from eventsourcing.persistence import OperationalError as StoreOperationalError
from sqlalchemy.exc import OperationalError as SQLAlchemyOperationalError

from journal import clock, passwords, privacy, storage, surveys
from journal.calendars import reading as calendars
from journal.calendars.checking import CalendarCheck
from journal.calendars.classifying import keyword_rules
from journal.calendars.importing import meeting_records
from journal.chain import chained
from journal.domain.access import NotesAccess
from journal.domain.accounts import Account, check_username
from journal.domain.actions import AgreedActions
from journal.domain.base import JournalAggregate, replay
from journal.domain.coaching import Interaction
from journal.domain.feedback import Feedback
from journal.domain.leadership import LeaderCalendar
from journal.domain.meetings import DEFAULT_WORDS, ImportSummary, LeaderMeetings
from journal.domain.people import Person
from journal.domain.reminders import Reminder
from journal.domain.requests import EmployeeRequests
from journal.domain.surveys import SurveyResponses
from journal.domain.tasks import Task
from journal.errors import ConflictError, DomainError, NotFoundError
from journal.history import History
from journal.keyring import Keyring, PersonErased
from journal.projections import ReadModels
from journal.projections.people import PersonRow
from journal.settings import Settings
from journal.trail import SecurityTrail
from journal.verify import Report, Verifications, verify

A = TypeVar("A", bound=JournalAggregate)
#: Survey answers written per transaction (with their entry in the ledger).
SURVEY_CHUNK = 1_000
#: The days an import covers unless told otherwise: the last four weeks.
IMPORT_DAYS = 28


@dataclass(frozen=True)
class SurveyImport:
    """What a survey import read and did (or, in a dry run, would do)."""

    imported: int
    already: int
    refused: list[surveys.Refused]
    dry_run: bool


@dataclass(frozen=True)
class CalendarImport:
    """What an import read and did."""

    start: date
    end: date
    summary: ImportSummary
    skipped: list[calendars.Skipped]


logger = logging.getLogger(__name__)


class Journal(Application[UUID]):
    """Coaching Journal: people, coaching, feedback, tasks and a leader's own time.

    The store and the commands. ``journal.bootstrap.open_journal`` builds one and connects
    the read side (read models, history, verifications) it answers queries from.
    """

    name = "Journal"
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
        """Give the journal the read side its commands check and keep current."""
        self.read = read
        self.history = history
        self.verifications = verifications
        self.trail = trail

    # -- wiring ---------------------------------------------------------------------------

    def construct_mapper(self) -> Mapper[UUID]:
        """Use the journal's own mapper, the one place events become stored records."""
        return self.factory.mapper(
            transcoder=self.construct_transcoder(), mapper_class=storage.JournalMapper
        )

    @property
    def sealer(self) -> storage.JournalMapper:
        """The mapper, which seals personal fields (journal/storage.py)."""
        assert isinstance(self.mapper, storage.JournalMapper)
        return self.mapper

    def construct_transcoder(self) -> JSONTranscoder:
        """The library's JSON format, encoded and decoded by orjson (see journal.storage)."""
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
    def projections_deferred(self) -> Iterator[None]:
        """Bring projections up to date once at the end (bulk loads such as the demo)."""
        self._projections_deferred = True
        try:
            yield
        finally:
            self._projections_deferred = False
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
            raise NotFoundError(field, f"no {kind.__name__.lower()} with id {aggregate_id}")
        return aggregate

    def person(self, person_id: UUID, field: str = "person_id", role: str | None = None) -> Person:
        """Return an active-or-not person, optionally checking their role."""
        person = self.load(Person, person_id, field)
        if role is not None:
            person.check_role(role, field)
        return person

    def team_member(self, leader_id: UUID, employee_id: UUID) -> tuple[Person, Person]:
        """Return the leader and the employee, checking the employee is in the leader's team."""
        leader = self.person(leader_id, "leader_id", role="leader")
        leader.check_active("leader_id")
        employee = self.person(employee_id, "employee_id", role="employee")
        employee.check_active("employee_id")
        if employee.leader_id != leader.id:
            raise DomainError("employee_id", f"{employee.name} is not in {leader.name}'s team")
        return leader, employee

    # -- people ---------------------------------------------------------------------------

    def register_person(
        self,
        *,
        role: str,
        name: str,
        email: str,
        leader_id: UUID | None = None,
        recorded_by: UUID | None = None,
    ) -> UUID:
        """Register a person; a leader also gets a calendar for their own time."""
        person, calendar = self._new_person(role, name, email, leader_id, recorded_by)
        self.save(person, calendar)
        return person.id

    def register_with_account(
        self,
        *,
        role: str,
        name: str,
        email: str,
        username: str,
        password: str,
        leader_id: UUID | None = None,
        recorded_by: UUID | None = None,
    ) -> UUID:
        """Register a person and open their account in one write: both or neither."""
        person, calendar = self._new_person(role, name, email, leader_id, recorded_by)
        account = self._new_account(person.id, username, password, recorded_by or person.id)
        self.save(person, calendar, account)
        return person.id

    def _new_person(
        self,
        role: str,
        name: str,
        email: str,
        leader_id: UUID | None,
        recorded_by: UUID | None,
    ) -> tuple[Person, LeaderCalendar | None]:
        if leader_id is not None:
            self.person(leader_id, "leader_id", role="leader").check_active("leader_id")
        person = Person.register(
            role=role, name=name, email=email, leader_id=leader_id, recorded_by=recorded_by
        )
        calendar = (
            LeaderCalendar(leader_id=person.id, recorded_by=recorded_by)
            if role == "leader"
            else None
        )
        return person, calendar

    def move_employee(self, employee_id: UUID, leader_id: UUID, *, recorded_by: UUID) -> None:
        """Hand an employee over to another leader's team."""
        self.person(leader_id, "leader_id", role="leader").check_active("leader_id")
        employee = self.person(employee_id, "employee_id", role="employee")
        employee.move_to(leader_id, recorded_by=recorded_by)
        self.save(employee)

    def oversee_leader(self, manager_id: UUID, leader_id: UUID, *, recorded_by: UUID) -> None:
        """A manager (a head of customer service) oversees a leader from now on."""
        self.person(leader_id, "leader_id", role="leader").check_active("leader_id")
        manager = self.person(manager_id, "manager_id", role="manager")
        manager.oversee(leader_id, recorded_by=recorded_by)
        self.save(manager)

    def release_leader(self, manager_id: UUID, leader_id: UUID, *, recorded_by: UUID) -> None:
        """A manager no longer oversees the leader."""
        manager = self.person(manager_id, "manager_id", role="manager")
        manager.release(leader_id, recorded_by=recorded_by)
        self.save(manager)

    def deactivate_person(self, person_id: UUID, reason: str, *, recorded_by: UUID) -> None:
        """Deactivate a person; their history stays."""
        person = self.person(person_id)
        person.deactivate(reason, recorded_by=recorded_by)
        self.save(person)

    def assess_talent(
        self, employee_id: UUID, *, score: int, note: str, assessed_on: date, recorded_by: UUID
    ) -> None:
        """Record a talent assessment (1-5) of an employee."""
        employee = self.person(employee_id, "employee_id", role="employee")
        employee.assess_talent(score, note, assessed_on, recorded_by=recorded_by)
        self.save(employee)

    def set_passions(self, employee_id: UUID, passions: list[str], *, recorded_by: UUID) -> None:
        """Record what an employee is passionate about."""
        employee = self.person(employee_id, "employee_id", role="employee")
        employee.set_passions(passions, recorded_by=recorded_by)
        self.save(employee)

    # -- coaching interactions ------------------------------------------------------------

    def log_interaction(
        self,
        *,
        leader_id: UUID,
        employee_id: UUID,
        kind: str,
        occurred_at: datetime,
        minutes: int,
        shared_notes: str = "",
        private_notes: str = "",
        agreed_actions: list[str] | None = None,
        recorded_by: UUID | None = None,
    ) -> UUID:
        """Log a coaching interaction between a leader and an employee in their team."""
        self.team_member(leader_id, employee_id)
        interaction = Interaction.log(
            leader_id=leader_id,
            employee_id=employee_id,
            kind=kind,
            occurred_at=occurred_at,
            minutes=minutes,
            shared_notes=shared_notes,
            private_notes=private_notes,
            agreed_actions=agreed_actions,
            recorded_by=recorded_by or leader_id,
        )
        changed: list[JournalAggregate] = [interaction]
        requests = self._existing(EmployeeRequests, EmployeeRequests.create_id(employee_id))
        if requests is not None and requests.fulfil_oldest(
            kind, interaction.id, recorded_by=recorded_by or leader_id
        ):
            changed.append(requests)
        if interaction.agreed_actions:
            actions = AgreedActions(
                employee_id=employee_id, interaction_id=interaction.id,
                recorded_by=recorded_by or leader_id,
            )  # fmt: skip
            actions.agree(
                [uuid4() for _ in interaction.agreed_actions], interaction.id, leader_id,
                interaction.agreed_actions, interaction.occurred_at,
                recorded_by=recorded_by or leader_id,
            )  # fmt: skip
            changed.append(actions)
        self.save(*changed)
        return interaction.id

    def correct_interaction(
        self, interaction_id: UUID, changes: dict[str, Any], reason: str, *, recorded_by: UUID
    ) -> None:
        """Correct some fields of an interaction, saying why; corrected agreed actions
        carry over to the employee's list (``journal.domain.actions``)."""
        interaction = self.load(Interaction, interaction_id, "interaction_id")
        interaction.correct(changes, reason, recorded_by=recorded_by)
        changed: list[JournalAggregate] = [interaction]
        if "agreed_actions" in changes:
            actions = self._actions_of(interaction, recorded_by)
            actions.follow_correction(
                [uuid4() for _ in interaction.agreed_actions], interaction.id,
                interaction.leader_id, interaction.agreed_actions, interaction.occurred_at,
                recorded_by=recorded_by,
            )  # fmt: skip
            changed.append(actions)
        self.save(*changed)

    def retract_interaction(self, interaction_id: UUID, reason: str, *, recorded_by: UUID) -> None:
        """Withdraw an interaction, saying why; a request it fulfilled is open again."""
        interaction = self.load(Interaction, interaction_id, "interaction_id")
        interaction.retract(reason, recorded_by=recorded_by)
        changed: list[JournalAggregate] = [interaction]
        requests = self._existing(
            EmployeeRequests, EmployeeRequests.create_id(interaction.employee_id)
        )
        if requests is not None and requests.reopen_fulfilled_by(
            interaction_id, recorded_by=recorded_by
        ):
            changed.append(requests)
        self.save(*changed)

    # -- customer feedback ----------------------------------------------------------------

    # -- the coaching loop: requests and agreed actions ---------------------------------

    def ask_for_coaching(
        self, employee_id: UUID, kind: str, note: str = "", *, recorded_by: UUID
    ) -> UUID:
        """The employee asks their leader for a 1-to-1, walk-and-talk, training or
        team-building; the note is shared with the leader."""
        employee = self.person(employee_id, "employee_id", role="employee")
        employee.check_active("employee_id")
        stream = self._existing(EmployeeRequests, EmployeeRequests.create_id(employee_id))
        stream = stream or EmployeeRequests(employee_id=employee_id, recorded_by=recorded_by)
        request_id = uuid4()
        assert employee.leader_id is not None  # an employee always has a leader
        stream.ask(request_id, kind, note, employee.leader_id, recorded_by=recorded_by)
        self.save(stream)
        return request_id

    def decline_request(
        self, employee_id: UUID, request_id: UUID, reason: str, *, recorded_by: UUID
    ) -> None:
        """The leader declines an open request, with a reason the employee sees."""
        stream = self._requests_of(employee_id)
        stream.decline(request_id, reason, recorded_by=recorded_by)
        self.save(stream)

    def withdraw_request(self, employee_id: UUID, request_id: UUID, *, recorded_by: UUID) -> None:
        """The employee takes back an open request."""
        stream = self._requests_of(employee_id)
        stream.withdraw(request_id, recorded_by=recorded_by)
        self.save(stream)

    def tick_action(self, interaction_id: UUID, action_id: UUID, *, recorded_by: UUID) -> None:
        """Tick an action agreed in the interaction off: done."""
        actions = self._agreed_actions(interaction_id)
        actions.tick(action_id, recorded_by=recorded_by)
        self.save(actions)

    def drop_action(
        self, interaction_id: UUID, action_id: UUID, reason: str, *, recorded_by: UUID
    ) -> None:
        """Drop an action agreed in the interaction, saying why."""
        actions = self._agreed_actions(interaction_id)
        actions.drop(action_id, reason, recorded_by=recorded_by)
        self.save(actions)

    def _existing(self, kind: type[A], stream_id: UUID) -> A | None:
        """A stream that may not have been opened yet."""
        try:
            return self.load(kind, stream_id, "id")
        except NotFoundError:
            return None

    def _requests_of(self, employee_id: UUID) -> EmployeeRequests:
        stream = self._existing(EmployeeRequests, EmployeeRequests.create_id(employee_id))
        if stream is None:
            raise DomainError("request_id", "no such request")
        return stream

    def _agreed_actions(self, interaction_id: UUID) -> AgreedActions:
        stream = self._existing(AgreedActions, AgreedActions.create_id(interaction_id))
        if stream is None:
            raise DomainError("action_id", "no such agreed action")
        return stream

    def _actions_of(self, interaction: Interaction, recorded_by: UUID) -> AgreedActions:
        """The interaction's agreed actions, opened with the first."""
        existing = self._existing(AgreedActions, AgreedActions.create_id(interaction.id))
        return existing or AgreedActions(
            employee_id=interaction.employee_id, interaction_id=interaction.id,
            recorded_by=recorded_by,
        )  # fmt: skip

    def record_feedback(
        self,
        *,
        employee_id: UUID,
        score: int,
        channel: str,
        received_at: datetime,
        comment: str = "",
        reference: str = "",
        recorded_by: UUID,
    ) -> UUID:
        """Record a customer's NPS score and comment about an employee."""
        employee = self.person(employee_id, "employee_id", role="employee")
        employee.check_active("employee_id")
        assert employee.leader_id is not None  # every employee has a leader
        feedback = Feedback.record(
            employee_id=employee_id,
            leader_id=employee.leader_id,
            score=score,
            comment=comment,
            channel=channel,
            received_at=received_at,
            reference=reference,
            recorded_by=recorded_by,
        )
        self.save(feedback)
        return feedback.id

    def import_survey(
        self,
        data: bytes,
        *,
        chosen: dict[str, str] | None = None,
        recorded_by: UUID,
        dry_run: bool = False,
    ) -> SurveyImport:
        """Record a survey export's NPS answers as feedback: the importer's team (a
        leader's) or anyone's (an admin's); an answer imported before is not recorded
        again. Bad rows are refused with their line and reason; the rest are written in
        transactions of ``SURVEY_CHUNK`` answers, or not at all in a dry run."""
        importer = self.person(recorded_by, "recorded_by")
        if importer.role not in ("leader", "admin"):
            raise DomainError("recorded_by", "only a leader or an admin imports survey results")
        found = surveys.read_survey(data)
        mapping = surveys.mapping_for(found.headers, chosen)
        employees = {p.person_id: p for p in self.read.people.list(role="employee")}
        find = self._survey_people(importer, employees)
        good, refused = surveys.answers(found, mapping, find, self.settings.zone)
        ledger = self._existing(SurveyResponses, SurveyResponses.create_id())
        ledger = ledger or SurveyResponses(recorded_by=recorded_by)
        leaders = {e: p.leader_id for e, p in employees.items() if p.leader_id is not None}
        fresh, seen = [], set()
        already = 0
        for row in good:
            if ledger.knows(row.key) or row.key in seen:
                already += 1
                continue
            try:
                fresh.append(
                    (row.key, Feedback.record(
                        employee_id=row.employee_id, leader_id=leaders[row.employee_id],
                        score=row.score, comment=row.comment, channel=row.channel,
                        received_at=row.received_at, recorded_by=recorded_by,
                    ))
                )  # fmt: skip
                seen.add(row.key)
            except DomainError as error:
                refused.append(surveys.Refused(row.line, f"{error.field}: {error.message}"))
        if not dry_run:
            # In chunks, each with its ledger entry: one transaction of 10,000 events stalled
            # PostgreSQL's pipeline. A chunk is whole or absent, so an import cut short is
            # finished by importing the file again.
            for start in range(0, len(fresh), SURVEY_CHUNK):
                chunk = fresh[start : start + SURVEY_CHUNK]
                ledger.note(
                    found.digest, [key for key, _ in chunk], [f.id for _, f in chunk],
                    recorded_by=recorded_by,
                )  # fmt: skip
                self.save(*(f for _, f in chunk), ledger)
        refused.sort(key=lambda r: r.line)
        return SurveyImport(len(fresh), already, refused, dry_run)

    def _survey_people(
        self, importer: Person, employees: dict[UUID, PersonRow]
    ) -> Callable[[str], tuple[UUID | None, str | None]]:
        """Finds an employee by email or username; a leader may import their team only."""
        by_name: dict[str, UUID] = {p.email.lower(): p.person_id for p in employees.values()}
        accounts, _total = self.read.accounts.list(limit=100_000)
        for account in accounts:
            if account.person_id in employees:
                by_name.setdefault(account.username.lower(), account.person_id)

        def find(who: str) -> tuple[UUID | None, str | None]:
            person_id = by_name.get(who)
            if person_id is None:
                return None, f"no employee with email or username {who!r}"
            person = employees[person_id]
            if not person.is_active:
                return None, f"{person.name} has been deactivated"
            if importer.role == "leader" and person.leader_id != importer.id:
                return None, f"{person.name} is not in your team"
            return person_id, None

        return find

    def correct_feedback(
        self, feedback_id: UUID, changes: dict[str, Any], reason: str, *, recorded_by: UUID
    ) -> None:
        """Correct some fields of a piece of feedback, saying why."""
        feedback = self.load(Feedback, feedback_id, "feedback_id")
        feedback.correct(changes, reason, recorded_by=recorded_by)
        self.save(feedback)

    def retract_feedback(self, feedback_id: UUID, reason: str, *, recorded_by: UUID) -> None:
        """Withdraw a piece of feedback, saying why."""
        feedback = self.load(Feedback, feedback_id, "feedback_id")
        feedback.retract(reason, recorded_by=recorded_by)
        self.save(feedback)

    # -- tasks ----------------------------------------------------------------------------

    def assign_task(
        self,
        *,
        leader_id: UUID,
        employee_id: UUID,
        title: str,
        passion: str,
        due_on: date,
        description: str = "",
        priority: int = 2,
        recorded_by: UUID | None = None,
    ) -> UUID:
        """Assign a task to an employee in the leader's team."""
        self.team_member(leader_id, employee_id)
        task = Task.assign(
            leader_id=leader_id,
            employee_id=employee_id,
            title=title,
            description=description,
            passion=passion,
            due_on=due_on,
            priority=priority,
            recorded_by=recorded_by or leader_id,
        )
        self.save(task)
        return task.id

    def start_task(self, task_id: UUID, *, recorded_by: UUID) -> None:
        """Mark a task as started."""
        task = self.load(Task, task_id, "task_id")
        task.start(recorded_by=recorded_by)
        self.save(task)

    def complete_task(self, task_id: UUID, outcome: str, *, recorded_by: UUID) -> None:
        """Mark a task as completed, with its outcome."""
        task = self.load(Task, task_id, "task_id")
        task.complete(outcome, recorded_by=recorded_by)
        self.save(task)

    def cancel_task(self, task_id: UUID, reason: str, *, recorded_by: UUID) -> None:
        """Cancel a task, saying why."""
        task = self.load(Task, task_id, "task_id")
        task.cancel(reason, recorded_by=recorded_by)
        self.save(task)

    def reassign_task(self, task_id: UUID, employee_id: UUID, *, recorded_by: UUID) -> None:
        """Give a task to another employee of the same leader."""
        task = self.load(Task, task_id, "task_id")
        self.team_member(task.leader_id, employee_id)
        task.reassign(employee_id, task.leader_id, recorded_by=recorded_by)
        self.save(task)

    def change_task_priority(self, task_id: UUID, priority: int, *, recorded_by: UUID) -> None:
        """Change a task's priority (1 high, 2 normal, 3 low)."""
        task = self.load(Task, task_id, "task_id")
        task.change_priority(priority, recorded_by=recorded_by)
        self.save(task)

    # -- the leader's own time ------------------------------------------------------------

    def calendar(self, leader_id: UUID) -> LeaderCalendar:
        """Return the leader's calendar (time log and priorities)."""
        self.person(leader_id, "leader_id", role="leader")
        return self.load(LeaderCalendar, LeaderCalendar.create_id(leader_id), "leader_id")

    def log_time(
        self,
        leader_id: UUID,
        *,
        on: date,
        minutes: int,
        category: str,
        note: str = "",
        recorded_by: UUID | None = None,
    ) -> UUID:
        """Log how many minutes a leader spent on one category on one day."""
        calendar = self.calendar(leader_id)
        entry_id = uuid4()
        calendar.log_time(
            entry_id, on, minutes, category, note, recorded_by=recorded_by or leader_id
        )
        self.save(calendar)
        return entry_id

    def set_priorities(
        self,
        leader_id: UUID,
        *,
        split: dict[str, int],
        one_to_one_every_days: int = 7,
        walk_and_talk_every_days: int = 30,
        focus_areas: list[str] | None = None,
        recorded_by: UUID | None = None,
    ) -> None:
        """Set a leader's target time split, coaching cadence and focus areas."""
        calendar = self.calendar(leader_id)
        calendar.set_priorities(
            split,
            one_to_one_every_days,
            walk_and_talk_every_days,
            focus_areas or [],
            recorded_by=recorded_by or leader_id,
        )
        self.save(calendar)

    # -- the leader's own calendar --------------------------------------------------------

    def import_calendar(
        self,
        leader_id: UUID,
        data: bytes,
        *,
        start: date | None = None,
        end: date | None = None,
        recorded_by: UUID | None = None,
    ) -> CalendarImport:
        """Import the leader's meetings from an iCalendar export, over the days ``start`` to
        ``end`` (the last four weeks by default); unchanged meetings write nothing."""
        leader = self.person(leader_id, "leader_id", role="leader")
        leader.check_active("leader_id")
        end = end or self.today()
        start = start or end - timedelta(days=IMPORT_DAYS - 1)
        if end < start:
            raise DomainError("to", "must not be before from")
        zone = self.settings.zone
        found = calendars.read_calendar(
            data, clock.midnight(start, zone), clock.midnight(end + timedelta(days=1), zone), zone
        )
        if not found.meetings:
            raise DomainError("file", f"has no meetings from {start} to {end}")
        stream = self._meetings_of(leader_id, recorded_by or leader_id)
        team = [p.email for p in self.read.people.list(role="employee", leader_id=leader_id)]
        records = meeting_records(
            found.meetings, leader_email=leader.email, team_emails=team, zone=zone,
            choices=stream.choices, keyword_rules=keyword_rules(stream.keywords),
        )  # fmt: skip
        summary = stream.import_period(
            digest=found.digest, period_start=start, period_end=end, meetings=records,
            skipped=len(found.skipped), recorded_by=recorded_by or leader_id,
        )  # fmt: skip
        if summary.changed_anything:
            self.save(stream)
        return CalendarImport(start, end, summary, found.skipped)

    def choose_meeting_category(
        self, leader_id: UUID, key: str, category: str, *, recorded_by: UUID
    ) -> int:
        """The leader's category for an imported meeting and the rest of its series; kept
        for later imports. Returns how many meetings changed category."""
        self.person(leader_id, "leader_id", role="leader")
        stream_id = LeaderMeetings.create_id(leader_id)
        if stream_id not in self.repository:
            raise DomainError("key", "no imported meeting with that key")
        stream = self.load(LeaderMeetings, stream_id, "leader_id")
        changed = stream.choose_category(key, category, recorded_by=recorded_by)
        self.save(stream)
        return changed

    def set_meeting_keywords(
        self, leader_id: UUID, words: dict[str, list[str]], *, recorded_by: UUID
    ) -> None:
        """The leader's own words per category for classifying meeting titles; they apply
        from the next import (importing the same export again applies them to it)."""
        self.person(leader_id, "leader_id", role="leader").check_active("leader_id")
        stream = self._meetings_of(leader_id, recorded_by)
        stream.set_keywords(words, recorded_by=recorded_by)
        self.save(stream)

    def meeting_keywords(self, leader_id: UUID) -> dict[str, list[str]]:
        """The words per category the leader's next import classifies titles by."""
        stream_id = LeaderMeetings.create_id(leader_id)
        if stream_id not in self.repository:
            return {category: list(words) for category, words in DEFAULT_WORDS.items()}
        return self.load(LeaderMeetings, stream_id, "leader_id").keywords

    def draw_calendar_days(
        self,
        leader_id: UUID,
        *,
        start: date | None = None,
        end: date | None = None,
        recorded_by: UUID,
        rng: Random | None = None,
    ) -> CalendarCheck:
        """The calendar check: draw three working days with imported meetings from the days
        ``start`` to ``end`` (the last four weeks by default), and record them with what
        they held and the split the leader wishes for (their priorities)."""
        self.person(leader_id, "leader_id", role="leader").check_active("leader_id")
        end = end or self.today()
        start = start or end - timedelta(days=IMPORT_DAYS - 1)
        stream_id = LeaderMeetings.create_id(leader_id)
        if stream_id not in self.repository:
            raise DomainError("file", "import your calendar first: the check draws from it")
        stream = self.load(LeaderMeetings, stream_id, "leader_id")
        wish = self.calendar(leader_id).split
        stream.draw_days(start, end, wish, rng=rng or SystemRandom(), recorded_by=recorded_by)
        drawn = stream.pending_events[-1]
        assert isinstance(drawn, LeaderMeetings.DaysDrawn)
        self.save(stream)
        return CalendarCheck(
            leader_id=leader_id,
            drawn_at=drawn.timestamp,
            drawn_by=recorded_by,
            period_start=start,
            period_end=end,
            days=list(drawn.days),
            found=dict(drawn.found),
            wish=dict(drawn.wish),
        )

    def _meetings_of(self, leader_id: UUID, recorded_by: UUID) -> LeaderMeetings:
        """The leader's imported meetings, opened on their first import."""
        stream_id = LeaderMeetings.create_id(leader_id)
        if stream_id in self.repository:
            return self.load(LeaderMeetings, stream_id, "leader_id")
        return LeaderMeetings(leader_id=leader_id, recorded_by=recorded_by)

    # -- accounts and access --------------------------------------------------------------

    def open_account(
        self, person_id: UUID, *, username: str, password: str, recorded_by: UUID | None
    ) -> UUID:
        """Open the one account a person signs in with."""
        person = self.person(person_id)
        person.check_active()
        if self.read.accounts.for_person(person_id) is not None:
            raise DomainError("person_id", f"{person.name} already has an account")
        account = self._new_account(person_id, username, password, recorded_by or person_id)
        # Two racing requests for one username make the same id: one of them conflicts.
        self.save(account)
        return account.id

    def _new_account(
        self, person_id: UUID, username: str, password: str, recorded_by: UUID
    ) -> Account:
        username = check_username(username)
        if Account.create_id(username) in self.repository:
            raise DomainError("username", f"the username {username} is taken")
        return Account.open(
            person_id=person_id,
            username=username,
            password_hash=passwords.hash_password(password),
            recorded_by=recorded_by,
        )

    def change_password(self, account_id: UUID, password: str, *, recorded_by: UUID) -> None:
        """Give an account a new password."""
        account = self.load(Account, account_id, "account_id")
        account.change_password(passwords.hash_password(password), recorded_by=recorded_by)
        self.save(account)

    def disable_account(self, account_id: UUID, reason: str, *, recorded_by: UUID) -> None:
        """Stop an account from signing in, saying why."""
        account = self.load(Account, account_id, "account_id")
        account.disable(reason, recorded_by=recorded_by)
        self.save(account)
        self.trail.record(
            "account_disabled", account_id=account_id, person_id=account.person_id,
            actor_id=recorded_by,
        )  # fmt: skip

    def choose_language(self, account_id: UUID, language: str, *, recorded_by: UUID) -> None:
        """Keep the language the person uses the journal in (its e-mails follow it)."""
        account = self.load(Account, account_id, "account_id")
        if account.choose_language(language, recorded_by=recorded_by):
            self.save(account)

    # -- reminders ------------------------------------------------------------------------

    def claim_reminder(self, leader_id: UUID, day: date, items: int) -> bool:
        """Claim the leader's reminder of the day before sending it; False if another run
        claimed or sent it already (journal/domain/reminders.py)."""
        reminder = self._existing(Reminder, Reminder.create_id(leader_id, day))
        try:
            if reminder is None:
                reminder = Reminder(leader_id=leader_id, day=day, items=items, recorded_by=None)
            else:
                reminder.claim_again(items)
            self.save(reminder)
        except ConflictError:
            return False
        return True

    def note_reminder(self, leader_id: UUID, day: date, failure: str | None = None) -> None:
        """After the send: the mail left (``failure`` None), or why it did not."""
        reminder = self.load(Reminder, Reminder.create_id(leader_id, day), "day")
        if failure is None:
            reminder.sent()
        else:
            reminder.failed(failure)
        self.save(reminder)

    # -- privacy --------------------------------------------------------------------------

    def export_person(self, person_id: UUID, *, exported_by: UUID | None) -> dict[str, Any]:
        """Everything held about a person, as JSON values (the right of access)."""
        person = self.person(person_id)
        account = self.read.accounts.for_person(person_id)
        exported = privacy.export_person(person, account, self.history, exported_by=exported_by)
        self.trail.record("person_exported", person_id=person_id, actor_id=exported_by)
        return exported

    def export_own_data(self, person_id: UUID) -> dict[str, Any]:
        """What a person downloads about themself: their export without the leader's
        private notes, and who else read their record (the right of access)."""
        person = self.person(person_id)
        account = self.read.accounts.for_person(person_id)
        exported = privacy.export_for_subject(person, account, self.history)
        self.trail.record("person_exported", person_id=person_id, actor_id=person_id)
        return exported

    def erase_person(self, person_id: UUID, reason: str, *, recorded_by: UUID) -> None:
        """Erase a person's personal data by deleting their key, and record who, when, why.

        The key goes first, so nothing read afterwards is decrypted; the event follows, and
        each projection scrubs the person's rows when it applies it. Run again after an
        interruption, it finishes what is left (an erased key, no event yet).
        """
        person = self.person(person_id)
        person.erase(reason, recorded_by=recorded_by)
        self.keyring.erase(person_id)
        self.forget_decrypted()
        privacy.delete_snapshots(self.snapshots.recorder if self.snapshots else None, person_id)
        self.save(person)
        self.trail.record("person_erased", person_id=person_id, actor_id=recorded_by)

    def record_notes_read(self, *, reader_id: UUID, employee_id: UUID, context: str) -> UUID:
        """Record that someone read private notes about an employee that were not theirs."""
        access = NotesAccess.record(reader_id=reader_id, employee_id=employee_id, context=context)
        self.save(access)
        return access.id
