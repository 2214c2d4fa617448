"""A first week in Danish, walked by each role in a real browser.

On every page a role opens, axe-core finds no WCAG 2.1 AA violation and no phrase of the
English catalogue shows; a screenshot of each step goes to test-artifacts/first-week/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    Site,
    accessibility_violations,
    english_on_the_page,
    screenshot,
    sign_in,
)
from tests.organisation import PASSWORD

OUTLOOK = Path(__file__).resolve().parents[1] / "fixtures" / "calendars" / "outlook.ics"


class Walk:
    """One role's walk: each step is checked and photographed."""

    def __init__(self, page: Page, role: str) -> None:
        self.page, self.role, self.steps = page, role, 0

    def check(self, name: str, *, axe: bool = True) -> None:
        """The page as it stands: in Danish, accessible, and photographed. ``axe=False``
        for a page tests/e2e/test_pages_in_a_browser.py already runs axe-core on (the
        rules do not change with the language, and a long page takes seconds)."""
        self.steps += 1
        page = self.page
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "da", name
        assert english_on_the_page(page) == [], name
        if axe:
            assert accessibility_violations(page) == [], name
        screenshot(page, f"first-week/{self.role}-{self.steps:02d}-{name}")


def danish_walk(open_page: Any, role: str, username: str | None = None) -> Walk:
    """A Danish browser signed in as ``role``, with the account's language set to Danish
    (another test may have switched it)."""
    page = open_page(locale="da-DK")
    sign_in(page, username or role)
    if page.locator("html").get_attribute("lang") != "da":
        page.locator("button[name=language][value=da]").click()
        page.wait_for_load_state()
    return Walk(page, role)


def test_a_leaders_first_week(site: Site, open_page: Any) -> None:
    walk = danish_walk(open_page, "leader")
    page = walk.page
    walk.check("home", axe=False)

    # A conversation form with mistakes: every error at the top, focused, in Danish.
    page.goto(f"/people/{site.org.employee}")
    page.get_by_text("Registrer en samtale").click()
    page.get_by_label("Minutter").fill("0")
    page.get_by_role("button", name="Registrer samtale").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Minutter: skal være mere end 0 minutter")
    walk.check("conversation-refused")
    page.get_by_label("Minutter").fill("30")
    page.get_by_role("button", name="Registrer samtale").click()
    expect(page.get_by_text("registreret", exact=False).first).to_be_visible()
    walk.check("conversation-logged")

    # One training with two people: one line in the coaching log.
    page.get_by_role("link", name="Coachinglog").click()
    page.get_by_text("Registrer en træning eller teambuilding med flere personer").click()
    page.get_by_label("Minutter").fill("240")
    page.get_by_label("Emil Ansat").check()
    page.get_by_label("Eva Kollega").check()
    page.get_by_role("button", name="Registrer session").click()
    expect(page.get_by_text("Træning med 2 personer registreret.")).to_be_visible()
    expect(page.locator("#list")).to_contain_text("2 personer: Emil Ansat, Eva Kollega")
    walk.check("group-session")

    # A calendar upload: the preview first, then the import, then its undo.
    page.get_by_role("link", name="Min kalender").click()
    # October's copy of the Outlook export: new to Lene, whichever tests ran before.
    october = OUTLOOK.read_bytes().replace(b"202611", b"202610")
    page.get_by_label("Kalendereksport (.ics)").set_input_files(
        files=[{"name": "oktober.ics", "mimeType": "text/calendar", "buffer": october}]
    )
    page.get_by_label("Fra", exact=True).fill("2026-10-01")
    page.get_by_label("Til", exact=True).fill("2026-10-31")
    page.get_by_role("button", name="Se, hvad den ændrer").click()
    expect(page.locator("h1")).to_have_text("Tjek importen, før den bliver lavet")
    walk.check("calendar-preview")
    page.get_by_role("button", name="Importér").click()
    expect(page.get_by_text("Fortryd den seneste import")).to_be_visible()
    walk.check("calendar-imported")
    page.get_by_role("button", name="Fortryd den seneste import").click()
    expect(page.get_by_text("er fortrudt", exact=False)).to_be_visible()
    walk.check("calendar-undone")

    # On a phone, the conversation form opens on its own fields, not a screen of preamble.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/people/{site.org.employee}?log=one_to_one#log-interaction")
    top = page.evaluate("document.querySelector('#interaction-kind').getBoundingClientRect().top")
    assert 0 <= top < 844 / 2, top
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    walk.check("conversation-form-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    for link, name in (
        ("Min tid", "time"),
        ("Prioriteter", "priorities"),
        ("Mine resultater", "results"),
        ("Importér kundesvar", "survey-import"),
    ):
        page.get_by_role("link", name=link).click()
        walk.check(name, axe=False)


