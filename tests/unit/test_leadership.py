"""A leader's own time: time entries, priorities, the calendar audit and coaching cadence."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import pytest

from journal import clock
from journal.commands import Journal
from journal.errors import DomainError
from tests.organisation import Org
from tests.unit.support import day, head, log_one_to_one

MONDAY = date(2026, 3, 2)
WEEK = (MONDAY, MONDAY + timedelta(days=7))
COACHING_SPLIT = {"planning": 10, "reporting": 5, "follow_up": 15, "people": 60, "other": 10}


def log_day(journal: Journal, leader: UUID, on: date, **minutes: int) -> None:
    """Log one day's minutes per category, that evening."""
    with clock.frozen_at(datetime.combine(on, time(18), tzinfo=UTC)):
        for category, spent in minutes.items():
            journal.log_time(leader, on=on, minutes=spent, category=category)


def log_week(journal: Journal, leader: UUID, **minutes: int) -> None:
    """Log the same minutes per category on each working day of the week: enough for a
    verdict whenever the days add up to ten hours."""
    for n in range(5):
        log_day(journal, leader, MONDAY + timedelta(days=n), **minutes)


def audit(journal: Journal, leader: UUID, start: date = WEEK[0], end: date = WEEK[1]) -> Any:
    """The calendar audit of the leader's week."""
    return journal.read.calendar_audit.for_leader(leader, start, end)


def test_time_entries_add_up_per_category_in_the_calendar_audit(
    journal: Journal, team: Org
) -> None:
    log_day(journal, team.leader, MONDAY, people=120, planning=60)
    log_day(journal, team.leader, MONDAY + timedelta(days=1), people=30, reporting=90)
    log_day(journal, team.other_leader, MONDAY, people=480)

    report = audit(journal, team.leader)

    assert report.minutes == {
        "planning": 60,
        "reporting": 90,
        "follow_up": 0,
        "people": 150,
        "other": 0,
    }
    assert report.total_minutes == 300


def test_a_day_cannot_hold_more_than_twenty_four_hours(journal: Journal, team: Org) -> None:
    log_day(journal, team.leader, MONDAY, people=1000)
    before = head(journal)

    with pytest.raises(DomainError) as error, clock.frozen_at(day(0, 19)):
        journal.log_time(team.leader, on=MONDAY, minutes=441, category="planning")

    assert error.value.field == "minutes"
    assert head(journal) == before
    assert audit(journal, team.leader).minutes["planning"] == 0
    assert journal.calendar_of(team.leader).minutes_by_day == {"2026-03-02": 1000}


def test_a_day_can_be_filled_to_exactly_twenty_four_hours(journal: Journal, team: Org) -> None:
    log_day(journal, team.leader, MONDAY, people=1000, planning=440)
    log_day(journal, team.leader, MONDAY + timedelta(days=1), planning=1440)

    assert audit(journal, team.leader).total_minutes == 2880


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": 24 * 60 + 1}, "minutes"),
        ({"category": "coffee"}, "category"),
        ({"on": "2026-03-02"}, "on"),
    ],
)
def test_a_time_entry_is_positive_minutes_on_a_day_in_a_known_category(
    journal: Journal, team: Org, fields: dict, field: str
) -> None:
    values: dict[str, Any] = {"on": MONDAY, "minutes": 60, "category": "people", **fields}

    with pytest.raises(DomainError) as error, clock.frozen_at(day(0, 19)):
        journal.log_time(team.leader, **values)

    assert error.value.field == field
    assert audit(journal, team.leader).total_minutes == 0


