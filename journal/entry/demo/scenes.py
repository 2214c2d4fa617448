"""What happens during the demo's working days: time logs, coaching, feedback and tasks.

Each scene is a function of the year being played; it draws from the year's random
numbers, records through its journal and puts follow-ups on its agenda.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from contextlib import suppress
from datetime import date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol
from uuid import UUID

from journal import clock
from journal.domain.actions import AgreedActions
from journal.domain.feedback import CHANNELS, nps_category
from journal.domain.leadership import CATEGORIES
from journal.entry.demo import calendars, texts
from journal.entry.demo.roster import Employee, Leader, OpenTask
from journal.entry.demo.styles import ACTION_COUNTS, CHANNEL_WEIGHTS, MINUTES, change_progress, lerp
from journal.errors import DomainError

if TYPE_CHECKING:
    from journal.commands import Journal


class DemoYear(Protocol):
    """What a scene needs of the year being played (``journal.demo.year.DemoYear``)."""

    app: Journal
    rng: random.Random
    first_day: date
    open_tasks: dict[UUID, OpenTask]

    def when(self, day: int, hour: float) -> datetime: ...
    def at(self, moment: datetime, action: Callable[[], None]) -> None: ...
    def working_day_from(self, day: int) -> int: ...
    def pick(self, pool: dict[str, list[str]], language: str, employee: Employee) -> str: ...
    def language(self, leader: Leader, employee: Employee) -> str: ...
    def teammates(self, leader: Leader, *, besides: Employee | None = None) -> list[Employee]: ...


# -- the leader's own time -------------------------------------------------------------


def plan_time_entries(year: DemoYear, leader: Leader, day: int) -> None:
    """At the end of the day the leader logs where the time went."""
    year.at(year.when(day, year.rng.uniform(15.5, 17)), partial(log_day, year, leader, day))


def log_day(year: DemoYear, leader: Leader, day: int) -> None:
    """Six to eight hours, split the way the leader works at this point of the year: booked
    in the leader's calendar if they keep one the journal imports, else logged by hand."""
    style, progress = leader.style, change_progress(day)
    weights = {
        category: lerp((style.time_early[category], style.time_late[category]), progress)
        * year.rng.uniform(0.6, 1.4)
        for category in CATEGORIES
    }
    quarters, total = year.rng.randint(24, 32), sum(weights.values())
    on = year.first_day + timedelta(days=day)
    minutes = {c: 15 * round(quarters * weight / total) for c, weight in weights.items()}
    if style.calendar:
        calendars.book_day(year.rng, leader, day, on, minutes, year.teammates(leader))
        return
    for category, spent in minutes.items():
        if spent:
            notes = texts.TIME_NOTES[category][style.language]
            note = year.rng.choice(notes) if year.rng.random() < 0.3 else ""
            year.app.log_time(leader.person_id, on=on, minutes=spent, category=category, note=note)


# -- coaching --------------------------------------------------------------------------


def plan_team_sessions(year: DemoYear, leader: Leader, day: int) -> None:
    """Training for a few people every six weeks or so, a team day every quarter."""
    if day >= leader.next_training:
        leader.next_training = day + year.rng.randint(35, 50)
        team = year.teammates(leader)
        attendees = year.rng.sample(team, min(len(team), year.rng.randint(3, 6)))
        minutes = year.rng.choice((120, 180, 240))
        start = year.when(day, year.rng.choice((9, 10, 12.5)))
        plan_group(year, leader, attendees, "training", start, minutes)
    if day >= leader.next_team_day:
        leader.next_team_day = day + year.rng.randint(80, 100)
        minutes = year.rng.choice((180, 240, 300))
        start = year.when(day, 12)
        plan_group(year, leader, year.teammates(leader), "team_building", start, minutes)


def plan_group(
    year: DemoYear,
    leader: Leader,
    attendees: list[Employee],
    kind: str,
    start: datetime,
    minutes: int,
) -> None:
    """A session with several people: in the leader's calendar with each of them, and
    logged once, a little after it ended."""
    if leader.style.calendar:
        day = (start.date() - year.first_day).days
        for employee in attendees:
            leader.sessions.setdefault(day, []).append((kind, start, minutes, employee))
    logged_at = start + timedelta(minutes=minutes + year.rng.randint(5, 90))
    year.at(logged_at, partial(log_group, year, leader, attendees, kind, start, minutes))


def log_group(
    year: DemoYear,
    leader: Leader,
    attendees: list[Employee],
    kind: str,
    start: datetime,
    minutes: int,
) -> None:
    """Log the session once with those still in the team; one person left is a
    conversation of theirs."""
    present = [e for e in attendees if e.active and e.leader is leader]
    if len(present) < 2:
        for employee in present:
            log_interaction(year, leader, employee, kind, start, minutes)
        return
    notes = [n for n in texts.SHARED_NOTES[kind][leader.style.language] if "{first}" not in n]
    year.app.log_group_session(
        leader_id=leader.person_id, employee_ids=[e.person_id for e in present], kind=kind,
        occurred_at=start, minutes=minutes, shared_notes=year.rng.choice(notes),
    )  # fmt: skip


