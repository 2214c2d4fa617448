"""The auditor's questions: any record at a past moment, the log, and what changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

import pytest

from journal import clock
from journal.commands import Journal
from journal.domain.leadership import DEFAULT_SPLIT
from journal.errors import NotFoundError
from tests.organisation import T0, Org
from tests.unit.support import day, give_feedback, log_one_to_one

COACHING_SPLIT = {"planning": 10, "reporting": 5, "follow_up": 15, "people": 60, "other": 10}


def shared_notes_known_at(journal: Journal, employee: UUID, moment) -> list[str]:
    """The shared notes of the employee's interactions as the journal knew them then."""
    return [
        i["shared_notes"] for i in journal.history.employee(employee, known_at=moment).interactions
    ]


def test_before_a_correction_the_old_note_is_known_and_after_it_the_new_one(
    journal: Journal, team: Org
) -> None:
    logged = log_one_to_one(
        journal, team.leader, team.employee, at=day(1), shared_notes="Godt møde"
    )
    with clock.frozen_at(day(2)):
        journal.correct_interaction(
            logged, {"shared_notes": "Rigtig godt møde"}, "Stavefejl", recorded_by=team.leader
        )

    assert shared_notes_known_at(journal, team.employee, day(1, hours=12)) == ["Godt møde"]
    assert shared_notes_known_at(journal, team.employee, day(2)) == ["Rigtig godt møde"]
    assert shared_notes_known_at(journal, team.employee, day(3)) == ["Rigtig godt møde"]
    assert shared_notes_known_at(journal, team.employee, day(1)) == []  # recorded at day 1, 10:00


def test_a_retraction_shows_only_from_the_moment_it_was_recorded(
    journal: Journal, team: Org
) -> None:
    logged = log_one_to_one(journal, team.leader, team.employee, at=day(1))
    with clock.frozen_at(day(2)):
        journal.retract_interaction(logged, "Forkert medarbejder", recorded_by=team.leader)

    before = journal.history.employee(team.employee, known_at=day(1, hours=12)).interactions
    after = journal.history.employee(team.employee, known_at=day(3)).interactions

    assert [(i["is_retracted"], i["retraction_reason"]) for i in before] == [(False, "")]
    assert [(i["is_retracted"], i["retraction_reason"]) for i in after] == [
        (True, "Forkert medarbejder")
    ]


def test_as_of_leaves_out_interactions_that_happened_later(journal: Journal, team: Org) -> None:
    early = log_one_to_one(journal, team.leader, team.employee, at=day(1))
    log_one_to_one(journal, team.leader, team.employee, at=day(5))

    record = journal.history.employee(team.employee, as_of=day(3), known_at=day(10))

    assert [i["id"] for i in record.interactions] == [early]
    assert record.as_of == day(3)


def test_as_of_includes_what_had_happened_even_if_it_was_typed_in_later(
    journal: Journal, team: Org
) -> None:
    late_entry = log_one_to_one(journal, team.leader, team.employee, at=day(1), recorded_at=day(6))

    known_later = journal.history.employee(team.employee, as_of=day(3), known_at=day(7))
    known_earlier = journal.history.employee(team.employee, as_of=day(3), known_at=day(4))

    assert [i["id"] for i in known_later.interactions] == [late_entry]
    assert known_earlier.interactions == []


def test_as_of_leaves_out_feedback_received_later(journal: Journal, team: Org) -> None:
    give_feedback(journal, team.employee, 10, at=day(1), recorded_by=team.leader)
    give_feedback(journal, team.employee, 2, at=day(4), recorded_by=team.leader)

    record = journal.history.employee(team.employee, as_of=day(3), known_at=day(10))

    assert [f["score"] for f in record.feedback] == [10]


def test_the_employees_team_passions_and_talent_are_shown_as_they_were(
    journal: Journal, team: Org
) -> None:
    with clock.frozen_at(day(1)):
        journal.set_passions(team.employee, ["customers"], recorded_by=team.leader)
        journal.assess_talent(
            team.employee, score=3, note="", assessed_on=date(2026, 3, 3), recorded_by=team.leader
        )
    with clock.frozen_at(day(5)):
        journal.set_passions(team.employee, ["product"], recorded_by=team.leader)
        journal.move_employee(team.employee, team.other_leader, recorded_by=team.admin)
        journal.assess_talent(
            team.employee, score=5, note="", assessed_on=date(2026, 3, 7), recorded_by=team.leader
        )

    then = journal.history.employee(team.employee, as_of=day(3), known_at=day(10))
    now = journal.history.employee(team.employee, as_of=day(10), known_at=day(10))

    assert (then.passions, then.leader_id, [t["score"] for t in then.talent]) == (
        ["customers"],
        team.leader,
        [3],
    )
    assert (now.passions, now.leader_id, [t["score"] for t in now.talent]) == (
        ["product"],
        team.other_leader,
        [3, 5],
    )


