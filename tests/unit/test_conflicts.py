"""Two writers changing the same record: the second loses, cleanly, and may retry."""

from __future__ import annotations

from datetime import date

import pytest

from journal import clock
from journal.commands import Journal
from journal.errors import ConflictError
from journal.projections.timeline import Viewer
from tests.organisation import Org
from tests.unit.support import all_rows, day, head, log_one_to_one


def test_the_second_of_two_concurrent_changes_is_refused_and_writes_nothing(
    journal: Journal, team: Org
) -> None:
    first = journal.repository.get(team.employee)
    second = journal.repository.get(team.employee)
    first.set_passions(["customers"], recorded_by=team.leader)
    second.set_passions(["product"], recorded_by=team.other_leader)
    journal.save(first)
    position, rows = head(journal), all_rows(journal)

    with pytest.raises(ConflictError) as error:
        journal.save(second)

    assert error.value.field == "version"
    assert head(journal) == position
    assert all_rows(journal) == rows
    assert journal.read.people.get(team.employee).passions == ["customers"]
    assert journal.repository.get(team.employee).passions == ["customers"]


def test_a_losing_writer_with_several_changes_writes_none_of_them(
    journal: Journal, team: Org
) -> None:
    logged = log_one_to_one(journal, team.leader, team.employee, at=day(1), shared_notes="Godt")
    mine = journal.repository.get(logged)
    theirs = journal.repository.get(logged)
    with clock.frozen_at(day(2)):
        mine.correct({"shared_notes": "Rigtig godt"}, "Stavefejl", recorded_by=team.leader)
        theirs.correct({"minutes": 45}, "Længere", recorded_by=team.leader)
        theirs.retract("Dobbelt", recorded_by=team.leader)
    journal.save(mine)
    position = head(journal)

    with pytest.raises(ConflictError):
        journal.save(theirs)

    assert head(journal) == position
    (entry,) = journal.read.timeline.for_employee(team.employee, Viewer("auditor"))
    assert (entry.shared_notes, entry.state, entry.details["minutes"]) == (
        "Rigtig godt",
        "recorded",
        30,
    )


def test_records_saved_together_are_all_refused_when_one_of_them_conflicts(
    journal: Journal, team: Org
) -> None:
    with clock.frozen_at(day(1)):
        task = journal.assign_task(
            leader_id=team.leader,
            employee_id=team.colleague,
            title="Lær systemet",
            passion="self",
            due_on=date(2026, 3, 20),
        )
    stale = journal.repository.get(team.employee)
    journal.set_passions(team.employee, ["customers"], recorded_by=team.leader)
    fresh_task = journal.repository.get(task)
    fresh_task.start(recorded_by=team.colleague)
    stale.set_passions(["product"], recorded_by=team.leader)
    position = head(journal)

    with pytest.raises(ConflictError):
        journal.save(fresh_task, stale)

    assert head(journal) == position
    assert [t.state for t in journal.read.task_board.for_employee(team.colleague).open] == [
        "assigned"
    ]
    assert journal.repository.get(task).state == "assigned"


def test_the_loser_can_reload_and_try_again(journal: Journal, team: Org) -> None:
    first = journal.repository.get(team.employee)
    second = journal.repository.get(team.employee)
    first.set_passions(["customers"], recorded_by=team.leader)
    second.set_passions(["product"], recorded_by=team.leader)
    journal.save(first)
    with pytest.raises(ConflictError):
        journal.save(second)

    journal.set_passions(team.employee, ["product"], recorded_by=team.leader)

    assert journal.read.people.get(team.employee).passions == ["product"]
