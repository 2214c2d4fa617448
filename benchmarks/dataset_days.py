"""The benchmark organisation's working days: who meets whom, who rates whom, what gets done.

Every kind of event the domain has occurs at a steady rate: weekly 1-to-1s, monthly
walk-and-talks and quality reviews, training and team days, customer ratings, tasks
with their lifecycle, corrections and retractions, a leader's time and priorities,
moves between teams, people leaving and being replaced, passions, talent assessments,
password changes and the auditor's reads of private notes. Aggregates live in memory;
each change is handed to the writer, which stores its events.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from journal import clock
from journal.domain import coaching, feedback
from journal.domain.access import NotesAccess
from journal.domain.accounts import Account
from journal.domain.coaching import Interaction
from journal.domain.feedback import CHANNELS, Feedback, nps_category
from journal.domain.leadership import CATEGORIES, LeaderCalendar
from journal.domain.people import PASSIONS, Person
from journal.domain.tasks import Task
from journal.entry.demo import names, texts

if TYPE_CHECKING:
    from benchmarks.dataset import EventWriter

LEADERS = 25
TEAM_SIZE = 11
FOCUS_AREAS = (
    "Ugentlige 1-til-1",
    "Opgaver efter passion",
    "Del kunderos",
    "Kundernes ros ind i 1-til-1",
    "Reports on time",
    "More walk-and-talks",
)
CHANNEL_WEIGHTS = (45, 25, 25, 5)  # phone, email, chat, other


@dataclass(eq=False)
class Boss:
    """A leader as the simulation knows them: how much of a coach, and their team."""

    person: Person
    account: Account
    calendar: LeaderCalendar
    coaching: float
    language: str
    team: list[Member] = field(default_factory=list)
    next: dict[str, int] = field(default_factory=dict)

    @property
    def id(self) -> UUID:
        """The leader's person id."""
        return self.person.id


@dataclass(eq=False)
class Member:
    """An employee as the simulation knows them."""

    person: Person
    account: Account
    boss: Boss
    language: str
    skill: float
    next: dict[str, int] = field(default_factory=dict)

    @property
    def id(self) -> UUID:
        """The employee's person id."""
        return self.person.id

    @property
    def first(self) -> str:
        """The first name, as notes use it."""
        return self.person.name.split()[0]


#: The company's OpenID provider, as the dataset's accounts link to it.
COMPANY_ISSUER = "https://login.example.dk"
#: Why an employee who left returns in another role.
RETURN_REASON = "Vender tilbage som revisor"


