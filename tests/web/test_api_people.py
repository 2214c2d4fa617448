"""The people and accounts API: who sees whom, who registers, moves and assesses whom."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest
from flask.testing import FlaskClient

from journal.commands import Journal
from tests.organisation import PASSWORD, Org


def ids(response: Any) -> set[str]:
    """The ids of the people on a page."""
    return {item["id"] for item in response.json["items"]}


# -- listing and showing people ------------------------------------------------------------


def test_an_admin_lists_everyone(api: Any, org: Org) -> None:
    response = api("admin").get("/api/v1/people")
    assert response.status_code == 200
    assert response.json["total"] == 7
    assert ids(response) == {str(person) for person in vars(org).values()}
    assert {"page", "limit", "items", "total"} == set(response.json)


def test_a_leader_lists_themselves_and_their_team_only(api: Any, org: Org) -> None:
    response = api("leader").get("/api/v1/people")
    assert response.status_code == 200
    assert ids(response) == {str(org.leader), str(org.employee), str(org.colleague)}
    assert response.json["total"] == 3


def test_an_employee_lists_only_themselves(api: Any, org: Org) -> None:
    response = api("employee").get("/api/v1/people")
    assert ids(response) == {str(org.employee)}


def test_the_list_filters_by_role_team_and_activity(api: Any, org: Org, journal: Journal) -> None:
    admin = api("admin")
    assert ids(admin.get("/api/v1/people?role=leader")) == {str(org.leader), str(org.other_leader)}
    assert ids(admin.get(f"/api/v1/people?leader_id={org.other_leader}")) == {str(org.outsider)}
    journal.deactivate_person(org.colleague, "left the company", recorded_by=org.admin)
    assert ids(admin.get("/api/v1/people?active=false")) == {str(org.colleague)}
    assert str(org.colleague) not in ids(admin.get("/api/v1/people?active=true"))


def test_the_list_comes_in_pages(api: Any, org: Org) -> None:
    first = api("admin").get("/api/v1/people?limit=3").json
    second = api("admin").get("/api/v1/people?limit=3&page=2").json
    assert (first["total"], len(first["items"]), len(second["items"])) == (7, 3, 3)
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in second["items"]}


def test_an_unknown_role_filter_is_refused_naming_the_field(api: Any, org: Org) -> None:
    response = api("admin").get("/api/v1/people?role=boss&limit=0")
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"role", "limit"}


def test_listing_people_needs_a_token(client: FlaskClient, org: Org) -> None:
    assert client.get("/api/v1/people").status_code == 401


def test_a_leader_sees_an_employee_of_their_team(api: Any, org: Org) -> None:
    response = api("leader").get(f"/api/v1/people/{org.employee}")
    assert response.status_code == 200
    assert response.json["name"] == "Emil Ansat"
    assert response.json["leader_id"] == str(org.leader)
    assert response.json["passions"] == [] and response.json["talent_score"] is None


@pytest.mark.parametrize(
    ("caller", "person"),
    [("leader", "outsider"), ("other_leader", "employee"), ("employee", "colleague")],
)
def test_a_person_outside_the_callers_view_is_not_found(
    api: Any, org: Org, caller: str, person: str
) -> None:
    response = api(caller).get(f"/api/v1/people/{getattr(org, person)}")
    assert response.status_code == 404
    assert response.json["code"] == 404


def test_an_auditor_sees_anyone_and_an_unknown_id_is_not_found(api: Any, org: Org) -> None:
    auditor = api("auditor")
    assert auditor.get(f"/api/v1/people/{org.outsider}").status_code == 200
    assert auditor.get(f"/api/v1/people/{uuid4()}").status_code == 404
    assert auditor.get("/api/v1/people/not-a-uuid").status_code == 404


# -- registering, moving, deactivating -----------------------------------------------------


def test_an_admin_registers_an_employee_in_a_team(api: Any, org: Org, journal: Journal) -> None:
    response = api("admin").post(
        "/api/v1/people",
        json={"role": "employee", "name": "Nina Ny", "email": "Nina@Example.dk",
              "leader_id": str(org.leader)},
    )  # fmt: skip
    assert response.status_code == 201
    assert response.json["email"] == "nina@example.dk"
    person = journal.read.people.get(UUID(response.json["id"]))
    assert person is not None and person.leader_id == org.leader
    assert api("leader").get(f"/api/v1/people/{person.person_id}").status_code == 200


def test_a_leader_cannot_register_people(api: Any, org: Org, journal: Journal) -> None:
    response = api("leader").post(
        "/api/v1/people", json={"role": "leader", "name": "Ny Leder", "email": "ny@example.dk"}
    )
    assert response.status_code == 403
    assert len(journal.read.people.list()) == 7


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "boss", "name": "B", "email": "b@example.dk"}, "role"),
        ({"role": "leader", "email": "b@example.dk"}, "name"),
        ({"role": "leader", "name": "B", "email": "not an email"}, "email"),
        ({"role": "employee", "name": "B", "email": "b@example.dk"}, "leader_id"),
        ({"role": "leader", "name": "B", "email": "b@example.dk", "leader_id": "x"}, "leader_id"),
    ],
)
def test_registering_a_person_with_a_bad_field_names_it(
    api: Any, org: Org, body: dict[str, str], field: str
) -> None:
    response = api("admin").post("/api/v1/people", json=body)
    assert response.status_code == 422
    assert field in response.json["errors"]


def test_an_admin_moves_an_employee_to_another_team(api: Any, org: Org) -> None:
    response = api("admin").post(
        f"/api/v1/people/{org.employee}/moves", json={"leader_id": str(org.other_leader)}
    )
    assert response.status_code == 200
    assert response.json["leader_id"] == str(org.other_leader)
    assert api("leader").get(f"/api/v1/people/{org.employee}").status_code == 404
    assert api("other_leader").get(f"/api/v1/people/{org.employee}").status_code == 200


def test_a_leader_cannot_move_their_employee(api: Any, org: Org) -> None:
    leader = api("leader")
    body = {"leader_id": str(org.other_leader)}
    assert leader.post(f"/api/v1/people/{org.employee}/moves", json=body).status_code == 403
    assert leader.post(f"/api/v1/people/{org.outsider}/moves", json=body).status_code == 404


@pytest.mark.parametrize(
    ("person", "body", "field"),
    [
        ("employee", {}, "leader_id"),
        ("employee", {"leader_id": str(uuid4())}, "leader_id"),
        ("employee", {"leader_id": "leader"}, "leader_id"),
        ("leader", {"leader_id": "other_leader"}, "employee_id"),
    ],
)
def test_a_move_that_cannot_be_made_names_the_field(
    api: Any, org: Org, person: str, body: dict[str, str], field: str
) -> None:
    if body.get("leader_id") in ("leader", "other_leader"):
        body = {"leader_id": str(getattr(org, body["leader_id"]))}
    response = api("admin").post(f"/api/v1/people/{getattr(org, person)}/moves", json=body)
    assert response.status_code == 422
    assert field in response.json["errors"]


def test_a_deactivated_person_can_no_longer_use_the_api(api: Any, org: Org) -> None:
    employee = api("employee")
    response = api("admin").post(
        f"/api/v1/people/{org.employee}/deactivation", json={"reason": "left the company"}
    )
    assert response.status_code == 200
    assert response.json["is_active"] is False
    assert employee.get(f"/api/v1/people/{org.employee}").status_code == 401


def test_deactivation_is_the_admins_and_says_why(api: Any, org: Org) -> None:
    path = f"/api/v1/people/{org.employee}/deactivation"
    assert api("leader").post(path, json={"reason": "no"}).status_code == 403
    missing = api("admin").post(path, json={})
    assert missing.status_code == 422 and "reason" in missing.json["errors"]
    assert api("admin").post(path, json={"reason": "left"}).status_code == 200
    again = api("admin").post(path, json={"reason": "left"})
    assert again.status_code == 422 and "person_id" in again.json["errors"]


def test_an_admin_cannot_deactivate_themselves(api: Any, org: Org, journal: Any) -> None:
    admin = api("admin")
    response = admin.post(f"/api/v1/people/{org.admin}/deactivation", json={"reason": "bye"})
    assert response.status_code == 422
    assert "ask another admin" in response.json["errors"]["person_id"][0]
    assert journal.read.people.get(org.admin).is_active


# -- talent and passions -------------------------------------------------------------------


def test_a_leader_assesses_the_talent_of_their_employee(api: Any, org: Org) -> None:
    response = api("leader").post(
        f"/api/v1/people/{org.employee}/talent",
        json={"score": 4, "note": "quick learner", "assessed_on": "2025-03-01"},
    )
    assert response.status_code == 201
    shown = api("leader").get(f"/api/v1/people/{org.employee}").json
    assert (shown["talent_score"], shown["talent_assessed_on"]) == (4, "2025-03-01")


@pytest.mark.parametrize(
    ("caller", "status"),
    [("other_leader", 404), ("colleague", 404), ("employee", 403), ("auditor", 403),
     ("admin", 403)],
)  # fmt: skip
def test_only_the_employees_own_leader_assesses_talent(
    api: Any, org: Org, journal: Journal, caller: str, status: int
) -> None:
    body = {"score": 3, "assessed_on": "2025-03-01"}
    response = api(caller).post(f"/api/v1/people/{org.employee}/talent", json=body)
    assert response.status_code == status
    person = journal.read.people.get(org.employee)
    assert person is not None and person.talent_score is None


def test_a_leader_cannot_assess_another_teams_employee(api: Any, org: Org) -> None:
    body = {"score": 3, "assessed_on": "2025-03-01"}
    response = api("leader").post(f"/api/v1/people/{org.outsider}/talent", json=body)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"score": 6, "assessed_on": "2025-03-01"}, "score"),
        ({"score": "4", "assessed_on": "2025-03-01"}, "score"),
        ({"score": 4}, "assessed_on"),
        ({"score": 4, "assessed_on": "2025-03-01T10:00:00+01:00"}, "assessed_on"),
        ({"score": 4, "assessed_on": "2999-03-01"}, "assessed_on"),  # in the future
        ({"score": 4, "assessed_on": "2025-03-01", "note": "x" * 2001}, "note"),
    ],
)
def test_a_bad_talent_assessment_names_the_field(
    api: Any, org: Org, body: dict[str, Any], field: str
) -> None:
    response = api("leader").post(f"/api/v1/people/{org.employee}/talent", json=body)
    assert response.status_code == 422
    assert field in response.json["errors"]


def test_a_leader_records_their_employees_passions(api: Any, org: Org) -> None:
    path = f"/api/v1/people/{org.employee}/passions"
    response = api("leader").put(path, json={"passions": ["colleagues", "customers"]})
    assert response.status_code == 200
    assert response.json["passions"] == ["customers", "colleagues"]
    assert api("employee").get(f"/api/v1/people/{org.employee}").json["passions"] == [
        "customers",
        "colleagues",
    ]


@pytest.mark.parametrize("passions", [[], ["money"], "customers", None])
def test_passions_outside_the_four_are_refused(api: Any, org: Org, passions: Any) -> None:
    path = f"/api/v1/people/{org.employee}/passions"
    response = api("leader").put(path, json={"passions": passions})
    assert response.status_code == 422
    # A bad item is named by its place in the list: ``passions.0``.
    assert all(name.startswith("passions") for name in response.json["errors"])
    assert response.json["errors"]


@pytest.mark.parametrize(
    ("caller", "status"), [("other_leader", 404), ("employee", 403), ("admin", 403)]
)
def test_only_the_employees_own_leader_records_passions(
    api: Any, org: Org, caller: str, status: int
) -> None:
    path = f"/api/v1/people/{org.employee}/passions"
    assert api(caller).put(path, json={"passions": ["product"]}).status_code == status
    assert api("leader").get(f"/api/v1/people/{org.employee}").json["passions"] == []


# -- accounts ------------------------------------------------------------------------------


def test_an_admin_opens_an_account_that_signs_in(
    api: Any, org: Org, journal: Journal, client: FlaskClient
) -> None:
    nina = journal.register_person(
        role="employee", name="Nina Ny", email="nina@example.dk", leader_id=org.leader
    )
    response = api("admin").post(
        "/api/v1/accounts", json={"person_id": str(nina), "username": "nina", "password": PASSWORD}
    )
    assert response.status_code == 201
    assert response.json["username"] == "nina" and response.json["person_id"] == str(nina)
    assert not {"password", "password_hash"} & set(response.json)
    assert PASSWORD not in response.get_data(as_text=True)
    token = client.post("/api/v1/tokens", json={"username": "nina", "password": PASSWORD})
    assert token.status_code == 201 and token.json["person_id"] == str(nina)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"person": "employee", "username": "emil2", "password": PASSWORD}, "person_id"),
        ({"person": None, "username": "ghost", "password": PASSWORD}, "person_id"),
        ({"person": "new", "username": "leader", "password": PASSWORD}, "username"),
        ({"person": "new", "username": "Not Valid!", "password": PASSWORD}, "username"),
        ({"person": "new", "username": "nina", "password": "short"}, "password"),
        ({"person": "new", "username": "nina"}, "password"),
    ],
)
def test_an_account_that_cannot_be_opened_names_the_field(
    api: Any, org: Org, journal: Journal, body: dict[str, Any], field: str
) -> None:
    nina = journal.register_person(role="leader", name="Nina Ny", email="nina@example.dk")
    person = {"employee": org.employee, "new": nina, None: uuid4()}[body.pop("person")]
    response = api("admin").post("/api/v1/accounts", json={"person_id": str(person), **body})
    assert response.status_code == 422
    assert field in response.json["errors"]


def test_a_leader_cannot_open_or_list_accounts(api: Any, org: Org, journal: Journal) -> None:
    nina = journal.register_person(role="leader", name="Nina Ny", email="nina@example.dk")
    leader = api("leader")
    body = {"person_id": str(nina), "username": "nina", "password": PASSWORD}
    assert leader.post("/api/v1/accounts", json=body).status_code == 403
    assert journal.read.accounts.for_person(nina) is None
    assert leader.get("/api/v1/accounts").status_code == 403


def test_an_admin_lists_accounts_by_username_without_hashes(api: Any, org: Org) -> None:
    response = api("admin").get("/api/v1/accounts?limit=2")
    assert response.status_code == 200
    assert response.json["total"] == 7
    assert [a["username"] for a in response.json["items"]] == ["admin", "auditor"]
    assert "password_hash" not in response.json["items"][0]


def test_disabling_an_account_ends_its_tokens(api: Any, org: Org, journal: Journal) -> None:
    employee = api("employee")
    assert employee.get(f"/api/v1/people/{org.employee}").status_code == 200
    account = journal.read.accounts.for_person(org.employee)
    assert account is not None
    response = api("admin").post(
        f"/api/v1/accounts/{account.account_id}/disable", json={"reason": "lost laptop"}
    )
    assert response.status_code == 200
    assert response.json["is_active"] is False
    assert employee.get(f"/api/v1/people/{org.employee}").status_code == 401


def test_disabling_an_account_is_the_admins_and_says_why(
    api: Any, org: Org, journal: Journal
) -> None:
    account = journal.read.accounts.for_person(org.employee)
    own = journal.read.accounts.for_person(org.admin)
    assert account is not None and own is not None
    path = f"/api/v1/accounts/{account.account_id}/disable"
    assert api("leader").post(path, json={"reason": "no"}).status_code == 403
    assert api("admin").post(path, json={}).json["errors"].keys() == {"reason"}
    unknown = api("admin").post(f"/api/v1/accounts/{uuid4()}/disable", json={"reason": "x"})
    assert unknown.status_code == 404
    self_disable = api("admin").post(
        f"/api/v1/accounts/{own.account_id}/disable", json={"reason": "x"}
    )
    assert self_disable.status_code == 422 and "account_id" in self_disable.json["errors"]
    account_now = journal.read.accounts.for_person(org.employee)
    assert account_now is not None and account_now.is_active


def test_a_page_number_past_any_list_is_refused_naming_the_field(api: Any, org: Org) -> None:
    # Found by schemathesis: page=76861433640456467 overflowed the database driver (500).
    response = api("admin").get("/api/v1/accounts?limit=120&page=76861433640456467")
    assert response.status_code == 422
    assert "page" in response.json["errors"]


def test_an_unknown_query_argument_is_refused_not_ignored(api: Any, org: Org) -> None:
    response = api("admin").get("/api/v1/people?rolle=leader")
    assert response.status_code == 422
    assert "rolle" in response.json["errors"]
