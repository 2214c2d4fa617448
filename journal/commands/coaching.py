"""Commands on coaching interactions: log, correct, retract, and reads of private notes."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from journal.commands.people import PeopleCommands
from journal.domain.access import NotesAccess
from journal.domain.actions import AgreedActions
from journal.domain.coaching import Interaction
from journal.domain.follow_up import (
    follow_corrected,
    follow_group_logged,
    follow_group_retracted,
    follow_logged,
    follow_retracted,
)
from journal.domain.group_sessions import GroupSession, check_participants
from journal.domain.requests import EmployeeRequests
from journal.errors import NotFoundError


class CoachingCommands(PeopleCommands):
    """A leader's conversations with their team, and who read the private notes."""

    def log_interaction(
        self,
        *,
        leader_id: UUID,
        employee_id: UUID,
        kind: str,
        occurred_at: datetime,
        minutes: int,
        shared_notes: str = "",
        private_notes: str = "",
        agreed_actions: list[str] | None = None,
        recorded_by: UUID | None = None,
    ) -> UUID:
        """Log a coaching interaction between a leader and an employee in their team; it
        meets a waiting request and opens its agreed actions (journal/domain/follow_up.py)."""
        self.team_member(leader_id, employee_id)
        interaction = Interaction.log(
            leader_id=leader_id,
            employee_id=employee_id,
            kind=kind,
            occurred_at=occurred_at,
            minutes=minutes,
            shared_notes=shared_notes,
            private_notes=private_notes,
            agreed_actions=agreed_actions,
            recorded_by=recorded_by or leader_id,
        )
        requests = self.load_if_any(EmployeeRequests, EmployeeRequests.create_id(employee_id))
        changed = follow_logged(interaction, requests, recorded_by=recorded_by or leader_id)
        self.save(interaction, *changed)
        return interaction.id

    def correct_interaction(
        self, interaction_id: UUID, changes: dict[str, Any], reason: str, *, recorded_by: UUID
    ) -> None:
        """Correct some fields of an interaction, saying why; corrected agreed actions
        carry over to the employee's list."""
        interaction = self.load(Interaction, interaction_id, "interaction_id")
        interaction.correct(changes, reason, recorded_by=recorded_by)
        if "agreed_actions" not in changes:
            self.save(interaction)
            return
        actions = self.load_if_any(AgreedActions, AgreedActions.create_id(interaction.id))
        self.save(interaction, follow_corrected(interaction, actions, recorded_by=recorded_by))

    def retract_interaction(self, interaction_id: UUID, reason: str, *, recorded_by: UUID) -> None:
        """Withdraw an interaction, saying why; a request it met is open again."""
        interaction = self.load(Interaction, interaction_id, "interaction_id")
        interaction.retract(reason, recorded_by=recorded_by)
        requests = self.load_if_any(
            EmployeeRequests, EmployeeRequests.create_id(interaction.employee_id)
        )
        changed = follow_retracted(interaction, requests, recorded_by=recorded_by)
        self.save(interaction, *changed)

    def log_group_session(
        self,
        *,
        leader_id: UUID,
        employee_ids: list[UUID],
        kind: str,
        occurred_at: datetime,
        minutes: int,
        shared_notes: str = "",
        recorded_by: UUID | None = None,
    ) -> UUID:
        """Log one training or team-building with several employees of the leader's team;
        it meets each participant's oldest open request of its kind."""
        for employee_id in check_participants(employee_ids):
            self.team_member(leader_id, employee_id)
        session = GroupSession.log(
            leader_id=leader_id, employee_ids=employee_ids, kind=kind, occurred_at=occurred_at,
            minutes=minutes, shared_notes=shared_notes, recorded_by=recorded_by or leader_id,
        )  # fmt: skip
        changed = follow_group_logged(
            session, self._requests_of(session), recorded_by=recorded_by or leader_id
        )
        self.save(session, *changed)
        return session.id

    def correct_group_session(
        self, session_id: UUID, changes: dict[str, Any], reason: str, *, recorded_by: UUID
    ) -> None:
        """Correct some fields of a group session, saying why."""
        session = self.load(GroupSession, session_id, "session_id")
        session.correct(changes, reason, recorded_by=recorded_by)
        self.save(session)

    def retract_group_session(self, session_id: UUID, reason: str, *, recorded_by: UUID) -> None:
        """Withdraw a group session, saying why; the requests it met are open again."""
        session = self.load(GroupSession, session_id, "session_id")
        session.retract(reason, recorded_by=recorded_by)
        changed = follow_group_retracted(
            session, self._requests_of(session), recorded_by=recorded_by
        )
        self.save(session, *changed)

    def group_session(self, session_id: UUID) -> GroupSession | None:
        """A group session as it stands, or None if there is none with that id."""
        try:
            return self.load(GroupSession, session_id, "session_id")
        except NotFoundError:
            return None

    def _requests_of(self, session: GroupSession) -> list[EmployeeRequests]:
        """The participants' requests, of those who have any."""
        found = (
            self.load_if_any(EmployeeRequests, EmployeeRequests.create_id(employee_id))
            for employee_id in session.employee_ids
        )
        return [requests for requests in found if requests is not None]

    def record_notes_read(
        self, *, reader_id: UUID, employee_id: UUID, context: str, purpose: str = ""
    ) -> UUID:
        """Record that someone read private notes about an employee that were not theirs."""
        access = NotesAccess.record(
            reader_id=reader_id, employee_id=employee_id, context=context, purpose=purpose
        )
        self.save(access)
        return access.id
