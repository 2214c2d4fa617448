"""Properties over random histories: projections rebuild exactly, and the past replays exactly.

Each example opens its own journal, registers the team at T0 and then runs a random
sequence of valid commands, each recorded at its own, later moment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from journal import bootstrap, clock
from journal.commands import Journal
from journal.domain.coaching import KINDS
from journal.domain.feedback import CHANNELS
from journal.domain.people import PASSIONS
from journal.settings import Settings
from tests.organisation import T0, Org, build_org
from tests.unit.support import all_rows, register_employee

PROPERTY_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    database=None,  # keep no example database in the working tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

WORDS = st.text(alphabet="abcæøåÆØÅ-", min_size=1, max_size=12)
TEXT = st.one_of(st.just(""), WORDS)
# Every choice of passions: one or more of the four, in canonical order.
PASSION_CHOICES = [
    [p for n, p in enumerate(PASSIONS) if mask & (1 << n)] for mask in range(1, 1 << len(PASSIONS))
]


@contextmanager
def fresh_journal() -> Iterator[Journal]:
    """A journal on the in-memory store, closed afterwards."""
    journal = bootstrap.open_journal(Settings("memory://"))
    try:
        yield journal
    finally:
        journal.close()


@dataclass
class Run:
    """A journal being driven by random valid commands, and what they created."""

    journal: Journal
    data: st.DataObject
    team: Org
    employees: list[UUID]
    now: datetime = T0
    moments: list[datetime] = field(default_factory=list)
    interactions: list[UUID] = field(default_factory=list)
    feedback: list[UUID] = field(default_factory=list)
    tasks: list[UUID] = field(default_factory=list)

    @property
    def leaders(self) -> list[UUID]:
        return [self.team.leader, self.team.other_leader]

    def draw(self, strategy: st.SearchStrategy[Any]) -> Any:
        return self.data.draw(strategy)

    def get(self, aggregate_id: UUID) -> Any:
        return self.journal.repository.get(aggregate_id)

    def leader_of(self, employee: UUID) -> UUID:
        return self.get(employee).leader_id

    def earlier(self, most_minutes: int = 10_000) -> datetime:
        """A business moment at or before now."""
        return self.now - timedelta(minutes=self.draw(st.integers(0, most_minutes)))

    def live_interactions(self) -> list[UUID]:
        return [i for i in self.interactions if not self.get(i).is_retracted]

    def live_feedback(self) -> list[UUID]:
        return [f for f in self.feedback if not self.get(f).is_retracted]

    def open_tasks(self, *states: str) -> list[UUID]:
        states = states or ("assigned", "started")
        return [t for t in self.tasks if self.get(t).state in states]

    def colleagues_for(self, task_id: UUID) -> list[UUID]:
        task = self.get(task_id)
        return [
            e
            for e in self.employees
            if e != task.employee_id and self.leader_of(e) == task.leader_id
        ]

    # -- the commands ---------------------------------------------------------------------

    def log_interaction(self) -> None:
        employee = self.draw(st.sampled_from(self.employees))
        interaction = self.journal.log_interaction(
            leader_id=self.leader_of(employee),
            employee_id=employee,
            kind=self.draw(st.sampled_from(KINDS)),
            occurred_at=self.earlier(),
            minutes=self.draw(st.integers(1, 720)),
            shared_notes=self.draw(TEXT),
            private_notes=self.draw(TEXT),
            agreed_actions=self.draw(st.lists(WORDS, max_size=3)),
        )
        self.interactions.append(interaction)

    def correct_interaction(self) -> None:
        interaction_id = self.draw(st.sampled_from(self.live_interactions()))
        current = self.get(interaction_id)
        name = self.draw(st.sampled_from(["kind", "occurred_at", "minutes", "shared_notes"]))
        value = self.draw(
            {
                "kind": st.sampled_from([k for k in KINDS if k != current.kind]),
                "occurred_at": st.integers(0, 10_000).map(
                    lambda m: self.now - timedelta(minutes=m)
                ),
                "minutes": st.integers(1, 720),
                "shared_notes": WORDS,
            }[name].filter(lambda v: v != getattr(current, name))
        )
        self.journal.correct_interaction(
            interaction_id, {name: value}, self.draw(WORDS), recorded_by=current.leader_id
        )

    def retract_interaction(self) -> None:
        interaction_id = self.draw(st.sampled_from(self.live_interactions()))
        self.journal.retract_interaction(
            interaction_id, self.draw(WORDS), recorded_by=self.get(interaction_id).leader_id
        )

    def record_feedback(self) -> None:
        employee = self.draw(st.sampled_from(self.employees))
        feedback = self.journal.record_feedback(
            employee_id=employee,
            score=self.draw(st.integers(0, 10)),
            channel=self.draw(st.sampled_from(CHANNELS)),
            received_at=self.earlier(),
            comment=self.draw(TEXT),
            recorded_by=self.leader_of(employee),
        )
        self.feedback.append(feedback)

    def correct_feedback(self) -> None:
        feedback_id = self.draw(st.sampled_from(self.live_feedback()))
        current = self.get(feedback_id)
        name = self.draw(st.sampled_from(["score", "channel", "received_at", "comment"]))
        value = self.draw(
            {
                "score": st.integers(0, 10),
                "channel": st.sampled_from(CHANNELS),
                "received_at": st.integers(0, 10_000).map(
                    lambda m: self.now - timedelta(minutes=m)
                ),
                "comment": WORDS,
            }[name].filter(lambda v: v != getattr(current, name))
        )
        self.journal.correct_feedback(
            feedback_id, {name: value}, self.draw(WORDS), recorded_by=current.leader_id
        )

    def retract_feedback(self) -> None:
        feedback_id = self.draw(st.sampled_from(self.live_feedback()))
        self.journal.retract_feedback(
            feedback_id, self.draw(WORDS), recorded_by=self.get(feedback_id).leader_id
        )

    def assign_task(self) -> None:
        employee = self.draw(st.sampled_from(self.employees))
        task = self.journal.assign_task(
            leader_id=self.leader_of(employee),
            employee_id=employee,
            title=self.draw(WORDS),
            passion=self.draw(st.sampled_from(PASSIONS)),
            due_on=self.now.date() + timedelta(days=self.draw(st.integers(-5, 30))),
            priority=self.draw(st.integers(1, 3)),
        )
        self.tasks.append(task)

    def start_task(self) -> None:
        task_id = self.draw(st.sampled_from(self.open_tasks("assigned")))
        self.journal.start_task(task_id, recorded_by=self.get(task_id).employee_id)

    def complete_task(self) -> None:
        task_id = self.draw(st.sampled_from(self.open_tasks()))
        self.journal.complete_task(
            task_id, self.draw(WORDS), recorded_by=self.get(task_id).employee_id
        )

    def cancel_task(self) -> None:
        task_id = self.draw(st.sampled_from(self.open_tasks()))
        self.journal.cancel_task(task_id, self.draw(WORDS), recorded_by=self.get(task_id).leader_id)

    def reassign_task(self) -> None:
        task_id = self.draw(st.sampled_from(self.open_tasks()))
        colleagues = self.colleagues_for(task_id)
        if colleagues:
            self.journal.reassign_task(
                task_id,
                self.draw(st.sampled_from(colleagues)),
                recorded_by=self.get(task_id).leader_id,
            )

    def change_task_priority(self) -> None:
        task_id = self.draw(st.sampled_from(self.open_tasks()))
        current = self.get(task_id).priority
        self.journal.change_task_priority(
            task_id,
            self.draw(st.sampled_from([p for p in (1, 2, 3) if p != current])),
            recorded_by=self.get(task_id).leader_id,
        )

    def log_time(self) -> None:
        leader = self.draw(st.sampled_from(self.leaders))
        on = self.now.date() - timedelta(days=self.draw(st.integers(0, 3)))
        room = 24 * 60 - self.journal.calendar_of(leader).minutes_by_day.get(on.isoformat(), 0)
        if room > 0:
            self.journal.log_time(
                leader,
                on=on,
                minutes=self.draw(st.integers(1, min(room, 600))),
                category=self.draw(st.sampled_from(DEFAULT_CATEGORIES)),
            )

    def set_priorities(self) -> None:
        cuts = sorted(self.draw(st.lists(st.integers(0, 100), min_size=4, max_size=4)))
        bounds = [0, *cuts, 100]
        split = {c: bounds[n + 1] - bounds[n] for n, c in enumerate(DEFAULT_CATEGORIES)}
        self.journal.set_priorities(
            self.draw(st.sampled_from(self.leaders)),
            split=split,
            one_to_one_every_days=self.draw(st.integers(1, 365)),
            walk_and_talk_every_days=self.draw(st.integers(1, 365)),
            focus_areas=self.draw(st.lists(WORDS, max_size=3)),
        )

    def set_passions(self) -> None:
        employee = self.draw(st.sampled_from(self.employees))
        current = self.get(employee).passions
        passions = self.draw(st.sampled_from([c for c in PASSION_CHOICES if c != current]))
        self.journal.set_passions(employee, passions, recorded_by=self.leader_of(employee))

    def assess_talent(self) -> None:
        employee = self.draw(st.sampled_from(self.employees))
        self.journal.assess_talent(
            employee,
            score=self.draw(st.integers(1, 5)),
            note=self.draw(TEXT),
            assessed_on=self.now.date() - timedelta(days=self.draw(st.integers(0, 400))),
            recorded_by=self.leader_of(employee),
        )

    def move_employee(self) -> None:
        employee = self.draw(st.sampled_from(self.employees))
        current = self.leader_of(employee)
        (other,) = [leader for leader in self.leaders if leader != current]
        self.journal.move_employee(employee, other, recorded_by=self.team.admin)


DEFAULT_CATEGORIES = ("planning", "reporting", "follow_up", "people", "other")

# Each command with what must be true for it to be valid.
COMMANDS: dict[str, Callable[[Run], bool]] = {
    "log_interaction": lambda run: True,
    "correct_interaction": lambda run: bool(run.live_interactions()),
    "retract_interaction": lambda run: bool(run.live_interactions()),
    "record_feedback": lambda run: True,
    "correct_feedback": lambda run: bool(run.live_feedback()),
    "retract_feedback": lambda run: bool(run.live_feedback()),
    "assign_task": lambda run: True,
    "start_task": lambda run: bool(run.open_tasks("assigned")),
    "complete_task": lambda run: bool(run.open_tasks()),
    "cancel_task": lambda run: bool(run.open_tasks()),
    "reassign_task": lambda run: bool(run.open_tasks()),
    "change_task_priority": lambda run: bool(run.open_tasks()),
    "log_time": lambda run: True,
    "set_priorities": lambda run: True,
    "set_passions": lambda run: True,
    "assess_talent": lambda run: True,
    "move_employee": lambda run: True,
}


def run_random_commands(journal: Journal, data: st.DataObject) -> Run:
    """Register the team, then run 1-30 random valid commands, each at a later moment."""
    team = build_org(journal, at=T0, accounts=False)
    carl = register_employee(journal, team.other_leader, "Carl Cort")
    run = Run(
        journal=journal, data=data, team=team, employees=[team.employee, team.colleague, carl]
    )
    for _ in range(data.draw(st.integers(1, 30), label="steps")):
        run.now += timedelta(minutes=data.draw(st.integers(1, 600)))
        possible = [name for name, valid in COMMANDS.items() if valid(run)]
        command = data.draw(st.sampled_from(possible), label="command")
        event(command)
        with clock.frozen_at(run.now):
            getattr(run, command)()
        run.moments.append(run.now)
    return run


@PROPERTY_SETTINGS
@given(data=st.data())
def test_rebuilt_projections_hold_exactly_the_rows_built_event_by_event(
    data: st.DataObject,
) -> None:
    with fresh_journal() as journal:
        run_random_commands(journal, data)
        incremental = all_rows(journal)

        journal.read.rebuild()

        assert all_rows(journal) == incremental


def replayed(journal: Journal, stream_id: UUID, known_at: datetime) -> Any:
    """Fold the stream's events recorded at or before ``known_at``; None if there are none."""
    aggregate = None
    for domain_event in journal.events.get(stream_id):
        if domain_event.timestamp <= known_at:
            aggregate = domain_event.mutate(aggregate)
    return aggregate


