"""Commands on the coaching loop: an employee's requests and the actions agreed with them."""

from __future__ import annotations

from uuid import UUID, uuid4

from journal.commands.people import PeopleCommands
from journal.domain.actions import AgreedActions
from journal.domain.requests import EmployeeRequests
from journal.errors import DomainError


class LoopCommands(PeopleCommands):
    """Ask for coaching, answer a request, tick or drop an agreed action."""

    def ask_for_coaching(
        self, employee_id: UUID, kind: str, note: str = "", *, recorded_by: UUID
    ) -> UUID:
        """The employee asks their leader for a 1-to-1, walk-and-talk, training or
        team-building; the note is shared with the leader."""
        employee = self.person(employee_id, "employee_id", role="employee")
        employee.check_active("employee_id")
        stream = self.load_if_any(EmployeeRequests, EmployeeRequests.create_id(employee_id))
        stream = stream or EmployeeRequests(employee_id=employee_id, recorded_by=recorded_by)
        request_id = uuid4()
        stream.ask(request_id, kind, note, self.leader_of(employee), recorded_by=recorded_by)
        self.save(stream)
        return request_id

    def decline_request(
        self, employee_id: UUID, request_id: UUID, reason: str, *, recorded_by: UUID
    ) -> None:
        """The leader declines an open request, with a reason the employee sees."""
        stream = self.requests_of(employee_id)
        stream.decline(request_id, reason, recorded_by=recorded_by)
        self.save(stream)

    def withdraw_request(self, employee_id: UUID, request_id: UUID, *, recorded_by: UUID) -> None:
        """The employee takes back an open request."""
        stream = self.requests_of(employee_id)
        stream.withdraw(request_id, recorded_by=recorded_by)
        self.save(stream)

    def tick_action(self, interaction_id: UUID, action_id: UUID, *, recorded_by: UUID) -> None:
        """Tick an action agreed in the interaction off: done."""
        actions = self.agreed_actions(interaction_id)
        actions.tick(action_id, recorded_by=recorded_by)
        self.save(actions)

    def drop_action(
        self, interaction_id: UUID, action_id: UUID, reason: str, *, recorded_by: UUID
    ) -> None:
        """Drop an action agreed in the interaction, saying why."""
        actions = self.agreed_actions(interaction_id)
        actions.drop(action_id, reason, recorded_by=recorded_by)
        self.save(actions)

    def close_actions(
        self,
        closing: list[tuple[UUID, UUID]],
        *,
        reason: str | None = None,
        recorded_by: UUID,
    ) -> int:
        """Close several agreed actions at once, each given as (interaction, action): ticked
        off, or dropped when there is a ``reason``. All of them or none are closed."""
        if not closing:
            raise DomainError("action_ids", "choose one or more actions")
        lists: dict[UUID, AgreedActions] = {}
        for interaction_id, action_id in closing:
            if interaction_id not in lists:
                lists[interaction_id] = self.agreed_actions(interaction_id)
            if reason is None:
                lists[interaction_id].tick(action_id, recorded_by=recorded_by)
            else:
                lists[interaction_id].drop(action_id, reason, recorded_by=recorded_by)
        self.save(*lists.values())
        return len(closing)

    def requests_of(self, employee_id: UUID) -> EmployeeRequests:
        """The employee's requests; DomainError if they never asked."""
        stream = self.load_if_any(EmployeeRequests, EmployeeRequests.create_id(employee_id))
        if stream is None:
            raise DomainError("request_id", "no such request")
        return stream

    def agreed_actions(self, interaction_id: UUID) -> AgreedActions:
        """The actions agreed in an interaction; DomainError if none were."""
        stream = self.load_if_any(AgreedActions, AgreedActions.create_id(interaction_id))
        if stream is None:
            raise DomainError("action_id", "no such agreed action")
        return stream
