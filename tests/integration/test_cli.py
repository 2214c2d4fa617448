"""The `journal` command on a SQLite file, as an operator or auditor would run it."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import pytest
from click.testing import CliRunner, Result

from journal import bootstrap, clock
from journal.entry.cli import main
from journal.security.passwords import verify_password
from journal.settings import Settings
from tests.integration.test_scenarios import log_one_to_one
from tests.organisation import T0, build_org
from tests.unit.support import head


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A SQLite file that the command and the test both open."""
    settings = Settings(f"sqlite:///{tmp_path / 'journal.sqlite3'}")
    monkeypatch.setenv("JOURNAL_DATABASE_URL", settings.database_url)
    return settings


@pytest.fixture
def corrected(store: Settings) -> UUID:
    """An employee whose 1-to-1 note was corrected a day after it was logged."""
    journal = bootstrap.open_journal(store)
    try:
        org = build_org(journal, at=T0, accounts=False)
        leader, employee = org.leader, org.employee
        interaction = log_one_to_one(journal, leader, employee, T0 + timedelta(days=1), "Gammel")
        with clock.frozen_at(T0 + timedelta(days=2)):
            journal.correct_interaction(
                interaction, {"shared_notes": "Ny og rettet"}, "Rettelse", recorded_by=leader
            )
    finally:
        journal.close()
    return employee


def run(*args: str, stdin: str | None = None) -> Result:
    """Run the command and return its result."""
    return CliRunner().invoke(main, list(args), input=stdin)


def test_history_shows_the_old_note_when_known_before_the_correction(corrected: UUID) -> None:
    before = run("history", "emil@example.dk", "--known-at", "2026-03-03T12:00:00+00:00")
    after = run("history", "Emil Ansat", "--known-at", "2026-03-05")

    assert before.exit_code == 0, before.output
    assert "Gammel" in before.output and "Ny og rettet" not in before.output
    assert "Ny og rettet" in after.output and "Gammel" not in after.output


def test_history_as_of_before_the_meeting_lists_no_interactions(corrected: UUID) -> None:
    result = run("history", str(corrected), "--as-of", "2026-03-02T12:00:00+00:00")

    assert result.exit_code == 0, result.output
    assert "Interactions (0):" in result.output


def test_history_names_a_bad_moment_and_an_unknown_person(corrected: UUID) -> None:
    bad_moment = run("history", str(corrected), "--as-of", "last tuesday")
    nobody = run("history", "nobody@example.com")

    assert bad_moment.exit_code == 2
    assert "--as-of" in bad_moment.output and "ISO" in bad_moment.output
    assert nobody.exit_code == 1
    assert "nobody matches 'nobody@example.com'" in nobody.output


def test_rebuild_reports_rows_per_projection(corrected: UUID) -> None:
    result = run("rebuild", "timeline", "coaching_log")

    assert result.exit_code == 0, result.output
    assert "timeline=1" in result.output  # the corrected 1-to-1, one row
    assert "coaching_log=1" in result.output
    assert "nps_feedback" not in result.output


def test_rebuild_refuses_an_unknown_projection(store: Settings) -> None:
    result = run("rebuild", "gossip")

    assert result.exit_code == 2
    assert "choose from people, accounts, event_index, timeline" in result.output


def test_status_counts_events_and_people(corrected: UUID) -> None:
    result = run("status")

    assert result.exit_code == 0, result.output
    assert "Events in the log: 20." in result.output
    assert "leader 2, employee 3, auditor 1, admin 1" in result.output


def test_import_refuses_a_journal_that_already_has_events(corrected: UUID) -> None:
    exported = run("export")
    again = run("import", stdin=exported.stdout)

    assert again.exit_code == 1
    assert "import needs an empty journal" in again.output


def test_import_names_the_line_that_is_not_an_event(store: Settings) -> None:
    header = '{"format": "coaching-journal-backup", "version": 2}'
    result = run("import", stdin=f'{header}\n{{"originator_id": "not-a-uuid"}}\n')
    no_header = run("import", stdin='{"originator_id": "not-a-uuid"}\n')

    assert result.exit_code == 1
    assert "line 2: not an exported event" in result.output
    assert "line 1: not a coaching-journal-backup version 2 header" in no_header.output


def test_demo_if_empty_leaves_a_journal_with_events_alone(corrected: UUID) -> None:
    result = run("demo", "--if-empty")

    assert result.exit_code == 0
    assert "already has events" in result.output
    assert "Events in the log: 20." in run("status").output