def test_time_is_logged_for_the_last_92_days_and_the_calendar_keeps_only_those(
    journal: Journal, team: Org
) -> None:
    with pytest.raises(DomainError) as error, clock.frozen_at(day(93, 9)):
        journal.log_time(team.leader, on=MONDAY, minutes=60, category="people")
    assert error.value.field == "on" and "last 92 days" in error.value.message
    log_day(journal, team.leader, MONDAY, people=60)
    for n in range(1, 200):
        log_day(journal, team.leader, MONDAY + timedelta(days=n), people=60)
    kept = journal.calendar_of(team.leader).minutes_by_day
    assert len(kept) <= 92 + 31 and MONDAY.isoformat() not in kept
    logged = audit(journal, team.leader, MONDAY, MONDAY + timedelta(days=200))
    assert logged.total_minutes == 200 * 60  # the entries themselves are all kept


def test_a_time_entrys_day_is_a_date_not_a_moment(journal: Journal, team: Org) -> None:
    # Two moments of one day would otherwise each get their own 24 hours.
    with pytest.raises(DomainError) as error:
        journal.log_time(team.leader, on=day(0), minutes=60, category="people")

    assert error.value.field == "on"


def test_time_cannot_be_logged_for_a_day_that_has_not_come(journal: Journal, team: Org) -> None:
    with clock.frozen_at(day(0, hours=10)), pytest.raises(DomainError) as error:
        journal.log_time(team.leader, on=MONDAY + timedelta(days=2), minutes=60, category="people")

    assert error.value.field == "on"
    assert audit(journal, team.leader).total_minutes == 0


def test_only_a_leader_has_a_calendar(journal: Journal, team: Org) -> None:
    with pytest.raises(DomainError) as error:
        journal.log_time(team.employee, on=MONDAY, minutes=60, category="people")

    assert error.value.field == "leader_id"


@pytest.mark.parametrize(
    "split",
    [
        {"planning": 20, "reporting": 10, "follow_up": 10, "people": 50, "other": 0},
        {"planning": 20, "reporting": 10, "follow_up": 10, "people": 50, "other": 20},
        {"people": 100, "coffee": 0},
        {"people": 110, "planning": -10},
        {"people": 99.5, "other": 0.5},
        [("people", 100)],
    ],
)
def test_a_target_split_must_sum_to_one_hundred_percent(
    journal: Journal, team: Org, split: object
) -> None:
    before = head(journal)

    with pytest.raises(DomainError) as error:
        journal.set_priorities(team.leader, split=split)

    assert error.value.field == "split"
    assert head(journal) == before
    assert journal.read.calendar_audit.priorities_history(team.leader) == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"one_to_one_every_days": 0}, "one_to_one_every_days"),
        ({"walk_and_talk_every_days": 366}, "walk_and_talk_every_days"),
        ({"focus_areas": ["Kunder"] * 11}, "focus_areas"),
        ({"focus_areas": [""]}, "focus_areas"),
    ],
)
def test_a_cadence_is_one_day_to_a_year_and_focus_areas_are_at_most_ten(
    journal: Journal, team: Org, fields: dict, field: str
) -> None:
    with pytest.raises(DomainError) as error:
        journal.set_priorities(team.leader, split=COACHING_SPLIT, **fields)

    assert error.value.field == field


def test_a_leader_who_spends_fifteen_percent_on_people_is_a_controller(
    journal: Journal, team: Org
) -> None:
    # The call-centre from the article: 60% plans and reports, 25% follow-up, 15% people.
    log_week(journal, team.leader, planning=180, reporting=108, follow_up=120, people=72)

    report = audit(journal, team.leader)

    assert report.actual_percent == {
        "planning": 37.5,
        "reporting": 22.5,
        "follow_up": 25.0,
        "people": 15.0,
        "other": 0.0,
    }
    assert report.target_percent["people"] == 50  # the default target
    assert report.people_share == 15.0
    assert report.verdict == "controller"


def test_a_leader_who_meets_their_people_target_is_a_coach(journal: Journal, team: Org) -> None:
    log_week(journal, team.leader, people=240, planning=240)

    report = audit(journal, team.leader)

    assert report.people_share == 50.0
    assert report.verdict == "coach"


