"""NPS per employee, per team and per period: promoters, passives, detractors, and the trend."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from sqlalchemy import Boolean, Column, Index, Integer, Table, Uuid, case, func, select

from journal.domain.feedback import DETRACTOR, PROMOTER, Feedback, nps_category
from journal.projections.base import Projection, metadata
from journal.projections.batch import Batch
from journal.sql import UTCDateTime

nps_feedback = Table(
    "nps_feedback",
    metadata,
    Column("feedback_id", Uuid, primary_key=True),
    Column("employee_id", Uuid, nullable=False),
    Column("leader_id", Uuid, nullable=False),
    Column("score", Integer, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("is_retracted", Boolean, nullable=False),
    # A team's or an employee's ratings in a period, without their whole history.
    Index("nps_feedback_by_team", "leader_id", "received_at"),
    Index("nps_feedback_by_employee", "employee_id", "received_at"),
)


#: Below this many answers a score is "too few answers" on the pages, not a number.
MIN_ANSWERS = 10
#: The normal quantile of a two-sided 95 % interval.
Z95 = 1.959964


@dataclass(frozen=True)
class NpsScore:
    """Promoters (9-10), passives (7-8) and detractors (0-6), the NPS they give, and how
    sure it is.

    The interval is a 95 % adjusted Wald interval for a difference of two proportions
    from one sample: three pseudo-answers are added (three quarters of a promoter, one and
    a half passives, three quarters of a detractor), then NPS ± 1.96 · 100 ·
    sqrt((p + d − (p − d)²) / n), kept within −100 to 100. Without the pseudo-answers a
    sample of ten promoters would claim an interval of exactly 100 to 100.
    """

    promoters: int = 0
    passives: int = 0
    detractors: int = 0

    @property
    def responses(self) -> int:
        """How many ratings this score is built from."""
        return self.promoters + self.passives + self.detractors

    @property
    def score(self) -> float | None:
        """% promoters minus % detractors, from -100 to 100; None without responses."""
        if not self.responses:
            return None
        return round(100 * (self.promoters - self.detractors) / self.responses, 1)

    @property
    def enough(self) -> bool:
        """Whether there are answers enough to show the score as a number."""
        return self.responses >= MIN_ANSWERS

    @property
    def interval(self) -> tuple[float, float] | None:
        """The 95 % interval (low, high) of the NPS; None without responses."""
        if not self.responses:
            return None
        n = self.responses + 3
        p, d = (self.promoters + 0.75) / n, (self.detractors + 0.75) / n
        half = Z95 * math.sqrt(max(0.0, p + d - (p - d) ** 2) / n)
        low, high = max(-1.0, p - d - half), min(1.0, p - d + half)
        return round(100 * low, 1), round(100 * high, 1)

    @property
    def interval_low(self) -> float | None:
        """The low end of the 95 % interval."""
        return self.interval[0] if self.interval else None

    @property
    def interval_high(self) -> float | None:
        """The high end of the 95 % interval."""
        return self.interval[1] if self.interval else None


@dataclass(frozen=True)
class MonthlyNps:
    """One month of the trend."""

    month: str
    nps: NpsScore


def tally(scores: list[int]) -> NpsScore:
    """Count scores into promoters, passives and detractors."""
    categories = [nps_category(s) for s in scores]
    return NpsScore(
        promoters=categories.count("promoter"),
        passives=categories.count("passive"),
        detractors=categories.count("detractor"),
    )


class Nps(Projection):
    """Customer ratings, kept current with corrections and retractions."""

    name = "nps"
    tables = (nps_feedback,)

    @singledispatchmethod
    def apply(self, event: Any, batch: Batch) -> None:
        """Only feedback moves the NPS."""

    @apply.register
    def _recorded(self, event: Feedback.Recorded, batch: Batch) -> None:
        batch[nps_feedback].insert(
            dict(
                feedback_id=event.originator_id,
                employee_id=event.employee_id,
                leader_id=event.leader_id,
                score=event.score,
                received_at=event.received_at,
                is_retracted=False,
            )
        )

    @apply.register
    def _corrected(self, event: Feedback.Corrected, batch: Batch) -> None:
        values = {k: v for k, v in event.changes.items() if k in ("score", "received_at")}
        if values:
            batch[nps_feedback].update(event.originator_id, **values)

    @apply.register
    def _retracted(self, event: Feedback.Retracted, batch: Batch) -> None:
        batch[nps_feedback].update(event.originator_id, is_retracted=True)

    def _scores(
        self, *, employee_id: UUID | None, leader_id: UUID | None, start: datetime, end: datetime
    ) -> list[tuple[int, datetime]]:
        query = select(nps_feedback.c.score, nps_feedback.c.received_at).where(
            nps_feedback.c.is_retracted.is_(False),
            nps_feedback.c.received_at >= start,
            nps_feedback.c.received_at < end,
        )
        if employee_id is not None:
            query = query.where(nps_feedback.c.employee_id == employee_id)
        if leader_id is not None:
            query = query.where(nps_feedback.c.leader_id == leader_id)
        with self.engine.connect() as conn:
            return [(score, at) for score, at in conn.execute(query)]

    def for_employee(self, employee_id: UUID, start: datetime, end: datetime) -> NpsScore:
        """The employee's NPS from ratings received in ``[start, end)``."""
        return self.for_employees([employee_id], start, end)[employee_id]

    def for_team(self, leader_id: UUID, start: datetime, end: datetime) -> NpsScore:
        """The team's NPS: ratings of its employees while they were in the team."""
        return self.for_teams([leader_id], start, end)[leader_id]

    def for_employees(
        self, employee_ids: list[UUID], start: datetime, end: datetime
    ) -> dict[UUID, NpsScore]:
        """``for_employee`` for many employees: one query that counts, however many."""
        return self._counted(nps_feedback.c.employee_id, employee_ids, start, end)

    def for_teams(
        self, leader_ids: list[UUID], start: datetime, end: datetime
    ) -> dict[UUID, NpsScore]:
        """``for_team`` for many leaders: one query that counts, however many."""
        return self._counted(nps_feedback.c.leader_id, leader_ids, start, end)

    def _counted(
        self, key: Any, ids: list[UUID], start: datetime, end: datetime
    ) -> dict[UUID, NpsScore]:
        """Promoters, passives and detractors per ``key`` (employee or leader) in a period."""
        score = nps_feedback.c.score
        query = (
            select(
                key,
                func.sum(case((score >= PROMOTER, 1), else_=0)),
                func.sum(case((score <= DETRACTOR, 1), else_=0)),
                func.count(),
            )
            .where(
                key.in_(ids),
                nps_feedback.c.received_at >= start,
                nps_feedback.c.received_at < end,
                nps_feedback.c.is_retracted.is_(False),
            )
            .group_by(key)
        )
        with self.engine.connect() as conn:
            counted = {row[0]: tuple(int(v or 0) for v in row[1:]) for row in conn.execute(query)}
        scores = {}
        for one in ids:
            promoters, detractors, total = counted.get(one, (0, 0, 0))
            scores[one] = NpsScore(promoters, total - promoters - detractors, detractors)
        return scores

    def rolling(self, employee_id: UUID, ends: list[datetime], days: int) -> list[NpsScore]:
        """The employee's NPS over the ``days`` before each of ``ends``: one query for all
        the windows, however many."""
        if not ends:
            return []
        rows = self._scores(
            employee_id=employee_id, leader_id=None,
            start=min(ends) - timedelta(days=days), end=max(ends),
        )  # fmt: skip
        return [
            tally([score for score, at in rows if end - timedelta(days=days) <= at < end])
            for end in ends
        ]

    def trend(
        self,
        start: datetime,
        end: datetime,
        *,
        employee_id: UUID | None = None,
        leader_id: UUID | None = None,
    ) -> list[MonthlyNps]:
        """NPS per calendar month in ``[start, end)``, for one employee or one team."""
        rows = self._scores(employee_id=employee_id, leader_id=leader_id, start=start, end=end)
        months: dict[str, list[int]] = {}
        cursor = start.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        while cursor < end:
            months[cursor.strftime("%Y-%m")] = []
            cursor = (cursor + timedelta(days=32)).replace(day=1)
        for score, at in rows:
            months.setdefault(at.strftime("%Y-%m"), []).append(score)
        return [MonthlyNps(month, tally(scores)) for month, scores in sorted(months.items())]
