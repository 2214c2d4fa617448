"""Customer feedback and the NPS it adds up to, per employee, per team and per month."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from journal import clock
from journal.commands import Journal
from journal.errors import DomainError, NotFoundError
from journal.projections.timeline import Viewer
from tests.organisation import Org
from tests.unit.support import day, give_feedback, head, register_employee

MARCH = (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))


def nps_of(journal: Journal, employee) -> tuple[int, int, int, float | None]:
    """The employee's promoters, passives, detractors and NPS in March 2026."""
    nps = journal.read.nps.for_employee(employee, *MARCH)
    return nps.promoters, nps.passives, nps.detractors, nps.score


@pytest.mark.parametrize("score", [-1, 11, 7.5, True, "9", None])
def test_an_nps_score_is_a_whole_number_from_zero_to_ten(
    journal: Journal, team: Org, score: object
) -> None:
    before = head(journal)

    with pytest.raises(DomainError) as error:
        give_feedback(journal, team.employee, score, at=day(1), recorded_by=team.leader)

    assert error.value.field == "score"
    assert head(journal) == before
    assert nps_of(journal, team.employee) == (0, 0, 0, None)


def test_feedback_comes_through_a_known_channel(journal: Journal, team: Org) -> None:
    with clock.frozen_at(day(1)), pytest.raises(DomainError) as error:
        journal.record_feedback(
            employee_id=team.employee,
            score=9,
            channel="fax",
            received_at=day(1),
            recorded_by=team.leader,
        )

    assert error.value.field == "channel"


@pytest.mark.parametrize("channel", ["phone", "email", "chat", "other"])
def test_feedback_on_each_channel_reaches_the_employees_timeline(
    journal: Journal, team: Org, channel: str
) -> None:
    with clock.frozen_at(day(1)):
        journal.record_feedback(
            employee_id=team.employee,
            score=10,
            channel=channel,
            received_at=day(1),
            comment="Super hjælp",
            recorded_by=team.leader,
        )

    (entry,) = journal.read.timeline.for_employee(team.employee, Viewer("employee", team.employee))
    assert (entry.entry_type, entry.kind, entry.score, entry.shared_notes) == (
        "feedback",
        channel,
        10,
        "Super hjælp",
    )


def test_feedback_cannot_have_been_received_in_the_future(journal: Journal, team: Org) -> None:
    with clock.frozen_at(day(1)), pytest.raises(DomainError) as error:
        journal.record_feedback(
            employee_id=team.employee,
            score=9,
            channel="chat",
            received_at=day(3),
            recorded_by=team.leader,
        )

    assert error.value.field == "received_at"


def test_feedback_about_someone_unknown_or_not_an_employee_is_rejected(
    journal: Journal, team: Org
) -> None:
    with pytest.raises(NotFoundError) as unknown:
        give_feedback(journal, uuid4(), 9, at=day(1), recorded_by=team.leader)
    with pytest.raises(DomainError) as leader:
        give_feedback(journal, team.other_leader, 9, at=day(1), recorded_by=team.admin)

    assert unknown.value.field == leader.value.field == "employee_id"


@pytest.mark.parametrize(
    ("score", "counts"),
    [
        (10, (1, 0, 0, 100.0)),
        (9, (1, 0, 0, 100.0)),
        (8, (0, 1, 0, 0.0)),
        (7, (0, 1, 0, 0.0)),
        (6, (0, 0, 1, -100.0)),
        (0, (0, 0, 1, -100.0)),
    ],
)
def test_nine_and_ten_promote_seven_and_eight_are_passive_and_six_or_less_detract(
    journal: Journal, team: Org, score: int, counts: tuple
) -> None:
    give_feedback(journal, team.employee, score, at=day(1), recorded_by=team.leader)

    assert nps_of(journal, team.employee) == counts


def test_an_employees_nps_is_percent_promoters_minus_percent_detractors(
    journal: Journal, team: Org
) -> None:
    for n, score in enumerate([10, 9, 8, 7, 6, 3, 0]):
        give_feedback(journal, team.employee, score, at=day(1, hours=n), recorded_by=team.leader)
    give_feedback(journal, team.colleague, 0, at=day(1), recorded_by=team.leader)

    nps = journal.read.nps.for_employee(team.employee, *MARCH)

    assert (nps.promoters, nps.passives, nps.detractors, nps.responses) == (2, 2, 3, 7)
    assert nps.score == -14.3  # (2 - 3) / 7


def test_without_ratings_there_is_no_nps(journal: Journal, team: Org) -> None:
    nps = journal.read.nps.for_employee(team.employee, *MARCH)

    assert (nps.responses, nps.score) == (0, None)


def test_the_nps_counts_only_ratings_received_in_the_period(journal: Journal, team: Org) -> None:
    give_feedback(journal, team.employee, 10, at=day(1), recorded_by=team.leader)
    give_feedback(
        journal, team.employee, 0, at=datetime(2026, 4, 1, tzinfo=UTC), recorded_by=team.leader
    )
    # Recorded on 2 April, received on 1 April: outside March, however late it was typed in.

    assert nps_of(journal, team.employee) == (1, 0, 0, 100.0)


def test_a_teams_nps_adds_up_its_employees_and_no_one_elses(journal: Journal, team: Org) -> None:
    outsider = register_employee(journal, team.other_leader, "Carl Cort")
    give_feedback(journal, team.employee, 10, at=day(1), recorded_by=team.leader)
    give_feedback(journal, team.employee, 9, at=day(2), recorded_by=team.leader)
    give_feedback(journal, team.colleague, 8, at=day(1), recorded_by=team.leader)
    give_feedback(journal, team.colleague, 2, at=day(3), recorded_by=team.leader)
    give_feedback(journal, outsider, 0, at=day(1), recorded_by=team.other_leader)

    lene = journal.read.nps.for_team(team.leader, *MARCH)
    mads = journal.read.nps.for_team(team.other_leader, *MARCH)

    assert (lene.promoters, lene.passives, lene.detractors, lene.score) == (2, 1, 1, 25.0)
    assert (mads.responses, mads.score) == (1, -100.0)


