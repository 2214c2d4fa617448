"""Coaching interactions: logging, the rules they obey, corrections and retractions."""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4

import pytest

from journal import clock
from journal.commands import Journal
from journal.errors import DomainError, NotFoundError
from journal.projections.timeline import Viewer
from tests.organisation import Org
from tests.unit.support import all_rows, day, head, log_one_to_one, register_employee


def interactions_on_timeline(journal: Journal, employee, **options) -> list:
    """The employee's interactions as the auditor sees them, newest first."""
    return journal.read.timeline.for_employee(
        employee, Viewer("auditor"), entry_types=["interaction"], **options
    )


def test_a_logged_one_to_one_appears_on_the_timeline_and_in_the_coaching_log(
    journal: Journal, team: Org
) -> None:
    logged = log_one_to_one(
        journal,
        team.leader,
        team.employee,
        at=day(1),
        minutes=45,
        shared_notes="Fokus på kunderne",
        agreed_actions=["Book kursus", "Lyt til tre opkald"],
    )

    (entry,) = interactions_on_timeline(journal, team.employee)
    assert (entry.entry_key, entry.kind, entry.occurred_at) == (str(logged), "one_to_one", day(1))
    assert entry.shared_notes == "Fokus på kunderne"
    assert entry.agreed_actions == ["Book kursus", "Lyt til tre opkald"]
    assert entry.details["minutes"] == 45
    report = journal.read.coaching_log.for_leader(team.leader, day(0), day(7))
    assert [i.interaction_id for i in report.interactions] == [logged]
    assert report.per_kind["one_to_one"] == 1
    assert report.per_employee == {team.employee: 1}
    assert report.minutes == 45


def test_the_coaching_log_counts_each_kind_and_each_employee(journal: Journal, team: Org) -> None:
    log_one_to_one(journal, team.leader, team.employee, at=day(1))
    log_one_to_one(journal, team.leader, team.colleague, at=day(2))
    log_one_to_one(journal, team.leader, team.employee, at=day(3), kind="walk_and_talk", minutes=60)
    log_one_to_one(journal, team.leader, team.employee, at=day(9))  # outside the week

    report = journal.read.coaching_log.for_leader(team.leader, day(0), day(7))

    assert report.per_kind == {
        "one_to_one": 2,
        "walk_and_talk": 1,
        "training": 0,
        "team_building": 0,
        "quality_review": 0,
    }
    assert report.per_employee == {team.employee: 2, team.colleague: 1}
    assert report.minutes == 120
    assert [i.occurred_at for i in report.interactions] == [day(3), day(2), day(1)]


@pytest.mark.parametrize("minutes", [0, -30, 12 * 60 + 1, 2.5, True])
def test_an_interaction_lasts_a_positive_whole_number_of_minutes_up_to_twelve_hours(
    journal: Journal, team: Org, minutes: object
) -> None:
    with pytest.raises(DomainError) as error:
        log_one_to_one(journal, team.leader, team.employee, at=day(1), minutes=minutes)

    assert error.value.field == "minutes"
    assert interactions_on_timeline(journal, team.employee) == []


def test_an_interaction_of_exactly_twelve_hours_is_accepted(journal: Journal, team: Org) -> None:
    log_one_to_one(journal, team.leader, team.employee, at=day(1), kind="training", minutes=12 * 60)

    (entry,) = interactions_on_timeline(journal, team.employee)
    assert entry.details["minutes"] == 720


def test_an_unknown_kind_of_interaction_is_rejected(journal: Journal, team: Org) -> None:
    with pytest.raises(DomainError) as error:
        log_one_to_one(journal, team.leader, team.employee, at=day(1), kind="coffee")

    assert error.value.field == "kind"


def test_a_leader_cannot_log_for_an_employee_outside_their_team(
    journal: Journal, team: Org
) -> None:
    outsider = register_employee(journal, team.other_leader, "Carl Cort")
    before = head(journal)

    with pytest.raises(DomainError) as error:
        log_one_to_one(journal, team.leader, outsider, at=day(1))

    assert error.value.field == "employee_id"
    assert head(journal) == before
    assert interactions_on_timeline(journal, outsider) == []