def plan_conversations(year: DemoYear, employee: Employee, day: int) -> None:
    """When a 1-to-1, walk-and-talk or quality review is due, the leader may hold it."""
    leader, progress = employee.leader, change_progress(day)
    for kind, every in (("one_to_one", 7), ("walk_and_talk", 30), ("quality_review", 30)):
        if day < employee.due[kind]:
            continue
        jitter = 0 if kind == "one_to_one" else year.rng.randint(-4, 4)
        employee.due[kind] = day + every + jitter
        if year.rng.random() < lerp(getattr(leader.style, kind), progress):
            start = year.when(day, year.rng.randint(32, 60) / 4)
            minutes = year.rng.choice(MINUTES[kind])
            plan_interaction(year, leader, employee, kind, start, minutes)
        elif kind != "quality_review" and year.rng.random() < 0.15:
            # Missed, the employee asks for it (the article's advice to the forgotten).
            year.at(year.when(day, 12), partial(ask_for, year, employee, kind))


def ask_for(year: DemoYear, employee: Employee, kind: str) -> None:
    """The employee asks their leader for the conversation they missed; an employee who
    already has three open asks of the kind waits for an answer instead."""
    if not employee.active:
        return
    note = year.pick(texts.REQUEST_NOTES, employee.language, employee)
    with suppress(DomainError):
        year.app.ask_for_coaching(employee.person_id, kind, note, recorded_by=employee.person_id)


def plan_interaction(
    year: DemoYear, leader: Leader, employee: Employee, kind: str, start: datetime, minutes: int
) -> None:
    """The leader logs an interaction a little after it ended (and it is in their calendar,
    if they keep one)."""
    if leader.style.calendar:
        day = (start.date() - year.first_day).days
        leader.sessions.setdefault(day, []).append((kind, start, minutes, employee))
    logged_at = start + timedelta(minutes=minutes + year.rng.randint(5, 90))
    year.at(logged_at, partial(log_interaction, year, leader, employee, kind, start, minutes))


def log_interaction(
    year: DemoYear, leader: Leader, employee: Employee, kind: str, start: datetime, minutes: int
) -> None:
    """Log notes, perhaps private ones, and agreed actions; now and then amend it later."""
    if not (employee.active and employee.leader is leader):
        return
    language = year.language(leader, employee)
    private = kind != "team_building" and year.rng.random() < 0.35
    fields: dict[str, Any] = {
        "kind": kind,
        "occurred_at": start,
        "minutes": minutes,
        "shared_notes": year.pick(texts.SHARED_NOTES[kind], language, employee),
        "private_notes": year.pick(texts.PRIVATE_NOTES, language, employee) if private else "",
        "agreed_actions": [
            action.format(first=employee.first)
            for action in year.rng.sample(texts.AGREED_ACTIONS[language], actions(year, kind))
        ],
    }
    interaction_id = year.app.log_interaction(
        leader_id=leader.person_id, employee_id=employee.person_id, **fields
    )
    for number in range(len(fields["agreed_actions"])):
        plan_follow_through(year, leader, employee, interaction_id, number)
    later = clock.now() + timedelta(days=year.rng.randint(1, 3), hours=year.rng.randint(0, 3))
    roll = year.rng.random()
    if roll < 0.015:
        year.at(later, partial(correct_interaction, year, interaction_id, leader, employee, fields))
    elif roll < 0.021:
        year.at(later, partial(retract_interaction, year, interaction_id, leader, employee))


def plan_follow_through(
    year: DemoYear, leader: Leader, employee: Employee, interaction_id: UUID, number: int
) -> None:
    """Most agreed actions are done within weeks (more of them as the leader turns coach),
    some are dropped, a few stay open."""
    follow = lerp((0.6, 0.9), change_progress((clock.now().date() - year.first_day).days))
    roll = year.rng.random()
    if roll > follow + 0.06:
        return
    how = "done" if roll < follow else "dropped"
    later = clock.now() + timedelta(days=year.rng.randint(1, 40), hours=year.rng.randint(0, 8))
    year.at(later, partial(close_action, year, leader, employee, interaction_id, number, how))


def close_action(
    year: DemoYear,
    leader: Leader,
    employee: Employee,
    interaction_id: UUID,
    number: int,
    how: str,
) -> None:
    """The employee ticks an action off (or the leader, now and then); the leader drops one."""
    actions = year.app.load(AgreedActions, AgreedActions.create_id(interaction_id), "id")
    items = [i for i, item in actions.items.items() if item["interaction_id"] == interaction_id]
    if number >= len(items) or actions.items[items[number]]["state"] != "open":
        return  # corrected away, or closed already
    action_id = UUID(items[number])
    if how == "done":
        by = employee.person_id if year.rng.random() < 0.7 else leader.person_id
        year.app.tick_action(interaction_id, action_id, recorded_by=by)
    else:
        reason = year.rng.choice(texts.DROP_REASONS[year.language(leader, employee)])
        year.app.drop_action(interaction_id, action_id, reason, recorded_by=leader.person_id)


