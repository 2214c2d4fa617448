"""The reader's wall clock: ``datetime-local`` inputs in, stored instants out, and back.

Forms show and take times in the reader's time zone (JOURNAL_TIMEZONE, Europe/Copenhagen
by default); the journal stores aware instants.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import overload
from zoneinfo import ZoneInfo

from flask_babel import get_timezone

from journal import clock


def local_zone() -> ZoneInfo:
    """The reader's time zone."""
    return ZoneInfo(str(get_timezone()))


def local_now() -> datetime:
    """Now on the reader's wall clock, to the minute, without a zone (a form's default)."""
    return wall_clock(clock.now())


def local_today() -> date:
    """Today in the reader's time zone, by the journal's clock."""
    return clock.today(local_zone())


@overload
def aware(value: datetime) -> datetime: ...
@overload
def aware(value: None) -> None: ...
def aware(value: datetime | None) -> datetime | None:
    """A ``datetime-local`` input's naive value, read in the reader's time zone."""
    return None if value is None else value.replace(tzinfo=local_zone())


def wall_clock(moment: datetime) -> datetime:
    """A stored moment as the naive local value a ``datetime-local`` input shows."""
    return moment.astimezone(local_zone()).replace(second=0, microsecond=0, tzinfo=None)


def start_of_day(day: date) -> datetime:
    """Midnight at the start of ``day`` in the reader's time zone."""
    return clock.midnight(day, local_zone())
