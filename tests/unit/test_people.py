"""People and teams: registration, handovers, deactivation, talent and passions."""

from __future__ import annotations

import dataclasses
from datetime import date
from uuid import uuid4

import pytest

from journal import clock
from journal.commands import Journal
from journal.errors import DomainError, NotFoundError
from journal.projections.people import PersonRow
from journal.projections.people import people as people_table
from journal.projections.timeline import Viewer
from tests.organisation import Org
from tests.unit.support import day, head, log_one_to_one, register_employee


def test_a_registered_employee_appears_in_their_leaders_team(journal: Journal, team: Org) -> None:
    members = journal.read.people.list(leader_id=team.leader)

    assert [(p.name, p.role, p.is_active) for p in members] == [
        ("Emil Ansat", "employee", True),
        ("Eva Kollega", "employee", True),
    ]


def test_an_email_is_kept_lower_case_and_trimmed(journal: Journal, team: Org) -> None:
    person = journal.register_person(
        role="auditor", name="Rita Revisor", email="  Rita@Example.COM "
    )

    assert journal.read.people.get(person).email == "rita@example.com"


@pytest.mark.parametrize("email", ["", "rita", "rita@example", "rita @example.com", "@example.com"])
def test_registration_rejects_an_email_that_is_not_an_address(
    journal: Journal, team: Org, email: str
) -> None:
    with pytest.raises(DomainError) as error:
        journal.register_person(role="auditor", name="Rita Revisor", email=email)

    assert error.value.field == "email"


@pytest.mark.parametrize("name", ["", "   "])
def test_registration_rejects_an_empty_name(journal: Journal, team: Org, name: str) -> None:
    with pytest.raises(DomainError) as error:
        journal.register_person(role="auditor", name=name, email="rita@example.com")

    assert error.value.field == "name"


def test_registration_rejects_an_unknown_role(journal: Journal) -> None:
    with pytest.raises(DomainError) as error:
        journal.register_person(role="boss", name="Bent Boss", email="bent@example.com")

    assert error.value.field == "role"


def test_an_employee_cannot_be_registered_without_a_leader(journal: Journal) -> None:
    with pytest.raises(DomainError) as error:
        journal.register_person(role="employee", name="Eva Enlig", email="eva@example.com")

    assert error.value.field == "leader_id"


def test_a_leader_cannot_be_registered_with_a_leader(journal: Journal, team: Org) -> None:
    with pytest.raises(DomainError) as error:
        journal.register_person(
            role="leader", name="Lars Leder", email="lars@example.com", leader_id=team.leader
        )

    assert error.value.field == "leader_id"


def test_an_employee_cannot_be_registered_under_an_unknown_leader(
    journal: Journal, team: Org
) -> None:
    with pytest.raises(NotFoundError) as error:
        journal.register_person(
            role="employee", name="Eva Enlig", email="eva@example.com", leader_id=uuid4()
        )

    assert error.value.field == "leader_id"


def test_an_employee_cannot_be_registered_under_a_colleague(journal: Journal, team: Org) -> None:
    with pytest.raises(DomainError) as error:
        journal.register_person(
            role="employee", name="Eva Enlig", email="eva@example.com", leader_id=team.employee
        )

    assert error.value.field == "leader_id"


def test_a_rejected_registration_writes_nothing(journal: Journal, team: Org) -> None:
    before = head(journal)

    with pytest.raises(DomainError):
        journal.register_person(role="employee", name="Eva Enlig", email="eva@example.com")

    assert head(journal) == before
    employees = [p.name for p in journal.read.people.list(role="employee")]
    assert employees == ["Emil Ansat", "Eva Kollega", "Otto Udenfor"]


