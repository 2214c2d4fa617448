"""GDPR on SQLite and PostgreSQL: personal data is stored sealed with a key per person, a
person's data can be exported, and erasing their key erases it everywhere it was kept —
events, snapshots, caches of another process, projections, rebuilt projections and later
backups — while the log stays whole and verifiable."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from journal import bootstrap, clock
from journal.commands import Journal
from journal.domain.coaching import Interaction
from journal.domain.people import ERASED
from journal.entry import backup
from journal.errors import DomainError
from journal.projections.timeline import Viewer
from journal.read import privacy
from journal.settings import Settings
from tests.integration.conftest import Journals, empty_store
from tests.integration.test_chain import events_table, sql
from tests.integration.test_scenarios import all_rows, log_one_to_one
from tests.organisation import T0, build_org
from tests.unit.support import head

# Words that appear nowhere but in the employee's personal data.
SECRETS = (
    "Emil Ansat", "emil@example.dk", "Virker træt", "Hemmelig samtale", "Book kursus",
    "Kunden var glad for Søren", "Sag 4711", "Lær produktet", "Talentnote", "soren-login",
)  # fmt: skip


def employee_history(journal: Journal) -> dict[str, Any]:
    """A team whose employee has every kind of personal data, and a colleague's note."""
    org = build_org(journal, at=T0, accounts=False)
    admin, leader, employee = org.admin, org.leader, org.employee
    with clock.frozen_at(T0):
        colleague = journal.register_person(
            role="employee", name="Eva Holm", email="eva@example.com", leader_id=leader,
            recorded_by=admin,
        )  # fmt: skip
        journal.open_account(
            employee, username="soren-login", password="correct horse battery", recorded_by=admin
        )
    interaction = log_one_to_one(
        journal, leader, employee, T0 + timedelta(days=1), "Hemmelig samtale"
    )
    with clock.frozen_at(T0 + timedelta(days=1)):
        journal.log_interaction(
            leader_id=leader, employee_id=colleague, kind="one_to_one",
            occurred_at=T0 + timedelta(days=1), minutes=30, shared_notes="Evas egen note",
        )  # fmt: skip
    with clock.frozen_at(T0 + timedelta(days=2)):
        journal.record_feedback(
            employee_id=employee, score=9, channel="phone", received_at=T0 + timedelta(days=2),
            comment="Kunden var glad for Søren", reference="Sag 4711", recorded_by=leader,
        )  # fmt: skip
        journal.assign_task(
            leader_id=leader, employee_id=employee, title="Lær produktet", passion="product",
            due_on=date(2026, 4, 1),
        )  # fmt: skip
        # Enough events on the person's own stream for the library to snapshot it (every 50).
        for n in range(50):
            journal.assess_talent(
                employee, score=1 + n % 5, note="Talentnote", assessed_on=date(2026, 3, 3),
                recorded_by=leader,
            )  # fmt: skip
    return {
        "admin": admin, "leader": leader, "employee": employee, "colleague": colleague,
        "interaction": interaction,
    }  # fmt: skip


def stored_text(settings: Settings) -> str:
    """Every event's and snapshot's stored state, as text, straight from the database."""
    run = sql(settings)
    table, _ = events_table(settings)
    snapshots = "stored_snapshots" if settings.store == "sqlite" else "journal_snapshots"
    rows = run(f"SELECT state FROM {table}") + run(f"SELECT state FROM {snapshots}")
    return "\n".join(bytes(state).decode() for (state,) in rows)


def projected_text(journal: Journal) -> str:
    """Every row of every projection, as text."""
    return repr(all_rows(journal))


def test_personal_data_is_stored_sealed_and_read_back_in_the_clear(
    open_journal: Journals,
) -> None:
    journal = open_journal()
    people = employee_history(journal)

    on_disk = stored_text(journal.settings)
    assert [s for s in SECRETS if s in on_disk] == []
    assert "Evas egen note" not in on_disk
    interaction = journal.load(Interaction, people["interaction"], "interaction_id")
    assert (interaction.shared_notes, interaction.private_notes) == (
        "Hemmelig samtale", "Virker træt",
    )  # fmt: skip
    assert journal.person(people["employee"]).name == "Emil Ansat"