def test_a_leader_cannot_log_an_interaction_with_another_leader(
    journal: Journal, team: Org
) -> None:
    with pytest.raises(DomainError) as error:
        log_one_to_one(journal, team.leader, team.other_leader, at=day(1))

    assert error.value.field == "employee_id"


def test_an_employee_cannot_log_interactions_as_if_a_leader(journal: Journal, team: Org) -> None:
    with pytest.raises(DomainError) as error:
        log_one_to_one(journal, team.employee, team.colleague, at=day(1))

    assert error.value.field == "leader_id"


def test_an_interaction_with_an_unknown_employee_is_not_found(journal: Journal, team: Org) -> None:
    with pytest.raises(NotFoundError) as error:
        log_one_to_one(journal, team.leader, uuid4(), at=day(1))

    assert error.value.field == "employee_id"


def test_an_interaction_cannot_lie_in_the_future(journal: Journal, team: Org) -> None:
    with pytest.raises(DomainError) as error:
        log_one_to_one(journal, team.leader, team.employee, at=day(3), recorded_at=day(1))

    assert error.value.field == "occurred_at"
    assert interactions_on_timeline(journal, team.employee) == []


def test_an_interaction_later_today_elsewhere_is_allowed_a_day_of_slack(
    journal: Journal, team: Org
) -> None:
    log_one_to_one(journal, team.leader, team.employee, at=day(1, hours=20), recorded_at=day(1))

    assert [e.occurred_at for e in interactions_on_timeline(journal, team.employee)] == [
        day(1, hours=20)
    ]


def test_an_interaction_needs_a_time_zone(journal: Journal, team: Org) -> None:
    with pytest.raises(DomainError) as error:
        log_one_to_one(
            journal, team.leader, team.employee, at=datetime(2026, 3, 3, 10, 0), recorded_at=day(2)
        )

    assert error.value.field == "occurred_at"


def test_a_correction_changes_the_timeline_and_keeps_the_original_in_the_history(
    journal: Journal, team: Org
) -> None:
    logged = log_one_to_one(
        journal, team.leader, team.employee, at=day(1), shared_notes="Godt møde"
    )
    with clock.frozen_at(day(2)):
        journal.correct_interaction(
            logged,
            {"shared_notes": "Rigtig godt møde", "minutes": 50},
            "Stavefejl",
            recorded_by=team.leader,
        )

    (entry,) = interactions_on_timeline(journal, team.employee)
    assert entry.shared_notes == "Rigtig godt møde"
    assert entry.details["minutes"] == 50
    assert entry.details["corrections"] == [
        {
            "at": day(2).isoformat(),
            "by": str(team.leader),
            "reason": "Stavefejl",
            "fields": ["minutes", "shared_notes"],
        }
    ]
    assert journal.read.coaching_log.for_leader(team.leader, day(0), day(7)).minutes == 50
    log = journal.history.log(subject_id=team.employee, event_types=["Interaction.Logged"])
    assert [e.data["shared_notes"] for e in log.events] == ["Godt møde"]
    (correction,) = journal.history.log(
        subject_id=team.employee, event_types=["Interaction.Corrected"]
    ).events
    assert correction.data["reason"] == "Stavefejl"
    assert correction.recorded_at == day(2)


def test_correcting_when_it_happened_moves_the_entry_on_the_timeline(
    journal: Journal, team: Org
) -> None:
    first = log_one_to_one(journal, team.leader, team.employee, at=day(1))
    second = log_one_to_one(journal, team.leader, team.employee, at=day(3))
    with clock.frozen_at(day(4)):
        journal.correct_interaction(
            first, {"occurred_at": day(3, hours=2)}, "Forkert dato", recorded_by=team.leader
        )

    assert [e.entry_key for e in interactions_on_timeline(journal, team.employee)] == [
        str(first),
        str(second),
    ]