def test_after_a_handover_the_new_leader_can_log_and_the_old_leader_cannot(
    journal: Journal, team: Org
) -> None:
    with clock.frozen_at(day(1)):
        journal.move_employee(team.employee, team.other_leader, recorded_by=team.admin)

    logged = log_one_to_one(journal, team.other_leader, team.employee, at=day(2))
    with pytest.raises(DomainError) as error:
        log_one_to_one(journal, team.leader, team.employee, at=day(2))

    assert error.value.field == "employee_id"
    timeline = journal.read.timeline.for_employee(team.employee, Viewer("auditor"))
    assert [(e.entry_key, e.leader_id) for e in timeline if e.entry_type == "interaction"] == [
        (str(logged), team.other_leader)
    ]


def test_a_handover_moves_the_employee_between_teams_and_shows_on_their_timeline(
    journal: Journal, team: Org
) -> None:
    with clock.frozen_at(day(1)):
        journal.move_employee(team.employee, team.other_leader, recorded_by=team.admin)

    assert [p.name for p in journal.read.people.list(leader_id=team.leader)] == ["Eva Kollega"]
    assert [p.name for p in journal.read.people.list(leader_id=team.other_leader)] == [
        "Emil Ansat",
        "Otto Udenfor",
    ]
    (handover,) = journal.read.timeline.for_employee(
        team.employee, Viewer("employee", team.employee), entry_types=["handover"]
    )
    assert handover.details == {
        "from_leader_id": str(team.leader),
        "to_leader_id": str(team.other_leader),
    }


def test_moving_an_employee_to_the_leader_they_already_have_is_rejected(
    journal: Journal, team: Org
) -> None:
    with pytest.raises(DomainError) as error:
        journal.move_employee(team.employee, team.leader, recorded_by=team.admin)

    assert error.value.field == "leader_id"


def test_moving_an_employee_to_an_unknown_leader_is_not_found(journal: Journal, team: Org) -> None:
    before = head(journal)

    with pytest.raises(NotFoundError) as error:
        journal.move_employee(team.employee, uuid4(), recorded_by=team.admin)

    assert error.value.field == "leader_id"
    assert head(journal) == before


def test_a_deactivated_employee_keeps_their_history_but_takes_no_new_interactions(
    journal: Journal, team: Org
) -> None:
    earlier = log_one_to_one(
        journal, team.leader, team.employee, at=day(1), shared_notes="Godt møde"
    )
    with clock.frozen_at(day(2)):
        journal.deactivate_person(team.employee, "Fratrådt", recorded_by=team.admin)
    before = head(journal)

    with pytest.raises(DomainError):
        log_one_to_one(journal, team.leader, team.employee, at=day(3))

    assert head(journal) == before
    assert journal.read.people.get(team.employee).is_active is False
    timeline = journal.read.timeline.for_employee(team.employee, Viewer("employee", team.employee))
    assert [(e.entry_key, e.shared_notes) for e in timeline] == [(str(earlier), "Godt møde")]
    assert [i["id"] for i in journal.history.employee(team.employee).interactions] == [earlier]


@pytest.mark.parametrize(
    ("deactivated", "command", "field"),
    [
        ("employee", "log an interaction with", "employee_id"),
        ("leader", "log an interaction as", "leader_id"),
        ("leader", "register an employee under", "leader_id"),
        ("other_leader", "move an employee to", "leader_id"),
    ],
)
def test_a_deactivated_person_is_reported_on_the_field_that_named_them(
    journal: Journal, team: Org, deactivated: str, command: str, field: str
) -> None:
    # A form or API client shows the error next to the field it sent; there is no person_id.
    with clock.frozen_at(day(2)):
        journal.deactivate_person(getattr(team, deactivated), "Fratrådt", recorded_by=team.admin)
    attempts = {
        "log an interaction with": lambda: log_one_to_one(
            journal, team.leader, team.employee, at=day(3)
        ),
        "log an interaction as": lambda: log_one_to_one(
            journal, team.leader, team.employee, at=day(3)
        ),
        "register an employee under": lambda: register_employee(
            journal, team.leader, "Eva Enlig", at=day(3)
        ),
        "move an employee to": lambda: journal.move_employee(
            team.employee, team.other_leader, recorded_by=team.admin
        ),
    }

    with pytest.raises(DomainError) as error:
        attempts[command]()

    assert error.value.field == field