def test_an_employee_who_was_not_yet_registered_is_not_found(journal: Journal, team: Org) -> None:
    with pytest.raises(NotFoundError) as error:
        journal.history.employee(team.employee, known_at=T0 - timedelta(days=1))

    assert error.value.field == "person_id"


def test_a_task_is_shown_as_it_stood_at_each_moment(journal: Journal, team: Org) -> None:
    with clock.frozen_at(day(1)):
        task = journal.assign_task(
            leader_id=team.leader,
            employee_id=team.employee,
            title="Test den nye app",
            passion="product",
            due_on=date(2026, 3, 20),
        )
    with clock.frozen_at(day(2)):
        journal.start_task(task, recorded_by=team.employee)
        journal.change_task_priority(task, 1, recorded_by=team.leader)
    with clock.frozen_at(day(3)):
        journal.complete_task(task, "Fandt tre fejl", recorded_by=team.employee)

    def state_at(moment) -> tuple:
        known = journal.history.task(task, known_at=moment)
        return known.state, known.priority, known.outcome

    assert state_at(day(1, hours=12)) == ("assigned", 2, "")
    assert state_at(day(2, hours=12)) == ("started", 1, "")
    assert state_at(day(3)) == ("completed", 1, "Fandt tre fejl")
    with pytest.raises(NotFoundError) as error:
        journal.history.task(task, known_at=day(0))
    assert error.value.field == "task_id"


def test_a_reassigned_task_belongs_to_each_employee_in_turn(journal: Journal, team: Org) -> None:
    with clock.frozen_at(day(1)):
        task = journal.assign_task(
            leader_id=team.leader,
            employee_id=team.employee,
            title="Ring til kunder",
            passion="customers",
            due_on=date(2026, 3, 20),
        )
    with clock.frozen_at(day(3)):
        journal.reassign_task(task, team.colleague, recorded_by=team.leader)

    def task_ids(employee: UUID, moment) -> list[UUID]:
        record = journal.history.employee(employee, as_of=moment, known_at=moment)
        return [t["id"] for t in record.tasks]

    assert (task_ids(team.employee, day(2)), task_ids(team.colleague, day(2))) == ([task], [])
    assert (task_ids(team.employee, day(4)), task_ids(team.colleague, day(4))) == ([], [task])


def test_a_leaders_priorities_are_shown_as_they_stood_at_each_moment(
    journal: Journal, team: Org
) -> None:
    with clock.frozen_at(day(1)):
        journal.set_priorities(team.leader, split=COACHING_SPLIT, focus_areas=["1-til-1"])
    with clock.frozen_at(day(20)):
        journal.set_priorities(team.leader, split=DEFAULT_SPLIT, one_to_one_every_days=14)

    before = journal.history.priorities(team.leader, known_at=day(0, hours=12))
    first = journal.history.priorities(team.leader, known_at=day(10))
    second = journal.history.priorities(team.leader, known_at=day(20))

    assert (before.priorities_set, before.split) == (False, DEFAULT_SPLIT)
    assert (first.split, first.focus_areas, first.one_to_one_every_days) == (
        COACHING_SPLIT,
        ["1-til-1"],
        7,
    )
    assert (second.split, second.focus_areas, second.one_to_one_every_days) == (
        DEFAULT_SPLIT,
        [],
        14,
    )
    with pytest.raises(NotFoundError):
        journal.history.priorities(team.leader, known_at=T0 - timedelta(days=1))


@dataclass(frozen=True)
class Week:
    """What happened in Lene's team in the first days of March, and when it was recorded."""

    team: Org
    interaction: UUID
    feedback: UUID


@pytest.fixture
def week(journal: Journal, team: Org) -> Week:
    """A 1-to-1 with Anna (day 1), its correction (day 2), feedback for Bo (day 3),
    Anna's passions (day 4) and her move to Mads's team (day 5)."""
    interaction = log_one_to_one(journal, team.leader, team.employee, at=day(1), recorded_at=day(1))
    with clock.frozen_at(day(2)):
        journal.correct_interaction(
            interaction, {"minutes": 45}, "Varede længere", recorded_by=team.leader
        )
    feedback = give_feedback(
        journal, team.colleague, 9, at=day(3, hours=-1), recorded_by=team.leader
    )
    with clock.frozen_at(day(4)):
        journal.set_passions(team.employee, ["customers"], recorded_by=team.leader)
    with clock.frozen_at(day(5)):
        journal.move_employee(team.employee, team.other_leader, recorded_by=team.admin)
    return Week(team=team, interaction=interaction, feedback=feedback)


