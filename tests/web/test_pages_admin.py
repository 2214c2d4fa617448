"""The admin's people page: register people, open and disable accounts."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from journal import clock
from journal.commands import Journal
from tests.organisation import PASSWORD, Org
from tests.web.conftest import csrf_token


def sign_in_again(client: FlaskClient, username: str, password: str) -> int:
    """Sign the admin out and sign in as someone else in the same browser; the answer's status.

    (The same browser: the test client keeps its last request's context, so a second
    client would share its CSRF token.)"""
    client.post("/logout", data={"csrf_token": csrf_token(client, "/admin/people")})
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(client)},
    )
    return response.status_code


def post(client: FlaskClient, path: str, prefix: str, **fields: str) -> Any:
    """Send one of the page's forms, its fields named with the form's prefix."""
    data = {f"{prefix}-{name}": value for name, value in fields.items()}
    data[f"{prefix}-csrf_token"] = csrf_token(client, "/admin/people")
    return client.post(path, data=data)


def test_the_admin_sees_everyone_with_role_team_and_account(login: Any, org: Org) -> None:
    page = login("admin").get("/admin/people").get_data(as_text=True)
    row = page[page.index("Emil Ansat") : page.index("</tr>", page.index("Emil Ansat"))]
    assert "Employee" in row and "Lene Leder" in row and "employee" in row and "yes" in row
    assert "7 in all" in page


def test_the_admin_registers_an_employee_and_opens_an_account_that_signs_in(
    login: Any, journal: Journal, org: Org
) -> None:
    client = login("admin")
    registered = post(
        client, "/admin/people", "register",
        name="Nina Ny", email="nina@example.dk", role="employee", leader=str(org.leader),
    )  # fmt: skip
    assert registered.status_code == 302
    nina = next(p for p in journal.read.people.list() if p.name == "Nina Ny")
    assert nina.leader_id == org.leader
    opened = post(
        client, "/admin/accounts", "account",
        person=str(nina.person_id), username="nina", password="a long enough secret",
    )  # fmt: skip
    assert opened.status_code == 302
    assert "nina" in client.get("/admin/people").get_data(as_text=True)
    assert sign_in_again(client, "nina", "a long enough secret") == 302
    assert client.get("/").headers["Location"].endswith("/me")


def test_an_employee_without_a_leader_is_refused_on_the_leader_field(
    login: Any, journal: Journal, org: Org
) -> None:
    response = post(
        login("admin"), "/admin/people", "register",
        name="Nina Ny", email="nina@example.dk", role="employee", leader="",
    )  # fmt: skip
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="register-leader-error"' in page and "an employee needs a leader" in page
    assert "Nina Ny" not in [p.name for p in journal.read.people.list()]


def test_a_second_person_with_someones_address_is_refused_on_the_email_field(
    login: Any, journal: Journal, org: Org
) -> None:
    response = post(
        login("admin"), "/admin/people", "register",
        name="Emil Igen", email="Emil@Example.dk", role="employee", leader=str(org.leader),
    )  # fmt: skip
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    assert 'id="register-email-error"' in page and "already Emil Ansat's address" in page
    assert "Emil Igen" not in [p.name for p in journal.read.people.list()]


def test_a_short_password_is_refused_and_no_account_is_opened(
    login: Any, journal: Journal, org: Org
) -> None:
    nina = journal.register_person(role="auditor", name="Nina Ny", email="nina@example.dk")
    response = post(
        login("admin"), "/admin/accounts", "account",
        person=str(nina), username="nina", password="short",
    )  # fmt: skip
    assert response.status_code == 422
    assert "must be at least 10 characters" in response.get_data(as_text=True)
    assert journal.read.accounts.for_person(nina) is None


def test_a_disabled_account_can_no_longer_sign_in(login: Any, journal: Journal, org: Org) -> None:
    account = journal.read.accounts.for_person(org.employee)
    assert account is not None
    client = login("admin")
    response = post(
        client, "/admin/accounts/disable", "disable",
        account=str(account.account_id), reason="left the company",
    )  # fmt: skip
    assert response.status_code == 302
    assert sign_in_again(client, "employee", PASSWORD) == 401


def test_disabling_without_a_reason_shows_why_and_keeps_the_account(
    login: Any, journal: Journal, org: Org
) -> None:
    account = journal.read.accounts.for_person(org.employee)
    assert account is not None
    client = login("admin")
    response = post(
        client, "/admin/accounts/disable", "disable",
        account=str(account.account_id), reason="",
    )  # fmt: skip
    assert response.status_code == 422
    assert 'id="disable-reason-error"' in response.get_data(as_text=True)
    assert sign_in_again(client, "employee", PASSWORD) == 302


def test_the_admin_page_shows_no_coaching_notes(login: Any, journal: Journal, org: Org) -> None:
    journal.log_interaction(
        leader_id=org.leader,
        employee_id=org.employee,
        kind="one_to_one",
        occurred_at=clock.now() - timedelta(hours=1),
        minutes=30,
        shared_notes="Shared words",
        private_notes="Private words",
    )
    page = login("admin").get("/admin/people").get_data(as_text=True)
    assert "Emil Ansat" in page
    assert "Shared words" not in page and "Private words" not in page


@pytest.mark.parametrize("person", ["leader", "employee", "auditor"])
def test_only_an_admin_manages_people(login: Any, person: str) -> None:
    client = login(person)
    assert client.get("/admin/people").status_code == 403
    assert client.post("/admin/people", data={}).status_code in (400, 403)


def test_the_admin_finds_people_by_part_of_their_name_or_email(login: Any, org: Org) -> None:
    admin = login("admin")

    def listed(query: str) -> str:
        page = html.unescape(admin.get(f"/admin/people?q={query}").get_data(as_text=True))
        return page.split("<table>")[1].split("</table>")[0] if "<table>" in page else page

    by_name, by_email = listed("kollega"), listed("OTTO@")
    nobody = html.unescape(admin.get("/admin/people?q=zz-ingen").get_data(as_text=True))

    assert "Eva Kollega" in by_name and "Emil Ansat" not in by_name
    assert "People whose name or e-mail contains “kollega” (1)" in by_name
    assert "Otto Udenfor" in by_email and "Eva Kollega" not in by_email
    assert "Nobody's name or e-mail contains “zz-ingen”." in nobody
    assert "Show everyone" in nobody


# -- one person: details, role and team, active or not --------------------------------------


def test_an_admin_corrects_moves_deactivates_and_reactivates_a_person_on_their_page(
    login: Any, org: Org, journal: Journal
) -> None:
    ada = login("admin")
    page = f"/admin/people/{org.employee}"
    people = ada.get("/admin/people?q=Emil").get_data(as_text=True)
    assert f'href="{page}"' in people

    def post(action: str, prefix: str, fields: dict[str, str]) -> Any:
        data = {f"{prefix}-{k}": v for k, v in fields.items()}
        data[f"{prefix}-csrf_token"] = csrf_token(ada, page)
        return ada.post(f"{page}/{action}", data=data)

    assert (
        post("details", "details", {"name": "Emil Ny", "email": "emil.ny@x.dk"}).status_code == 302
    )
    assert journal.read.people.get(org.employee).name == "Emil Ny"
    taken = post("details", "details", {"name": "Emil Ny", "email": journal.read.people.get(
        org.colleague).email})  # fmt: skip
    assert taken.status_code == 422 and "error-summary" in taken.get_data(as_text=True)

    moved = post("role", "role", {"role": "employee", "leader": str(org.other_leader)})
    assert moved.status_code == 302
    assert journal.read.people.get(org.employee).leader_id == org.other_leader
    no_reason = post("role", "role", {"role": "leader", "leader": ""})
    assert no_reason.status_code == 422 and "Why (needed for a new role)" in no_reason.get_data(
        as_text=True
    )

    assert post("status", "status", {"reason": "Orlov"}).status_code == 302
    assert not journal.read.people.get(org.employee).is_active
    assert post("status", "status", {}).status_code == 302
    assert journal.read.people.get(org.employee).is_active