def test_a_people_share_just_below_the_target_is_still_a_controller(
    journal: Journal, team: Org
) -> None:
    # 1249 of 2500 minutes is 49.96%: below the 50% target, however it is rounded for display.
    log_day(journal, team.leader, MONDAY, people=1249, planning=51)
    for n in range(1, 5):
        log_day(journal, team.leader, MONDAY + timedelta(days=n), planning=300)

    report = audit(journal, team.leader)

    assert (report.minutes["people"], report.total_minutes) == (1249, 2500)
    assert report.verdict == "controller"


def test_the_verdict_is_measured_against_the_leaders_own_target(
    journal: Journal, team: Org
) -> None:
    with clock.frozen_at(day(0, hours=8)):
        journal.set_priorities(team.leader, split=COACHING_SPLIT)
    log_week(journal, team.leader, people=240, planning=240)

    report = audit(journal, team.leader)

    assert report.target_percent == COACHING_SPLIT
    assert report.verdict == "controller"  # 50% is below the 60% Lene aims for


def test_a_target_set_after_the_period_does_not_judge_it(journal: Journal, team: Org) -> None:
    log_week(journal, team.leader, people=240, planning=240)
    with clock.frozen_at(day(10)):
        journal.set_priorities(team.leader, split=COACHING_SPLIT)

    assert audit(journal, team.leader).verdict == "coach"
    assert audit(journal, team.leader, WEEK[0], date(2026, 3, 16)).verdict == "controller"


def test_without_time_entries_there_is_no_verdict(journal: Journal, team: Org) -> None:
    report = audit(journal, team.leader)

    assert (report.total_minutes, report.enough, report.verdict, report.band) == (
        0,
        False,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("days", "minutes_a_day", "enough"),
    [(1, 255, False), (4, 180, False), (5, 100, False), (5, 120, True)],
    ids=["255 minutes", "12 hours over 4 days", "8 hours over 5 days", "10 hours over 5 days"],
)
def test_a_verdict_rests_on_at_least_ten_hours_over_five_days(
    journal: Journal, team: Org, days: int, minutes_a_day: int, enough: bool
) -> None:
    for n in range(days):  # all of it paperwork: a controller, given enough time
        log_day(journal, team.leader, MONDAY + timedelta(days=n), reporting=minutes_a_day)

    report = audit(journal, team.leader)

    assert report.days_with_time == days
    assert report.enough is enough
    assert report.verdict == ("controller" if enough else None)


@pytest.mark.parametrize(
    ("people", "band"),
    [(330, "coach"), (290, "near"), (250, "near"), (210, "controller")],
    ids=["55 %", "48 %", "42 %", "35 %"],
)
def test_the_band_says_how_far_from_the_target_the_verdict_is(
    journal: Journal, team: Org, people: int, band: str
) -> None:
    with clock.frozen_at(day(0, hours=8)):
        journal.set_priorities(
            team.leader,
            split={"planning": 20, "reporting": 10, "follow_up": 15, "people": 45, "other": 10},
        )
    log_week(journal, team.leader, people=people, planning=600 - people)

    report = audit(journal, team.leader)

    assert report.band == band
    assert report.margin == round(100 * people / 600 - 45, 1)


def test_the_audit_covers_days_from_start_up_to_but_not_including_end(
    journal: Journal, team: Org
) -> None:
    log_day(journal, team.leader, WEEK[0] - timedelta(days=1), people=60)
    log_day(journal, team.leader, WEEK[0], people=30)
    log_day(journal, team.leader, WEEK[1], people=90)

    assert audit(journal, team.leader).total_minutes == 30