def test_the_log_about_one_person_lists_only_their_events_in_recorded_order(
    journal: Journal, week: Week
) -> None:
    page = journal.history.log(subject_id=week.team.employee)

    assert [(e.event_type, e.recorded_at) for e in page.events] == [
        ("Person.Registered", T0),
        ("EmailAddress.Claimed", T0),
        ("Interaction.Logged", day(1)),
        ("Interaction.Corrected", day(2)),
        ("Person.PassionsSet", day(4)),
        ("Person.MovedToLeader", day(5)),
    ]
    assert page.total == 6
    positions = [e.position for e in page.events]
    assert positions == sorted(positions)
    assert page.events[3].data["changes"] == {"minutes": 45}
    assert page.events[3].data["reason"] == "Varede længere"


def test_the_log_filters_by_event_type(journal: Journal, week: Week) -> None:
    page = journal.history.log(event_types=["Interaction.Corrected", "Feedback.Recorded"])

    assert [(e.event_type, e.originator_id) for e in page.events] == [
        ("Interaction.Corrected", week.interaction),
        ("Feedback.Recorded", week.feedback),
    ]
    assert page.events[1].subject_id == week.team.colleague


def test_the_log_filters_by_who_recorded(journal: Journal, week: Week) -> None:
    by_admin = journal.history.log(recorded_by=week.team.admin)
    by_admin_about_anna = journal.history.log(
        recorded_by=week.team.admin, subject_id=week.team.employee
    )

    # Registering a person also claims their address, and a leader's opens their calendar,
    # recorded by the same admin: the auditor, Lene, Ole, Emil, Eva and Otto, then the move.
    registered = ["Person.Registered", "EmailAddress.Claimed"]
    calendar = ["LeaderCalendar.Opened"]
    assert [e.event_type for e in by_admin.events] == [
        *registered,
        *registered, *calendar,
        *registered, *calendar,
        *registered,
        *registered,
        *registered,
        "Person.MovedToLeader",
    ]  # fmt: skip
    assert {e.recorded_by for e in by_admin.events} == {week.team.admin}
    assert [e.event_type for e in by_admin_about_anna.events] == [
        "Person.Registered",
        "EmailAddress.Claimed",
        "Person.MovedToLeader",
    ]


def test_the_log_filters_by_a_time_range_including_its_start_and_excluding_its_end(
    journal: Journal, week: Week
) -> None:
    page = journal.history.log(since=day(2), until=day(4))

    assert [(e.event_type, e.recorded_at) for e in page.events] == [
        ("Interaction.Corrected", day(2)),
        ("Feedback.Recorded", day(3)),
    ]
    assert page.total == 2


def test_the_log_comes_in_pages_with_the_total_that_matched(journal: Journal, week: Week) -> None:
    pages = [
        journal.history.log(subject_id=week.team.employee, offset=offset, limit=2)
        for offset in (0, 2, 4, 6)
    ]

    assert [len(p.events) for p in pages] == [2, 2, 2, 0]
    assert {p.total for p in pages} == {6}
    paged = [e.position for p in pages for e in p.events]
    assert paged == [e.position for e in journal.history.log(subject_id=week.team.employee).events]


def test_changes_between_two_moments_lists_what_was_recorded_about_the_person(
    journal: Journal, week: Week
) -> None:
    changes = journal.history.changes(week.team.employee, day(2), day(5))

    assert [(e.event_type, e.recorded_at, e.recorded_by) for e in changes] == [
        ("Interaction.Corrected", day(2), week.team.leader),
        ("Person.PassionsSet", day(4), week.team.leader),
    ]
    assert changes[1].data["passions"] == ["customers"]
    assert journal.history.changes(week.team.employee, day(6), day(9)) == []
    assert [e.event_type for e in journal.history.changes(week.team.colleague, day(1), day(9))] == [
        "Feedback.Recorded"
    ]


def test_changes_about_an_employee_include_a_task_taken_away_from_them(
    journal: Journal, team: Org
) -> None:
    with clock.frozen_at(day(1)):
        task = journal.assign_task(
            leader_id=team.leader,
            employee_id=team.employee,
            title="Ring til kunder",
            passion="customers",
            due_on=date(2026, 3, 20),
        )
    with clock.frozen_at(day(3)):
        journal.reassign_task(task, team.colleague, recorded_by=team.leader)

    before = journal.history.employee(team.employee, known_at=day(2))
    after = journal.history.employee(team.employee, known_at=day(4))
    assert ([t["id"] for t in before.tasks], after.tasks) == ([task], [])  # Anna's record changed

    changes = journal.history.changes(team.employee, day(2), day(4))

    assert [(e.event_type, e.originator_id) for e in changes] == [("Task.Reassigned", task)]


def test_every_page_of_the_log_reads_the_same_from_either_end(journal: Journal, week: Week) -> None:
    # Pages past the middle are read backwards from the newest event.
    everything = journal.read.event_index.page(limit=10_000).events
    assert len(everything) > 6
    for offset in range(len(everything) + 1):
        for limit in (1, 3, 50):
            page = journal.read.event_index.page(offset=offset, limit=limit)
            assert page.events == everything[offset : offset + limit]
            assert page.total == len(everything)
