"""Who sees what on an employee's timeline: private notes stay with their author."""

from __future__ import annotations

import pytest

from journal import clock
from journal.commands import Journal
from journal.projections.timeline import Viewer
from tests.organisation import Org
from tests.unit.support import day, give_feedback, log_one_to_one


def notes(journal: Journal, team: Org, viewer: Viewer) -> list[tuple[str, str | None]]:
    """Anna's interactions as (shared, private) notes, oldest first, as ``viewer`` sees them."""
    entries = journal.read.timeline.for_employee(team.employee, viewer, entry_types=["interaction"])
    return [(e.shared_notes, e.private_notes) for e in reversed(entries)]


@pytest.fixture
def one_to_one(journal: Journal, team: Org) -> None:
    """Lene's 1-to-1 with Anna, with a shared and a private note."""
    log_one_to_one(
        journal,
        team.leader,
        team.employee,
        at=day(1),
        shared_notes="Fokus på kunderne",
        private_notes="Virker træt",
    )


@pytest.mark.usefixtures("one_to_one")
def test_the_employee_sees_the_shared_notes_but_never_the_private_ones(
    journal: Journal, team: Org
) -> None:
    assert notes(journal, team, Viewer("employee", team.employee)) == [("Fokus på kunderne", None)]


@pytest.mark.usefixtures("one_to_one")
def test_the_leader_sees_their_own_private_notes(journal: Journal, team: Org) -> None:
    assert notes(journal, team, Viewer("leader", team.leader)) == [
        ("Fokus på kunderne", "Virker træt")
    ]


@pytest.mark.usefixtures("one_to_one")
@pytest.mark.parametrize(
    "who", ["colleague", "other leader", "admin", "anonymous leader", "employee claiming"]
)
def test_nobody_else_reads_the_leaders_private_notes(journal: Journal, team: Org, who: str) -> None:
    viewer = {
        "colleague": Viewer("employee", team.colleague),
        "other leader": Viewer("leader", team.other_leader),
        "admin": Viewer("admin", team.admin),
        "anonymous leader": Viewer("leader"),
        # Right id, wrong role: an employee never reads private notes, not even with an id.
        "employee claiming": Viewer("employee", team.leader),
    }[who]

    assert notes(journal, team, viewer) == [("Fokus på kunderne", None)]


@pytest.mark.usefixtures("one_to_one")
def test_the_auditor_sees_every_private_note(journal: Journal, team: Org) -> None:
    with clock.frozen_at(day(2)):
        journal.move_employee(team.employee, team.other_leader, recorded_by=team.admin)
    log_one_to_one(
        journal,
        team.other_leader,
        team.employee,
        at=day(3),
        shared_notes="Velkommen",
        private_notes="Nervøs",
    )

    assert notes(journal, team, Viewer("auditor")) == [
        ("Fokus på kunderne", "Virker træt"),
        ("Velkommen", "Nervøs"),
    ]


@pytest.mark.usefixtures("one_to_one")
def test_after_a_handover_the_new_leader_sees_the_shared_history_but_not_the_old_private_notes(
    journal: Journal, team: Org
) -> None:
    with clock.frozen_at(day(2)):
        journal.move_employee(team.employee, team.other_leader, recorded_by=team.admin)
    log_one_to_one(
        journal,
        team.other_leader,
        team.employee,
        at=day(3),
        shared_notes="Velkommen",
        private_notes="Nervøs",
    )

    assert notes(journal, team, Viewer("leader", team.other_leader)) == [
        ("Fokus på kunderne", None),
        ("Velkommen", "Nervøs"),
    ]
    assert notes(journal, team, Viewer("leader", team.leader)) == [
        ("Fokus på kunderne", "Virker træt"),
        ("Velkommen", None),
    ]
    assert notes(journal, team, Viewer("employee", team.employee)) == [
        ("Fokus på kunderne", None),
        ("Velkommen", None),
    ]


@pytest.mark.usefixtures("one_to_one")
def test_the_employee_sees_feedback_and_tasks_on_their_own_timeline(
    journal: Journal, team: Org
) -> None:
    give_feedback(journal, team.employee, 10, at=day(2), recorded_by=team.leader)
    with clock.frozen_at(day(3)):
        journal.assign_task(
            leader_id=team.leader,
            employee_id=team.employee,
            title="Ring til tre kunder",
            passion="customers",
            due_on=day(10).date(),
        )

    entries = journal.read.timeline.for_employee(team.employee, Viewer("employee", team.employee))

    assert [e.entry_type for e in entries] == ["task", "feedback", "interaction"]
    assert all(e.private_notes is None for e in entries)


@pytest.mark.usefixtures("one_to_one")
def test_a_colleagues_timeline_holds_nothing_of_anna(journal: Journal, team: Org) -> None:
    assert (
        journal.read.timeline.for_employee(team.colleague, Viewer("employee", team.colleague)) == []
    )


@pytest.mark.usefixtures("one_to_one")
def test_the_point_in_time_record_hides_private_notes_the_same_way(
    journal: Journal, team: Org
) -> None:
    record = journal.history.employee(team.employee, known_at=day(5))

    as_employee = record.visible_to(Viewer("employee", team.employee))
    as_leader = record.visible_to(Viewer("leader", team.leader))
    as_other = record.visible_to(Viewer("leader", team.other_leader))

    assert [i["private_notes"] for i in as_employee.interactions] == [None]
    assert [i["private_notes"] for i in as_leader.interactions] == ["Virker træt"]
    assert [i["private_notes"] for i in as_other.interactions] == [None]
    assert [i["shared_notes"] for i in as_employee.interactions] == ["Fokus på kunderne"]


def test_a_read_recorded_before_purposes_were_asked_reads_as_without_one(
    journal: Journal, team: Org
) -> None:
    from dataclasses import replace

    from journal.domain.access import NotesAccess

    access = NotesAccess.record(
        reader_id=team.auditor, employee_id=team.employee, context="time travel", purpose="x"
    )
    (event,) = access.collect_events()
    stored = journal.mapper.to_stored_event(event)
    state = journal.mapper.transcoder.decode(stored.state)
    assert state.pop("class_version") == 2
    del state["purpose"]  # as version 1 stored it
    old = replace(stored, state=journal.mapper.transcoder.encode(state))
    read = journal.mapper.to_domain_event(old)
    assert (read.context, read.purpose) == ("time travel", "")
