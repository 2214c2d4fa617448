"""How the demo organisation is made up and how its three leaders work over the year."""

from __future__ import annotations

from dataclasses import dataclass

from journal.domain.leadership import CATEGORIES

DAYS = 365
EMPLOYEES_PER_LEADER = 11
HOLIDAYS = ((12, 24), (12, 25), (12, 26), (12, 31), (1, 1))
ADMIN, AUDITOR = "Mette Nørgaard", "Birgitte Vestergaard"
HEAD_OF_SERVICE = "Karin Lindholm"  # the head of customer service, over the three leaders
FEATURED = ("Søren Å. Kjær", "Priya Shah")  # one in Henrik's team, one in Camilla's
HANDOVER_DAY, LEAVING_DAY = 150, 240
MINUTES = {
    "one_to_one": (20, 30, 30, 45),
    "walk_and_talk": (30, 45, 60),
    "quality_review": (20, 30, 45),
}
ACTION_COUNTS = {  # how many actions each kind of interaction ends with, and how often
    "one_to_one": ((0, 1, 2), (3, 4, 2)),
    "walk_and_talk": ((0, 1), (1, 1)),
    "quality_review": ((1,), (1,)),
    "training": ((0, 1), (4, 1)),
    "team_building": ((0,), (1,)),
}
CHANNEL_WEIGHTS = (45, 25, 25, 5)  # in CHANNELS order: phone, email, chat, other


@dataclass(frozen=True)
class Priorities:
    """Priorities a leader sets on a given day of the year."""

    day: int
    split: dict[str, int]
    one_to_one_every_days: int
    walk_and_talk_every_days: int
    focus_areas: tuple[str, ...]


@dataclass(frozen=True)
class Style:
    """How a leader works at the start of the year and at the end (pairs: early, late)."""

    name: str
    language: str
    time_early: dict[str, int]
    time_late: dict[str, int]
    one_to_one: tuple[float, float]
    walk_and_talk: tuple[float, float]
    quality_review: tuple[float, float]
    score_lift: tuple[float, float]
    priorities: tuple[Priorities, ...]
    vacation_week: int
    #: How the leader's calendar exports (``outlook``, ``google``), imported each month; a
    #: leader without one logs their time by hand each day.
    calendar: str = ""


def split(planning: int, reporting: int, follow_up: int, people: int, other: int) -> dict[str, int]:
    """A split of a leader's time over the categories, in CATEGORIES order."""
    return dict(zip(CATEGORIES, (planning, reporting, follow_up, people, other), strict=True))


def lerp(pair: tuple[float, float], progress: float) -> float:
    """The value between early and late for how far the change has come."""
    return pair[0] + (pair[1] - pair[0]) * progress


def change_progress(day: int) -> float:
    """How far a leader's change has come: none for five weeks, complete by month ten."""
    return min(1.0, max(0.0, (day / DAYS - 0.1) / 0.7))


HENRIK = Style(
    name="Henrik Dalsgaard",
    language="da",
    time_early=split(41, 31, 10, 13, 5),
    time_late=split(12, 8, 12, 63, 5),
    one_to_one=(0.35, 0.95),
    walk_and_talk=(0.2, 0.9),
    quality_review=(0.8, 0.35),
    score_lift=(-0.5, 0.6),
    priorities=(
        Priorities(2, split(35, 30, 10, 20, 5), 14, 60, ("Månedsrapporten til tiden",)),
        Priorities(75, split(30, 25, 10, 30, 5), 14, 30, ("Flere 1-til-1-samtaler",)),
        Priorities(
            150,
            split(25, 20, 10, 40, 5),
            7,
            30,
            ("Ugentlige 1-til-1", "Rapporterne bliver lidt kortere en tid"),
        ),
        Priorities(
            225, split(18, 12, 15, 50, 5), 7, 30, ("Ugentlige 1-til-1", "Opgaver efter passion")
        ),
        Priorities(
            290,
            split(15, 10, 15, 55, 5),
            7,
            30,
            ("Coachende leder", "Kundernes ros ind i 1-til-1", "Opgaver efter passion"),
        ),
    ),
    vacation_week=28,
    calendar="outlook",
)
CAMILLA = Style(
    name="Camilla Bech",
    language="da",
    time_early=split(12, 7, 14, 60, 7),
    time_late=split(12, 7, 14, 60, 7),
    one_to_one=(0.92, 0.92),
    walk_and_talk=(0.85, 0.85),
    quality_review=(0.35, 0.35),
    score_lift=(0.4, 0.5),
    priorities=(
        Priorities(3, split(15, 10, 15, 50, 10), 7, 30, ("Ugentlige 1-til-1",)),
        Priorities(180, split(12, 8, 15, 55, 10), 7, 30, ("Ugentlige 1-til-1", "Del kunderos")),
    ),
    vacation_week=29,
    calendar="google",
)
JAMES = Style(
    name="James Whitfield",
    language="en",
    time_early=split(26, 20, 14, 35, 5),
    time_late=split(24, 18, 14, 39, 5),
    one_to_one=(0.6, 0.7),
    walk_and_talk=(0.55, 0.6),
    quality_review=(0.7, 0.6),
    score_lift=(0.0, 0.1),
    priorities=(
        Priorities(4, split(25, 20, 15, 35, 5), 14, 30, ("Reports on time", "Fortnightly 1-to-1s")),
        Priorities(200, split(22, 18, 15, 40, 5), 10, 30, ("More 1-to-1s", "Tasks by passion")),
    ),
    vacation_week=30,
)
STYLES = (HENRIK, CAMILLA, JAMES)