def test_a_deactivated_employee_receives_no_new_customer_feedback(
    journal: Journal, team: Org
) -> None:
    with clock.frozen_at(day(2)):
        journal.deactivate_person(team.employee, "Fratrådt", recorded_by=team.admin)

        with pytest.raises(DomainError):
            journal.record_feedback(
                employee_id=team.employee,
                score=9,
                channel="chat",
                received_at=day(2),
                recorded_by=team.leader,
            )

    assert journal.read.timeline.for_employee(team.employee, Viewer("auditor")) == []


def test_a_deactivated_leader_can_no_longer_log_interactions(journal: Journal, team: Org) -> None:
    with clock.frozen_at(day(1)):
        journal.deactivate_person(team.leader, "Orlov", recorded_by=team.admin)

    with pytest.raises(DomainError):
        log_one_to_one(journal, team.leader, team.employee, at=day(2))

    assert journal.read.coaching_log.for_leader(team.leader, day(0), day(10)).interactions == []


def test_deactivation_says_why_and_happens_once(journal: Journal, team: Org) -> None:
    with pytest.raises(DomainError) as no_reason:
        journal.deactivate_person(team.colleague, "  ", recorded_by=team.admin)
    journal.deactivate_person(team.colleague, "Fratrådt", recorded_by=team.admin)
    with pytest.raises(DomainError) as twice:
        journal.deactivate_person(team.colleague, "Igen", recorded_by=team.admin)

    assert no_reason.value.field == "reason"
    assert twice.value.field == "person_id"


@pytest.mark.parametrize("score", [0, 6, -1, True, 3.5, "4"])
def test_talent_is_a_whole_number_from_one_to_five(
    journal: Journal, team: Org, score: object
) -> None:
    before = head(journal)

    with pytest.raises(DomainError) as error:
        journal.assess_talent(
            team.employee,
            score=score,
            note="",
            assessed_on=date(2026, 3, 3),
            recorded_by=team.leader,
        )

    assert error.value.field == "score"
    assert head(journal) == before


@pytest.mark.parametrize("score", [1, 5])
def test_a_talent_assessment_shows_in_the_directory_and_on_the_timeline(
    journal: Journal, team: Org, score: int
) -> None:
    with clock.frozen_at(day(1)):
        journal.assess_talent(
            team.employee,
            score=score,
            note="Skarp",
            assessed_on=date(2026, 3, 3),
            recorded_by=team.leader,
        )

    assert journal.read.people.get(team.employee).talent_score == score
    (entry,) = journal.read.timeline.for_employee(team.employee, Viewer("employee", team.employee))
    assert (entry.entry_type, entry.score, entry.shared_notes) == ("talent", score, "Skarp")


@pytest.mark.parametrize("assessed_on", [date(2026, 3, 5), day(0), "2026-03-02"])
def test_a_talent_assessment_is_dated_with_a_day_that_has_come(
    journal: Journal, team: Org, assessed_on: object
) -> None:
    with clock.frozen_at(day(0, hours=1)), pytest.raises(DomainError) as error:
        journal.assess_talent(
            team.employee, score=3, note="", assessed_on=assessed_on, recorded_by=team.leader
        )

    assert error.value.field == "assessed_on"
    assert journal.read.people.get(team.employee).talent_score is None


def test_talent_is_assessed_for_employees_only(journal: Journal, team: Org) -> None:
    with pytest.raises(DomainError) as error:
        journal.assess_talent(
            team.other_leader,
            score=3,
            note="",
            assessed_on=date(2026, 3, 3),
            recorded_by=team.admin,
        )

    assert error.value.field == "employee_id"


