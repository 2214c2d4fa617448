"""Keys a stolen database does not open (journal/security/master_key.py), on SQLite and PostgreSQL.

Each person's key, and the read models' key, is stored wrapped by a master key that is
never in the database: the store as a copy of its files or a dump holds them (the event
log, the keyring, the read models), and a ``journal export`` backup, hold no key and no
sealed text in any form, and open nothing without the master key. ``journal keys rotate``
re-wraps every key without touching an event. A production start without the key
refuses; development makes one in var/.
"""

from __future__ import annotations

import base64
import io
import json
import stat
import subprocess
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner

from journal import bootstrap
from journal.commands import Journal
from journal.domain.coaching import Interaction
from journal.entry.backup import BackupError, read_backup, write_backup
from journal.entry.cli import main
from journal.errors import JournalError
from journal.projections.timeline import Viewer
from journal.security import master_key
from journal.security.sealed import READ_MODELS_KEY_ID
from journal.settings import Settings
from tests.integration.conftest import Journals, reset_postgres
from tests.integration.test_scenarios import log_one_to_one
from tests.organisation import T0, build_org
from tests.unit.support import head

NOTE = "Hemmelig note 4711"
#: What arrange() records that the events seal: a note, a private note, an agreed action,
#: names and e-mail addresses.
SECRETS = (NOTE, "Virker træt", "Book kursus", "Emil Ansat", "Lene Leder", "emil@example.dk")


def arrange(journal: Journal) -> tuple[UUID, dict[UUID, bytes]]:
    """A team with a 1-to-1 whose shared note is NOTE; the interaction and every key."""
    org = build_org(journal, at=T0, accounts=False)
    people = (org.admin, org.leader, org.employee)
    interaction = log_one_to_one(journal, people[1], people[2], T0, NOTE)
    keys = {person: journal.keyring.key_to_read(person) for person in people}
    assert all(keys.values())
    return interaction, {person: key for person, key in keys.items() if key}


def forms_of(key: bytes) -> list[bytes]:
    """The ways a key could appear in a file: raw, hex, base64."""
    return [key, key.hex().encode(), base64.b64encode(key), base64.urlsafe_b64encode(key)]


def forms_of_text(text: str) -> list[bytes]:
    """The ways a text could appear in a file: UTF-8, and as JSON escapes it."""
    return [text.encode(), json.dumps(text)[1:-1].encode()]


def stored_bytes(journal: Journal) -> bytes:
    """What a thief of the whole store would have: SQLite's files as they lie on disk (the
    database and its write-ahead log), or a ``pg_dump`` of the PostgreSQL database: the
    event log, the keyring and the read models."""
    settings = journal.settings
    if settings.store == "sqlite":
        path = Path(settings.sqlite_path)
        files = (path, path.with_name(path.name + "-wal"))
        return b"".join(file.read_bytes() for file in files if file.exists())
    dump = subprocess.run(
        ["pg_dump", "--dbname", settings.database_url], capture_output=True, check=True
    )
    assert b"COPY public.people" in dump.stdout  # the read models are in it
    return dump.stdout


def test_the_store_and_a_backup_hold_no_key_and_no_sealed_text(
    open_journal: Journals,
) -> None:
    journal = open_journal()
    interaction, keys = arrange(journal)
    keys[READ_MODELS_KEY_ID] = journal.keyring.key_to_write(READ_MODELS_KEY_ID)
    backup = io.StringIO()
    write_backup(journal, backup)
    employee = journal.read.people.list(role="employee")[0]
    shown = journal.read.timeline.for_employee(employee.person_id, Viewer("auditor"))
    assert employee.name == "Emil Ansat"  # the pages read them
    assert [(e.shared_notes, e.private_notes) for e in shown] == [(NOTE, "Virker træt")]

    for copy in (stored_bytes(journal), backup.getvalue().encode()):
        for text in SECRETS:
            assert not [form for form in forms_of_text(text) if form in copy], text
        for key in keys.values():
            assert not [form for form in forms_of(key) if form in copy]


def test_the_store_opens_nothing_without_its_master_key(open_journal: Journals) -> None:
    journal = open_journal()
    interaction, _ = arrange(journal)
    url = journal.settings.database_url

    for wrong in ("", master_key.generate()):
        with pytest.raises(JournalError) as refused:  # the read models' key opens first
            bootstrap.open_journal(Settings(url, master_key=wrong))
        assert refused.value.field == "JOURNAL_MASTER_KEY"
        assert "wrapped by master key" in refused.value.message
    owner = open_journal()
    assert owner.load(Interaction, interaction, "interaction_id").shared_notes == NOTE


