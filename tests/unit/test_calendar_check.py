"""The founding article's calendar test: three random working days from the imported
calendar, against the leader's wish and the controller pattern; each draw an event."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from random import Random
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal import clock
from journal.commands import Journal
from journal.domain.calendar_check import CONTROLLER_PATTERN, GROUPS, CalendarCheck, grouped
from journal.domain.leadership import CATEGORIES, DEFAULT_SPLIT
from journal.errors import DomainError
from tests.unit.support import head

OUTLOOK = Path(__file__).resolve().parents[1] / "fixtures" / "calendars" / "outlook.ics"
NOVEMBER = {"start": date(2026, 11, 1), "end": date(2026, 11, 30)}
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
# The Outlook fixture's working days with meetings that count in November: the 6th has only
# a declined and a free item, the 9th an all-day course, the 12th a 14-hour conference.
COUNTED_DAYS = [date(2026, 11, 4), date(2026, 11, 5), date(2026, 11, 17), date(2026, 11, 24)]


@pytest.fixture
def imported(journal: Journal, henrik: UUID) -> UUID:
    with clock.frozen_at(NOW):
        journal.import_calendar(henrik, OUTLOOK.read_bytes(), **NOVEMBER)
    return henrik


def test_a_draw_records_three_working_days_what_they_held_and_the_wish(
    journal: Journal, imported: UUID
) -> None:
    with clock.frozen_at(NOW):
        drawn = journal.draw_calendar_days(
            imported, **NOVEMBER, recorded_by=imported, rng=Random(7)
        )
    days = drawn.days

    assert len(days) == 3 and set(days) <= set(COUNTED_DAYS) and days == sorted(days)
    meetings = journal.read.meetings.for_leader(imported, **NOVEMBER)
    expected = dict.fromkeys(CATEGORIES, 0)
    for meeting in meetings:
        if meeting.day in days:
            expected[meeting.category] += meeting.minutes
    [check] = journal.read.meetings.checks(imported)
    assert check == drawn
    assert (check.days, check.found, check.wish) == (days, expected, DEFAULT_SPLIT)
    assert (check.period_start, check.period_end, check.drawn_by) == (
        NOVEMBER["start"], NOVEMBER["end"], imported,
    )  # fmt: skip
    [logged] = journal.history.log(event_types=["LeaderMeetings.DaysDrawn"]).events
    assert logged.data["days"] == days and logged.subject_id == imported


def test_the_wish_is_the_leaders_priorities_and_each_draw_again_is_kept(
    journal: Journal, imported: UUID
) -> None:
    wish = {"planning": 10, "reporting": 5, "follow_up": 15, "people": 60, "other": 10}
    journal.set_priorities(imported, split=wish, recorded_by=imported)

    first = journal.draw_calendar_days(imported, **NOVEMBER, recorded_by=imported, rng=Random(1))
    again = journal.draw_calendar_days(imported, **NOVEMBER, recorded_by=imported, rng=Random(2))

    checks = journal.read.meetings.checks(imported)
    assert checks == [again, first]  # newest first
    assert all(c.wish == wish for c in checks)


def test_too_few_working_days_or_no_import_names_the_problem_and_writes_nothing(
    journal: Journal, henrik: UUID
) -> None:
    with pytest.raises(DomainError) as nothing_imported:
        journal.draw_calendar_days(henrik, recorded_by=henrik)
    assert nothing_imported.value.field == "file"
    with clock.frozen_at(NOW):
        journal.import_calendar(henrik, OUTLOOK.read_bytes(), **NOVEMBER)
    before = head(journal)

    with pytest.raises(DomainError) as too_few:
        journal.draw_calendar_days(
            henrik, start=date(2026, 11, 1), end=date(2026, 11, 10), recorded_by=henrik
        )

    assert too_few.value.field == "from"
    assert "has 2 working days with meetings that count" in too_few.value.message
    assert head(journal) == before


def check_of(found: dict[str, int], wish: dict[str, int] = DEFAULT_SPLIT) -> CalendarCheck:
    return CalendarCheck(
        leader_id=UUID(int=1), drawn_at=NOW, drawn_by=UUID(int=1),
        period_start=date(2026, 11, 1), period_end=date(2026, 11, 30),
        days=COUNTED_DAYS[:3], found=found, wish=wish,
    )  # fmt: skip


def test_days_like_the_article_example_look_like_a_controller() -> None:
    # Three days of 7 hours: 4 h 12 min plans and reports, 1 h 45 follow-up, 1 h 3 people.
    found = {"planning": 400, "reporting": 356, "follow_up": 315, "people": 189, "other": 0}

    check = check_of(found)

    assert check.found_shares == CONTROLLER_PATTERN
    wished = {"plans_and_reports": 25, "follow_up": 15, "people": 50, "other": 10}
    assert check.wish_shares == wished
    assert check.looks_like == "controller"
    assert (check.from_pattern, check.from_wish) == (0, 35 + 10 + 35 + 10)
    people_days = {"planning": 60, "reporting": 30, "follow_up": 90, "people": 300, "other": 60}
    assert check_of(people_days).looks_like == "wish"
    assert check_of(dict.fromkeys(CATEGORIES, 0)).looks_like == "none"
    three_and_a_half_hours = {"planning": 120, "reporting": 90, "follow_up": 0, "people": 0,
                              "other": 0}  # fmt: skip
    assert check_of(three_and_a_half_hours).looks_like == "too_little"


@given(st.fixed_dictionaries({c: st.integers(0, 10_000) for c in CATEGORIES}))
def test_grouped_shares_are_whole_percentages_that_sum_to_100(minutes: dict[str, int]) -> None:
    shares = grouped(minutes)

    assert set(shares) == set(GROUPS)
    assert sum(shares.values()) == (100 if any(minutes.values()) else 0)
    total = sum(minutes.values())
    for group, members in GROUPS.items():
        exact = 100 * sum(minutes[c] for c in members) / total if total else 0
        assert abs(shares[group] - exact) < 1
