"""`journal init` on an empty SQLite file and an empty PostgreSQL database: keys made
owner-only, the schema and the first admin created, and the admin signs in to the app the
environment file describes."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from journal.entry.cli import main
from journal.entry.cli_init import read_env
from journal.settings import Settings
from tests.organisation import PASSWORD
from web import create_app


def test_init_makes_a_journal_its_admin_signs_in_to(
    shared_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "etc"
    args = ["init", "--folder", str(folder), "--database-url", shared_settings.database_url,
            "--admin", "mette", "--name", "Mette Nørgaard", "--email", "mette@example.dk",
            "--password-stdin"]  # fmt: skip
    done = CliRunner().invoke(main, args, input=PASSWORD + "\n")
    assert done.exit_code == 0, done.output
    assert "Registered the first admin, Mette Nørgaard" in done.output
    assert "NOT with the database's backups" in done.output
    for name in ("master_key", "journal.env"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    values = read_env(folder / "journal.env")
    assert set(values) >= {"JOURNAL_DATABASE_URL", "JOURNAL_MASTER_KEY_FILE",
                           "JOURNAL_SECRET_KEY", "JOURNAL_CHAIN_KEY"}  # fmt: skip
    # Again: the same keys, no second admin.
    again = CliRunner().invoke(main, args, input=PASSWORD + "\n")
    assert again.exit_code == 0 and "none registered" in again.output
    assert read_env(folder / "journal.env") == values
    # The app as the systemd unit starts it: the environment file and nothing else.
    monkeypatch.delenv("JOURNAL_MASTER_KEY", raising=False)
    monkeypatch.delenv("JOURNAL_ENV", raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False})
    try:
        signed = app.test_client().post("/login", data={"username": "mette", "password": PASSWORD})
        assert signed.status_code == 302 and signed.headers["Location"].endswith("/")
    finally:
        app.extensions["journal"].close()


def test_init_names_a_database_it_cannot_open(tmp_path: Path) -> None:
    done = CliRunner().invoke(main, [
        "init", "--folder", str(tmp_path / "etc"), "--database-url",
        "postgresql://nobody@127.0.0.1:1/none", "--admin", "a", "--name", "A", "--email",
        "a@example.dk", "--password-stdin",
    ], input=PASSWORD + "\n")  # fmt: skip
    assert done.exit_code != 0
    assert "--database-url: cannot open the store" in done.output
