"""What an interaction changes besides itself (journal/domain/follow_up.py), on the
aggregates alone: it meets the oldest waiting request of its kind, its agreed actions
open a list, a correction carries over to the list, a retraction reopens the request."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from journal import clock
from journal.domain.actions import DONE, DROPPED, OPEN, AgreedActions
from journal.domain.coaching import Interaction
from journal.domain.follow_up import follow_corrected, follow_logged, follow_retracted
from journal.domain.requests import FULFILLED, EmployeeRequests

LEADER, EMPLOYEE = uuid4(), uuid4()


def one_to_one(actions: list[str] | None = None) -> Interaction:
    """A 1-to-1 an hour ago between the leader and the employee."""
    return Interaction.log(
        leader_id=LEADER, employee_id=EMPLOYEE, kind="one_to_one",
        occurred_at=clock.now() - timedelta(hours=1), minutes=30,
        agreed_actions=actions, recorded_by=LEADER,
    )  # fmt: skip


def asked(*kinds: str) -> tuple[EmployeeRequests, list]:
    """The employee's requests, one of each kind in order, and their ids."""
    requests = EmployeeRequests(employee_id=EMPLOYEE, recorded_by=EMPLOYEE)
    ids = [uuid4() for _ in kinds]
    for request_id, kind in zip(ids, kinds, strict=True):
        requests.ask(request_id, kind, str(request_id), LEADER, recorded_by=EMPLOYEE)
    return requests, ids


def test_a_logged_one_to_one_meets_the_oldest_waiting_request_of_its_kind() -> None:
    requests, (walk, first, second) = asked("walk_and_talk", "one_to_one", "one_to_one")
    interaction = one_to_one()

    changed = follow_logged(interaction, requests, recorded_by=LEADER)

    assert changed == [requests]
    assert requests.requests[str(first)]["state"] == FULFILLED
    assert requests.requests[str(second)]["state"] == requests.requests[str(walk)]["state"]


def test_a_logged_interaction_without_requests_or_actions_changes_nothing_else() -> None:
    requests, _ = asked("walk_and_talk")

    assert follow_logged(one_to_one(), requests, recorded_by=LEADER) == []
    assert follow_logged(one_to_one(), None, recorded_by=LEADER) == []


def test_actions_agreed_in_an_interaction_open_its_list() -> None:
    interaction = one_to_one(["Læs guiden", "Ring til kunden"])

    [actions] = follow_logged(interaction, None, recorded_by=LEADER)

    assert isinstance(actions, AgreedActions)
    assert actions.id == AgreedActions.create_id(interaction.id)
    assert sorted(i["text"] for i in actions.items.values()) == ["Læs guiden", "Ring til kunden"]
    assert {i["state"] for i in actions.items.values()} == {OPEN}


def test_a_correction_of_the_actions_keeps_what_was_ticked_and_drops_what_was_removed() -> None:
    interaction = one_to_one(["Læs guiden", "Ring til kunden"])
    [actions] = follow_logged(interaction, None, recorded_by=LEADER)
    assert isinstance(actions, AgreedActions)
    guide = next(
        action for action in actions.open_items() if actions.item(action)["text"] == "Læs guiden"
    )
    actions.tick(guide, recorded_by=EMPLOYEE)
    interaction.correct(
        {"agreed_actions": ["Læs guiden", "Book kurset"]}, "Rettet", recorded_by=LEADER
    )

    follow_corrected(interaction, actions, recorded_by=LEADER)

    states = {i["text"]: i["state"] for i in actions.items.values()}
    assert states == {"Læs guiden": DONE, "Ring til kunden": DROPPED, "Book kurset": OPEN}


def test_a_correction_that_adds_the_first_actions_opens_the_list() -> None:
    interaction = one_to_one()
    interaction.correct({"agreed_actions": ["Book kurset"]}, "Glemt", recorded_by=LEADER)

    actions = follow_corrected(interaction, None, recorded_by=LEADER)

    assert [i["text"] for i in actions.items.values()] == ["Book kurset"]


def test_a_retracted_interaction_reopens_the_request_it_met() -> None:
    requests, (request,) = asked("one_to_one")
    interaction = one_to_one()
    follow_logged(interaction, requests, recorded_by=LEADER)
    interaction.retract("Forkert medarbejder", recorded_by=LEADER)

    assert follow_retracted(interaction, requests, recorded_by=LEADER) == [requests]
    assert requests.open_of_kind("one_to_one") == [request]
    assert follow_retracted(interaction, None, recorded_by=LEADER) == []