def fields_of(aggregate: Any, names: str) -> dict[str, Any]:
    """The aggregate's id and the named attributes."""
    return {"id": aggregate.id, **{name: getattr(aggregate, name) for name in names.split()}}


def expected_record(run: Run, employee: UUID, known_at: datetime, as_of: datetime) -> dict:
    """The employee's record built by replaying every stream up to ``known_at``.

    Interactions, feedback and talent carry their own business time and are kept when
    it is at or before ``as_of``. A person's moves and passions and a task's lifecycle
    happen when they are recorded, so those streams replay only up to the earlier moment.
    """
    journal = run.journal
    then = min(as_of, known_at)
    person = replayed(journal, employee, then)
    talent = replayed(journal, employee, known_at).talent
    interactions = [replayed(journal, i, known_at) for i in run.interactions]
    feedback = [replayed(journal, f, known_at) for f in run.feedback]
    tasks = [replayed(journal, t, then) for t in run.tasks]
    return {
        "leader_id": person.leader_id,
        "is_active": person.is_active,
        "passions": person.passions,
        "talent": [t for t in talent if t["assessed_on"] <= as_of.date()],
        "interactions": sorted(
            (
                fields_of(
                    i,
                    "leader_id employee_id kind occurred_at minutes shared_notes private_notes"
                    " agreed_actions is_retracted retraction_reason",
                )
                for i in interactions
                if i is not None and i.employee_id == employee and i.occurred_at <= as_of
            ),
            key=lambda i: i["occurred_at"],
        ),
        "feedback": sorted(
            (
                fields_of(
                    f,
                    "employee_id leader_id score comment channel received_at reference"
                    " is_retracted retraction_reason",
                )
                for f in feedback
                if f is not None and f.employee_id == employee and f.received_at <= as_of
            ),
            key=lambda f: f["received_at"],
        ),
        # The record lists tasks in no promised order.
        "tasks": by_id(
            fields_of(
                t,
                "leader_id employee_id title description passion due_on priority state"
                " outcome cancel_reason",
            )
            for t in tasks
            if t is not None and t.employee_id == employee
        ),
    }


