"""What an employee asks their leader for: a 1-to-1, a walk-and-talk, training or
team-building; one stream per employee.

The founding article tells employees who feel forgotten to propose it themselves. A
request stays open until the leader logs an interaction of that kind with the employee
(which fulfils their oldest open request of that kind), declines it with a reason the
employee sees, or the employee withdraws it. Retracting the interaction that fulfilled a
request opens the request again: the meeting it pointed to is no longer on record.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from journal.domain import limits
from journal.domain.base import JournalAggregate, check_actor, check_choice, check_text
from journal.errors import DomainError

#: What an employee can ask for (the article's list).
REQUESTABLE = ("one_to_one", "walk_and_talk", "training", "team_building")
OPEN, FULFILLED, DECLINED, WITHDRAWN = "open", "fulfilled", "declined", "withdrawn"
#: A request's states: open until fulfilled by an interaction, declined or withdrawn.
STATES = (OPEN, FULFILLED, DECLINED, WITHDRAWN)
_NAMESPACE = UUID("5f0e0c57-9a56-4c1e-bd8e-7a0f5d3a9b21")


class EmployeeRequests(JournalAggregate):
    """One employee's requests to their leader, by id."""

    @property
    def data_subject(self) -> UUID:
        """Whose personal data this holds: the employee's."""
        return self.employee_id

    @staticmethod
    def create_id(employee_id: UUID) -> UUID:
        """The stream's id follows from the employee's."""
        return uuid5(_NAMESPACE, str(employee_id))

    class Opened(JournalAggregate.Created):
        """The employee's first request opened the stream."""

        employee_id: UUID
        recorded_by: UUID

    @event(Opened)
    def __init__(self, employee_id: UUID, recorded_by: UUID) -> None:
        self.employee_id = employee_id
        # id (as text: a snapshot keeps keys as text) -> kind, state, interaction
        self.requests: dict[str, dict[str, Any]] = {}

    def open_of_kind(self, kind: str) -> list[UUID]:
        """The open requests of ``kind``, oldest first."""
        return [
            UUID(request_id)
            for request_id, request in self.requests.items()
            if request["kind"] == kind and request["state"] == OPEN
        ]

    def request(self, request_id: UUID) -> dict[str, Any]:
        """One request, or a DomainError naming it."""
        found = self.requests.get(str(request_id))
        if found is None:
            raise DomainError("request_id", "no such request")
        return found

    # -- asking -------------------------------------------------------------------------

    def ask(
        self, request_id: UUID, kind: str, note: str, leader_id: UUID, *, recorded_by: UUID
    ) -> None:
        """The employee asks for a kind of coaching, with an optional note for the leader."""
        kind = check_choice("kind", kind, REQUESTABLE)
        note = check_text("note", note, max_length=limits.REQUEST_NOTE, required=False)
        if any(
            request["kind"] == kind and request["state"] == OPEN and request.get("note") == note
            for request in self.requests.values()
        ):
            raise DomainError(
                "kind", "you have asked for this already; it waits for your leader's answer"
            )
        if len(self.open_of_kind(kind)) >= limits.OPEN_REQUESTS:
            raise DomainError(
                "kind",
                "you already have %(open_requests)s open requests of this kind; "
                "wait for your leader's answer or withdraw one",
                open_requests=limits.OPEN_REQUESTS,
            )
        self._asked(
            employee_id=self.employee_id,
            request_id=request_id,
            leader_id=leader_id,
            kind=kind,
            note=note,
            recorded_by=check_actor(recorded_by),
        )

    class Asked(JournalAggregate.Event):
        """The employee asked for a 1-to-1, a walk-and-talk, training or team-building."""

        personal_data = ("note",)

        employee_id: UUID
        request_id: UUID
        leader_id: UUID  # the employee's leader when they asked
        kind: str
        note: str
        recorded_by: UUID

    @event(Asked)
    def _asked(
        self,
        employee_id: UUID,
        request_id: UUID,
        leader_id: UUID,
        kind: str,
        note: str,
        recorded_by: UUID,
    ) -> None:
        self.requests[str(request_id)] = {
            "kind": kind, "state": OPEN, "interaction_id": None, "note": note,
        }  # fmt: skip

    # -- answers ------------------------------------------------------------------------

    def fulfil_oldest(self, kind: str, interaction_id: UUID, *, recorded_by: UUID) -> UUID | None:
        """An interaction of ``kind`` was logged: it fulfils the oldest open request of that
        kind, if there is one (returned)."""
        waiting = self.open_of_kind(kind)
        if not waiting:
            return None
        self._fulfilled(
            employee_id=self.employee_id,
            request_id=waiting[0],
            interaction_id=interaction_id,
            recorded_by=check_actor(recorded_by),
        )
        return waiting[0]

    class Fulfilled(JournalAggregate.Event):
        """An interaction of the kind asked for was logged with the employee."""

        employee_id: UUID
        request_id: UUID
        interaction_id: UUID
        recorded_by: UUID

    @event(Fulfilled)
    def _fulfilled(
        self, employee_id: UUID, request_id: UUID, interaction_id: UUID, recorded_by: UUID
    ) -> None:
        self.requests[str(request_id)].update(state=FULFILLED, interaction_id=interaction_id)

    def decline(self, request_id: UUID, reason: str, *, recorded_by: UUID) -> None:
        """The leader declines an open request, with a reason the employee sees."""
        self.check_open(request_id)
        self._declined(
            employee_id=self.employee_id,
            request_id=request_id,
            reason=check_text("reason", reason, max_length=limits.REASON),
            recorded_by=check_actor(recorded_by),
        )

    class Declined(JournalAggregate.Event):
        """The leader declined the request and said why (the employee sees the reason)."""

        personal_data = ("reason",)

        employee_id: UUID
        request_id: UUID
        reason: str
        recorded_by: UUID

    @event(Declined)
    def _declined(
        self, employee_id: UUID, request_id: UUID, reason: str, recorded_by: UUID
    ) -> None:
        self.requests[str(request_id)]["state"] = DECLINED

    def withdraw(self, request_id: UUID, *, recorded_by: UUID) -> None:
        """The employee takes back an open request."""
        self.check_open(request_id)
        self._withdrawn(
            employee_id=self.employee_id,
            request_id=request_id,
            recorded_by=check_actor(recorded_by),
        )

    class Withdrawn(JournalAggregate.Event):
        """The employee took the request back."""

        employee_id: UUID
        request_id: UUID
        recorded_by: UUID

    @event(Withdrawn)
    def _withdrawn(self, employee_id: UUID, request_id: UUID, recorded_by: UUID) -> None:
        self.requests[str(request_id)]["state"] = WITHDRAWN

    def reopen_fulfilled_by(self, interaction_id: UUID, *, recorded_by: UUID) -> UUID | None:
        """The interaction that fulfilled a request was retracted: the request is open
        again (returned, if there was one)."""
        for request_id, request in self.requests.items():
            if request["state"] == FULFILLED and request["interaction_id"] == interaction_id:
                self._reopened(
                    employee_id=self.employee_id,
                    request_id=UUID(request_id),
                    interaction_id=interaction_id,
                    recorded_by=check_actor(recorded_by),
                )
                return UUID(request_id)
        return None

    class Reopened(JournalAggregate.Event):
        """The interaction that fulfilled the request was retracted; it is open again."""

        employee_id: UUID
        request_id: UUID
        interaction_id: UUID
        recorded_by: UUID

    @event(Reopened)
    def _reopened(
        self, employee_id: UUID, request_id: UUID, interaction_id: UUID, recorded_by: UUID
    ) -> None:
        self.requests[str(request_id)].update(state=OPEN, interaction_id=None)

    def check_open(self, request_id: UUID) -> None:
        """Only an open request can be answered or withdrawn."""
        if self.request(request_id)["state"] != OPEN:
            raise DomainError("request_id", "the request is no longer open")