def test_the_directory_shows_the_most_recently_dated_talent_assessment(
    journal: Journal, team: Org
) -> None:
    with clock.frozen_at(day(1)):
        journal.assess_talent(
            team.employee, score=4, note="Nu", assessed_on=date(2026, 3, 1), recorded_by=team.leader
        )
    # An old assessment from last year's paper file, typed in afterwards.
    with clock.frozen_at(day(2)):
        journal.assess_talent(
            team.employee,
            score=2,
            note="Før",
            assessed_on=date(2025, 3, 1),
            recorded_by=team.leader,
        )

    assert [t["score"] for t in journal.person(team.employee).talent] == [4, 2]  # as recorded
    assert journal.read.people.get(team.employee).talent_score == 4


@pytest.mark.parametrize("passions", [[], ["money"], ["customers", "money"], "customers", None])
def test_passions_are_one_or_more_of_the_four_categories(
    journal: Journal, team: Org, passions: object
) -> None:
    with pytest.raises(DomainError) as error:
        journal.set_passions(team.employee, passions, recorded_by=team.leader)

    assert error.value.field == "passions"
    assert journal.read.people.get(team.employee).passions == []


def test_changed_passions_replace_the_old_ones_in_a_fixed_order(
    journal: Journal, team: Org
) -> None:
    with clock.frozen_at(day(1)):
        journal.set_passions(team.employee, ["customers"], recorded_by=team.leader)
    with clock.frozen_at(day(2)):
        journal.set_passions(team.employee, ["colleagues", "product"], recorded_by=team.leader)

    assert journal.read.people.get(team.employee).passions == ["product", "colleagues"]
    entries = journal.read.timeline.for_employee(
        team.employee, Viewer("employee", team.employee), entry_types=["passions"]
    )
    assert [e.details["passions"] for e in entries] == [["product", "colleagues"], ["customers"]]


def test_setting_the_same_passions_again_is_rejected(journal: Journal, team: Org) -> None:
    journal.set_passions(team.employee, ["self", "customers"], recorded_by=team.leader)
    before = head(journal)

    with pytest.raises(DomainError) as error:
        journal.set_passions(team.employee, ["customers", "self"], recorded_by=team.leader)

    assert error.value.field == "passions"
    assert head(journal) == before


def test_a_newcomer_in_another_team_is_not_in_lenes_team(journal: Journal, team: Org) -> None:
    register_employee(journal, team.other_leader, "Carl Cort")

    assert [p.name for p in journal.read.people.list(leader_id=team.other_leader)] == [
        "Carl Cort",
        "Otto Udenfor",
    ]
    assert "Carl Cort" not in [p.name for p in journal.read.people.list(leader_id=team.leader)]


def test_a_directory_row_is_made_from_the_table_columns_in_order() -> None:
    # PersonRow(*row) relies on it (journal/projections/people.py).
    columns = [column.name for column in people_table.columns]
    assert columns == [field.name for field in dataclasses.fields(PersonRow)]


def test_an_address_belongs_to_one_active_person_whatever_its_case(
    journal: Journal, team: Org
) -> None:
    before = head(journal)

    with pytest.raises(DomainError) as refused:
        journal.register_person(
            role="employee", name="Emil Anden", email=" EMIL@Example.DK ",
            leader_id=team.leader, recorded_by=team.admin,
        )  # fmt: skip

    assert refused.value.field == "email"
    assert refused.value.message == "emil@example.dk is already Emil Ansat's address"
    assert head(journal) == before
    names = [p.name for p in journal.read.people.list(role="employee")]
    assert names == ["Emil Ansat", "Eva Kollega", "Otto Udenfor"]


def test_the_address_of_someone_who_left_goes_to_the_next_person_registered_with_it(
    journal: Journal, team: Org
) -> None:
    with clock.frozen_at(day(1)):
        journal.deactivate_person(team.employee, "Fratrådt", recorded_by=team.admin)
        again = journal.register_person(
            role="employee", name="Emil Ansat", email="emil@example.dk",
            leader_id=team.leader, recorded_by=team.admin,
        )  # fmt: skip

    with pytest.raises(DomainError, match="already Emil Ansat's address"):
        journal.register_person(
            role="employee", name="Emil Tredje", email="emil@example.dk",
            leader_id=team.leader, recorded_by=team.admin,
        )  # fmt: skip
    assert journal.read.people.get(again) is not None


