"""Group sessions: one training or team-building logged once with several employees."""

from __future__ import annotations

from uuid import UUID

import pytest

from journal import clock
from journal.commands import Journal
from journal.errors import DomainError
from journal.projections.timeline import Viewer
from tests.organisation import Org
from tests.unit.support import all_rows, day, register_employee


def six(journal: Journal, team: Org) -> list[UUID]:
    """Lene's two employees and four more: six people for a training."""
    more = [register_employee(journal, team.leader, f"Deltager {n}") for n in range(4)]
    return [team.employee, team.colleague, *more]


def log_training(journal: Journal, team: Org, people: list[UUID], **changes) -> UUID:
    fields = {
        "leader_id": team.leader, "employee_ids": people, "kind": "training",
        "occurred_at": day(2), "minutes": 240, "shared_notes": "Kursus i svære samtaler",
    }  # fmt: skip
    fields.update(changes)
    with clock.frozen_at(day(2, hours=6)):
        return journal.log_group_session(**fields)


def test_a_six_person_training_is_one_conversation_of_240_minutes_in_the_coaching_log(
    journal: Journal, team: Org
) -> None:
    people = six(journal, team)
    session = log_training(journal, team, people)

    report = journal.read.coaching_log.for_leader(team.leader, day(0), day(7))
    assert [(i.interaction_id, i.kind, i.minutes) for i in report.interactions] == [
        (session, "training", 240)
    ]
    assert report.minutes == 240
    assert report.per_kind["training"] == 1
    assert report.per_employee == dict.fromkeys(people, 1)


def test_each_participant_sees_the_session_on_their_own_timeline(
    journal: Journal, team: Org
) -> None:
    people = six(journal, team)
    session = log_training(journal, team, people)

    for employee in people:
        (entry,) = journal.read.timeline.for_employee(employee, Viewer("employee", employee))
        assert (entry.kind, entry.shared_notes) == ("training", "Kursus i svære samtaler")
        assert entry.details == {"minutes": 240, "group_size": 6}
        assert entry.entry_key == f"{session}/{employee}"
    assert journal.read.timeline.for_employee(team.outsider, Viewer("auditor")) == []


def test_it_meets_each_participants_oldest_open_request_of_its_kind(
    journal: Journal, team: Org
) -> None:
    emil_asks = journal.ask_for_coaching(team.employee, "training", recorded_by=team.employee)
    eva_asks = journal.ask_for_coaching(team.colleague, "one_to_one", recorded_by=team.colleague)
    session = log_training(journal, team, [team.employee, team.colleague])

    emil = journal.requests_of(team.employee).requests[str(emil_asks)]
    eva = journal.requests_of(team.colleague).requests[str(eva_asks)]
    assert (emil["state"], emil["interaction_id"]) == ("fulfilled", session)
    assert eva["state"] == "open"  # a 1-to-1 is not met by a training

    journal.retract_group_session(session, "Logget to gange", recorded_by=team.leader)
    assert journal.requests_of(team.employee).requests[str(emil_asks)]["state"] == "open"
    assert journal.read.coaching_log.for_leader(team.leader, day(0), day(7)).interactions == []
    (entry,) = journal.read.timeline.for_employee(
        team.employee, Viewer("auditor"), include_retracted=True
    )
    assert entry.state == "retracted"


def test_a_correction_reaches_every_participants_entry(journal: Journal, team: Org) -> None:
    session = log_training(journal, team, [team.employee, team.colleague])
    journal.correct_group_session(
        session, {"minutes": 180}, "Det varede tre timer", recorded_by=team.leader
    )

    assert journal.read.coaching_log.for_leader(team.leader, day(0), day(7)).minutes == 180
    for employee in (team.employee, team.colleague):
        (entry,) = journal.read.timeline.for_employee(employee, Viewer("auditor"))
        assert entry.details["minutes"] == 180
        assert entry.details["corrections"][0]["reason"] == "Det varede tre timer"


def test_the_auditor_finds_the_session_in_each_participants_record_as_of_a_moment(
    journal: Journal, team: Org
) -> None:
    log_training(journal, team, [team.employee, team.colleague])

    record = journal.history.employee(team.colleague, as_of=day(3), known_at=day(3))
    assert [(i["kind"], i["minutes"], i["employee_id"]) for i in record.interactions] == [
        ("training", 240, team.colleague)
    ]
    assert (
        journal.history.employee(team.colleague, as_of=day(1), known_at=day(3)).interactions == []
    )


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"kind": "one_to_one"}, "kind", "must be one of training, team_building"),
        ({"employee_ids": "one"}, "employee_ids", "must be a list of employees"),
        ({"minutes": 0}, "minutes", "must be more than 0 minutes"),
    ],
)
def test_a_session_that_breaks_a_rule_is_refused_and_writes_nothing(
    journal: Journal, team: Org, changes: dict, field: str, says: str
) -> None:
    before = all_rows(journal)
    with pytest.raises(DomainError) as refused:
        log_training(journal, team, [team.employee, team.colleague], **changes)
    assert (refused.value.field, refused.value.message) == (field, says)
    assert all_rows(journal) == before


def test_one_person_or_someone_outside_the_team_is_refused(journal: Journal, team: Org) -> None:
    with pytest.raises(DomainError) as alone:
        log_training(journal, team, [team.employee, team.employee])
    assert alone.value.field == "employee_ids"
    with pytest.raises(DomainError) as outside:
        log_training(journal, team, [team.employee, team.outsider])
    assert outside.value.field == "employee_id"


def test_the_session_is_in_each_participants_log_and_export(journal: Journal, team: Org) -> None:
    from journal.read.privacy import export_person

    session = log_training(journal, team, [team.employee, team.colleague])
    events = journal.history.every(subject_id=team.colleague)
    assert ("GroupSession.Logged", session) in [(e.event_type, e.originator_id) for e in events]
    exported = export_person(journal, team.colleague, exported_by=team.admin)
    assert str(session) in {e["stream"] for e in exported["events_about"]}
    outsider = journal.history.every(subject_id=team.outsider)
    assert all(e.originator_id != session for e in outsider)
