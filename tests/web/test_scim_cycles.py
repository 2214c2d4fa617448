"""Whole provisioning cycles shaped as Entra ID's and Okta's: twenty people in mixed order,
the manager lines in requests of their own, one new e-mail address and one leaver; the
teams, leaders and managers that result are the organisation's."""

from __future__ import annotations

import random
from typing import Any
from uuid import UUID

from tests.web.scim_support import ENTERPRISE, USER, Scim

#: Head of service, three team leads, sixteen agents: (name, manager).
ORGANISATION = (
    [("head", None)]
    + [(f"lead{t}", "head") for t in range(3)]
    + [(f"agent{a}", f"lead{a % 3}") for a in range(16)]
)


def entra_user(name: str) -> dict[str, Any]:
    """A User as Entra ID creates one: userName the UPN, externalId its object id."""
    return {
        "schemas": [USER, ENTERPRISE],
        "externalId": f"entra-object-{name}",
        "userName": f"{name}@contoso.example",
        "active": True,
        "displayName": name.title(),
        "emails": [{"primary": True, "type": "work", "value": f"{name}@contoso.example"}],
        "name": {"formatted": name.title(), "familyName": "Berg", "givenName": name.title()},
        "title": "Kundeservice",
        ENTERPRISE: {"employeeNumber": f"E-{name}", "department": "Kundeservice"},
    }


def teams(journal: Any) -> dict[str, Any]:
    """Each active person's role, with their leader (employees) or the leaders they
    oversee (managers), by user name."""
    people = {p.person_id: p for p in journal.read.people.list()}
    name = {pid: p.email.split("@")[0] for pid, p in people.items()}
    found: dict[str, Any] = {}
    for pid, person in people.items():
        if not person.is_active:
            continue
        if person.role == "employee":
            found[name[pid]] = ("employee", name.get(person.leader_id))
        elif person.role == "manager":
            found[name[pid]] = (
                "manager",
                sorted(name[p.person_id] for p in journal.read.people.overseen_by(pid)),
            )
        else:
            found[name[pid]] = (person.role, None)
    return found


def expected(*, leaver: str, renamed: dict[str, str]) -> dict[str, Any]:
    want: dict[str, Any] = {"head": ("manager", ["lead0", "lead1", "lead2"])}
    for t in range(3):
        want[f"lead{t}"] = ("leader", None)
    for a in range(16):
        want[f"agent{a}"] = ("employee", f"lead{a % 3}")
    del want[leaver]
    return {renamed.get(k, k): v for k, v in want.items()}


def test_an_entra_cycle_gives_the_organisations_teams(scim, journal):
    order = random.Random(25).sample(ORGANISATION, len(ORGANISATION))
    ids: dict[str, str] = {}
    for name, _ in order:
        # Entra first asks whether the user exists, then creates them.
        found = scim.get(f'/Users?filter=userName eq "{name}@contoso.example"').json
        assert found["totalResults"] == 0
        created = scim.post(entra_user(name))
        assert created.status_code == 201, created.json
        ids[name] = created.json["id"]
    for name, manager in random.Random(7).sample(ORGANISATION, len(ORGANISATION)):
        if manager is None:
            continue
        # The manager line in a request of its own, the value a plain id, "Add" capitalised.
        patched = scim.patch(
            ids[name], {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": ids[manager]}
        )
        assert patched.status_code == 200, patched.json
    # agent4 marries: a new address and user name, the same person.
    scim.patch(
        ids["agent4"],
        {"op": "Replace", "path": "userName", "value": "agent4b@contoso.example"},
        {
            "op": "Replace",
            "path": 'emails[type eq "work"].value',
            "value": "agent4b@contoso.example",
        },
    )
    # agent9 leaves: Entra sends active as the text "False".
    scim.patch(ids["agent9"], {"op": "Replace", "path": "active", "value": "False"})
    assert teams(journal) == expected(leaver="agent9", renamed={"agent4": "agent4b"})
    assert len(journal.read.people.list()) == 20  # no one made twice
    assert UUID(ids["agent4"]) in {p.person_id for p in journal.read.people.list()}


def test_an_okta_cycle_with_managers_named_before_they_arrive(scim, journal):
    ids: dict[str, str] = {}
    # Agents first: their manager is named by e-mail address before the lead exists.
    for name, manager in reversed(ORGANISATION):
        body = entra_user(name) | {"externalId": f"okta-{name}"}
        if manager is not None:
            body[ENTERPRISE] = {"manager": {"value": f"{manager}@contoso.example"}}
        created = scim.post(body)
        assert created.status_code == 201, created.json
        ids[name] = created.json["id"]
    # Okta reads a user, then writes the whole of it back with a PUT.
    current = scim.get(f"/Users/{ids['agent4']}").json
    current["userName"] = current["emails"][0]["value"] = "agent4b@contoso.example"
    assert scim.send("PUT", f"/Users/{ids['agent4']}", current).status_code == 200
    # Okta's deactivation: a path-less replace.
    off = scim.patch(ids["agent9"], {"op": "replace", "value": {"active": False}})
    assert off.json["active"] is False
    assert teams(journal) == expected(leaver="agent9", renamed={"agent4": "agent4b"})
    assert len(journal.read.people.list()) == 20


def test_a_lead_without_a_manager_line_and_an_agent_moved_to_another_team(scim, journal):
    ids = {}
    for name, manager in ORGANISATION[:7]:  # head, three leads, agent0, agent1, agent2
        body = entra_user(name)
        if manager:
            body[ENTERPRISE] = {"manager": {"value": f"entra-object-{manager}"}}
        ids[name] = scim.post(body).json["id"]
    assert teams(journal)["head"] == ("manager", ["lead0", "lead1", "lead2"])
    scim.patch(
        ids["agent1"], {"op": "Replace", "path": f"{ENTERPRISE}:manager", "value": ids["lead0"]}
    )
    scim.patch(ids["lead2"], {"op": "Remove", "path": f"{ENTERPRISE}:manager"})
    found = teams(journal)
    assert found["agent1"] == ("employee", "lead0")
    # lead1 leads no one now: an employee, reporting straight to the head, so without a
    # leader in the journal; lead2 still leads agent2 but is overseen by no one.
    assert found["lead1"] == ("employee", None)
    assert found["lead2"] == ("leader", None)
    assert found["head"] == ("manager", ["lead0"])


def test_with_a_worker_projecting_behind_each_request_the_lines_still_settle(tmp_path):
    from journal.settings import Settings
    from web import create_app

    app = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "JOURNAL_PROJECT_ON_WRITE": False,
        "JOURNAL_SETTINGS": Settings(f"sqlite:///{tmp_path / 'journal.sqlite3'}"),
    })  # fmt: skip
    journal = app.extensions["journal"]
    directory = Scim(app.test_client(), journal.issue_provisioning_token())
    worker = journal.read  # the worker: it catches up after each request, never during one
    worker.catch_up()
    lead = directory.post(entra_user("lead0")).json
    worker.catch_up()
    agent = entra_user("agent0")
    agent[ENTERPRISE] = {"manager": {"value": "entra-object-lead0"}}
    directory.post(agent)
    worker.catch_up()
    assert teams(journal) == {"lead0": ("leader", None), "agent0": ("employee", "lead0")}
    assert UUID(lead["id"]) == journal.read.people.get(UUID(lead["id"])).person_id
    journal.close()
