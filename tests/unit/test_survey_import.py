"""Survey results in bulk: a Danish Excel export of NPS answers, read with its quirks, each
bad row refused with its line and reason, and nothing recorded twice."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from journal import clock
from journal.commands import Journal
from journal.errors import DomainError
from journal.importers.survey_csv import mapping_for, read_survey
from journal.projections.timeline import Viewer
from tests.organisation import Org
from tests.unit.support import head, register_employee

DANISH = Path(__file__).resolve().parents[1] / "fixtures" / "surveys" / "danish_excel.csv"
COLUMNS = {"Svar-id": "response_id", "Dato": "date", "Medarbejder": "employee",
           "Score": "score", "Kommentar": "comment", "Kanal": "channel"}  # fmt: skip
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


@pytest.fixture
def accounts(journal: Journal, team: Org) -> Org:
    """Bo can be named by his username; Carl is in Mads's team, not Lene's."""
    with clock.frozen_at(NOW):
        journal.open_account(team.colleague, username="bo", password="et langt kodeord",
                             recorded_by=team.admin)  # fmt: skip
        register_employee(journal, team.other_leader, "Carl Clausen")
    return team


def test_a_danish_excel_export_imports_its_good_rows_and_names_each_bad_one(
    journal: Journal, accounts: Org
) -> None:
    team = accounts
    with clock.frozen_at(NOW):
        done = journal.import_survey(DANISH.read_bytes(), chosen=COLUMNS, recorded_by=team.leader)

    assert (done.imported, done.already) == (3, 0)
    assert [(r.line, r.reason) for r in done.refused] == [
        (5, 'employee: no employee with email or username "ukendt@example.com"'),
        (6, 'score: "11" is not a whole number from 0 to 10'),
        (7, "employee: Carl Clausen is not in your team"),
        (8, 'score: "7,5" is not a whole number from 0 to 10'),
        (9, 'date: "31-02-2026" is not a date such as 2026-11-03 or 03-11-2026'),
    ]
    [anna] = [e for e in journal.read.timeline.for_employee(team.employee, Viewer("auditor"))]
    assert (anna.score, anna.shared_notes, anna.kind) == (9, "Hurtig hjælp;\nog venlig", "phone")
    assert journal.read.nps.for_employee(team.colleague, NOW.replace(month=1), NOW).responses == 2


def test_importing_the_same_file_again_records_nothing_new_and_a_dry_run_writes_nothing(
    journal: Journal, accounts: Org
) -> None:
    team = accounts
    before = head(journal)
    with clock.frozen_at(NOW):
        dry = journal.import_survey(DANISH.read_bytes(), chosen=COLUMNS, recorded_by=team.admin,
                                    dry_run=True)  # fmt: skip
        assert head(journal) == before and dry.imported == 4  # the admin may import Carl
        first = journal.import_survey(DANISH.read_bytes(), chosen=COLUMNS, recorded_by=team.admin)
        written = head(journal)
        again = journal.import_survey(DANISH.read_bytes(), chosen=COLUMNS, recorded_by=team.admin)

    assert (first.imported, first.already, len(first.refused)) == (4, 0, 4)
    assert (again.imported, again.already) == (0, 4)
    assert head(journal) == written
    log = journal.history.log(event_types=["SurveyResponses.Imported"]).events
    assert [len(e.data["keys"]) for e in log] == [4]


def test_a_file_without_response_ids_is_known_by_its_rows(journal: Journal, team: Org) -> None:
    data = b"date,score,employee,comment\n2026-11-03,10,emil@example.dk,Super\n"
    with clock.frozen_at(NOW):
        first = journal.import_survey(data, recorded_by=team.leader)  # headers map themselves
        again = journal.import_survey(data, recorded_by=team.leader)

    assert (first.imported, again.imported, again.already) == (1, 0, 1)


def test_bad_files_and_mappings_name_the_problem_and_write_nothing(
    journal: Journal, team: Org
) -> None:
    before = head(journal)
    cases = [
        (b"\x89PNG\r\n\x1a\n\x00\x00", None, team.leader, "file"),
        (b"date;score\n2026-11-03;9\n", None, team.leader, "map"),  # no employee column
        (DANISH.read_bytes(), {"Dato": "when"}, team.leader, "map"),
        (DANISH.read_bytes(), {"Nope": "date"}, team.leader, "map"),
        (DANISH.read_bytes(), COLUMNS, team.employee, "recorded_by"),  # an employee imports nothing
    ]
    for data, chosen, importer, field in cases:
        with pytest.raises(DomainError) as refused:
            journal.import_survey(data, chosen=chosen, recorded_by=importer)
        assert refused.value.field == field
    assert head(journal) == before


def test_the_reader_handles_a_bom_semicolons_and_quoted_newlines() -> None:
    survey = read_survey(DANISH.read_bytes())

    assert survey.headers[0] == "Svar-id" and survey.delimiter == ";"
    assert [line for line, _ in survey.rows] == [2, 4, 5, 6, 7, 8, 9, 10]
    assert mapping_for(["Date", "SCORE", "employee", "x"]) == {
        "date": 0, "score": 1, "employee": 2
    }  # fmt: skip


def test_a_big_file_is_written_in_chunks_each_with_its_ledger_entry(
    journal: Journal, accounts: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("journal.commands.feedback.SURVEY_CHUNK", 2)
    with clock.frozen_at(NOW):
        done = journal.import_survey(
            DANISH.read_bytes(), chosen=COLUMNS, recorded_by=accounts.admin
        )

    log = journal.history.log(event_types=["SurveyResponses.Imported"]).events
    assert done.imported == 4 and [len(e.data["keys"]) for e in log] == [2, 2]