# -- an admin corrects a person: details, role, active again ------------------------------------


def test_a_corrected_address_frees_the_old_one_and_refuses_one_in_use(
    journal: Journal, team: Org
) -> None:
    old = journal.read.people.get(team.employee).email
    journal.change_person_details(
        team.employee, name="Emil A. Ansat", email="emil.ansat@firma.dk", recorded_by=team.admin
    )
    emil = journal.read.people.get(team.employee)
    assert (emil.name, emil.email) == ("Emil A. Ansat", "emil.ansat@firma.dk")
    # The old address is free for someone new; the colleague's is not free for Emil.
    journal.register_person(role="employee", name="Ny", email=old, leader_id=team.leader)
    eva = journal.read.people.get(team.colleague).email
    before = head(journal)
    with pytest.raises(DomainError) as taken:
        journal.change_person_details(
            team.employee, name="Emil A. Ansat", email=eva.upper(), recorded_by=team.admin
        )
    assert taken.value.field == "email" and head(journal) == before
    with pytest.raises(DomainError) as same:
        journal.change_person_details(
            team.employee, name="Emil A. Ansat", email="emil.ansat@firma.dk",
            recorded_by=team.admin,
        )  # fmt: skip
    assert same.value.message == "nothing differs from the current record"


def test_a_deactivated_person_is_made_active_again_unless_their_address_went_to_another(
    journal: Journal, team: Org
) -> None:
    journal.deactivate_person(team.employee, "Orlov", recorded_by=team.admin)
    journal.reactivate_person(team.employee, recorded_by=team.admin)
    assert journal.read.people.get(team.employee).is_active
    assert [c.employee_id for c in journal.read.cadence.for_leader(team.leader, day(1))].count(
        team.employee
    ) == 1

    address = journal.read.people.get(team.colleague).email
    journal.deactivate_person(team.colleague, "Stoppet", recorded_by=team.admin)
    journal.register_person(role="employee", name="Efterfølger", email=address,
                            leader_id=team.leader)  # fmt: skip
    with pytest.raises(DomainError) as refused:
        journal.reactivate_person(team.colleague, recorded_by=team.admin)
    assert refused.value.field == "email"
    assert not journal.read.people.get(team.colleague).is_active


def test_an_employee_becomes_a_leader_and_a_leader_with_a_team_keeps_the_role(
    journal: Journal, team: Org
) -> None:
    journal.change_role(team.colleague, "leader", reason="Forfremmet", recorded_by=team.admin)
    eva = journal.read.people.get(team.colleague)
    assert (eva.role, eva.leader_id) == ("leader", None)
    assert team.colleague not in [
        c.employee_id for c in journal.read.cadence.for_leader(team.leader, day(1))
    ]
    journal.log_time(team.colleague, on=journal.today(), minutes=60, category="people")

    with pytest.raises(DomainError) as has_team:
        journal.change_role(team.leader, "employee", leader_id=team.other_leader,
                            reason="Omorganisering", recorded_by=team.admin)  # fmt: skip
    assert (
        has_team.value.field == "role" and "team to another leader first" in has_team.value.message
    )
    with pytest.raises(DomainError) as no_leader:
        journal.change_role(team.auditor, "employee", reason="x", recorded_by=team.admin)
    assert no_leader.value.field == "leader_id"

    journal.change_role(team.auditor, "employee", leader_id=team.colleague, reason="Skifter job",
                        recorded_by=team.admin)  # fmt: skip
    assert [c.name for c in journal.read.cadence.for_leader(team.colleague, day(1))] == [
        journal.read.people.get(team.auditor).name
    ]
