"""/scim/v2 as providers use it: the token, filters, SCIM's errors, Entra's and Okta's ways
of writing, and a leaver shut out at once."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

import pytest

from journal.domain.directory import PROVISIONING
from journal.errors import DomainError
from tests.organisation import PASSWORD
from tests.unit.support import head
from tests.web.conftest import api_client, page_client
from tests.web.scim_support import ENTERPRISE, USER


def user(name: str, email: str | None = None, **more: Any) -> dict[str, Any]:
    """A User as Entra creates one."""
    return {
        "schemas": [USER, ENTERPRISE],
        "userName": email or f"{name}@contoso.example",
        "externalId": f"ext-{name}",
        "active": True,
        "displayName": name.title(),
        "emails": [{"primary": True, "type": "work", "value": email or f"{name}@contoso.example"}],
        **more,
    }


def test_only_the_directorys_current_token_opens_the_service_and_nothing_else(client, journal, org):
    refused = client.get("/scim/v2/Users")
    assert refused.status_code == 401
    assert refused.json["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert refused.json["status"] == "401"
    leader = api_client(client, org, "leader")
    assert leader.get("/scim/v2/Users").status_code == 401  # an API token opens no SCIM
    first = journal.issue_provisioning_token()
    bearer = {"Authorization": f"Bearer {first}"}
    assert client.get("/scim/v2/Users", headers=bearer).status_code == 200
    assert client.get("/api/v1/people", headers=bearer).status_code == 401  # nor SCIM the API
    journal.issue_provisioning_token()
    assert client.get("/scim/v2/Users", headers=bearer).status_code == 401  # replaced


def test_every_route_needs_the_directory_token(app, client, org):
    leader = api_client(client, org, "leader")
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/scim/v2/")]
    assert len(rules) >= 8
    for rule in rules:
        path = re.sub(r"<[^>]+>", "3fa85f64-5717-4562-b3fc-2c963f66afa6", rule.rule)
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            for headers in ({}, leader.headers):
                answer = client.open(path, method=method, json={}, headers=headers)
                assert answer.status_code == 401, (method, path)
                assert answer.json["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]


def test_a_user_is_found_by_each_filter_and_no_match_is_an_empty_list(scim):
    created = scim.post(user("anna", employeeNumber="x", **{ENTERPRISE: {"employeeNumber": "E7"}}))
    assert created.status_code == 201, created.json
    assert created.mimetype == "application/scim+json"
    assert created.headers["Location"].endswith(f"/scim/v2/Users/{created.json['id']}")
    for expression in (
        'userName eq "ANNA@contoso.example"',
        'externalId eq "ext-anna"',
        'emails[type eq "work"].value eq "anna@contoso.example"',
        'emails.value eq "anna@contoso.example"',
        f'id eq "{created.json["id"]}"',
        'userName eq "anna@contoso.example" and active eq true',
        f'{ENTERPRISE}:employeeNumber eq "E7"',
    ):
        found = scim.get(f"/Users?filter={expression}")
        assert found.status_code == 200, (expression, found.json)
        assert [u["id"] for u in found.json["Resources"]] == [created.json["id"]], expression
    for expression in ('userName eq "nobody@contoso.example"', "active eq false"):
        empty = scim.get(f"/Users?filter={expression}").json
        assert (empty["totalResults"], empty["Resources"]) == (0, []), expression


def test_errors_are_scims_bodies_with_their_type_never_a_500(scim):
    scim.post(user("anna"))
    cases = [
        (scim.get('/Users?filter=userName co "an"'), 400, "invalidFilter"),
        (scim.get("/Users?filter=userName eq"), 400, "invalidFilter"),
        (scim.get('/Users?filter=title eq "x" or active eq true'), 400, "invalidFilter"),
        (scim.post(user("bo", email="anna@contoso.example")), 409, "uniqueness"),
        (scim.post({**user("cy"), "externalId": "ext-anna"}), 409, "uniqueness"),
        (scim.post(user("dy", email="not an address")), 400, "invalidValue"),
        (scim.post({"schemas": [USER], "displayName": "No Name"}), 400, "invalidValue"),
        (scim.post({**user("ed"), "active": "maybe"}), 400, "invalidValue"),
        (scim.send("POST", "/Users", "[1, 2]"), 400, "invalidSyntax"),
        (scim.patch("3fa85f64-5717-4562-b3fc-2c963f66afa6", {"op": "replace"}), 404, None),
        (scim.get("/Users/not-an-id"), 404, None),
        (scim.get("/Groups"), 404, None),
        (scim.send("PUT", "/Schemas"), 405, None),
    ]
    for response, status, scim_type in cases:
        assert response.status_code == status, response.json
        assert response.json["status"] == str(status)
        assert response.json.get("scimType") == scim_type, response.json
        assert response.json["detail"]


def test_entras_capitalised_ops_text_booleans_dotted_keys_and_manager_as_text(scim, journal):
    lead = scim.post(user("tl")).json
    anna = scim.post(user("anna")).json
    changed = scim.patch(
        anna["id"],
        {"op": "Replace", "path": "displayName", "value": "Anna Berg"},
        {
            "op": "Add",
            "value": {
                "name.givenName": "Anna",
                f"{ENTERPRISE}:department": "Support",
                "title": "Agent",
                "nickName": "kept nowhere",
            },
        },  # fmt: skip
        {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": lead["id"]},
        {
            "op": "Replace",
            "path": 'emails[type eq "work"].value',
            "value": "anna.b@contoso.example",
        },
    )
    assert changed.status_code == 200, changed.json
    body = changed.json
    assert (body["displayName"], body["name"]["givenName"], body["title"]) == (
        "Anna Berg", "Anna", "Agent",
    )  # fmt: skip
    assert body[ENTERPRISE]["department"] == "Support"
    assert body[ENTERPRISE]["manager"]["value"] == lead["id"]
    assert body["emails"][0]["value"] == "anna.b@contoso.example"
    assert "nickName" not in body
    row = journal.read.people.get(UUID(body["id"]))
    assert (row.name, row.role, row.leader_id) == (
        "Anna Berg",
        "employee",
        journal.read.people.get(UUID(lead["id"])).person_id,
    )
    assert journal.read.people.get(UUID(lead["id"])).role == "leader"
    left = scim.patch(anna["id"], {"op": "Replace", "path": "active", "value": "False"})
    assert left.json["active"] is False
    assert scim.get(f"/Users/{anna['id']}").json["active"] is False  # still there
    removed = scim.patch(lead["id"], {"op": "Remove", "path": f"{ENTERPRISE}:manager"})
    assert removed.status_code == 200


def test_oktas_read_then_full_put_and_its_path_less_deactivation(scim, journal):
    anna = scim.post(
        user("anna", **{ENTERPRISE: {"manager": {"value": "tl@contoso.example"}}})
    ).json
    tl = scim.post(user("tl")).json  # the manager arrives after: found by the address named
    assert (
        journal.read.people.get(UUID(anna["id"])).leader_id
        == journal.read.people.get(UUID(tl["id"])).person_id
    )
    found = scim.get('/Users?filter=userName eq "anna@contoso.example"').json["Resources"][0]
    found["name"] = {"givenName": "Anna", "familyName": "Berg"}
    found["displayName"] = "Anna Berg"
    before = head(journal)
    replaced = scim.send("PUT", f"/Users/{anna['id']}", found)
    assert replaced.status_code == 200, replaced.json
    assert head(journal) > before
    written = head(journal)
    again = scim.send("PUT", f"/Users/{anna['id']}", found)  # the same PUT twice
    assert again.status_code == 200
    assert head(journal) == written
    off = scim.patch(anna["id"], {"op": "replace", "value": {"active": False}})
    assert off.json["active"] is False
    assert not journal.read.people.get(UUID(anna["id"])).is_active


def test_a_deactivated_person_is_refused_on_their_very_next_request(client, journal, org, scim):
    row = journal.read.people.get(org.employee)
    adopted = scim.post(user("emil", email=row.email, displayName=row.name))
    assert adopted.status_code == 201
    assert adopted.json["id"] == str(org.employee)  # the person an admin added, not a new one
    api = api_client(client, org, "employee")
    assert api.get(f"/api/v1/people/{org.employee}/timeline").status_code == 200
    pages = page_client(client, org, "employee")
    assert pages.get("/me").status_code == 200
    off = scim.patch(str(org.employee), {"op": "Replace", "path": "active", "value": "False"})
    assert off.status_code == 200
    assert api.get(f"/api/v1/people/{org.employee}/timeline").status_code == 401
    assert pages.get("/me").status_code == 302  # back to the sign-in page


def test_a_delete_deactivates_unlists_and_erases_nothing(scim, journal):
    anna = scim.post(user("anna")).json
    assert scim.send("DELETE", f"/Users/{anna['id']}").status_code == 204
    assert scim.get(f"/Users/{anna['id']}").status_code == 404
    assert scim.get('/Users?filter=userName eq "anna@contoso.example"').json["totalResults"] == 0
    row = journal.read.people.get(UUID(anna["id"]))
    assert (row.name, row.is_active) == ("Anna", False)
    back = scim.post(user("anna"))
    assert (back.status_code, back.json["id"], back.json["active"]) == (201, anna["id"], True)


def test_what_the_directory_writes_is_recorded_as_by_provisioning(scim, journal):
    anna = scim.post(user("anna")).json
    events = journal.read.event_index.page(subject_id=UUID(anna["id"]), limit=100).events
    assert events and {e.recorded_by for e in events} == {PROVISIONING}


def test_lists_page_with_start_index_and_count(scim):
    for name in ("a1", "a2", "a3", "a4", "a5"):
        scim.post(user(name))
    page = scim.get("/Users?startIndex=2&count=2").json
    assert (page["totalResults"], page["startIndex"], page["itemsPerPage"]) == (5, 2, 2)
    assert [u["userName"] for u in page["Resources"]] == [
        "a2@contoso.example",
        "a3@contoso.example",
    ]
    assert scim.get("/Users?count=0").json["Resources"] == []
    assert scim.get("/Users?count=x").status_code == 400


def test_admins_see_who_comes_from_the_directory_and_cannot_change_what_it_keeps(
    client, journal, org, scim
):
    lead = scim.post(user("tl")).json
    anna = scim.post(user("anna", **{ENTERPRISE: {"manager": {"value": lead["id"]}}})).json
    nobody = scim.post(user("bo", **{ENTERPRISE: {"manager": {"value": "ext-unknown"}}})).json
    admin = page_client(client, org, "admin")
    listing = admin.get("/admin/people").get_data(as_text=True)
    assert listing.count("from the directory") == 3
    assert "1 active employee has no leader" in listing  # Bo: his manager is not known yet
    page = admin.get(f"/admin/people/{anna['id']}").get_data(as_text=True)
    assert "comes from the company directory" in page
    assert 'id="details"' not in page and 'id="role"' not in page
    for attempt in (
        lambda: journal.change_person_details(
            UUID(anna["id"]), name="Anna X", email="x@contoso.example", recorded_by=org.admin
        ),
        lambda: journal.deactivate_person(UUID(anna["id"]), "left", recorded_by=org.admin),
        lambda: journal.move_employee(UUID(anna["id"]), org.leader, recorded_by=org.admin),
        lambda: journal.change_role(
            UUID(nobody["id"]), "auditor", reason="x", recorded_by=org.admin
        ),
    ):
        with pytest.raises(DomainError, match="comes from the company directory"):
            attempt()
    # What the directory does not keep stays the admins': Emil, added by hand.
    journal.move_employee(org.employee, org.other_leader, recorded_by=org.admin)


def test_an_employee_waiting_for_a_leader_uses_their_own_pages(client, journal, scim):
    bo = scim.post(user("bo", **{ENTERPRISE: {"manager": {"value": "ext-unknown"}}})).json
    journal.open_account(UUID(bo["id"]), username="bo", password=PASSWORD, recorded_by=None)
    pages = client
    from tests.web.conftest import csrf_token

    signed = pages.post(
        "/login", data={"username": "bo", "password": PASSWORD, "csrf_token": csrf_token(pages)}
    )
    assert signed.status_code == 302
    for path in ("/", "/me", "/me/data"):
        answer = pages.get(path, follow_redirects=True)
        assert answer.status_code == 200, (path, answer.get_data(as_text=True)[:300])


def test_a_put_without_active_keeps_a_deactivated_person_deactivated(scim, journal):
    anna = scim.post(user("anna")).json
    scim.patch(anna["id"], {"op": "replace", "path": "active", "value": False})
    body = {k: v for k, v in user("anna").items() if k != "active"}
    kept = scim.send("PUT", f"/Users/{anna['id']}", body)
    assert kept.status_code == 200 and kept.json["active"] is False
    assert not journal.read.people.get(UUID(anna["id"])).is_active
