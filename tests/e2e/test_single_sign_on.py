"""Signing in with the company's account in a real browser: the login page, the real
OpenID provider's own sign-in (oidc-provider on 127.0.0.1), and back, signed in on the
person's home."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from journal import bootstrap
from journal.settings import Settings
from tests.e2e.conftest import CHROMIUM_FLAGS, accessibility_violations, screenshot
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, free_port, provider_for
from tests.organisation import build_org
from tests.serving import served


def test_a_leader_signs_in_through_the_companys_provider_and_lands_on_the_team(
    browser: Browser, tmp_path: Path
) -> None:
    assert CHROMIUM_FLAGS  # the session's Chromium (tests/e2e/conftest.py)
    settings = Settings(f"sqlite:///{tmp_path / 'journal.sqlite3'}")
    journal = bootstrap.open_journal(settings)
    try:
        org = build_org(journal)
        email = journal.read.people.get(org.leader).email
    finally:
        journal.close()
    app_port, provider_port = free_port(), free_port()
    app_url = f"http://127.0.0.1:{app_port}"
    with (
        served(
            settings, tmp_path, workers=1, port=app_port, JOURNAL_BASE_URL=app_url,
            JOURNAL_OIDC_ISSUER=f"http://127.0.0.1:{provider_port}",
            JOURNAL_OIDC_CLIENT_ID=CLIENT_ID, JOURNAL_OIDC_CLIENT_SECRET=CLIENT_SECRET,
            JOURNAL_OIDC_NAME="Testfirma",
        ),
        provider_for(app_url, port=provider_port),
    ):  # fmt: skip
        context = browser.new_context(base_url=app_url, locale="da-DK")
        try:
            page = context.new_page()
            page.goto("/login")
            assert accessibility_violations(page) == []
            screenshot(page, "sso-login-danish")
            page.get_by_role("button", name="Log ind med Testfirma").click()
            page.locator("input[name=login]").fill(email)
            page.locator("input[name=password]").fill("any")
            page.locator("button[type=submit]").first.click()
            page.locator("button[type=submit]").first.click()  # the provider's consent
            expect(page).to_have_url(f"{app_url}/leader")
            expect(page.get_by_role("button", name="Log ud (Lene Leder)")).to_be_visible()
            screenshot(page, "sso-signed-in")
        finally:
            context.close()
