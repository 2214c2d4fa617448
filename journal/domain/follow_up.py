"""What a coaching interaction changes besides itself: the loop between a leader's
conversations, their employee's requests and the actions they agree.

- A logged interaction meets the employee's oldest open request of its kind, and the
  actions agreed in it open the interaction's list of agreed actions.
- A correction of the agreed actions carries over to that list (new ones added, removed
  ones dropped, ticked ones kept).
- A retracted interaction reopens the request it met.
- A group session does the same for each participant's requests (it agrees no actions).

Each function takes the aggregates involved and returns those it changed, for the
command to save together with the interaction: all of them or none.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from journal.domain.actions import AgreedActions
from journal.domain.base import JournalAggregate
from journal.domain.coaching import Interaction
from journal.domain.group_sessions import GroupSession
from journal.domain.requests import EmployeeRequests


def follow_logged(
    interaction: Interaction, requests: EmployeeRequests | None, *, recorded_by: UUID
) -> list[JournalAggregate]:
    """The employee's requests (if one was met) and the new list of agreed actions (if
    any were agreed) that a newly logged interaction changes."""
    changed: list[JournalAggregate] = []
    if requests is not None and requests.fulfil_oldest(
        interaction.kind, interaction.id, recorded_by=recorded_by
    ):
        changed.append(requests)
    if interaction.agreed_actions:
        actions = opened_list(interaction, recorded_by)
        actions.agree(*agreed(interaction), recorded_by=recorded_by)
        changed.append(actions)
    return changed


def follow_corrected(
    interaction: Interaction, actions: AgreedActions | None, *, recorded_by: UUID
) -> AgreedActions:
    """The interaction's agreed actions after a correction of them, the list opened if the
    interaction had none before."""
    actions = actions or opened_list(interaction, recorded_by)
    actions.follow_correction(*agreed(interaction), recorded_by=recorded_by)
    return actions


def follow_retracted(
    interaction: Interaction, requests: EmployeeRequests | None, *, recorded_by: UUID
) -> list[JournalAggregate]:
    """The employee's requests, if the retracted interaction had met one: open again."""
    if requests is not None and requests.reopen_fulfilled_by(
        interaction.id, recorded_by=recorded_by
    ):
        return [requests]
    return []


def opened_list(interaction: Interaction, recorded_by: UUID) -> AgreedActions:
    """A new list for the actions agreed in ``interaction``."""
    return AgreedActions(
        employee_id=interaction.employee_id, interaction_id=interaction.id,
        recorded_by=recorded_by,
    )  # fmt: skip


def agreed(interaction: Interaction) -> tuple[list[UUID], UUID, UUID, list[str], datetime]:
    """What the list takes of the interaction: a new id per action, the interaction, its
    leader, the actions' texts and when they were agreed."""
    return (
        [uuid4() for _ in interaction.agreed_actions], interaction.id,
        interaction.leader_id, list(interaction.agreed_actions), interaction.occurred_at,
    )  # fmt: skip


def follow_group_logged(
    session: GroupSession, requests: list[EmployeeRequests], *, recorded_by: UUID
) -> list[JournalAggregate]:
    """Each participant's requests in which the session met the oldest open one of its kind."""
    return [
        r for r in requests if r.fulfil_oldest(session.kind, session.id, recorded_by=recorded_by)
    ]


def follow_group_retracted(
    session: GroupSession, requests: list[EmployeeRequests], *, recorded_by: UUID
) -> list[JournalAggregate]:
    """Each participant's requests that the retracted session had met: open again."""
    return [r for r in requests if r.reopen_fulfilled_by(session.id, recorded_by=recorded_by)]