def actions(year: DemoYear, kind: str) -> int:
    """How many actions this interaction ends with."""
    counts, weights = ACTION_COUNTS[kind]
    return year.rng.choices(counts, weights=weights)[0]


def correct_interaction(
    year: DemoYear, interaction_id: UUID, leader: Leader, employee: Employee, logged: dict[str, Any]
) -> None:
    """The leader corrects one field of an interaction, saying why."""
    language = year.language(leader, employee)
    options = ["minutes", "shared_notes", "occurred_at", "agreed_actions"]
    if logged["kind"] == "one_to_one":
        options.append("kind")
    name = year.rng.choice(options)
    if name == "minutes":
        value: Any = logged["minutes"] + 15
    elif name == "shared_notes":
        value = f"{logged['shared_notes']} {texts.NOTE_ADDENDA[language]}"
    elif name == "occurred_at":
        value = logged["occurred_at"] - timedelta(days=1)
    elif name == "kind":
        value = "walk_and_talk"
    else:
        value = [*logged["agreed_actions"], year.pick(texts.AGREED_ACTIONS, language, employee)]
    year.app.correct_interaction(
        interaction_id,
        {name: value},
        texts.INTERACTION_CORRECTIONS[name][language],
        recorded_by=leader.person_id,
    )


def retract_interaction(
    year: DemoYear, interaction_id: UUID, leader: Leader, employee: Employee
) -> None:
    """The leader withdraws an interaction logged by mistake."""
    reason = year.rng.choice(texts.INTERACTION_RETRACTIONS[year.language(leader, employee)])
    year.app.retract_interaction(interaction_id, reason, recorded_by=leader.person_id)


# -- customer feedback -----------------------------------------------------------------


def plan_feedback(year: DemoYear, employee: Employee, day: int) -> None:
    """Some days a customer rates the employee; the leader records it a few hours later."""
    if year.rng.random() < 0.3:
        received = year.when(day, year.rng.uniform(7, 16))
        recorded = received + timedelta(minutes=year.rng.randint(20, 300))
        year.at(recorded, partial(record_feedback, year, employee, received))


def record_feedback(year: DemoYear, employee: Employee, received: datetime) -> None:
    """Record a score that follows the employee's skill and the leader's coaching."""
    if not employee.active:
        return
    leader = employee.leader
    progress = change_progress((received.date() - year.first_day).days)
    mean = 7.8 + employee.skill + 0.25 * (employee.talent - 3)
    mean += lerp(leader.style.score_lift, progress)
    score = max(0, min(10, round(year.rng.gauss(mean, 1.6))))
    channel = year.rng.choices(CHANNELS, weights=CHANNEL_WEIGHTS)[0]
    english = year.rng.random() < (0.5 if employee.language == "en" else 0.1)
    comments = texts.FEEDBACK_COMMENTS[nps_category(score)]
    comment = year.pick(comments, "en" if english else "da", employee)
    feedback_id = year.app.record_feedback(
        employee_id=employee.person_id,
        score=score,
        channel=channel,
        received_at=received,
        comment=comment if year.rng.random() < 0.65 else "",
        reference=ticket(year, channel) if year.rng.random() < 0.55 else "",
        recorded_by=leader.person_id,
    )
    later = clock.now() + timedelta(days=year.rng.randint(1, 5))
    roll = year.rng.random()
    if roll < 0.01:
        year.at(later, partial(correct_feedback, year, feedback_id, leader, score, channel))
    elif roll < 0.015:
        year.at(later, partial(retract_feedback, year, feedback_id, leader))


def ticket(year: DemoYear, channel: str) -> str:
    """A call number for phone calls, a ticket number otherwise."""
    if channel == "phone":
        return f"OPK-{year.rng.randint(10000, 99999)}"
    return f"ZD-{year.rng.randint(100000, 999999)}"


def correct_feedback(
    year: DemoYear, feedback_id: UUID, leader: Leader, score: int, channel: str
) -> None:
    """The leader fixes a typo in the score or the channel, or adds the ticket number."""
    name = year.rng.choice(("score", "channel", "reference"))
    if name == "score":
        value: Any = year.rng.choice([s for s in range(11) if 0 < abs(s - score) <= 3])
    elif name == "channel":
        value = year.rng.choice([c for c in CHANNELS if c != channel])
    else:
        value = ticket(year, channel)
    reason = texts.FEEDBACK_CORRECTIONS[name][leader.style.language].format(score=value)
    year.app.correct_feedback(feedback_id, {name: value}, reason, recorded_by=leader.person_id)


def retract_feedback(year: DemoYear, feedback_id: UUID, leader: Leader) -> None:
    """The leader withdraws feedback that should not have been recorded."""
    reason = year.rng.choice(texts.FEEDBACK_RETRACTIONS[leader.style.language])
    year.app.retract_feedback(feedback_id, reason, recorded_by=leader.person_id)


# -- tasks -----------------------------------------------------------------------------
