"""People in bulk from a CSV file: Danish Excel's file read, leaders first, refused rows
with their reasons, and a second import of the same file changing nothing."""

from __future__ import annotations

import pytest

from journal.errors import DomainError
from journal.importers.people_csv import read_people
from tests.unit.support import head

# Danish Excel: semicolons, Danish headers, Windows-1252, a leader after her team.
DANISH = (
    "Navn;E-mail;Rolle;Leder;Brugernavn;Medarbejdernummer\r\n"
    "Søren Kjær;soren@firma.dk;medarbejder;lene@firma.dk;;1001\r\n"
    "Åse Holm;aase@firma.dk;;lene@firma.dk;aase;1002\r\n"
    "Lene Leder;lene@firma.dk;leder;;;1000\r\n"
    "Uden Leder;uden@firma.dk;medarbejder;;;1003\r\n"
    "Forkert;ikke-en-adresse;medarbejder;lene@firma.dk;;1004\r\n"
    "Ukendt Leder;ukendt@firma.dk;medarbejder;nobody@firma.dk;;1005\r\n"
    "Mærkelig Rolle;maerk@firma.dk;direktør;;;1006\r\n"
).encode("cp1252")


def imported(journal, data: bytes, admin, **options):
    lines, refused = read_people(data)
    return journal.import_people(lines, refused=refused, recorded_by=admin, **options)


def test_a_danish_excel_file_imports_its_people_and_refuses_bad_rows_with_reasons(journal, team):
    done = imported(journal, DANISH, team.admin)
    assert [(o.line, o.result) for o in done.outcomes] == [(2, "new"), (3, "new"), (4, "new")]
    reasons = {r.line: (r.error.field, r.error.message) for r in done.refused}
    assert reasons == {
        5: ("leader", "an employee needs a leader (their e-mail address)"),
        6: ("email", "must be an email address like name@example.com"),
        7: ("leader", "no leader has the address nobody@firma.dk"),
        8: (
            "role",
            '"direktør" is not a role; use one of leader, employee, auditor, admin, manager',
        ),
    }
    people = {p.email: p for p in journal.read.people.list()}
    lene = people["lene@firma.dk"]
    assert lene.role == "leader"
    assert people["soren@firma.dk"].leader_id == lene.person_id
    assert journal.read.accounts.by_username("aase").person_id == people["aase@firma.dk"].person_id


def test_the_same_file_again_changes_nothing_and_a_changed_row_only_what_changed(journal, team):
    imported(journal, DANISH, team.admin)
    before = head(journal)
    again = imported(journal, DANISH, team.admin)
    assert head(journal) == before
    assert again.count("unchanged") == 3 and again.count("new") == 0
    # Søren's new address, same employee number: the same person, corrected.
    moved = DANISH.replace(b"soren@firma.dk", b"soren.k@firma.dk")
    dry = imported(journal, moved, team.admin, dry_run=True)
    assert head(journal) == before
    assert [(o.line, o.fields) for o in dry.outcomes if o.result == "changed"] == [(2, ("email",))]
    done = imported(journal, moved, team.admin)
    assert [(o.line, o.result) for o in done.outcomes] == [
        (2, "changed"),
        (3, "unchanged"),
        (4, "unchanged"),
    ]
    assert "soren.k@firma.dk" in {p.email for p in journal.read.people.list()}
    assert len([p for p in journal.read.people.list() if "Søren" in p.name]) == 1


def test_a_dry_run_knows_the_leaders_the_file_brings_and_writes_nothing(journal, team):
    before = head(journal)
    dry = imported(journal, DANISH, team.admin, dry_run=True)
    assert head(journal) == before
    assert [o.result for o in dry.outcomes] == ["new", "new", "new"]


def test_a_file_without_names_or_addresses_is_refused_as_a_whole():
    with pytest.raises(DomainError) as raised:
        read_people(b"Rolle;Leder\nleder;\n")
    assert raised.value.field == "file"
    with pytest.raises(DomainError):
        read_people(b"\x00\x01binary")