def test_users_create_makes_the_first_admin_who_can_sign_in(store: Settings) -> None:
    result = CliRunner().invoke(
        main,
        ["users", "create", "--role", "admin", "--username", "Mette", "--name", "Mette N",
         "--email", "mette@example.dk", "--password-stdin"],
        input="a long enough password\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "username mette" in result.output
    journal = bootstrap.open_journal(store)
    try:
        account = journal.read.accounts.by_username("mette")
        assert account is not None and account.role == "admin"
        assert verify_password(account.password_hash, "a long enough password")
    finally:
        journal.close()


def test_users_create_prompts_twice_for_the_password(store: Settings) -> None:
    result = CliRunner().invoke(
        main,
        ["users", "create", "--role", "auditor", "--username", "birgitte", "--name", "B V",
         "--email", "b@example.dk"],
        input="a long enough password\na long enough password\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Repeat for confirmation" in result.output


def test_users_create_refuses_a_short_password_and_writes_nothing(store: Settings) -> None:
    result = CliRunner().invoke(
        main,
        ["users", "create", "--role", "admin", "--username", "mette", "--name", "Mette N",
         "--email", "mette@example.dk", "--password-stdin"],
        input="short\n",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "password: must be at least 10 characters" in result.output
    journal = bootstrap.open_journal(store)
    try:
        assert head(journal) in (None, 0)
    finally:
        journal.close()


def test_history_shows_private_notes_only_to_a_named_auditor_and_records_the_read(
    corrected: UUID, store: Settings
) -> None:
    journal = bootstrap.open_journal(store)
    try:
        journal.register_with_account(
            role="auditor", name="Birgitte V", email="b@example.dk",
            username="birgitte", password="a long enough password",
        )  # fmt: skip
        plain = run("history", str(corrected))
        audited = run("history", str(corrected), "--private-notes-for", "birgitte")
        refused = run("history", str(corrected), "--private-notes-for", "nobody")
        reads = journal.history.log(event_types=["NotesAccess.PrivateNotesRead"])
    finally:
        journal.close()

    assert "private:" not in plain.output
    assert audited.exit_code == 0, audited.output
    assert "private: Virker træt" in audited.output
    assert refused.exit_code == 2 and "not an active auditor" in refused.output
    assert reads.total == 1
    assert reads.events[0].data["context"].startswith("journal history")


def backup_of(store: Settings) -> list[str]:
    result = run("export")
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def import_into(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: list[str]) -> Result:
    monkeypatch.setenv("JOURNAL_DATABASE_URL", f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    return run("import", stdin="\n".join(lines) + "\n")


def test_import_refuses_a_backup_that_was_altered(
    corrected: UUID, store: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import base64
    import json

    lines = backup_of(store)
    record = json.loads(lines[3])
    state = base64.b64decode(record["state"])[:-1] + b" }"  # the same JSON, other bytes
    lines[3] = json.dumps({**record, "state": base64.b64encode(state).decode()})

    result = import_into(tmp_path, monkeypatch, lines)

    assert result.exit_code == 1
    assert "the restored chain differs from the backup's" in result.output


def test_import_refuses_a_backup_that_is_cut_off(
    corrected: UUID, store: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = backup_of(store)

    result = import_into(tmp_path, monkeypatch, lines[:-3])

    assert result.exit_code == 1
    assert "the backup is cut off" in result.output


def test_import_with_another_chain_key_needs_to_be_told(
    corrected: UUID, store: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = backup_of(store)
    monkeypatch.setenv("JOURNAL_CHAIN_KEY", "the new store's own key")

    refused = import_into(tmp_path, monkeypatch, lines)
    told = CliRunner().invoke(main, ["import", "--new-chain-key"], input="\n".join(lines))

    assert refused.exit_code == 1 and "--new-chain-key" in refused.output
    assert told.exit_code == 0, told.output  # the refusal wrote nothing: the store was empty
    assert "its links are new, made with this store's key" in told.output
    assert "The log is intact." in run("verify").output


def test_a_moment_without_a_time_zone_is_on_the_organisations_wall_clock(
    corrected: UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    copenhagen = run("history", str(corrected), "--known-at", "2026-03-04")
    monkeypatch.setenv("JOURNAL_TIMEZONE", "America/New_York")
    new_york = run("history", str(corrected), "--known-at", "2026-03-04")

    assert copenhagen.exit_code == 0, copenhagen.output
    assert "known at 2026-03-04 00:00 CET" in copenhagen.output
    assert "known at 2026-03-04 00:00 EST" in new_york.output


OUTLOOK = Path(__file__).resolve().parents[1] / "fixtures" / "calendars" / "outlook.ics"


def test_a_leaders_calendar_imports_once_and_says_where_the_time_went(
    store: Settings, tmp_path: Path
) -> None:
    journal = bootstrap.open_journal(store)
    try:
        leader = journal.register_person(
            role="leader", name="Henrik Dalsgaard", email="henrik.dalsgaard@kundeservice.example"
        )
        journal.register_person(
            role="employee", name="Priya Shah", email="priya.shah@kundeservice.example",
            leader_id=leader,
        )  # fmt: skip
    finally:
        journal.close()
    november = ("--from", "2026-11-01", "--to", "2026-11-30")

    first = run("calendar", "import", "Henrik Dalsgaard", str(OUTLOOK), *november)
    again = run("calendar", "import", str(leader), str(OUTLOOK), *november)
    not_ics = tmp_path / "export.csv"
    not_ics.write_text("Subject,Start Date\nTeammøde,05-11-2026\n")
    refused = run("calendar", "import", "Henrik Dalsgaard", str(not_ics), *november)

    assert first.exit_code == 0, first.output
    assert "2026-11-04 to 2026-11-24: 11 imported, 0 corrected, 0 withdrawn" in first.output
    # The 1-to-1s with Priya are people time; the team meeting has two strangers: other.
    assert "Meeting time: other 1.0 h (19%), people 1.8 h (33%), planning 0.5 h (10%)," in (
        first.output
    )
    assert "0 imported, 0 corrected, 0 withdrawn, 11 unchanged" in again.output
    assert refused.exit_code == 1
    assert "file: is not a calendar: export it again" in refused.output


def test_feedback_import_dry_runs_then_imports_a_survey_export_once(
    store: Settings, tmp_path: Path
) -> None:
    journal = bootstrap.open_journal(store)
    try:
        build_org(journal, at=T0, accounts=False)
    finally:
        journal.close()
    export = tmp_path / "nps.csv"
    export.write_text(
        "\ufeffSvar;Tidspunkt;Hvem;NPS;Tekst\n"
        "A1;2026-03-10 14:05;emil@example.dk;9;Fin hjælp\n"
        "A2;2026-03-11 09:30;emil@example.dk;ti;Hurtigt\n",
        encoding="utf-8",
    )
    mapping = ["--map", "Svar=response_id", "--map", "Tidspunkt=date", "--map", "Hvem=employee",
               "--map", "NPS=score", "--map", "Tekst=comment"]  # fmt: skip

    dry = run("feedback", "import", str(export), "--as", "Lene Leder", "--dry-run", *mapping)
    first = run("feedback", "import", str(export), "--as", "lene@example.dk", *mapping)
    again = run("feedback", "import", str(export), "--as", "lene@example.dk", *mapping)
    unmapped = run("feedback", "import", str(export), "--as", "lene@example.dk")

    assert dry.exit_code == 0, dry.output
    assert dry.output.splitlines() == [
        "1 would import, 0 already there, 1 refused.",
        '  line 3: score: "ti" is not a number from 0 to 10',
    ]
    assert first.output.startswith("1 imported, 0 already there, 1 refused.")
    assert again.output.startswith("0 imported, 1 already there, 1 refused.")
    assert (
        unmapped.exit_code != 0 and "map: map a column to date, score, employee" in unmapped.output
    )


def test_people_invite_prints_the_link_when_no_mail_server_is_set(
    corrected: UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    import web.cli  # noqa: F401 (registers the commands that need the web app)

    monkeypatch.delenv("JOURNAL_SMTP_URL", raising=False)
    monkeypatch.setenv("JOURNAL_BASE_URL", "https://journal.example.dk")
    monkeypatch.setenv("JOURNAL_SECRET_KEY", "a-test-secret-key-for-the-journal-command-line")
    invited = run("people", "invite", "Emil Ansat")
    assert invited.exit_code == 0, invited.output
    *said, link = invited.output.strip().splitlines()
    assert "pass this link on to Emil Ansat" in said[-1]
    assert re.fullmatch(r"https://journal\.example\.dk/invitation/[\w-]+", link)
    refused = run("people", "invite", "Lene Leder")  # a leader without an account: fine
    assert refused.exit_code == 0
    assert run("people", "invite", "nobody@example.dk").exit_code != 0