class Organisation:
    """Plays an organisation's working days into an event writer, one moment at a time."""

    def __init__(self, writer: EventWriter, rng: random.Random, *, password_hash: str) -> None:
        self.writer, self.rng, self.password_hash = writer, rng, password_hash
        self.agenda: list[tuple[datetime, int, Callable[[], None]]] = []
        self.planned = itertools.count()
        self.day_number = 0
        self.bosses: list[Boss] = []
        self.open_tasks: dict[UUID, Task] = {}
        self.members: dict[UUID, Member] = {}
        self.logins: dict[str, str] = {}
        self.hired = 0
        self.leavers: list[Member] = []

    # -- time and the agenda ---------------------------------------------------------------

    def new_id(self) -> UUID:
        """A random id drawn from the seeded generator, so the same seed gives the same ids."""
        return UUID(int=self.rng.getrandbits(128), version=4)

    @staticmethod
    def when(day: date, hour: float) -> datetime:
        """The moment ``hour`` hours into ``day``, to the minute."""
        return datetime.combine(day, time(), UTC) + timedelta(minutes=round(hour * 60))

    def at(self, moment: datetime, action: Callable[[], None]) -> None:
        """Put an action on the agenda; equal moments keep the order they were planned in."""
        heapq.heappush(self.agenda, (moment, next(self.planned), action))

    def run_until(self, end: datetime) -> None:
        """Run every action planned before ``end``, in time order, with the clock at its moment."""
        while self.agenda and self.agenda[0][0] < end:
            moment, _, action = heapq.heappop(self.agenda)
            with clock.frozen_at(moment):
                action()

    def every(self, low: int, high: int) -> int:
        """The working day number some ``low``-``high`` working days from now."""
        return self.day_number + self.rng.randint(low, high)

    def pick(self, pool: dict[str, list[str]] | list[str], member: Member) -> str:
        """A text from a pool (per language, if keyed so) with the first name filled in."""
        texts_ = pool[self.language(member)] if isinstance(pool, dict) else pool
        return self.rng.choice(texts_).format(first=member.first)

    @staticmethod
    def language(member: Member) -> str:
        """Notes are in English when either side speaks English."""
        return "en" if "en" in (member.language, member.boss.language) else "da"

    # -- the organisation ------------------------------------------------------------------

    @staticmethod
    def expected_setup_events() -> int:
        """Events the founding day writes: people, calendars, accounts, passions, priorities,
        and the manager of the leaders (oversight of each; one released and given back)."""
        return 2 * 2 + LEADERS * 4 + LEADERS * TEAM_SIZE * 3 + 2 + LEADERS + 2

    def name(self) -> tuple[str, str]:
        """A Danish name (three in four) or an English one, and its language."""
        if self.rng.random() < 0.75:
            first = self.rng.choice(names.DANISH_FIRST_NAMES)
            return f"{first} {self.rng.choice(names.DANISH_SURNAMES)}", "da"
        first = self.rng.choice(names.ENGLISH_FIRST_NAMES)
        return f"{first} {self.rng.choice(names.ENGLISH_SURNAMES)}", "en"

    def register(
        self, role: str, name: str, username: str, leader_id: UUID | None = None
    ) -> tuple[Person, Account]:
        """A person and their account, as ``register_with_account`` makes them."""
        admin = getattr(self, "admin", None)
        person = Person._create(
            Person.Registered,
            id=self.new_id(),
            role=role,
            name=name,
            email=f"{username}@bench.example",
            leader_id=leader_id,
            recorded_by=admin,
        )
        account = Account.open(
            person_id=person.id,
            username=username,
            password_hash=self.password_hash,
            recorded_by=admin or person.id,
        )
        person.note_account(account.id, recorded_by=admin or person.id)
        return person, account

    def found(self, day: date) -> None:
        """The admin registers everyone on the day before the history starts."""
        with clock.frozen_at(self.when(day, 8)):
            admin, account = self.register("admin", "Mette Nørgaard", "admin")
            self.writer.save(admin, account)
            self.admin = admin.id
            auditor, account = self.register("auditor", "Birgitte Vestergaard", "auditor")
            self.writer.save(auditor, account)
            self.auditor = auditor.id
        self.logins.update(admin="admin", auditor="auditor")
        for number in range(LEADERS):
            with clock.frozen_at(self.when(day, 9 + number / 10)):
                self.bosses.append(self.appoint(number))
        with clock.frozen_at(self.when(day, 12)):
            manager, account = self.register("manager", "Karin Lindholm", "manager")
            for boss in self.bosses:
                manager.oversee(boss.id, recorded_by=self.admin)
            manager.release(self.bosses[-1].id, recorded_by=self.admin)
            manager.oversee(self.bosses[-1].id, recorded_by=self.admin)
            self.writer.save(manager, account)
        self.logins.update(manager="manager")
        self.featured_leader = self.bosses[0].id
        self.featured_employee = self.bosses[0].team[0].id
        self.logins.update(leader="leader-01", employee=self.bosses[0].team[0].account.username)
        self.run_until(self.when(day + timedelta(days=1), 0))

    def appoint(self, number: int) -> Boss:
        """A leader with a calendar, priorities and a team of their own."""
        name, language = self.name()
        person, account = self.register("leader", name, f"leader-{number + 1:02d}")
        calendar = LeaderCalendar(leader_id=person.id, recorded_by=self.admin)
        self.writer.save(person, calendar, account)
        # The first leader's team is the typical one the benchmarks look at.
        style = 0.7 if number == 0 else self.rng.uniform(0.2, 0.95)
        boss = Boss(person, account, calendar, style, language)
        boss.next = {"training": self.every(5, 40), "team_day": self.every(10, 60)}
        self.set_priorities(boss)
        for _ in range(TEAM_SIZE):
            self.hire(boss)
        return boss

    def hire(self, boss: Boss) -> Member:
        """An employee joins the leader's team; their passions are recorded soon after."""
        self.hired += 1
        name, language = self.name()
        person, account = self.register(
            "employee", name, f"employee-{self.hired:04d}", leader_id=boss.id
        )
        self.writer.save(person, account)
        member = Member(person, account, boss, language, self.rng.gauss(0, 0.6))
        member.next = {
            "one_to_one": self.every(0, 4),
            "walk_and_talk": self.every(1, 20),
            "quality_review": self.every(1, 20),
            "task": self.every(5, 30),
            "talent": self.every(20, 120),
            "passions": self.every(250, 500),
        }
        boss.team.append(member)
        self.members[member.id] = member
        self.at(clock.now() + timedelta(hours=2), lambda: self.set_passions(member))
        return member

    # -- a working day ---------------------------------------------------------------------

    def work(self, day: date) -> None:
        """Plan one working day for everyone, then play it."""
        self.day_number += 1
        for boss in self.bosses:
            self.at(self.when(day, self.rng.uniform(16.5, 17.5)), lambda b=boss: self.log_day(b))
            self.plan_team_sessions(boss, day)
            if self.day_number >= boss.next.get("priorities", 0):
                self.at(self.when(day, 8.5), lambda b=boss: self.set_priorities(b))
            for member in list(boss.team):
                self.plan_member(member, day)
        self.plan_people_news(day)
        self.run_until(self.when(day + timedelta(days=1), 0))

    def finish(self, today: datetime) -> None:
        """Play what was planned before ``today``; what lies after it never happens."""
        self.run_until(today)
        self.agenda.clear()

    def plan_member(self, member: Member, day: date) -> None:
        """Conversations that are due, customer ratings, tasks, talent and passions."""
        boss, due = member.boss, member.next
        rhythms = (
            ("one_to_one", 5, 0.55 + 0.4 * boss.coaching),
            ("walk_and_talk", 21, 0.4 + 0.5 * boss.coaching),
            ("quality_review", 21, 0.8 - 0.4 * boss.coaching),
        )
        for kind, days, chance in rhythms:
            if self.day_number >= due[kind]:
                due[kind] = self.day_number + days + (0 if days == 5 else self.rng.randint(-2, 2))
                if self.rng.random() < chance:
                    start = self.when(day, self.rng.randint(32, 62) / 4)
                    minutes = self.rng.choice(coaching_minutes[kind])
                    self.plan_interaction(boss, member, kind, start, minutes)
        if self.rng.random() < 0.06:
            received = self.when(day, self.rng.uniform(8, 16))
            recorded = received + timedelta(minutes=self.rng.randint(20, 300))
            self.at(recorded, lambda: self.record_feedback(member, received))
        if self.day_number >= due["task"] and member.person.passions:
            due["task"] = self.every(25, 40)
            self.at(self.when(day, self.rng.uniform(8, 15)), lambda: self.assign_task(member, day))
        if self.day_number >= due["talent"]:
            due["talent"] = self.every(120, 130)
            self.at(self.when(day, 14), lambda: self.assess_talent(member))
        if self.day_number >= due["passions"]:
            due["passions"] = self.every(250, 500)
            self.at(self.when(day, 11), lambda: self.set_passions(member))

    def plan_team_sessions(self, boss: Boss, day: date) -> None:
        """Training for a few people every couple of months, a team day every quarter."""
        if self.day_number >= boss.next["training"] and boss.team:
            boss.next["training"] = self.every(30, 50)
            attendees = self.rng.sample(boss.team, min(len(boss.team), self.rng.randint(3, 5)))
            minutes = self.rng.choice((120, 180, 240))
            start = self.when(day, self.rng.choice((9, 10, 12.5)))
            for member in attendees:
                self.plan_interaction(boss, member, "training", start, minutes)
        if self.day_number >= boss.next["team_day"]:
            boss.next["team_day"] = self.every(60, 70)
            minutes = self.rng.choice((180, 240, 300))
            for member in boss.team:
                self.plan_interaction(boss, member, "team_building", self.when(day, 12), minutes)

    def plan_people_news(self, day: date) -> None:
        """Moves between teams, leavers and their replacements, passwords, the auditor."""
        if self.day_number % 40 == 20:  # every other month two leaders swap an employee
            self.at(self.when(day, 6.75), self.swap_two)
        if self.day_number % 60 == 30:  # every quarter someone leaves and is replaced
            self.at(self.when(day, 6.5), self.replace_one)
        if self.day_number % 120 == 100:  # twice a year a leaver returns, to audit
            self.at(self.when(day, 7.5), self.return_as_auditor)
        if self.rng.random() < 0.75:
            self.at(self.when(day, self.rng.uniform(8, 17)), self.renew_a_password)
        if self.rng.random() < 0.2:
            self.at(self.when(day, self.rng.uniform(9, 15)), self.audit_notes)
        if self.day_number % 90 == 45:  # now and then someone links their company account
            self.at(self.when(day, self.rng.uniform(8, 17)), self.link_company_account)
        if self.day_number % 20 == 10:  # now and then someone signs in in the other language
            self.at(self.when(day, self.rng.uniform(8, 17)), self.switch_language)

    # -- the leader's own time -------------------------------------------------------------

    def log_day(self, boss: Boss) -> None:
        """At the end of the day the leader logs where the time went: one to three entries."""
        weights = [boss.calendar.split[c] + 1 for c in CATEGORIES]
        chosen: list[str] = []
        for _ in range(self.rng.choices((1, 2, 3), weights=(3, 4, 3))[0]):
            category = self.rng.choices(CATEGORIES, weights=weights)[0]
            if category not in chosen:
                chosen.append(category)
        today = clock.now().date()
        for category in chosen:
            notes = texts.TIME_NOTES[category][boss.language]
            boss.calendar.log_time(
                self.new_id(),
                today,
                15 * self.rng.randint(2, 16),
                category,
                self.rng.choice(notes) if self.rng.random() < 0.3 else "",
                recorded_by=boss.id,
            )
            self.writer.save(boss.calendar)

    def set_priorities(self, boss: Boss) -> None:
        """The leader sets a split that fits how much of a coach they are, and a cadence."""
        boss.next["priorities"] = self.every(60, 120)
        people = min(
            70, max(20, 5 * round((30 + 30 * boss.coaching + self.rng.uniform(-5, 5)) / 5))
        )
        rest = 95 - people
        planning, reporting = 5 * round(rest * 0.4 / 5), 5 * round(rest * 0.3 / 5)
        split = {
            "planning": planning,
            "reporting": reporting,
            "follow_up": rest - planning - reporting,
            "people": people,
            "other": 5,
        }
        boss.calendar.set_priorities(
            split,
            7 if boss.coaching > 0.5 else 14,
            30,
            self.rng.sample(FOCUS_AREAS, self.rng.randint(1, 3)),
            recorded_by=boss.id,
        )
        self.writer.save(boss.calendar)

    # -- coaching --------------------------------------------------------------------------

    def plan_interaction(
        self, boss: Boss, member: Member, kind: str, start: datetime, minutes: int
    ) -> None:
        """The leader logs an interaction a little after it ended."""
        logged_at = start + timedelta(minutes=minutes + self.rng.randint(5, 90))
        self.at(logged_at, lambda: self.log_interaction(boss, member, kind, start, minutes))

    def log_interaction(
        self, boss: Boss, member: Member, kind: str, start: datetime, minutes: int
    ) -> None:
        """Log notes, perhaps private ones, and agreed actions; now and then amend it later."""
        if member.boss is not boss or not member.person.is_active:
            return
        private = kind != "team_building" and self.rng.random() < 0.35
        count = self.rng.choices((0, 1, 2), weights=(3, 4, 2))[0] if kind != "team_building" else 0
        fields = coaching.check_fields(
            {
                "kind": kind,
                "occurred_at": start,
                "minutes": minutes,
                "shared_notes": self.pick(texts.SHARED_NOTES[kind], member),
                "private_notes": self.pick(texts.PRIVATE_NOTES, member) if private else "",
                "agreed_actions": [
                    action.format(first=member.first)
                    for action in self.rng.sample(
                        texts.AGREED_ACTIONS[self.language(member)], count
                    )
                ],
            }
        )
        interaction = Interaction._create(
            Interaction.Logged,
            id=self.new_id(),
            leader_id=boss.id,
            employee_id=member.id,
            recorded_by=boss.id,
            **fields,
        )
        self.writer.save(interaction)
        later = clock.now() + timedelta(days=self.rng.randint(1, 3), hours=self.rng.randint(0, 3))
        roll = self.rng.random()
        if roll < 0.015:
            self.at(later, lambda: self.correct_interaction(interaction, member))
        elif roll < 0.021:
            self.at(later, lambda: self.retract_interaction(interaction, member))

    def correct_interaction(self, interaction: Interaction, member: Member) -> None:
        """The leader corrects one field of an interaction, saying why."""
        options = ["minutes", "shared_notes", "occurred_at", "agreed_actions"]
        if interaction.kind == "one_to_one":
            options.append("kind")
        name = self.rng.choice(options)
        language = self.language(member)
        value: Any = {
            "minutes": lambda: interaction.minutes + 15,
            "shared_notes": lambda: f"{interaction.shared_notes} {texts.NOTE_ADDENDA[language]}",
            "occurred_at": lambda: interaction.occurred_at - timedelta(days=1),
            "kind": lambda: "walk_and_talk",
            "agreed_actions": lambda: [
                *interaction.agreed_actions,
                self.pick(texts.AGREED_ACTIONS, member),
            ],
        }[name]()
        reason = texts.INTERACTION_CORRECTIONS[name][language]
        interaction.correct({name: value}, reason, recorded_by=interaction.leader_id)
        self.writer.save(interaction)

    def retract_interaction(self, interaction: Interaction, member: Member) -> None:
        """The leader withdraws an interaction logged by mistake."""
        reason = self.pick(texts.INTERACTION_RETRACTIONS, member)
        interaction.retract(reason, recorded_by=interaction.leader_id)
        self.writer.save(interaction)

    # -- customer feedback -----------------------------------------------------------------

    def record_feedback(self, member: Member, received: datetime) -> None:
        """Record a score that follows the employee's skill and the leader's coaching."""
        if not member.person.is_active:
            return
        boss = member.boss
        mean = 7.3 + member.skill + boss.coaching
        score = max(0, min(10, round(self.rng.gauss(mean, 1.6))))
        channel = self.rng.choices(CHANNELS, weights=CHANNEL_WEIGHTS)[0]
        english = self.rng.random() < (0.5 if member.language == "en" else 0.1)
        comment = self.rng.choice(
            texts.FEEDBACK_COMMENTS[nps_category(score)]["en" if english else "da"]
        )
        fields = feedback.check_fields(
            {
                "score": score,
                "comment": comment.format(first=member.first) if self.rng.random() < 0.65 else "",
                "channel": channel,
                "received_at": received,
                "reference": self.ticket(channel) if self.rng.random() < 0.55 else "",
            }
        )
        record = Feedback._create(
            Feedback.Recorded,
            id=self.new_id(),
            employee_id=member.id,
            leader_id=boss.id,
            recorded_by=boss.id,
            **fields,
        )
        self.writer.save(record)
        later = clock.now() + timedelta(days=self.rng.randint(1, 5))
        roll = self.rng.random()
        if roll < 0.01:
            self.at(later, lambda: self.correct_feedback(record, boss))
        elif roll < 0.015:
            self.at(later, lambda: self.retract_feedback(record, boss))

    def ticket(self, channel: str) -> str:
        """A call number for phone calls, a ticket number otherwise."""
        if channel == "phone":
            return f"OPK-{self.rng.randint(10000, 99999)}"
        return f"ZD-{self.rng.randint(100000, 999999)}"

    def correct_feedback(self, record: Feedback, boss: Boss) -> None:
        """The leader fixes a typo in the score or the channel, or adds the ticket number."""
        name = self.rng.choice(("score", "channel", "reference"))
        if name == "score":
            value: Any = self.rng.choice([s for s in range(11) if 0 < abs(s - record.score) <= 3])
        elif name == "channel":
            value = self.rng.choice([c for c in CHANNELS if c != record.channel])
        else:
            value = self.ticket(record.channel)
            if value == record.reference:
                return
        reason = texts.FEEDBACK_CORRECTIONS[name][boss.language].format(score=value)
        record.correct({name: value}, reason, recorded_by=boss.id)
        self.writer.save(record)

    def retract_feedback(self, record: Feedback, boss: Boss) -> None:
        """The leader withdraws feedback that should not have been recorded."""
        reason = self.rng.choice(texts.FEEDBACK_RETRACTIONS[boss.language])
        record.retract(reason, recorded_by=boss.id)
        self.writer.save(record)

    # -- tasks -----------------------------------------------------------------------------

    def assign_task(self, member: Member, day: date) -> None:
        """Assign a task matched to one of the employee's passions (mostly), and plan its life."""
        if not member.person.is_active:
            return
        boss = member.boss
        passions = member.person.passions if self.rng.random() < 0.85 else PASSIONS
        passion = self.rng.choice(passions)
        due_in = self.rng.randint(7, 28)
        task = Task._create(
            Task.Assigned,
            id=self.new_id(),
            leader_id=boss.id,
            employee_id=member.id,
            title=self.rng.choice(texts.TASK_TITLES[passion][self.language(member)]),
            description="",
            passion=passion,
            due_on=day + timedelta(days=due_in),
            priority=self.rng.choices((1, 2, 3), weights=(2, 6, 2))[0],
            recorded_by=boss.id,
        )
        self.writer.save(task)
        self.open_tasks[task.id] = task
        steps: list[tuple[float, int, Callable[[Task], None]]] = [
            (0.15, self.rng.randint(1, 5), self.change_task_priority),
            (0.07, self.rng.randint(1, 6), self.reassign_task),
            (0.85, self.rng.randint(0, 4), self.start_task),
        ]
        roll = self.rng.random()
        if roll < 0.78:
            steps.append((1.0, self.rng.randint(3, due_in + 5), self.complete_task))
        elif roll < 0.9:
            steps.append((1.0, self.rng.randint(2, 20), self.cancel_task))
        for chance, days, step in steps:
            if self.rng.random() < chance:
                moment = max(
                    self.when(day + timedelta(days=days), self.rng.uniform(8, 16)),
                    clock.now() + timedelta(minutes=30),
                )
                self.at(moment, lambda s=step, t=task: s(t) if t.id in self.open_tasks else None)

    def start_task(self, task: Task) -> None:
        """The employee starts the task."""
        if task.state == "assigned":
            task.start(recorded_by=task.employee_id)
            self.writer.save(task)

    def complete_task(self, task: Task) -> None:
        """The employee completes the task and says what came of it."""
        member = self.members[task.employee_id]
        task.complete(self.pick(texts.TASK_OUTCOMES, member), recorded_by=task.employee_id)
        self.close_task(task)

    def cancel_task(self, task: Task) -> None:
        """The leader cancels the task, saying why."""
        member = self.members[task.employee_id]
        task.cancel(self.pick(texts.CANCEL_REASONS, member), recorded_by=task.leader_id)
        self.close_task(task)

    def close_task(self, task: Task) -> None:
        """Save a finished task and stop tracking it."""
        self.writer.save(task)
        del self.open_tasks[task.id]

    def reassign_task(self, task: Task, boss: Boss | None = None) -> None:
        """The leader gives the task to a colleague in the same team."""
        boss = boss or self.members[task.employee_id].boss
        colleagues = [m for m in boss.team if m.id != task.employee_id]
        if colleagues and task.leader_id == boss.id:
            colleague = self.rng.choice(colleagues)
            task.reassign(colleague.id, boss.id, recorded_by=boss.id)
            self.writer.save(task)

    def change_task_priority(self, task: Task) -> None:
        """The leader raises or lowers the task's priority."""
        priority = self.rng.choice([p for p in (1, 2, 3) if p != task.priority])
        task.change_priority(priority, recorded_by=task.leader_id)
        self.writer.save(task)

    def tasks_of(self, member: Member) -> list[Task]:
        """The employee's open tasks."""
        return [t for t in self.open_tasks.values() if t.employee_id == member.id]

    # -- people ----------------------------------------------------------------------------

    def set_passions(self, member: Member) -> None:
        """The leader records what the employee is passionate about (again, if it changed)."""
        if not member.person.is_active:
            return
        chosen = self.rng.sample(PASSIONS, self.rng.choices((1, 2), weights=(3, 2))[0])
        passions = [p for p in PASSIONS if p in chosen]
        if passions == member.person.passions:
            passions = [p for p in PASSIONS if p not in passions][:1]
        member.person.set_passions(passions, recorded_by=member.boss.id)
        self.writer.save(member.person)

    def assess_talent(self, member: Member) -> None:
        """The leader assesses the employee's talent, 1 to 5."""
        if not member.person.is_active:
            return
        score = max(1, min(5, 3 + round(member.skill * 2) + self.rng.choice((-1, 0, 0, 1))))
        band = "low" if score <= 2 else "mid" if score == 3 else "high"
        member.person.assess_talent(
            score,
            texts.TALENT_NOTES[band][self.language(member)],
            clock.now().date(),
            recorded_by=member.boss.id,
        )
        self.writer.save(member.person)

    def movable(self, boss: Boss) -> list[Member]:
        """Employees who may move or leave: everyone but the featured employee."""
        return [m for m in boss.team if m.id != self.featured_employee]

    def swap_two(self) -> None:
        """Two leaders swap an employee each; open tasks stay in the old team."""
        first, second = self.rng.sample(self.bosses, 2)
        leaving_first = self.rng.choice(self.movable(first))
        leaving_second = self.rng.choice(self.movable(second))
        self.move(leaving_first, second)
        self.move(leaving_second, first, between=True)

    def move(self, member: Member, to: Boss, *, between: bool = False) -> None:
        """Hand an employee over to another team; a teammate takes over their open tasks.
        ``between``: as a directory does it, out of one team, then into the other."""
        old = member.boss
        old.team.remove(member)
        for task in self.tasks_of(member):
            self.reassign_task(task, old)
        if between:
            member.person.leave_team(recorded_by=self.admin)
        member.person.move_to(to.id, recorded_by=self.admin)
        self.writer.save(member.person)
        member.boss = to
        to.team.append(member)

    def replace_one(self) -> None:
        """An employee leaves (tasks cancelled, account disabled) and someone new is hired."""
        boss = self.rng.choice(self.bosses)
        leaver = self.rng.choice(self.movable(boss))
        for task in self.tasks_of(leaver):
            task.cancel(texts.LEAVER_TASK_REASON, recorded_by=boss.id)
            self.close_task(task)
        leaver.person.deactivate(texts.LEAVER_REASON, recorded_by=self.admin)
        leaver.account.disable(texts.LEAVER_REASON, recorded_by=self.admin)
        self.writer.save(leaver.person, leaver.account)
        boss.team.remove(leaver)
        self.leavers.append(leaver)
        self.hire(boss)

    def return_as_auditor(self) -> None:
        """A leaver comes back, with a new address, to audit: made active again, their
        details corrected and their role changed."""
        if not self.leavers:
            return
        person = self.leavers.pop(0).person
        person.reactivate(recorded_by=self.admin)
        local, _at, domain = person.email.partition("@")
        person.change_details(name=person.name, email=f"{local}.revision@{domain}",
                              recorded_by=self.admin)  # fmt: skip
        person.change_role("auditor", None, RETURN_REASON, recorded_by=self.admin)
        self.writer.save(person)

    def renew_a_password(self) -> None:
        """Someone renews their password (to the benchmark password again)."""
        boss = self.rng.choice(self.bosses)
        account = self.rng.choice([boss.account, *(m.account for m in boss.team)])
        account.change_password(self.password_hash, recorded_by=account.person_id)
        self.writer.save(account)

    def link_company_account(self) -> None:
        """Someone signs in with the company's provider for the first time: linked."""
        boss = self.rng.choice(self.bosses)
        account = self.rng.choice([boss.account, *(m.account for m in boss.team)])
        account.link_identity(COMPANY_ISSUER, str(account.person_id), recorded_by=account.person_id)
        self.writer.save(account)

    def switch_language(self) -> None:
        """Someone uses the journal in the other language (their reminders follow it)."""
        boss = self.rng.choice(self.bosses)
        account = self.rng.choice([boss.account, *(m.account for m in boss.team)])
        other = "da" if getattr(account, "language", None) == "en" else "en"
        account.choose_language(other, recorded_by=account.person_id)
        self.writer.save(account)

    def audit_notes(self) -> None:
        """The auditor reads the private notes about an employee; the read is recorded."""
        member = self.rng.choice(self.rng.choice(self.bosses).team)
        access = NotesAccess._create(
            NotesAccess.PrivateNotesRead,
            id=self.new_id(),
            employee_id=member.id,
            context=texts.AUDIT_CONTEXT,
            purpose=texts.AUDIT_PURPOSE,
            recorded_by=self.auditor,
        )
        self.writer.save(access)


coaching_minutes = {
    "one_to_one": (20, 30, 30, 45),
    "walk_and_talk": (30, 45, 60),
    "quality_review": (20, 30, 45),
}
