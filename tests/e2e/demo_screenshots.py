"""Screenshots of the demo organisation for the README: ``scripts/screenshots``.

Loads the demo into a temporary SQLite file, serves it with gunicorn and saves the
leader home, an employee's development page and the auditor's time travel (before the
correction of Ida Olsen's 1-to-1 note) to ``docs/screenshots/``.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from playwright.sync_api import sync_playwright

from journal import bootstrap
from journal.commands import Journal
from journal.entry.demo import DEMO_PASSWORD, load_demo
from journal.settings import Settings
from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS, ROOT, served
from tests.e2e.test_browser import local_input

OUT = ROOT / "docs" / "screenshots"


def corrected_interaction(journal: Journal) -> tuple[str, datetime]:
    """An employee whose coaching note was corrected, and a moment before the correction."""
    page = journal.history.log(event_types=["Interaction.Corrected"], limit=1)
    (event,) = page.events
    assert event.subject_id is not None
    return str(event.subject_id), event.recorded_at - timedelta(hours=1)


def main() -> None:
    """Load, serve, sign in as three people and take the pictures."""
    folder = Path(tempfile.mkdtemp(prefix="journal-screenshots-"))
    settings = Settings(f"sqlite:///{folder / 'journal.sqlite3'}")
    journal = bootstrap.open_journal(settings)
    try:
        print("Loading the demo ...", flush=True)
        load_demo(journal)
        employee_id, before = corrected_interaction(journal)
    finally:
        journal.close()
    OUT.mkdir(parents=True, exist_ok=True)
    with served(settings, folder) as url:
        shoot(url, employee_id, before)


def shoot(url: str, employee_id: str, before: datetime) -> None:
    """Sign in as a leader, an employee and an auditor and save a page each."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for username, path, name in (
            ("henrik.dalsgaard", "/leader", "leader-home"),
            ("soren.a.kjaer", "/me", "employee-my-development"),
            ("birgitte.vestergaard",
             f"/audit/time-travel?person={employee_id}&known_at={local_input(before)}",
             "auditor-time-travel"),
        ):  # fmt: skip
            context = browser.new_context(
                base_url=url, locale="en-GB", viewport={"width": 1280, "height": 1300}
            )
            page = context.new_page()
            page.goto("/login")
            page.locator("input[name=username]").fill(username)
            page.locator("input[name=password]").fill(DEMO_PASSWORD)
            page.locator("main form button[type=submit]").click()
            page.goto(path)
            page.screenshot(
                path=str(OUT / f"{name}.png"), full_page=name != "employee-my-development"
            )
            print(OUT / f"{name}.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