@pytest.mark.parametrize(
    ("changes", "reason", "field"),
    [
        ({"shared_notes": "Ny"}, "", "reason"),
        ({}, "Fejl", "changes"),
        ({"shared_notes": "Godt møde"}, "Fejl", "changes"),
        ({"employee_id": uuid4()}, "Fejl", "employee_id"),
        ({"minutes": 0}, "Fejl", "minutes"),
        ({"kind": "coffee"}, "Fejl", "kind"),
    ],
)
def test_a_correction_must_change_something_correctable_and_say_why(
    journal: Journal, team: Org, changes: dict, reason: str, field: str
) -> None:
    logged = log_one_to_one(
        journal, team.leader, team.employee, at=day(1), shared_notes="Godt møde"
    )
    before = head(journal)

    with pytest.raises(DomainError) as error:
        journal.correct_interaction(logged, changes, reason, recorded_by=team.leader)

    assert error.value.field == field
    assert head(journal) == before
    (entry,) = interactions_on_timeline(journal, team.employee)
    assert "corrections" not in entry.details


def test_a_retracted_interaction_leaves_the_default_timeline_and_the_coaching_log(
    journal: Journal, team: Org
) -> None:
    kept = log_one_to_one(journal, team.leader, team.employee, at=day(1))
    withdrawn = log_one_to_one(journal, team.leader, team.employee, at=day(2))
    with clock.frozen_at(day(3)):
        journal.retract_interaction(withdrawn, "Forkert medarbejder", recorded_by=team.leader)

    assert [e.entry_key for e in interactions_on_timeline(journal, team.employee)] == [str(kept)]
    everything = interactions_on_timeline(journal, team.employee, include_retracted=True)
    assert [(e.entry_key, e.state) for e in everything] == [
        (str(withdrawn), "retracted"),
        (str(kept), "recorded"),
    ]
    assert everything[0].details["retraction_reason"] == "Forkert medarbejder"
    report = journal.read.coaching_log.for_leader(team.leader, day(0), day(7))
    assert [i.interaction_id for i in report.interactions] == [kept]


def test_a_retracted_interaction_cannot_be_corrected_or_retracted_again(
    journal: Journal, team: Org
) -> None:
    logged = log_one_to_one(journal, team.leader, team.employee, at=day(1))
    journal.retract_interaction(logged, "Dobbelt", recorded_by=team.leader)

    with pytest.raises(DomainError) as corrected:
        journal.correct_interaction(logged, {"minutes": 40}, "Fejl", recorded_by=team.leader)
    with pytest.raises(DomainError) as retracted:
        journal.retract_interaction(logged, "Igen", recorded_by=team.leader)

    assert corrected.value.field == retracted.value.field == "interaction_id"


def test_a_retraction_says_why(journal: Journal, team: Org) -> None:
    logged = log_one_to_one(journal, team.leader, team.employee, at=day(1))

    with pytest.raises(DomainError) as error:
        journal.retract_interaction(logged, " ", recorded_by=team.leader)

    assert error.value.field == "reason"
    assert len(interactions_on_timeline(journal, team.employee)) == 1


def test_correcting_an_unknown_interaction_is_not_found(journal: Journal, team: Org) -> None:
    with pytest.raises(NotFoundError) as error:
        journal.correct_interaction(uuid4(), {"minutes": 40}, "Fejl", recorded_by=team.leader)

    assert error.value.field == "interaction_id"


def test_a_failed_command_writes_nothing_anywhere(journal: Journal, team: Org) -> None:
    logged = log_one_to_one(journal, team.leader, team.employee, at=day(1))
    position = head(journal)
    rows = all_rows(journal)

    with pytest.raises(DomainError):
        log_one_to_one(journal, team.leader, team.employee, at=day(2), minutes=0)
    with pytest.raises(DomainError):
        log_one_to_one(journal, team.leader, team.employee, at=day(30), recorded_at=day(2))
    with pytest.raises(DomainError):
        journal.correct_interaction(logged, {"kind": "coffee"}, "Fejl", recorded_by=team.leader)

    assert head(journal) == position
    assert all_rows(journal) == rows
