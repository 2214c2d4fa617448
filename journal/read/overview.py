"""A manager's overview: per leader they oversee, aggregates and counts only.

For a head of customer service: does each leader coach or control (the verdict over the
last four weeks, and the people share of their time month by month), do their people get
their 1-to-1s and walk-and-talks (cadence compliance), are requests answered and agreed
actions followed through, and what do customers say (team NPS). No notes, shared or
private, and no single employee's records: every figure is over a team.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from journal import clock
from journal.commands import Journal
from journal.domain.windows import (
    CUSTOMER_DAYS,
    last_four_weeks,
    month_starts,
    next_month,
)
from journal.projections.cadence import in_cadence
from journal.projections.calendar_audit import CalendarAuditReport
from journal.projections.nps import NpsScore


@dataclass(frozen=True)
class MonthShare:
    """One month of a leader's time: the share that went to people (None: no time)."""

    month: date  # the first day
    people_share: float | None


@dataclass(frozen=True)
class MonthResult:
    """One month of a leader's results: their time, their team's rhythm, customers."""

    month: date  # the first day
    people_share: float | None  # percent of the leader's counted time; None: no time
    team_size: int
    in_cadence: int  # at the month's end (today for this month)
    nps: NpsScore  # the team's, that month

    @property
    def cadence_share(self) -> float | None:
        """The percentage of the team in cadence at the month's end; None without a team."""
        return round(100 * self.in_cadence / self.team_size, 1) if self.team_size else None


@dataclass(frozen=True)
class LeaderOverview:
    """One leader, as their manager sees them."""

    leader_id: UUID
    name: str
    audit: CalendarAuditReport  # the last four weeks
    team_size: int
    in_cadence: int  # team members with no 1-to-1 or walk-and-talk overdue, on the rhythm
    open_requests: int
    requests_met: int  # in the last 90 days
    median_response_days: float | None
    follow_through: float | None  # percent of actions done within 30 days
    nps: NpsScore  # the team's, last 90 days
    months: list[MonthShare]

    @property
    def cadence_share(self) -> float | None:
        """The percentage of the team in cadence; None without a team."""
        return round(100 * self.in_cadence / self.team_size, 1) if self.team_size else None


def leaders_overview(journal: Journal, leaders: list[tuple[UUID, str]]) -> list[LeaderOverview]:
    """The aggregates of the leaders (id, name) and their teams, now: each figure read for
    all of them at once, a dozen queries however many leaders."""
    read, ids = journal.read, [leader_id for leader_id, _ in leaders]
    if not ids:
        return []
    today, now = journal.today(), clock.now()
    start, end = last_four_weeks(today)
    audits = read.calendar_audit.for_leaders(ids, start, end + timedelta(days=1))
    cadence = read.cadence.in_cadence_for(ids, now)
    times = read.coaching_loop.response_times_for(ids, now - timedelta(days=CUSTOMER_DAYS))
    follow_through = read.coaching_loop.follow_through_for(ids, now)
    nps = read.nps.for_teams(ids, now - timedelta(days=CUSTOMER_DAYS), now)
    shares = read.calendar_months.people_shares(ids, month_starts(today))
    return [
        LeaderOverview(
            leader_id=leader_id,
            name=name,
            audit=audits[leader_id],
            team_size=cadence[leader_id][0],
            in_cadence=cadence[leader_id][1],
            open_requests=times[leader_id].open,
            requests_met=times[leader_id].fulfilled,
            median_response_days=times[leader_id].median_days,
            follow_through=follow_through[leader_id],
            nps=nps[leader_id],
            months=[MonthShare(first, share) for first, share in shares[leader_id].items()],
        )
        for leader_id, name in leaders
    ]


def results_by_month(journal: Journal, leader_id: UUID) -> list[MonthResult]:
    """The last 12 months: the people share of the leader's time, the share of the team
    in cadence at each month's end on the leader's rhythm (today for this month;
    journal/domain/windows.py), and the team's NPS that month. A handful of queries for
    the year, whatever the team's size."""
    read, now, zone = journal.read, clock.now(), journal.settings.zone
    firsts = month_starts(journal.today())
    start = clock.midnight(firsts[0], zone)
    nps = {m.month: m.nps for m in read.nps.trend(start, now, leader_id=leader_id)}
    shares = read.calendar_months.people_shares([leader_id], firsts)[leader_id]
    team, meetings, rhythm = read.cadence.team_meetings(leader_id, start)
    results = []
    for first in firsts:
        end = min(now, clock.midnight(next_month(first), zone))
        size, kept = in_cadence(team, meetings, end, rhythm)
        results.append(
            MonthResult(
                month=first,
                people_share=shares[first],
                team_size=size,
                in_cadence=kept,
                nps=nps.get(first.strftime("%Y-%m"), NpsScore()),
            )
        )
    return results


def manager_overview(journal: Journal, manager_id: UUID) -> list[LeaderOverview]:
    """Every leader the manager oversees, by name."""
    overseen = journal.read.people.overseen_by(manager_id)
    return leaders_overview(journal, [(leader.person_id, leader.name) for leader in overseen])
