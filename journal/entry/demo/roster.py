"""The demo's leaders, employees and open tasks as the simulation keeps track of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from journal.entry.demo.styles import Style

DOMAIN = "kundeservice.example"
ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "'": ""})  # for email addresses


def email_for(name: str) -> str:
    """mette.norgaard@kundeservice.example for Mette Nørgaard."""
    folded = name.lower().translate(ASCII)
    return ".".join(part.strip(".") for part in folded.split()) + f"@{DOMAIN}"


@dataclass(frozen=True)
class Booking:
    """A meeting in a leader's own calendar (times in UTC)."""

    uid: str
    title: str
    start: datetime
    minutes: int
    attendees: tuple[str, ...]  # the team members' addresses


@dataclass
class Leader:
    """A leader as the simulation knows them."""

    style: Style
    person_id: UUID
    email: str
    next_training: int = 20
    next_team_day: int = 40
    #: The conversations held each day of the year (day -> kind, start, minutes, with whom).
    sessions: dict[int, list[tuple[str, datetime, int, Employee]]] = field(default_factory=dict)
    #: The leader's own calendar, when they keep one the journal imports.
    bookings: list[Booking] = field(default_factory=list)


@dataclass
class Employee:
    """An employee as the simulation knows them."""

    person_id: UUID
    name: str
    email: str
    language: str
    leader: Leader
    talent: int
    skill: float
    passions: list[str] = field(default_factory=list)
    due: dict[str, int] = field(default_factory=dict)
    active: bool = True

    @property
    def first(self) -> str:
        """The first name, as customers and notes use it."""
        return self.name.split()[0]


@dataclass
class OpenTask:
    """A task not yet completed or cancelled."""

    leader: Leader
    employee: Employee
    state: str
    priority: int
    language: str
