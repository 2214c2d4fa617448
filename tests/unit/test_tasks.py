"""Tasks: their lifecycle, reassignment, priorities and the task board."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import pytest

from journal import clock
from journal.commands import Journal
from journal.errors import DomainError
from journal.projections.timeline import Viewer
from tests.organisation import Org
from tests.unit.support import day, head, register_employee


def assign(journal: Journal, team: Org, employee: UUID | None = None, **fields: Any) -> UUID:
    """Lene assigns a task (to Anna unless told otherwise) on day 1."""
    values: dict[str, Any] = {
        "title": "Test den nye app",
        "passion": "product",
        "due_on": date(2026, 3, 20),
        **fields,
    }
    with clock.frozen_at(day(1)):
        return journal.assign_task(
            leader_id=team.leader, employee_id=employee or team.employee, **values
        )


def board_states(journal: Journal, employee: UUID) -> dict[str, list[tuple[str, str]]]:
    """The employee's board as (title, state) per list."""
    board = journal.read.task_board.for_employee(employee)
    return {
        name: [(t.title, t.state) for t in getattr(board, name)]
        for name in ("open", "completed", "cancelled")
    }


def test_an_assigned_task_is_open_on_the_board_and_on_the_timeline(
    journal: Journal, team: Org
) -> None:
    task = assign(journal, team, description="Find tre fejl", priority=1)

    assert board_states(journal, team.employee) == {
        "open": [("Test den nye app", "assigned")],
        "completed": [],
        "cancelled": [],
    }
    (entry,) = journal.read.timeline.for_employee(team.employee, Viewer("employee", team.employee))
    assert (entry.entry_key, entry.entry_type, entry.kind, entry.state) == (
        str(task),
        "task",
        "product",
        "assigned",
    )
    assert entry.details == {"due_on": "2026-03-20", "priority": 1}


def test_a_task_is_started_then_completed_with_its_outcome(journal: Journal, team: Org) -> None:
    task = assign(journal, team)
    with clock.frozen_at(day(2)):
        journal.start_task(task, recorded_by=team.employee)
    assert board_states(journal, team.employee)["open"] == [("Test den nye app", "started")]

    with clock.frozen_at(day(5)):
        journal.complete_task(task, "Fandt tre fejl", recorded_by=team.employee)

    board = journal.read.task_board.for_employee(team.employee)
    assert board.open == []
    (done,) = board.completed
    assert (done.state, done.outcome, done.closed_at) == ("completed", "Fandt tre fejl", day(5))
    (entry,) = journal.read.timeline.for_employee(team.employee, Viewer("employee", team.employee))
    assert (entry.state, entry.details["outcome"]) == ("completed", "Fandt tre fejl")


def test_a_task_can_be_completed_without_being_started_first(journal: Journal, team: Org) -> None:
    task = assign(journal, team)

    journal.complete_task(task, "Klaret med det samme", recorded_by=team.employee)

    assert board_states(journal, team.employee)["completed"] == [("Test den nye app", "completed")]


def test_a_cancelled_task_is_listed_with_its_reason(journal: Journal, team: Org) -> None:
    task = assign(journal, team)
    with clock.frozen_at(day(2)):
        journal.cancel_task(task, "Appen blev udskudt", recorded_by=team.leader)

    (cancelled,) = journal.read.task_board.for_employee(team.employee).cancelled
    assert (cancelled.state, cancelled.outcome, cancelled.closed_at) == (
        "cancelled",
        "Appen blev udskudt",
        day(2),
    )


def test_a_cancelled_task_cannot_be_completed(journal: Journal, team: Org) -> None:
    task = assign(journal, team)
    journal.cancel_task(task, "Udskudt", recorded_by=team.leader)
    before = head(journal)

    with pytest.raises(DomainError) as error:
        journal.complete_task(task, "Alligevel gjort", recorded_by=team.employee)

    assert error.value.field == "state"
    assert head(journal) == before
    assert board_states(journal, team.employee)["completed"] == []