def by_id(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows in the order of their ids."""
    return sorted(rows, key=lambda row: str(row["id"]))


@PROPERTY_SETTINGS
@given(data=st.data())
def test_an_employee_as_of_and_known_at_past_moments_is_what_replaying_the_events_gives(
    data: st.DataObject,
) -> None:
    with fresh_journal() as journal:
        run = run_random_commands(journal, data)
        end = run.now + timedelta(days=1)
        nudges = st.sampled_from([timedelta(0), timedelta(seconds=-1), timedelta(seconds=1)])
        for _ in range(3):
            known_at = data.draw(st.sampled_from(run.moments), label="known_at") + data.draw(
                nudges, label="nudge"
            )
            as_of = data.draw(st.sampled_from([*run.moments, end]), label="as_of") + data.draw(
                nudges, label="nudge"
            )
            employee = data.draw(st.sampled_from(run.employees), label="employee")
            expected = expected_record(run, employee, known_at, as_of)

            with clock.frozen_at(end):
                record = journal.history.employee(employee, as_of=as_of, known_at=known_at)

            actual = {name: getattr(record, name) for name in expected}
            assert {**actual, "tasks": by_id(actual["tasks"])} == expected


def test_a_moment_between_events_is_not_the_same_as_the_moment_of_the_event() -> None:
    # Guards the property above: replaying to one second before a change must miss it.
    with fresh_journal() as journal:
        team = build_org(journal, at=T0, accounts=False)
        with clock.frozen_at(T0 + timedelta(hours=1)):
            journal.set_passions(team.employee, ["product"], recorded_by=team.leader)
        moment = T0 + timedelta(hours=1)

        before = journal.history.employee(team.employee, known_at=moment - timedelta(seconds=1))
        at = journal.history.employee(team.employee, known_at=moment)

        assert replayed(journal, team.employee, moment - timedelta(seconds=1)).passions == []
        assert (before.passions, at.passions) == ([], ["product"])
