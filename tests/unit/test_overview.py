"""The manager's overview and the results over time read a year in a handful of queries;
they must say what the per-period reports say."""

from __future__ import annotations

from datetime import date, timedelta

from journal import clock
from journal.commands import Journal
from journal.read import overview
from journal.read.overview import month_starts, next_month
from tests.organisation import Org
from tests.unit.support import day


def test_the_monthly_people_share_is_what_the_calendar_audit_says_for_each_month(
    journal: Journal, team: Org
) -> None:
    for n, (minutes, category) in enumerate(
        [(120, "people"), (60, "reporting"), (90, "people"), (30, "planning"), (45, "other")]
    ):
        with clock.frozen_at(day(n * 20)):
            journal.log_time(team.leader, on=day(n * 20).date(), minutes=minutes,
                             category=category)  # fmt: skip
    firsts = month_starts(date(2026, 6, 15))

    shares = journal.read.calendar_months.people_shares([team.leader], firsts)[team.leader]

    for first in firsts:
        report = journal.read.calendar_audit.for_leader(team.leader, first, next_month(first))
        assert shares[first] == (report.people_share if report.total_minutes else None)
    assert shares[date(2026, 3, 1)] == 66.7  # 120 minutes to people of 180 in March


def test_results_count_who_was_in_cadence_at_each_months_end(journal: Journal, team: Org) -> None:
    for kind, at in (("one_to_one", 26), ("walk_and_talk", 10), ("one_to_one", 58)):
        with clock.frozen_at(day(at, 2)):
            journal.log_interaction(
                leader_id=team.leader, employee_id=team.employee, kind=kind,
                occurred_at=day(at), minutes=30,
            )  # fmt: skip
    with clock.frozen_at(day(100)):
        results = {r.month: r for r in overview.results_by_month(journal, team.leader)}

    # Anna: a walk-and-talk on 12 March and a 1-to-1 on 28 March: in cadence at the end of
    # March; at the end of April the walk-and-talk is 49 days old.
    march, april = results[date(2026, 3, 1)], results[date(2026, 4, 1)]
    assert (march.in_cadence, march.team_size) == (1, 2)
    assert (april.in_cadence, april.team_size) == (0, 2)
    assert day(58).date() - day(26).date() == timedelta(days=32)