def test_rotating_the_master_key_rewraps_every_key_and_touches_no_event(
    open_journal: Journals, tmp_path: Path
) -> None:
    journal = open_journal()
    interaction, _ = arrange(journal)
    log_end = head(journal)
    old, new = journal.settings.master_key, master_key.generate()
    new_file = tmp_path / "new_master_key"
    new_file.write_text(new)
    env = {"JOURNAL_DATABASE_URL": journal.settings.database_url, "JOURNAL_MASTER_KEY": old}

    rotated = CliRunner().invoke(main, ["keys", "rotate", "--new-key-file", str(new_file)], env=env)
    verified = CliRunner().invoke(main, ["verify"], env={**env, "JOURNAL_MASTER_KEY": new})

    assert rotated.exit_code == 0, rotated.output
    assert "Re-wrapped 7 person keys under master key" in rotated.output
    assert verified.exit_code == 0, verified.output
    assert head(journal) == log_end
    with pytest.raises(JournalError, match="wrapped by master key"):
        bootstrap.open_journal(Settings(journal.settings.database_url, master_key=old))
    with_new = bootstrap.open_journal(Settings(journal.settings.database_url, master_key=new))
    try:
        assert with_new.load(Interaction, interaction, "interaction_id").shared_notes == NOTE
        # The read models' rows were sealed before the rotation and still open after it.
        employee = with_new.read.people.list(role="employee")[0].person_id
        shown = with_new.read.timeline.for_employee(employee, Viewer("auditor"))
        assert [entry.shared_notes for entry in shown] == [NOTE]
    finally:
        with_new.close()


def test_keys_kept_before_the_master_key_are_wrapped_at_the_next_start(
    shared_settings: Settings,
) -> None:
    unwrapped = Settings(shared_settings.database_url, master_key="")
    before = bootstrap.open_journal(unwrapped)
    interaction, keys = arrange(before)
    before.close()

    after = bootstrap.open_journal(shared_settings)
    try:
        for key in keys.values():
            assert not [form for form in forms_of(key) if form in stored_bytes(after)]
        assert after.load(Interaction, interaction, "interaction_id").shared_notes == NOTE
    finally:
        after.close()


def test_a_backup_restores_only_under_its_master_key(
    open_journal: Journals, tmp_path: Path
) -> None:
    journal = open_journal()
    arrange(journal)
    backup = io.StringIO()
    write_backup(journal, backup)
    target = f"sqlite:///{tmp_path / 'restored.sqlite3'}"

    other = bootstrap.open_journal(Settings(target, master_key=master_key.generate()))
    try:
        with pytest.raises(BackupError, match="wrapped by master key"):
            read_backup(other, io.StringIO(backup.getvalue()))
        assert not head(other)  # nothing half restored
    finally:
        other.close()
    same = bootstrap.open_journal(Settings(target, master_key=journal.settings.master_key))
    try:
        assert read_backup(same, io.StringIO(backup.getvalue())).keys == 7
    finally:
        same.close()


def test_outside_development_a_store_needs_the_master_key(tmp_path: Path) -> None:
    production: dict[str, Any] = {"JOURNAL_DATABASE_URL": f"sqlite:///{tmp_path / 'j.sqlite3'}"}
    with pytest.raises(JournalError) as refused:
        Settings.from_env(production)
    assert refused.value.field == "JOURNAL_MASTER_KEY"
    assert "journal keys new" in refused.value.message

    development = {**production, "JOURNAL_ENV": "development", "JOURNAL_VAR_DIR": str(tmp_path)}
    first, second = Settings.from_env(development), Settings.from_env(development)
    made = tmp_path / "master_key"
    assert first.master_key == second.master_key == made.read_text().strip()
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    key_file = tmp_path / "from_a_secret_store"
    key_file.write_text(master_key.generate())
    from_file = Settings.from_env({**production, "JOURNAL_MASTER_KEY_FILE": str(key_file)})
    assert from_file.master_key == key_file.read_text()
    with pytest.raises(JournalError, match="not a master key"):
        Settings.from_env({**production, "JOURNAL_MASTER_KEY": "too-short"})


def test_the_keys_command_prints_a_new_key() -> None:
    printed = CliRunner().invoke(main, ["keys", "new"])
    assert printed.exit_code == 0
    assert master_key.MasterKey.from_text(printed.output.strip()).key_id


_ = reset_postgres  # the PostgreSQL stores come emptied from the shared fixtures
