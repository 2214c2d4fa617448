"""The company directory's commands: people arrive in any order, the manager line decides
who leads whom, and the same request twice records nothing."""

from __future__ import annotations

from uuid import UUID

import pytest

from journal.commands import Journal
from journal.commands.directory import DirectoryEntry
from journal.domain.directory import PROVISIONING
from journal.errors import DomainError, NotFoundError, UniquenessError
from tests.unit.support import head


def entry(user: str, manager: str | None = None, **changes: object) -> DirectoryEntry:
    """A person as Entra sends them: user name, e-mail and external id from one word."""
    attributes = {
        "user_name": f"{user}@contoso.example",
        "external_id": f"ext-{user}",
        "display_name": user.title(),
        "manager_ref": manager,
    }
    email = str(changes.pop("email", f"{user}@contoso.example"))
    active = bool(changes.pop("active", True))
    return DirectoryEntry(email=email, active=active, attributes={**attributes, **changes})


def arrange(journal: Journal, *entries: DirectoryEntry) -> dict[str, UUID]:
    """Provision each entry; their ids by display name."""
    return {e.name: journal.provision(e)[0] for e in entries}


def roles_and_leaders(journal: Journal) -> dict[str, tuple[str, str | None]]:
    names = journal.read.people.names()
    return {
        p.name: (p.role, names.get(p.leader_id) if p.leader_id else None)
        for p in journal.read.people.list()
    }


def test_managers_named_before_they_arrive_are_found_and_the_lines_give_roles(journal):
    # Agents first, naming a team lead not yet known; the head of service last.
    ids = arrange(
        journal,
        entry("anna", manager="ext-tl"),
        entry("bo", manager="tl@contoso.example"),
        entry("tl", manager="ext-head"),
        entry("head"),
    )
    assert roles_and_leaders(journal) == {
        "Anna": ("employee", "Tl"),
        "Bo": ("employee", "Tl"),
        "Tl": ("leader", None),
        "Head": ("manager", None),
    }
    assert [p.person_id for p in journal.read.people.overseen_by(ids["Head"])] == [ids["Tl"]]


def test_the_same_entry_twice_records_nothing_and_a_new_address_is_the_same_person(journal):
    ids = arrange(journal, entry("tl"), entry("anna", manager="ext-tl"))
    before = head(journal)
    assert journal.replace_in_directory(ids["Anna"], entry("anna", manager="ext-tl")) is False
    assert head(journal) == before
    moved = entry("anna", manager="ext-tl", email="anna.b@contoso.example", user_name="annab")
    assert journal.replace_in_directory(ids["Anna"], moved) is True
    assert journal.read.people.get(ids["Anna"]).email == "anna.b@contoso.example"
    # The directory creating her again under her new address is told she exists.
    with pytest.raises(UniquenessError):
        journal.provision(moved)
    assert len(journal.read.people.list()) == 2
    # Her old user name is free for someone else now.
    arrange(journal, entry("ny", user_name="anna@contoso.example"))


def test_a_removed_manager_leaves_the_employee_without_a_leader_and_the_lead_an_employee(
    journal,
):
    ids = arrange(journal, entry("tl"), entry("anna", manager="ext-tl"))
    journal.replace_in_directory(ids["Anna"], entry("anna"))
    assert roles_and_leaders(journal) == {"Anna": ("employee", None), "Tl": ("employee", None)}


def test_roles_the_directory_sends_win_over_the_lines(journal):
    arrange(journal, entry("aud", roles=["auditor"]), entry("anna", manager="ext-aud"))
    assert roles_and_leaders(journal) == {"Aud": ("auditor", None), "Anna": ("employee", None)}


def test_a_key_another_listed_person_holds_is_refused_and_nothing_is_written(journal):
    arrange(journal, entry("anna"))
    before = head(journal)
    with pytest.raises(UniquenessError) as raised:
        journal.provision(entry("bo", user_name="anna@contoso.example"))
    assert raised.value.field == "user_name"
    assert head(journal) == before


def test_a_deleted_person_is_deactivated_not_erased_and_comes_back_as_the_same_person(journal):
    ids = arrange(journal, entry("tl"), entry("anna", manager="ext-tl"))
    journal.unlist(ids["Anna"])
    row = journal.read.people.get(ids["Anna"])
    assert (row.name, row.is_active) == ("Anna", False)
    with pytest.raises(NotFoundError):
        journal.replace_in_directory(ids["Anna"], entry("anna"))
    assert journal.provision(entry("anna", manager="ext-tl")) == (ids["Anna"], False)
    assert journal.read.people.get(ids["Anna"]).is_active
    assert roles_and_leaders(journal)["Anna"] == ("employee", "Tl")


def test_the_directory_adopts_a_person_an_admin_added_by_hand(journal, team):
    existing = team.employee
    row = journal.read.people.get(existing)
    person_id, new = journal.provision(
        DirectoryEntry(email=row.email, attributes={"display_name": row.name, "user_name": "x"})
    )
    assert (person_id, new) == (existing, False)
    assert journal.read.directory.get(existing).listed
    # No manager lines anywhere in the directory yet: the team the admin gave stays.
    assert journal.read.people.get(existing).leader_id == row.leader_id
    events = journal.read.event_index.page(limit=1000).events
    assert any(e.recorded_by == PROVISIONING for e in events)


def test_an_employee_waiting_for_a_leader_gets_no_feedback_or_request_until_they_have_one(
    journal, team
):
    from datetime import UTC, datetime

    waiting = journal.provision(entry("bo", manager="ext-not-yet"))[0]
    with pytest.raises(DomainError, match="has no leader yet") as raised:
        journal.record_feedback(
            employee_id=waiting, score=9, channel="phone", recorded_by=team.admin,
            received_at=datetime(2026, 1, 5, tzinfo=UTC),
        )  # fmt: skip
    assert raised.value.field == "employee_id"
    with pytest.raises(DomainError, match="has no leader yet"):
        journal.ask_for_coaching(waiting, "one_to_one", "", recorded_by=waiting)
    arrange(journal, entry("not-yet", external_id="ext-not-yet"))
    assert journal.read.people.get(waiting).leader_id is not None