def test_an_erased_person_is_gone_from_every_copy_while_the_log_stays_whole(
    open_journal: Journals,
) -> None:
    journal = open_journal()
    people = employee_history(journal)
    other_process = open_journal()  # has read (and cached) the employee before the erasure
    assert other_process.load(Interaction, people["interaction"], "interaction_id").private_notes
    assert other_process.person(people["employee"]).name == "Emil Ansat"
    log_end = head(journal)
    assert "Talentnote" in projected_text(journal)

    with clock.frozen_at(T0 + timedelta(days=30)):
        journal.erase_person(
            people["employee"], "Anmodning efter GDPR art. 17", recorded_by=people["admin"]
        )

    # The log: one more event, saying who erased whom, when and why; the chain still holds.
    assert head(journal) == log_end + 1
    (erasure,) = journal.history.log(event_types=["Person.Erased"]).events
    assert (erasure.recorded_by, erasure.subject_id) == (people["admin"], people["employee"])
    assert erasure.recorded_at == T0 + timedelta(days=30)
    assert erasure.data["reason"] == "Anmodning efter GDPR art. 17"
    report = journal.verify_log()
    assert report is not None and report.intact, report.problems
    # Nothing readable is left: not in this process, nor in the other one's caches, nor in
    # the projections, nor after rebuilding them, nor in the snapshots.
    for app in (journal, other_process):
        interaction = app.load(Interaction, people["interaction"], "interaction_id")
        assert (interaction.shared_notes, interaction.private_notes) == (ERASED, ERASED)
        assert interaction.agreed_actions == []
        assert app.person(people["employee"]).name == ERASED
        record = app.history.employee(people["employee"])
        assert [s for s in SECRETS if s in repr(record)] == []
    assert [s for s in SECRETS if s in projected_text(journal)] == []
    assert journal.read.accounts.by_username("soren-login") is None
    journal.read.rebuild()
    assert [s for s in SECRETS if s in projected_text(journal)] == []
    assert not [s for s in ("Emil Ansat", "Talentnote") if s in stored_text(journal.settings)]
    # Everyone else's data is untouched, and the erased person's facts without words remain.
    entries = journal.read.timeline.for_employee(
        people["colleague"], Viewer("leader", people["leader"])
    )
    assert any(e.shared_notes == "Evas egen note" for e in entries)
    assert journal.read.people.get(people["employee"]).role == "employee"  # type: ignore[union-attr]
    assert interaction.minutes == 30


def test_nothing_new_is_written_about_an_erased_person(open_journal: Journals) -> None:
    journal = open_journal()
    people = employee_history(journal)
    journal.erase_person(people["employee"], "Anmodning", recorded_by=people["admin"])
    log_end = head(journal)

    with pytest.raises(DomainError) as correcting:
        journal.correct_interaction(
            people["interaction"], {"minutes": 45}, "Forkert", recorded_by=people["leader"]
        )
    with pytest.raises(DomainError) as erasing_again:
        journal.erase_person(people["employee"], "Igen", recorded_by=people["admin"])

    assert correcting.value.field == "person_id"
    assert "erased" in erasing_again.value.message
    assert head(journal) == log_end


def test_a_writer_asks_for_the_key_each_time_unless_it_is_the_stores_only_writer(
    open_journal: Journals,
) -> None:
    writer, eraser = open_journal(), open_journal()
    people = employee_history(writer)
    employee = people["employee"]
    keyring = writer.keyring
    assert keyring.key_to_write(employee)  # remembered now

    with keyring.sole_writer():  # a bulk load: asked once, then remembered
        remembered = keyring.key_to_write(employee)
        eraser.keyring.erase(employee)  # cannot happen during a real bulk load
        assert keyring.key_to_write(employee) == remembered
    with pytest.raises(DomainError):  # any other writer sees the erasure at once
        keyring.key_to_write(employee)


def test_a_backup_made_after_an_erasure_restores_without_the_erased_data(
    open_journal: Journals, tmp_path: Path
) -> None:
    journal = open_journal()
    people = employee_history(journal)
    journal.erase_person(people["employee"], "Anmodning", recorded_by=people["admin"])
    saved = io.StringIO()
    backup.write_backup(journal, saved)
    assert [s for s in SECRETS if s in saved.getvalue()] == []

    restored = bootstrap.open_journal(empty_store("sqlite", tmp_path / "restored"))
    try:
        backup.read_backup(restored, io.StringIO(saved.getvalue()))
        assert all_rows(restored) == all_rows(journal)
        assert restored.person(people["colleague"]).name == "Eva Holm"
        assert restored.person(people["employee"]).name == ERASED
        assert restored.keyring.is_erased(people["employee"])
    finally:
        restored.close()


def test_a_person_export_holds_their_data_and_not_what_they_wrote_about_others(
    open_journal: Journals,
) -> None:
    journal = open_journal()
    people = employee_history(journal)

    employee = privacy.export_person(journal, people["employee"], exported_by=people["admin"])
    leader = privacy.export_person(journal, people["leader"], exported_by=people["admin"])

    text = repr(employee)
    assert [s for s in SECRETS if s not in text] == []
    assert employee["account"]["username"] == "soren-login"
    assert "password_hash" not in text
    assert employee["exported_by"] == str(people["admin"])
    types = {e["type"] for e in employee["events_about"]}
    assert {
        "Person.Registered",
        "Interaction.Logged",
        "Feedback.Recorded",
        "Task.Assigned",
    } <= types
    # The leader's export lists what they recorded about Søren, but not its words.
    assert "Hemmelig samtale" not in repr(leader)
    assert any(e["about"] == str(people["employee"]) for e in leader["events_recorded"])
    assert UUID(leader["person"]["person_id"]) == people["leader"]
