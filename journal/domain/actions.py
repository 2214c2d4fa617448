"""The actions agreed in coaching, as items to tick off; one stream per interaction, so
that two conversations with one employee never wait on each other.

Each action agreed in an interaction becomes an item that the employee or the leader ticks
off, or drops with a reason. An item stays open until then, whatever happens to the meeting
it came from:

- postponed (no next meeting yet): it waits, shown on the next 1-to-1 form and on the
  employee's page;
- corrected: an action the correction adds becomes a new item; an open item whose text the
  correction removes is dropped, with that as its reason (a wrong record, not a closed
  action); items already ticked off or dropped stay as they are;
- retracted: its items stay open (the agreement was made even if the record of the meeting
  was wrong) until someone ticks them off or drops them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from journal.domain import limits
from journal.domain.base import JournalAggregate, check_actor, check_text
from journal.errors import DomainError

OPEN, DONE, DROPPED = "open", "done", "dropped"
#: Who ticks an action off: the employee, the leader, or either of them.
EMPLOYEE, LEADER, BOTH = "employee", "leader", "both"
OWNERS = (EMPLOYEE, LEADER, BOTH)
#: How a line of agreed actions names its owner: "Leader: book the course".
OWNER_WORDS = {
    "employee": EMPLOYEE, "medarbejder": EMPLOYEE, "leader": LEADER, "leder": LEADER,
    "both": BOTH, "begge": BOTH,
}  # fmt: skip
#: An agreed action's states: open until ticked off (done) or dropped.
STATES = (OPEN, DONE, DROPPED)
REMOVED_BY_CORRECTION = "removed from the meeting's record by a correction"
_NAMESPACE = UUID("c2f4b7a0-8e1d-4f5c-9b3a-6d2e1f0a7c44")


class AgreedActions(JournalAggregate):
    """The actions agreed in one interaction, by id."""

    @property
    def data_subject(self) -> UUID:
        """Whose personal data this holds: the employee's."""
        return self.employee_id

    @staticmethod
    def create_id(interaction_id: UUID) -> UUID:
        """The stream's id follows from the interaction's."""
        return uuid5(_NAMESPACE, str(interaction_id))

    class Opened(JournalAggregate.Created):
        """The interaction's first agreed action opened its list."""

        employee_id: UUID
        interaction_id: UUID
        recorded_by: UUID

    @event(Opened)
    def __init__(self, employee_id: UUID, interaction_id: UUID, recorded_by: UUID) -> None:
        self.employee_id = employee_id
        self.interaction_id = interaction_id
        # id (as text: a snapshot keeps keys as text) -> interaction, text, state
        self.items: dict[str, dict[str, Any]] = {}

    def item(self, action_id: UUID) -> dict[str, Any]:
        """One item, or a DomainError naming it."""
        found = self.items.get(str(action_id))
        if found is None:
            raise DomainError("action_id", "no such agreed action")
        return found

    def open_items(self) -> list[UUID]:
        """The open items, oldest first."""
        return [UUID(action_id) for action_id, i in self.items.items() if i["state"] == OPEN]

    # -- agreeing -----------------------------------------------------------------------

    def agree(
        self,
        new_ids: list[UUID],
        interaction_id: UUID,
        leader_id: UUID,
        texts: list[str],
        agreed_at: datetime,
        *,
        recorded_by: UUID,
    ) -> list[UUID]:
        """Items for the actions agreed in an interaction (ids from ``new_ids``)."""
        added = []
        for action_id, line in zip(new_ids, texts, strict=False):
            owner, text = owned(line)
            self._agreed(
                employee_id=self.employee_id,
                action_id=action_id,
                interaction_id=interaction_id,
                leader_id=leader_id,
                text=check_text("agreed_actions", text, max_length=limits.AGREED_ACTION),
                owner=owner,
                agreed_at=agreed_at,
                recorded_by=check_actor(recorded_by),
            )
            added.append(action_id)
        return added

    class Agreed(JournalAggregate.Event):
        """An action agreed in an interaction, now an item to tick off, and whose it is."""

        class_version = 2
        personal_data = ("text",)

        employee_id: UUID
        action_id: UUID
        interaction_id: UUID
        leader_id: UUID
        text: str
        owner: str
        agreed_at: datetime
        recorded_by: UUID

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Actions agreed before owners were named are either's to tick off."""
            state["owner"] = BOTH

    @event(Agreed)
    def _agreed(
        self,
        employee_id: UUID,
        action_id: UUID,
        interaction_id: UUID,
        leader_id: UUID,
        text: str,
        owner: str,
        agreed_at: datetime,
        recorded_by: UUID,
    ) -> None:
        self.items[str(action_id)] = {
            "interaction_id": interaction_id,
            "text": text,
            "state": OPEN,
            "owner": owner,
            "leader_id": str(leader_id),
        }

    def follow_correction(
        self,
        new_ids: list[UUID],
        interaction_id: UUID,
        leader_id: UUID,
        texts: list[str],
        agreed_at: datetime,
        *,
        recorded_by: UUID,
    ) -> None:
        """The interaction's agreed actions were corrected to ``texts``: new ones become
        items, open items no longer among them are dropped with that reason."""
        mine = {
            action_id: item
            for action_id, item in self.items.items()
            if item["interaction_id"] == interaction_id
        }
        for action_id, item in mine.items():
            if item["state"] == OPEN and item["text"] not in {owned(t)[1] for t in texts}:
                self._dropped(
                    employee_id=self.employee_id,
                    action_id=UUID(action_id),
                    reason=REMOVED_BY_CORRECTION,
                    recorded_by=check_actor(recorded_by),
                )
        known = {item["text"] for item in mine.values()}
        fresh = [line for line in texts if owned(line)[1] not in known]
        self.agree(new_ids, interaction_id, leader_id, fresh, agreed_at, recorded_by=recorded_by)

    # -- closing ------------------------------------------------------------------------

    def tick(self, action_id: UUID, *, recorded_by: UUID) -> None:
        """The action's owner ticks an open item off: done (either, if it is both's)."""
        self.check_open(action_id)
        item = self.item(action_id)
        owner = item.get("owner", BOTH)
        if owner == EMPLOYEE and recorded_by != self.employee_id:
            raise DomainError("action_id", "this action is the employee's to tick off")
        if owner == LEADER and str(recorded_by) != item.get("leader_id"):
            raise DomainError("action_id", "this action is the leader's to tick off")
        self._done(
            employee_id=self.employee_id, action_id=action_id, recorded_by=check_actor(recorded_by)
        )

    class Done(JournalAggregate.Event):
        """The agreed action was done."""

        employee_id: UUID
        action_id: UUID
        recorded_by: UUID

    @event(Done)
    def _done(self, employee_id: UUID, action_id: UUID, recorded_by: UUID) -> None:
        self.items[str(action_id)]["state"] = DONE

    def drop(self, action_id: UUID, reason: str, *, recorded_by: UUID) -> None:
        """The employee or the leader drops an open item, saying why."""
        self.check_open(action_id)
        self._dropped(
            employee_id=self.employee_id,
            action_id=action_id,
            reason=check_text("reason", reason, max_length=limits.REASON),
            recorded_by=check_actor(recorded_by),
        )

    class Dropped(JournalAggregate.Event):
        """The agreed action was dropped, and why."""

        personal_data = ("reason",)

        employee_id: UUID
        action_id: UUID
        reason: str
        recorded_by: UUID

    @event(Dropped)
    def _dropped(self, employee_id: UUID, action_id: UUID, reason: str, recorded_by: UUID) -> None:
        self.items[str(action_id)]["state"] = DROPPED

    def check_open(self, action_id: UUID) -> None:
        """Only an open item can be ticked off or dropped."""
        if self.item(action_id)["state"] != OPEN:
            raise DomainError("action_id", "the action is already closed")


def owned(line: str) -> tuple[str, str]:
    """An agreed action's owner and text: "Leader: book the course" is the leader's; a line
    that names no owner is either's."""
    word, colon, rest = line.partition(":")
    owner = OWNER_WORDS.get(word.strip().lower()) if colon else None
    if owner is None or not rest.strip():
        return BOTH, line
    return owner, rest.strip()