def test_a_completed_task_cannot_be_started_again(journal: Journal, team: Org) -> None:
    task = assign(journal, team)
    journal.complete_task(task, "Færdig", recorded_by=team.employee)

    with pytest.raises(DomainError) as error:
        journal.start_task(task, recorded_by=team.employee)

    assert error.value.field == "state"
    assert board_states(journal, team.employee)["completed"] == [("Test den nye app", "completed")]


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("start", "start"),
        ("complete", "cancel"),
        ("complete", "complete"),
        ("cancel", "cancel"),
        ("cancel", "start"),
    ],
)
def test_a_task_moves_only_forward_through_its_lifecycle(
    journal: Journal, team: Org, first: str, then: str
) -> None:
    task = assign(journal, team)
    actions = {
        "start": lambda: journal.start_task(task, recorded_by=team.employee),
        "complete": lambda: journal.complete_task(task, "Færdig", recorded_by=team.employee),
        "cancel": lambda: journal.cancel_task(task, "Udskudt", recorded_by=team.leader),
    }
    actions[first]()

    with pytest.raises(DomainError) as error:
        actions[then]()

    assert error.value.field == "state"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"passion": "money"}, "passion"),
        ({"due_on": "2026-03-20"}, "due_on"),
        ({"priority": 4}, "priority"),
        ({"priority": 0}, "priority"),
    ],
)
def test_an_assignment_needs_a_title_a_passion_a_due_date_and_a_priority(
    journal: Journal, team: Org, fields: dict, field: str
) -> None:
    with pytest.raises(DomainError) as error:
        assign(journal, team, **fields)

    assert error.value.field == field
    assert journal.read.task_board.for_employee(team.employee).open == []


def test_a_leader_cannot_assign_a_task_outside_their_team(journal: Journal, team: Org) -> None:
    outsider = register_employee(journal, team.other_leader, "Carl Cort")

    with pytest.raises(DomainError) as error:
        assign(journal, team, outsider)

    assert error.value.field == "employee_id"
    assert journal.read.task_board.for_employee(outsider).open == []


def test_a_task_can_be_reassigned_to_a_colleague_in_the_same_team(
    journal: Journal, team: Org
) -> None:
    task = assign(journal, team)
    journal.start_task(task, recorded_by=team.employee)
    with clock.frozen_at(day(2)):
        journal.reassign_task(task, team.colleague, recorded_by=team.leader)

    assert board_states(journal, team.employee)["open"] == []
    # The new owner starts afresh.
    assert board_states(journal, team.colleague)["open"] == [("Test den nye app", "assigned")]
    assert (
        journal.read.timeline.for_employee(team.employee, Viewer("employee", team.employee)) == []
    )
    (entry,) = journal.read.timeline.for_employee(
        team.colleague, Viewer("employee", team.colleague)
    )
    assert (entry.entry_key, entry.state) == (str(task), "assigned")
    assert journal.read.task_board.open_counts(team.leader) == {team.colleague: 1}


def test_a_task_cannot_be_reassigned_outside_the_team(journal: Journal, team: Org) -> None:
    outsider = register_employee(journal, team.other_leader, "Carl Cort")
    task = assign(journal, team)
    before = head(journal)

    with pytest.raises(DomainError) as error:
        journal.reassign_task(task, outsider, recorded_by=team.leader)

    assert error.value.field == "employee_id"
    assert head(journal) == before
    assert board_states(journal, team.employee)["open"] == [("Test den nye app", "assigned")]
    assert journal.read.task_board.for_employee(outsider).open == []


def test_a_task_cannot_be_reassigned_to_its_owner_or_once_closed(
    journal: Journal, team: Org
) -> None:
    task = assign(journal, team)
    with pytest.raises(DomainError) as same:
        journal.reassign_task(task, team.employee, recorded_by=team.leader)
    journal.complete_task(task, "Færdig", recorded_by=team.employee)
    with pytest.raises(DomainError) as closed:
        journal.reassign_task(task, team.colleague, recorded_by=team.leader)

    assert same.value.field == "employee_id"
    assert closed.value.field == "state"
    assert board_states(journal, team.colleague)["open"] == []


