"""Browser tests: the app served by gunicorn on a SQLite file, driven by Debian's Chromium.

The server runs as users run it (``gunicorn web.wsgi:app``), in its own process; the
test arranges data by opening the same store. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from journal import bootstrap
from journal.commands import Journal
from journal.settings import Settings
from tests.organisation import PASSWORD, Org, build_org
from tests.serving import ROOT, served

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass
class Site:
    """The running app: its URL, its store, and the organisation in it."""

    url: str
    settings: Settings
    org: Org

    def journal(self) -> Journal:
        """Open the site's store, as a second process would."""
        return bootstrap.open_journal(self.settings)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """gunicorn serving the test organisation from a SQLite file."""
    folder = tmp_path_factory.mktemp("site")
    settings = Settings(f"sqlite:///{folder / 'journal.sqlite3'}")
    journal = bootstrap.open_journal(settings)
    try:
        org = build_org(journal)
    finally:
        journal.close()
    with served(settings, folder) as url:
        yield Site(url, settings, org)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/test installs it (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Browser, site: Site) -> Iterator[Any]:
    """``open_page(locale="da-DK", width=390)`` is a fresh browser tab on the site."""
    contexts = []
    violations: list[str] = []

    def opened(locale: str = "en-GB", width: int = 1280, height: int = 900) -> Page:
        context = browser.new_context(
            base_url=site.url, locale=locale, viewport={"width": width, "height": height}
        )
        contexts.append(context)
        page = context.new_page()
        # The Content-Security-Policy (web/headers.py) must never have to block anything.
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return page

    yield opened
    for context in contexts:
        context.close()
    assert violations == [], violations


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form, in whatever language the page is in."""
    page.goto("/login")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


#: The WCAG levels the pages keep: 2.1 A and AA.
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def accessibility_violations(page: Page) -> list[str]:
    """What axe-core finds against WCAG 2.1 AA on the page: rule, and where."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page, options=WCAG_AA).response["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in found]


@lru_cache(maxsize=1)
def english_phrases() -> tuple[str, ...]:
    """Every English phrase of the interface that Danish says otherwise: the msgids of
    the Danish catalogue, cut at their placeholders, of two words or more."""
    from babel.messages.pofile import read_po

    with (ROOT / "web" / "translations" / "da" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po)
    phrases = set()
    for message in catalogue:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        danish = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in english:
            if text in danish:
                continue
            for part in re.split(r"%\(\w+\)s|%%|\n", text):
                part = part.strip(" .,:;()–-“”\"'")
                if len(part) >= 8 and " " in part:
                    phrases.add(part)
    return tuple(sorted(phrases))


def english_on_the_page(page: Page) -> list[str]:
    """The interface's English phrases that a Danish page shows."""
    # What people wrote (notes, titles) is marked translate="no" and is not the interface.
    shown = page.evaluate(
        """() => {
            let text = document.body.innerText;
            for (const own of document.querySelectorAll('[translate=no]')) {
                if (own.innerText) text = text.split(own.innerText).join('\\n');
            }
            return text;
        }"""
    )
    # Line by line (blocks are lines): a phrase never runs from one element into the next.
    lines = [" ".join(line.split()) for line in shown.splitlines()]
    text = "\n".join(line for line in lines if line)
    return [phrase for phrase in english_phrases() if phrase in text]


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
