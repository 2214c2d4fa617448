"""`journal scim token` and `journal people import`, as an operator runs them."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest

from journal import bootstrap
from journal.settings import Settings
from tests.integration.test_cli import corrected, run, store  # noqa: F401  (fixtures)
from tests.unit.test_people_import import DANISH


def test_scim_token_prints_the_token_alone_on_the_last_line_and_replaces_the_one_before(
    store: Settings,  # noqa: F811
) -> None:
    first = run("scim", "token")
    assert first.exit_code == 0, first.output
    *said, token = first.output.strip().splitlines()
    assert "shown once" in said[-1] and len(token) >= 40 and " " not in token
    second = run("scim", "token").output.strip().splitlines()[-1]
    journal = bootstrap.open_journal(store)
    try:
        assert journal.is_provisioning_token(second)
        assert not journal.is_provisioning_token(token)
    finally:
        journal.close()


def test_people_import_checks_imports_and_imports_once(
    corrected: UUID,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import web.cli  # noqa: F401 (registers the commands that need the web app)

    monkeypatch.delenv("JOURNAL_SMTP_URL", raising=False)
    monkeypatch.setenv("JOURNAL_BASE_URL", "https://journal.example.dk")
    monkeypatch.setenv("JOURNAL_SECRET_KEY", "a-test-secret-key-for-the-journal-command-line")
    file = tmp_path / "people.csv"
    file.write_bytes(DANISH)
    dry = run("people", "import", str(file), "--as", "Ada Admin", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.output.strip().splitlines()[-1] == (
        "3 new, 0 changed, 0 unchanged, 4 refused (would be imported)."
    )
    assert "  line 7: refused: leader: no leader has the address nobody@firma.dk" in dry.output
    done = run("people", "import", str(file), "--as", "Ada Admin", "--invite")
    assert done.exit_code == 0, done.output
    assert done.output.count("pass this invitation on to") == 2
    again = run("people", "import", str(file), "--as", "Ada Admin")
    assert "0 new, 0 changed, 3 unchanged, 4 refused (were imported)." in again.output
    refused = run("people", "import", str(file), "--as", "lene@example.dk")
    assert refused.exit_code != 0 and "is not an admin" in refused.output