def test_open_tasks_are_listed_by_priority_then_due_date(journal: Journal, team: Org) -> None:
    later = assign(journal, team, title="Senere", due_on=date(2026, 4, 1))
    assign(journal, team, title="Snart", due_on=date(2026, 3, 10))
    assign(journal, team, title="Vigtigt", due_on=date(2026, 5, 1), priority=1)
    assert [t for t, _ in board_states(journal, team.employee)["open"]] == [
        "Vigtigt",
        "Snart",
        "Senere",
    ]

    journal.change_task_priority(later, 1, recorded_by=team.leader)

    assert [t for t, _ in board_states(journal, team.employee)["open"]] == [
        "Senere",
        "Vigtigt",
        "Snart",
    ]
    entries = journal.read.timeline.for_employee(
        team.employee, Viewer("employee", team.employee), entry_types=["task"]
    )
    assert {e.title: e.details["priority"] for e in entries} == {
        "Senere": 1,
        "Snart": 2,
        "Vigtigt": 1,
    }


@pytest.mark.parametrize("priority", [2, 0, 4, "1", True])
def test_a_priority_change_must_be_to_another_of_high_normal_or_low(
    journal: Journal, team: Org, priority: object
) -> None:
    task = assign(journal, team)  # priority 2

    with pytest.raises(DomainError) as error:
        journal.change_task_priority(task, priority, recorded_by=team.leader)

    assert error.value.field == "priority"
    assert journal.read.task_board.for_employee(team.employee).open[0].priority == 2


def test_a_closed_tasks_priority_cannot_change(journal: Journal, team: Org) -> None:
    task = assign(journal, team)
    journal.cancel_task(task, "Udskudt", recorded_by=team.leader)

    with pytest.raises(DomainError) as error:
        journal.change_task_priority(task, 1, recorded_by=team.leader)

    assert error.value.field == "state"


def test_the_passion_match_is_the_share_of_open_and_completed_tasks_serving_a_passion(
    journal: Journal, team: Org
) -> None:
    journal.set_passions(team.employee, ["product"], recorded_by=team.leader)
    assign(journal, team, title="Test appen", passion="product")
    assign(journal, team, title="Ring til kunder", passion="customers")
    done = assign(journal, team, title="Skriv guide", passion="product")
    dropped = assign(journal, team, title="Planlæg fest", passion="colleagues")
    journal.complete_task(done, "Skrevet", recorded_by=team.employee)
    journal.cancel_task(dropped, "Aflyst", recorded_by=team.leader)

    board = journal.read.task_board.for_employee(team.employee)
    assert board.passions == ["product"]
    assert board.passion_match == 0.667  # two of three; the cancelled task does not count

    journal.set_passions(team.employee, ["customers", "product"], recorded_by=team.leader)

    assert journal.read.task_board.for_employee(team.employee).passion_match == 1.0


def test_without_tasks_there_is_no_passion_match(journal: Journal, team: Org) -> None:
    journal.set_passions(team.employee, ["product"], recorded_by=team.leader)

    assert journal.read.task_board.for_employee(team.employee).passion_match is None


def test_the_leader_sees_how_many_open_tasks_each_employee_has(journal: Journal, team: Org) -> None:
    assign(journal, team)
    assign(journal, team, title="Ring til kunder", passion="customers")
    finished = assign(journal, team, team.colleague)
    journal.complete_task(finished, "Færdig", recorded_by=team.colleague)
    assign(journal, team, team.colleague, title="Lær det nye system", passion="self")

    assert journal.read.task_board.open_counts(team.leader) == {team.employee: 2, team.colleague: 1}
    assert journal.read.task_board.open_counts(team.other_leader) == {}