def test_after_a_handover_new_ratings_count_for_the_new_team(journal: Journal, team: Org) -> None:
    give_feedback(journal, team.employee, 10, at=day(1), recorded_by=team.leader)
    with clock.frozen_at(day(2)):
        journal.move_employee(team.employee, team.other_leader, recorded_by=team.admin)
    give_feedback(journal, team.employee, 0, at=day(3), recorded_by=team.other_leader)

    assert journal.read.nps.for_team(team.leader, *MARCH).score == 100.0
    assert journal.read.nps.for_team(team.other_leader, *MARCH).score == -100.0
    assert nps_of(journal, team.employee) == (1, 0, 1, 0.0)


def test_correcting_a_score_moves_the_nps(journal: Journal, team: Org) -> None:
    feedback = give_feedback(journal, team.employee, 6, at=day(1), recorded_by=team.leader)
    give_feedback(journal, team.employee, 10, at=day(2), recorded_by=team.leader)
    with clock.frozen_at(day(3)):
        journal.correct_feedback(feedback, {"score": 9}, "Tastefejl", recorded_by=team.leader)

    assert nps_of(journal, team.employee) == (2, 0, 0, 100.0)
    entries = journal.read.timeline.for_employee(team.employee, Viewer("employee", team.employee))
    assert sorted(e.score for e in entries) == [9, 10]


def test_correcting_when_feedback_was_received_moves_it_to_another_month(
    journal: Journal, team: Org
) -> None:
    feedback = give_feedback(journal, team.employee, 3, at=day(1), recorded_by=team.leader)
    with clock.frozen_at(day(3)):
        journal.correct_feedback(
            feedback,
            {"received_at": datetime(2026, 2, 27, tzinfo=UTC)},
            "Modtaget i februar",
            recorded_by=team.leader,
        )

    assert nps_of(journal, team.employee) == (0, 0, 0, None)
    february = journal.read.nps.for_employee(
        team.employee, datetime(2026, 2, 1, tzinfo=UTC), MARCH[0]
    )
    assert february.detractors == 1


def test_retracted_feedback_no_longer_counts(journal: Journal, team: Org) -> None:
    kept = give_feedback(journal, team.employee, 10, at=day(1), recorded_by=team.leader)
    withdrawn = give_feedback(journal, team.employee, 0, at=day(2), recorded_by=team.leader)
    with clock.frozen_at(day(3)):
        journal.retract_feedback(withdrawn, "Gjaldt en anden", recorded_by=team.leader)

    assert nps_of(journal, team.employee) == (1, 0, 0, 100.0)
    assert journal.read.nps.for_team(team.leader, *MARCH).responses == 1
    entries = journal.read.timeline.for_employee(team.employee, Viewer("employee", team.employee))
    assert [e.entry_key for e in entries] == [str(kept)]


def test_retracted_feedback_takes_no_corrections(journal: Journal, team: Org) -> None:
    feedback = give_feedback(journal, team.employee, 0, at=day(1), recorded_by=team.leader)
    journal.retract_feedback(feedback, "Gjaldt en anden", recorded_by=team.leader)

    with pytest.raises(DomainError) as error:
        journal.correct_feedback(feedback, {"score": 9}, "Fejl", recorded_by=team.leader)

    assert error.value.field == "feedback_id"
    assert nps_of(journal, team.employee) == (0, 0, 0, None)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"score": 11}, "score"),
        ({"channel": "fax"}, "channel"),
        ({"employee_id": uuid4()}, "employee_id"),
    ],
)
def test_a_bad_correction_leaves_the_nps_alone(
    journal: Journal, team: Org, changes: dict, field: str
) -> None:
    feedback = give_feedback(journal, team.employee, 6, at=day(1), recorded_by=team.leader)

    with pytest.raises(DomainError) as error:
        journal.correct_feedback(feedback, changes, "Fejl", recorded_by=team.leader)

    assert error.value.field == field
    assert nps_of(journal, team.employee) == (0, 0, 1, -100.0)


def test_the_monthly_trend_has_a_row_for_every_month_even_without_ratings(
    journal: Journal, team: Org
) -> None:
    give_feedback(journal, team.employee, 10, at=day(1), recorded_by=team.leader)
    give_feedback(journal, team.employee, 5, at=day(2), recorded_by=team.leader)
    may = datetime(2026, 5, 12, tzinfo=UTC)
    with clock.frozen_at(may):
        journal.record_feedback(
            employee_id=team.colleague,
            score=9,
            channel="email",
            received_at=may,
            recorded_by=team.leader,
        )

    trend = journal.read.nps.trend(
        datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC), leader_id=team.leader
    )
    annas = journal.read.nps.trend(
        datetime(2026, 3, 1, tzinfo=UTC),
        datetime(2026, 6, 1, tzinfo=UTC),
        employee_id=team.employee,
    )

    assert [(m.month, m.nps.responses, m.nps.score) for m in trend] == [
        ("2026-03", 2, 0.0),
        ("2026-04", 0, None),
        ("2026-05", 1, 100.0),
    ]
    assert [(m.month, m.nps.score) for m in annas] == [
        ("2026-03", 0.0),
        ("2026-04", None),
        ("2026-05", None),
    ]