def test_every_change_of_priorities_is_kept_in_order(journal: Journal, team: Org) -> None:
    with clock.frozen_at(day(1)):
        journal.set_priorities(
            team.leader, split=COACHING_SPLIT, focus_areas=["Kunderne først", "1-til-1"]
        )
    with clock.frozen_at(day(20)):
        journal.set_priorities(
            team.leader,
            split={"planning": 20, "reporting": 10, "follow_up": 10, "people": 50, "other": 10},
            one_to_one_every_days=14,
            recorded_by=team.admin,
        )

    history = journal.read.calendar_audit.priorities_history(team.leader)

    assert [(c.set_at, c.set_by, c.split["people"]) for c in history] == [
        (day(1), team.leader, 60),
        (day(20), team.admin, 50),
    ]
    assert history[0].focus_areas == ["Kunderne først", "1-til-1"]
    assert [c.one_to_one_every_days for c in history] == [7, 14]
    calendar = journal.calendar_of(team.leader)
    assert (calendar.split["people"], calendar.one_to_one_every_days) == (50, 14)
    assert journal.read.calendar_audit.priorities_history(team.other_leader) == []


def cadence(journal: Journal, leader: UUID, at: Any) -> dict[UUID, Any]:
    """The leader's cadence page as it looks at the moment ``at``."""
    with clock.frozen_at(at):
        return {
            row.employee_id: row for row in journal.read.cadence.for_leader(leader, clock.now())
        }


def test_nobody_is_overdue_within_a_week_of_joining(journal: Journal, team: Org) -> None:
    rows = cadence(journal, team.leader, day(5))

    assert set(rows) == {team.employee, team.colleague}
    assert not any(r.one_to_one.is_overdue or r.walk_and_talk.is_overdue for r in rows.values())
    assert rows[team.employee].one_to_one.due == day(7)
    assert rows[team.employee].walk_and_talk.due == day(30)


def test_a_one_to_one_is_overdue_a_week_after_the_last(journal: Journal, team: Org) -> None:
    log_one_to_one(journal, team.leader, team.employee, at=day(6))

    rows = cadence(journal, team.leader, day(10))

    assert rows[team.employee].one_to_one.last == day(6)
    assert rows[team.employee].one_to_one.due == day(13)
    assert rows[team.employee].one_to_one.is_overdue is False
    assert rows[team.colleague].one_to_one.last is None
    assert rows[team.colleague].one_to_one.is_overdue is True
    assert list(rows) == [team.colleague, team.employee]  # the most overdue first
    assert cadence(journal, team.leader, day(14))[team.employee].one_to_one.is_overdue is True


def test_a_walk_and_talk_keeps_its_own_monthly_rhythm(journal: Journal, team: Org) -> None:
    log_one_to_one(
        journal, team.leader, team.employee, at=day(20), kind="walk_and_talk", minutes=60
    )

    rows = cadence(journal, team.leader, day(35))

    assert rows[team.employee].walk_and_talk.is_overdue is False
    assert rows[team.employee].walk_and_talk.due == day(50)
    assert rows[team.colleague].walk_and_talk.is_overdue is True
    assert rows[team.employee].one_to_one.is_overdue is True  # a walk-and-talk is not a 1-to-1


def test_the_cadence_follows_the_leaders_own_rhythm(journal: Journal, team: Org) -> None:
    log_one_to_one(journal, team.leader, team.employee, at=day(1))
    with clock.frozen_at(day(2)):
        journal.set_priorities(team.leader, split=COACHING_SPLIT, one_to_one_every_days=14)

    rows = cadence(journal, team.leader, day(10))

    assert rows[team.employee].one_to_one.due == day(15)
    assert rows[team.employee].one_to_one.is_overdue is False


def test_a_retracted_one_to_one_does_not_keep_the_cadence(journal: Journal, team: Org) -> None:
    logged = log_one_to_one(journal, team.leader, team.employee, at=day(6))
    with clock.frozen_at(day(7)):
        journal.retract_interaction(logged, "Blev aflyst", recorded_by=team.leader)

    rows = cadence(journal, team.leader, day(10))

    assert rows[team.employee].one_to_one.last is None
    assert rows[team.employee].one_to_one.is_overdue is True


def test_a_deactivated_employee_leaves_the_cadence_page(journal: Journal, team: Org) -> None:
    with clock.frozen_at(day(1)):
        journal.deactivate_person(team.colleague, "Fratrådt", recorded_by=team.admin)

    assert list(cadence(journal, team.leader, day(10))) == [team.employee]
