"""What the timeline hands its readers: an entry, and who is looking (which decides
whether private notes are shown). journal/projections/timeline.py fills and reads them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class Viewer:
    """Who is looking: decides whether private notes are shown."""

    role: str
    person_id: UUID | None = None

    def sees_private_notes_of(self, leader_id: UUID | None) -> bool:
        """Auditors see every private note; a leader sees only their own."""
        if self.role == "auditor":
            return True
        return self.role == "leader" and leader_id is not None and leader_id == self.person_id


@dataclass(frozen=True)
class TimelineEntry:
    """One item on an employee's timeline."""

    entry_key: str
    employee_id: UUID
    entry_type: str
    kind: str
    occurred_at: datetime
    leader_id: UUID | None
    title: str
    shared_notes: str
    private_notes: str | None
    agreed_actions: list[str]
    score: int | None
    state: str
    details: dict[str, Any] = field(default_factory=dict)
    recorded_at: datetime | None = None
    recorded_by: UUID | None = None

    @classmethod
    def seen_by(cls, values: dict[str, Any], viewer: Viewer) -> TimelineEntry:
        """A stored row as ``viewer`` gets it: without private notes not theirs to read."""
        if not viewer.sees_private_notes_of(values["leader_id"]):
            values = {**values, "private_notes": None}
        return cls(**values)
