"""Play the demo year: the calendar and its agenda, the organisation and the daily loop.

Every working day is planned at 07:00 and its scenes (see ``scenes``) are put on the
agenda; the agenda runs in time order with the clock frozen at each moment.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable
from contextlib import nullcontext
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from uuid import UUID

from journal import clock
from journal.commands import Journal
from journal.domain.accounts import Account
from journal.domain.people import PASSIONS, ROLES
from journal.entry.demo import calendar_feed, calendar_plan, names, scenes, task_scenes, texts
from journal.entry.demo.logins import DEMO_PASSWORD, DemoSummary, demo_logins, username_for
from journal.entry.demo.roster import Employee, Leader, OpenTask, email_for
from journal.entry.demo.styles import (
    ADMIN,
    AUDITOR,
    DAYS,
    EMPLOYEES_PER_LEADER,
    FEATURED,
    HANDOVER_DAY,
    HEAD_OF_SERVICE,
    HOLIDAYS,
    LEAVING_DAY,
    STYLES,
    Priorities,
)

# The auditor's review of the featured employees' records, private notes included.
AUDIT_DAY = 320


def load_demo(
    app: Journal,
    *,
    seed: int = 7,
    today: date | None = None,
    on_day: Callable[[int], None] | None = None,
    project: bool = True,
    days: int = DAYS,
    feed: calendar_feed.DemoFeed | None = None,
) -> DemoSummary:
    """Load a demo organisation with a year of history ending yesterday.

    The projections catch up once, at the end (or later, by the caller, when
    ``project`` is false). ``on_day`` hears of each simulated day played. A shorter
    ``days`` plays only the last part of the history (the tests' quick runs). With a
    ``feed``, Henrik's calendar comes by subscription from it (journal/entry/demo/
    calendar_feed.py) instead of monthly uploads.
    """
    # Bandit: the demo is made up; a seeded generator makes it repeatable.
    year = DemoYear(app, random.Random(seed), today or datetime.now(UTC).date(), days, feed)  # nosec B311
    with app.projections_deferred(catch_up=project), feed.served() if feed else nullcontext():
        year.play(on_day)
    return year.summary()


class DemoYear:
    """Plays a year of one organisation into the journal, one moment at a time."""

    def __init__(
        self, app: Journal, rng: random.Random, today: date, days: int = DAYS,
        feed: calendar_feed.DemoFeed | None = None,
    ) -> None:  # fmt: skip
        self.app, self.rng, self.days, self.feed = app, rng, days, feed
        self.first_day = today - timedelta(days=days)
        self.end = datetime.combine(today, time(), UTC)
        self.agenda: list[tuple[datetime, int, Callable[[], None]]] = []
        self.planned = itertools.count()
        self.leaders: list[Leader] = []
        self.employees: list[Employee] = []
        self.open_tasks: dict[UUID, OpenTask] = {}
        self.counts = dict.fromkeys(ROLES, 0)

    # -- the clock and the agenda --------------------------------------------------------

    def when(self, day: int, hour: float) -> datetime:
        """The moment ``hour`` hours into ``day`` of the year, to the minute."""
        midnight = datetime.combine(self.first_day + timedelta(days=day), time(), UTC)
        return midnight + timedelta(minutes=round(hour * 60))

    def at(self, moment: datetime, action: Callable[[], None]) -> None:
        """Put an action on the agenda; equal moments keep the order they were planned in."""
        heapq.heappush(self.agenda, (moment, next(self.planned), action))

    def play(self, on_day: Callable[[int], None] | None = None) -> None:
        """Register everyone, then run the agenda in time order up to midnight today."""
        self.register_organisation()
        self.plan_the_year()
        day = self.first_day
        while self.agenda and self.agenda[0][0] < self.end:
            moment, _, action = heapq.heappop(self.agenda)
            if on_day is not None and moment.date() > day:
                on_day((moment.date() - day).days)
                day = moment.date()
            with clock.frozen_at(moment):
                action()
        if on_day is not None:
            on_day((self.end.date() - day).days)

    def is_working_day(self, day: int) -> bool:
        """Weekdays except the Christmas and New Year holidays."""
        on = self.first_day + timedelta(days=day)
        return on.weekday() < 5 and (on.month, on.day) not in HOLIDAYS

    def working_day_from(self, day: int) -> int:
        """The first working day on or after ``day``."""
        while not self.is_working_day(day):
            day += 1
        return day

    def on_vacation(self, leader: Leader, day: int) -> bool:
        """Each leader takes three summer weeks off."""
        week = (self.first_day + timedelta(days=day)).isocalendar().week
        return leader.style.vacation_week <= week < leader.style.vacation_week + 3

    def pick(self, pool: dict[str, list[str]], language: str, employee: Employee) -> str:
        """One text from the pool in ``language``, with the employee's first name filled in."""
        return self.rng.choice(pool[language]).format(first=employee.first)

    @staticmethod
    def language(leader: Leader, employee: Employee) -> str:
        """Notes are in English when either side speaks English."""
        return "en" if "en" in (leader.style.language, employee.language) else "da"

    # -- people ----------------------------------------------------------------------------

    def register(
        self, role: str, name: str, language: str | None = None, **kwargs: UUID | None
    ) -> UUID:
        """Register one person and count them; one who speaks ``language`` has used the
        journal in it (their reminders come in it)."""
        self.counts[role] += 1
        person_id = self.app.register_person(role=role, name=name, email=email_for(name), **kwargs)
        account_id = self.app.open_account(
            person_id,
            username=username_for(name),
            password=DEMO_PASSWORD,
            recorded_by=kwargs.get("recorded_by") or person_id,
        )
        if language is not None:
            self.app.choose_language(account_id, language, recorded_by=person_id)
        return person_id

    def register_organisation(self) -> None:
        """The admin registers the auditor, the leaders and their teams on the first day."""
        with clock.frozen_at(self.when(0, 8)):
            self.admin = self.register("admin", ADMIN)
            self.auditor = self.register("auditor", AUDITOR, recorded_by=self.admin)
        names = self.employee_names()
        for number, style in enumerate(STYLES):
            with clock.frozen_at(self.when(0, 8.25 + number / 4)):
                person_id = self.register(
                    "leader", style.name, style.language, recorded_by=self.admin
                )
                leader = Leader(style, person_id, email_for(style.name))
                self.leaders.append(leader)
                team = names[number * EMPLOYEES_PER_LEADER : (number + 1) * EMPLOYEES_PER_LEADER]
                for name in team:
                    self.employees.append(self.hire(leader, name))
        with clock.frozen_at(self.when(0, 9.5)):
            head = self.register("manager", HEAD_OF_SERVICE, recorded_by=self.admin)
            for leader in self.leaders:
                self.app.oversee_leader(head, leader.person_id, recorded_by=self.admin)

    def employee_names(self) -> list[tuple[str, str]]:
        """Unique (name, language) pairs: the featured two first in their teams, mostly Danish."""
        taken = {ADMIN, AUDITOR, HEAD_OF_SERVICE, *FEATURED, *(style.name for style in STYLES)}
        drawn: list[tuple[str, str]] = []
        while len(drawn) < len(STYLES) * EMPLOYEES_PER_LEADER - len(FEATURED):
            name, language = self.draw_name()
            if name not in taken and email_for(name) not in {email_for(t) for t in taken}:
                taken.add(name)
                drawn.append((name, language))
        team_size = EMPLOYEES_PER_LEADER - 1
        return [
            (FEATURED[0], "da"),
            *drawn[:team_size],
            (FEATURED[1], "en"),
            *drawn[team_size:],
        ]

    def draw_name(self) -> tuple[str, str]:
        """A Danish name (three in four, some with a middle initial) or an English one."""
        if self.rng.random() < 0.75:
            first = self.rng.choice(names.DANISH_FIRST_NAMES)
            last = self.rng.choice(names.DANISH_SURNAMES)
            if self.rng.random() < 0.15:
                first += f" {self.rng.choice(names.MIDDLE_INITIALS)}."
            return f"{first} {last}", "da"
        first = self.rng.choice(names.ENGLISH_FIRST_NAMES)
        return f"{first} {self.rng.choice(names.ENGLISH_SURNAMES)}", "en"

    def hire(self, leader: Leader, name_and_language: tuple[str, str]) -> Employee:
        """Register an employee in the leader's team with a talent, a skill and a rhythm."""
        name, language = name_and_language
        person_id = self.register(
            "employee", name, language, leader_id=leader.person_id, recorded_by=self.admin
        )
        weekday_offset = self.rng.randrange(5)
        employee = Employee(
            person_id=person_id,
            name=name,
            email=email_for(name),
            language=language,
            leader=leader,
            talent=self.rng.choices((2, 3, 4, 5), weights=(2, 5, 4, 1))[0],
            skill=self.rng.gauss(0, 0.6),
        )
        first_monday = (7 - self.first_day.weekday()) % 7
        employee.due = {
            "one_to_one": first_monday + weekday_offset,
            "walk_and_talk": self.rng.randrange(3, 30),
            "quality_review": self.rng.randrange(3, 30),
            "task": self.rng.randrange(10, 40),
        }
        return employee

    def teammates(self, leader: Leader, *, besides: Employee | None = None) -> list[Employee]:
        """The leader's active team, in the order they were hired."""
        return [e for e in self.employees if e.active and e.leader is leader and e is not besides]

    # -- the plan and the people news ---------------------------------------------------

    def plan_the_year(self) -> None:
        """Put every working day and the year's one-off events on the agenda."""
        for day in range(self.days):
            if self.is_working_day(day):
                self.at(self.when(day, 7), partial(self.working_day, day))
        # People news reaches the journal before the day's work is planned (at 07:00).
        self.at(self.when(self.working_day_from(HANDOVER_DAY), 6.75), self.hand_over)
        self.at(self.when(self.working_day_from(LEAVING_DAY), 6.75), self.say_goodbye)
        self.at(self.when(self.working_day_from(AUDIT_DAY), 13), self.audit_review)
        featured = [e for e in self.employees if e.name in FEATURED]
        self.at(self.when(self.working_day_from(40), 9), partial(self.renew_password, featured[0]))
        calendar_plan.plan(self)
        for leader in self.leaders:
            for priorities in leader.style.priorities:
                moment = self.when(self.working_day_from(priorities.day), 8.5)
                self.at(moment, partial(self.set_priorities, leader, priorities))
        for employee in self.employees:
            first_talk = self.working_day_from(self.rng.randint(1, 12))
            self.at(self.when(first_talk, 10), partial(self.set_passions, employee))
            for window in ((14, 45), (190, 230)):
                day = self.working_day_from(self.rng.randint(*window))
                self.at(self.when(day, 14), partial(self.assess_talent, employee))
            if self.rng.random() < 0.3:
                day = self.working_day_from(self.rng.randint(90, 300))
                self.at(self.when(day, 11), partial(self.set_passions, employee))

    def working_day(self, day: int) -> None:
        """Plan one working day: the leaders' sessions and time, everyone's conversations."""
        for leader in self.leaders:
            if not self.on_vacation(leader, day):
                scenes.plan_time_entries(self, leader, day)
                scenes.plan_team_sessions(self, leader, day)
        for employee in [e for e in self.employees if e.active]:
            if not self.on_vacation(employee.leader, day):
                scenes.plan_conversations(self, employee, day)
                task_scenes.plan_task(self, employee, day)
            scenes.plan_feedback(self, employee, day)

    def set_priorities(self, leader: Leader, priorities: Priorities) -> None:
        """The leader sets a target split, a cadence and focus areas."""
        self.app.set_priorities(
            leader.person_id,
            split=priorities.split,
            one_to_one_every_days=priorities.one_to_one_every_days,
            walk_and_talk_every_days=priorities.walk_and_talk_every_days,
            focus_areas=list(priorities.focus_areas),
        )

    def set_passions(self, employee: Employee) -> None:
        """The leader records what the employee is passionate about (again, if it changed)."""
        if not employee.active:
            return
        count = self.rng.choices((1, 2), weights=(3, 2))[0]
        chosen = self.rng.sample(PASSIONS, count)
        passions = [p for p in PASSIONS if p in chosen]
        if passions == employee.passions:
            passions = [p for p in PASSIONS if p not in passions][:1]
        self.app.set_passions(employee.person_id, passions, recorded_by=employee.leader.person_id)
        employee.passions = passions

    def assess_talent(self, employee: Employee) -> None:
        """The leader assesses the employee's talent, 1 to 5."""
        if not employee.active:
            return
        score = max(1, min(5, employee.talent + self.rng.choice((-1, 0, 0, 0, 1))))
        band = "low" if score <= 2 else "mid" if score == 3 else "high"
        language = self.language(employee.leader, employee)
        self.app.assess_talent(
            employee.person_id,
            score=score,
            note=texts.TALENT_NOTES[band][language],
            assessed_on=clock.now().date(),
            recorded_by=employee.leader.person_id,
        )

    def hand_over(self) -> None:
        """Camilla hands one of her people to Henrik; their open tasks go to a teammate first."""
        camilla, henrik = self.leaders[1], self.leaders[0]
        mover = self.teammates(camilla)[-1]
        for task_id, task in list(self.open_tasks.items()):
            if task.employee is mover:
                task_scenes.reassign_task(self, task_id)
        self.app.move_employee(mover.person_id, henrik.person_id, recorded_by=self.admin)
        mover.leader = henrik
        mover.due["one_to_one"] = (clock.now().date() - self.first_day).days + 3

    def say_goodbye(self) -> None:
        """One of James's people leaves: open tasks are cancelled, then the person deactivated."""
        leaver = self.teammates(self.leaders[2])[-1]
        for task_id, task in list(self.open_tasks.items()):
            if task.employee is leaver:
                self.app.cancel_task(
                    task_id, texts.LEAVER_TASK_REASON, recorded_by=task.leader.person_id
                )
                del self.open_tasks[task_id]
        self.app.deactivate_person(leaver.person_id, texts.LEAVER_REASON, recorded_by=self.admin)
        self.app.disable_account(
            Account.create_id(username_for(leaver.name)),
            texts.LEAVER_REASON,
            recorded_by=self.admin,
        )
        leaver.active = False

    def audit_review(self) -> None:
        """The auditor reviews the featured employees' records, private notes included."""
        for employee in self.employees:
            if employee.name in FEATURED:
                self.app.record_notes_read(
                    reader_id=self.auditor,
                    employee_id=employee.person_id,
                    context=texts.AUDIT_CONTEXT,
                    purpose=texts.AUDIT_PURPOSE,
                )

    def renew_password(self, employee: Employee) -> None:
        """A featured employee renews their password (to the same demo password)."""
        account_id = Account.create_id(username_for(employee.name))
        self.app.change_password(account_id, DEMO_PASSWORD, recorded_by=employee.person_id)

    def summary(self) -> DemoSummary:
        """People per role, events in the log, and who to log in as."""
        events = self.app.recorder.max_notification_id() or 0
        return DemoSummary(people=dict(self.counts), events=events, logins=demo_logins())
