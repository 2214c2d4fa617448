"""The demo leaders' own calendars over the year: uploaded each month, or, for Henrik when
the demo is given an address (journal/entry/demo/calendar_feed.py), fetched every Monday
by subscription; every third month, and the last whole one, the calendar check."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from typing import Protocol

from journal import clock
from journal.commands import Journal
from journal.entry.demo import calendar_feed, calendars
from journal.entry.demo.roster import Leader


class DemoYear(Protocol):
    """What of the demo year (journal/entry/demo/year.py) the calendars' plan uses: named
    here, so that this module does not import the year back."""

    app: Journal
    rng: random.Random
    feed: calendar_feed.DemoFeed | None
    first_day: date
    days: int
    leaders: list[Leader]

    def when(self, day: int, hour: float) -> datetime: ...
    def at(self, moment: datetime, action: Callable[[], None]) -> None: ...
    def working_day_from(self, day: int) -> int: ...


def plan(year: DemoYear) -> None:
    """Leaders who keep a calendar import the month just ended on its first working
    day, and the current month on the last evening of the year. Every third month, and
    the last whole one, they run the calendar check on the month imported."""
    last = year.first_day + timedelta(days=year.days - 1)
    final = year.when(year.days - 1, 23)
    month, number = year.first_day.replace(day=1), 0
    while month <= last:
        following = (month + timedelta(days=32)).replace(day=1)
        start, end = max(month, year.first_day), min(following - timedelta(days=1), last)
        after = year.working_day_from((end - year.first_day).days + 1)
        moment = min(year.when(after, 8), final)
        whole = end < last
        check = whole and (number % 3 == 0 or following + timedelta(days=31) > last)
        for leader in year.leaders:
            if subscribes(year, leader):
                if check:
                    year.at(moment, partial(check_calendar, year, leader, start, end))
            elif leader.style.calendar:
                year.at(moment, partial(import_calendar, year, leader, start, end, check))
        month, number = following, number + 1
    for leader in [leader for leader in year.leaders if subscribes(year, leader)]:
        year.at(year.when(0, 9), partial(subscribe, year, leader))
        for day in range(7, year.days):
            if (year.first_day + timedelta(days=day)).weekday() == 0:
                year.at(year.when(day, 7.5), partial(fetch_subscription, year, leader))


def subscribes(year: DemoYear, leader: Leader) -> bool:
    """Whether the leader's calendar comes by subscription (``journal demo
    --calendar-feed-at``): Henrik's, published at the app's own address."""
    return year.feed is not None and leader.style.name == calendar_feed.SUBSCRIBER


def subscribe(year: DemoYear, leader: Leader) -> None:
    """The leader gives the journal their published calendar's private address."""
    assert year.feed is not None
    year.feed.publish(leader, clock.now().date())
    year.app.subscribe_calendar(leader.person_id, url=year.feed.url, recorded_by=leader.person_id)


def fetch_subscription(year: DemoYear, leader: Leader) -> None:
    """Monday morning: the published calendar has the week before; the journal fetches
    it, as the worker does every hour (the import matches attendees by the read models,
    so they catch up first)."""
    assert year.feed is not None
    year.feed.publish(leader, clock.now().date())
    year.app.read.catch_up()
    done = year.app.sync_calendars(force=True, leader_id=leader.person_id, allow_private=True)
    if done.failed:
        raise RuntimeError(f"the demo's calendar feed failed: {done.failed}")


def check_calendar(year: DemoYear, leader: Leader, start: date, end: date) -> None:
    """The leader draws three days of a month their subscription brought in."""
    year.app.read.catch_up()
    if year.app.read.meetings.for_leader(leader.person_id, start, end):
        year.app.draw_calendar_days(
            leader.person_id, start=start, end=end, recorded_by=leader.person_id, rng=year.rng
        )


def import_calendar(year: DemoYear, leader: Leader, start: date, end: date, check: bool) -> None:
    """The leader exports the period from their calendar and imports it (the import
    matches attendees to the team by the read models, so they catch up first); then,
    if ``check``, draws three days of it. A period with nothing booked (a weekend at the
    end of the year) is not imported."""
    if not calendars.booked(leader, start, end):
        return
    year.app.read.catch_up()
    year.app.import_calendar(
        leader.person_id,
        calendars.export(leader, start, end),
        start=start,
        end=end,
        recorded_by=leader.person_id,
    )
    if check:
        year.app.draw_calendar_days(
            leader.person_id, start=start, end=end, recorded_by=leader.person_id, rng=year.rng
        )