def test_an_employees_first_week(site: Site, open_page: Any) -> None:
    walk = danish_walk(open_page, "employee")
    page = walk.page
    walk.check("my-development", axe=False)
    page.goto("/me/data")
    walk.check("my-data")


def test_an_auditors_admins_and_managers_first_week(site: Site, open_page: Any) -> None:
    journal = site.journal()
    try:
        if journal.read.accounts.by_username("manager") is None:
            maja = journal.register_person(
                role="manager", name="Maja Manager", email="maja@example.dk",
                recorded_by=site.org.admin,
            )  # fmt: skip
            journal.open_account(
                maja, username="manager", password=PASSWORD, recorded_by=site.org.admin
            )
            journal.oversee_leader(maja, site.org.leader, recorded_by=site.org.admin)
    finally:
        journal.close()

    auditor = danish_walk(open_page, "auditor")
    for path, name in (
        ("/audit/events", "events"),
        (f"/audit/changes?person={site.org.employee}", "changes"),
        (f"/audit/time-travel?person={site.org.employee}", "time-travel"),
        ("/audit/security", "security"),
    ):
        auditor.page.goto(path)
        auditor.check(name, axe=name == "security")

    admin = danish_walk(open_page, "admin")
    admin.page.goto("/admin/people?q=Emil")
    expect(admin.page.get_by_role("cell", name="Emil Ansat").first).to_be_visible()
    admin.check("people-search")
    # A file of people, checked before anything is imported (and not imported here: the
    # site's organisation is the other walks' too).
    admin.page.goto("/admin/people/import")
    admin.check("people-import")
    admin.page.set_input_files("input[type=file]", files=[{
        "name": "personer.csv", "mimeType": "text/csv",
        "buffer": "Navn;E-mail;Rolle;Leder\nNy Kollega;ny.kollega@example.dk;medarbejder;"
                  "lene@example.dk\nForkert Række;forkert;medarbejder;lene@example.dk\n"
                  .encode("cp1252"),
    }])  # fmt: skip
    admin.page.get_by_role("button", name="Upload og tjek").click()
    expect(admin.page.get_by_text("1 nye, 0 ville blive ændret")).to_be_visible()
    admin.check("people-import-check")

    manager = danish_walk(open_page, "manager")
    manager.page.goto("/manager")
    manager.check("overview")


def test_a_newcomer_asks_for_a_new_password_in_danish(site: Site, open_page: Any) -> None:
    page = open_page(locale="da-DK")
    walk = Walk(page, "newcomer")
    page.goto("/login")
    page.get_by_role("link", name="Glemt din adgangskode?").click()
    walk.check("forgot")
    page.get_by_label("Din e-mailadresse").fill("emil@example.com")
    page.get_by_role("button", name="Send mig et link").click()
    expect(page.get_by_role("status")).to_contain_text("Hvis adressen tilhører")
    walk.check("forgot-sent")
    page.goto("/invitation/ikke-et-link")
    expect(page.locator("h1")).to_have_text("Dette link virker ikke længere")
    walk.check("link-refused")


def test_an_invited_newcomer_opens_their_account_and_later_resets_the_password_in_danish(
    site: Site, open_page: Any
) -> None:
    from sqlalchemy import create_engine

    from web.state.links import INVITATION, RESET, LinkStore

    journal = site.journal()
    try:
        nina = journal.register_person(
            role="employee", name="Nina Ny", email="nina@example.dk", leader_id=site.org.leader,
            recorded_by=site.org.admin,
        )  # fmt: skip
    finally:
        journal.close()
    engine = create_engine(site.settings.database_url)  # the site's own store
    try:
        links = LinkStore(engine)
        invitation, _ = links.issue(INVITATION, nina)
        page = open_page(locale="da-DK")
        walk = Walk(page, "invited")
        page.goto(f"/invitation/{invitation}")
        expect(page.locator("h1")).to_have_text("Velkommen, Nina Ny")
        walk.check("accept")
        page.get_by_label("Ny adgangskode", exact=True).fill("en lang ny adgangskode")
        page.get_by_label("Ny adgangskode igen").fill("en lang ny adgangskode")
        page.get_by_role("button", name="Opret min konto").click()
        expect(page.get_by_text("Din konto er klar", exact=False)).to_be_visible()
        walk.check("account-ready")
        reset, _ = links.issue(RESET, nina)
        page.goto(f"/password/reset/{reset}")
        walk.check("reset")
    finally:
        engine.dispose()
