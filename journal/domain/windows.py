"""The time windows every report and page agrees on, and what "in cadence" means.

One place for the spans the product reads over (the last four weeks of a leader's time,
ninety days of customers' answers and of requests met, the auditor's thirty days), the
coaching rhythm a leader starts with, and the single rule of "in cadence": a team member
is in cadence while neither their next 1-to-1 nor their next walk-and-talk is overdue on
the leader's own rhythm, counting from the last one held, or from the day they joined the
team (a newcomer is not overdue before their first is due).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

#: A leader's time and calendar are read over the last four weeks, today included.
FOUR_WEEKS_DAYS = 28
#: Customers' answers (NPS) and requests met are read over the last ninety days.
CUSTOMER_DAYS = 90
#: Agreed actions count as followed through when done within this many days.
FOLLOW_THROUGH_DAYS = 30
#: The auditor's changes and security trail default to the last thirty days.
AUDIT_DAYS = 30
#: The months a manager's chart and a leader's results go back, this one included.
MONTHS = 12

#: A time verdict (coach or controller) needs this much counted time over as many days
#: with time in its period; with less it says there is not enough calendar data yet.
VERDICT_MINUTES = 600
VERDICT_DAYS = 5
#: The calendar check compares its three drawn days with a split only when they hold
#: this many minutes of counted meetings (two hours a day); below it, too little to say.
CHECK_MINUTES = 360
#: Within this many percentage points of the people target, a leader is near it: neither
#: clearly a coach nor clearly a controller.
NEAR_TARGET_POINTS = 5

#: The coaching rhythm a leader has until they set their own (their priorities).
ONE_TO_ONE_EVERY_DAYS = 7
WALK_AND_TALK_EVERY_DAYS = 30
#: The meetings whose rhythm "in cadence" follows.
RHYTHM_KINDS = ("one_to_one", "walk_and_talk")
DEFAULT_RHYTHM = {"one_to_one": ONE_TO_ONE_EVERY_DAYS, "walk_and_talk": WALK_AND_TALK_EVERY_DAYS}


def last_four_weeks(end: date, start: date | None = None) -> tuple[date, date]:
    """The days ``start`` to ``end`` inclusive; without a start, the four weeks to ``end``."""
    return start or end - timedelta(days=FOUR_WEEKS_DAYS - 1), end


def next_month(first: date) -> date:
    """The first day of the month after the one ``first`` lies in."""
    return (first.replace(day=1) + timedelta(days=32)).replace(day=1)


def month_starts(today: date, months: int = MONTHS) -> list[date]:
    """The first days of the last ``months`` months, this one included, oldest first."""
    first = today.replace(day=1)
    starts = [first]
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
        starts.append(first)
    return starts[::-1]


def due(last: datetime | None, joined_at: datetime, every_days: int) -> datetime:
    """When the next meeting of a kind is due: its rhythm after the last, or after joining."""
    return (last or joined_at) + timedelta(days=every_days)


def is_in_cadence(
    last: Mapping[str, datetime | None],
    joined_at: datetime,
    rhythm: Mapping[str, int],
    moment: datetime,
) -> bool:
    """Whether no meeting of the rhythm's kinds is overdue at ``moment`` (``last``: the
    newest held by then, per kind)."""
    return all(due(last.get(kind), joined_at, every) >= moment for kind, every in rhythm.items())
