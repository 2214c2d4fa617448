"""Reading a record for a reader at a moment: what each reader sees, and which reads are kept."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import pytest

from journal import clock
from journal.commands import Journal
from journal.errors import NotFoundError
from journal.projections.timeline import Viewer
from journal.read import records
from tests.organisation import T0, Org
from tests.unit.support import day, give_feedback, log_one_to_one

ENTRY_TYPES = {"interaction", "feedback", "task", "talent", "passions", "handover"}


def reads_recorded(journal: Journal) -> list[dict[str, object]]:
    """The contexts and readers of every recorded private-notes read, oldest first."""
    page = journal.history.log(event_types=["NotesAccess.PrivateNotesRead"], limit=100)
    return [e.data for e in page.events]


def a_full_history(journal: Journal, team: Org) -> None:
    """Anna's year in small: every kind of timeline entry, corrected and retracted ones too."""
    talk = log_one_to_one(
        journal, team.leader, team.employee, at=day(1), shared_notes="Mål", private_notes="Træt"
    )
    with clock.frozen_at(day(2)):
        journal.correct_interaction(
            talk,
            {"minutes": 45, "shared_notes": "Mål for Q2"},
            "Forkert tid",
            recorded_by=team.leader,
        )
    walk = log_one_to_one(journal, team.leader, team.employee, at=day(3), kind="walk_and_talk")
    with clock.frozen_at(day(4)):
        journal.retract_interaction(walk, "Dobbelt", recorded_by=team.leader)
    feedback = give_feedback(journal, team.employee, score=9, at=day(5), recorded_by=team.leader)
    with clock.frozen_at(day(6)):
        journal.correct_feedback(feedback, {"score": 10}, "Tastefejl", recorded_by=team.leader)
        task = journal.assign_task(
            leader_id=team.leader,
            employee_id=team.employee,
            title="Skriv FAQ",
            passion="product",
            due_on=date(2026, 4, 1),
        )
        journal.set_passions(team.employee, ["customers", "product"], recorded_by=team.leader)
    with clock.frozen_at(day(7)):
        journal.start_task(task, recorded_by=team.employee)
        journal.change_task_priority(task, 1, recorded_by=team.leader)
        journal.assess_talent(
            team.employee, score=4, note="Stærk", assessed_on=day(7).date(), recorded_by=team.leader
        )
    with clock.frozen_at(day(8)):
        journal.complete_task(task, "Færdig", recorded_by=team.employee)
        journal.move_employee(team.employee, team.other_leader, recorded_by=team.admin)


@pytest.mark.parametrize(
    "reader",
    [
        Viewer("auditor", UUID(int=1)),
        Viewer("leader", None),
        Viewer("employee", None),
    ],
    ids=["auditor", "leader", "employee"],
)
def test_the_timeline_at_now_equals_the_live_timeline_entry_for_entry(
    journal: Journal, team: Org, reader: Viewer
) -> None:
    a_full_history(journal, team)
    if reader.role == "leader":
        reader = Viewer("leader", team.leader)
    elif reader.role == "employee":
        reader = Viewer("employee", team.employee)
    with clock.frozen_at(day(9)):
        for retracted in (False, True):
            live = records.employee_timeline(
                journal, team.employee, reader, where="test", include_retracted=retracted
            )
            now = day(9)
            past = records.employee_timeline(
                journal,
                team.employee,
                reader,
                where="test",
                as_of=now,
                known_at=now,
                include_retracted=retracted,
            )
            assert past == live
    assert {e.entry_type for e in live.entries} == ENTRY_TYPES
    corrected = next(e for e in live.entries if e.details.get("corrections"))
    assert corrected.details["corrections"][0]["reason"] in ("Forkert tid", "Tastefejl")


def test_a_past_timeline_shows_what_was_known_then_with_its_correction_details(
    journal: Journal, team: Org
) -> None:
    a_full_history(journal, team)
    auditor = Viewer("auditor", team.admin)

    before = records.employee_timeline(
        journal, team.employee, auditor, where="test", as_of=day(9), known_at=day(1, hours=12)
    )
    assert [(e.entry_type, e.shared_notes, e.details) for e in before.entries] == [
        ("interaction", "Mål", {"minutes": 30})
    ]
    after = records.employee_timeline(
        journal, team.employee, auditor, where="test", as_of=day(9), known_at=day(6, hours=12)
    )
    talk = next(e for e in after.entries if e.entry_type == "interaction")
    assert talk.shared_notes == "Mål for Q2"
    assert talk.details["corrections"][0]["fields"] == ["minutes", "shared_notes"]
    assert {e.entry_type for e in after.entries} == {"interaction", "feedback", "task", "passions"}
    # As of day 6 (business time), the task had not been started, though it is known now.
    task = records.employee_timeline(
        journal, team.employee, auditor, where="test", as_of=day(6, hours=12), entry_types=["task"]
    )
    assert [e.state for e in task.entries] == ["assigned"]


def test_an_auditor_who_is_shown_private_notes_leaves_one_recorded_read(
    journal: Journal, team: Org
) -> None:
    log_one_to_one(journal, team.leader, team.employee, at=day(1), private_notes="Træt")
    auditor = Viewer("auditor", team.admin)

    record = records.employee_record(journal, team.employee, auditor, where="audit record")
    timeline = records.employee_timeline(
        journal, team.employee, auditor, where="API timeline", as_of=day(2)
    )

    assert record.interactions[0]["private_notes"] == "Træt"
    assert timeline.entries[0].private_notes == "Træt"
    reads = reads_recorded(journal)
    assert [r["recorded_by"] for r in reads] == [team.admin, team.admin]
    assert reads[0]["context"].startswith("audit record as_of=")
    assert reads[1]["context"].startswith("API timeline as_of=2026-03-04T09:00+00:00 known_at=")


def test_a_leader_reading_their_own_notes_and_an_employee_leave_no_recorded_read(
    journal: Journal, team: Org
) -> None:
    log_one_to_one(journal, team.leader, team.employee, at=day(1), private_notes="Træt")

    own = records.employee_timeline(
        journal, team.employee, Viewer("leader", team.leader), where="x"
    )
    employee = records.employee_record(
        journal, team.employee, Viewer("employee", team.employee), where="x"
    )
    other = records.employee_timeline(
        journal, team.employee, Viewer("leader", team.other_leader), where="x"
    )

    assert own.entries[0].private_notes == "Træt"
    assert employee.interactions[0]["private_notes"] is None
    assert other.entries[0].private_notes is None
    assert reads_recorded(journal) == []


def test_a_past_timeline_before_the_employee_was_registered_is_not_found(
    journal: Journal, team: Org
) -> None:
    with pytest.raises(NotFoundError):
        records.employee_timeline(
            journal,
            team.employee,
            Viewer("auditor", team.admin),
            where="x",
            as_of=T0 - timedelta(1),
        )
