"""Every main page, as each role opens it on a desktop and on a phone.

Each page must label every control for screen readers (each id used once), have no
axe-core WCAG 2.1 AA violation, fit a 390-pixel phone screen without scrolling sideways,
and load nothing from another site.
A screenshot of each is saved to test-artifacts/ for people to look at.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import Site, accessibility_violations, screenshot, sign_in

PAGES = [
    ("leader", "/leader", "leader-home"),
    ("leader", "/people/{employee}", "leader-person"),
    ("leader", "/leader/time", "leader-time"),
    ("leader", "/leader/calendar", "leader-calendar"),
    ("leader", "/leader/calendar/check", "leader-calendar-check"),
    ("leader", "/leader/results", "leader-results"),
    ("leader", "/feedback/import", "leader-survey-import"),
    ("leader", "/leader/priorities", "leader-priorities"),
    ("leader", "/leader/coaching-log", "leader-coaching-log"),
    ("employee", "/me", "employee-me"),
    ("auditor", "/audit/events", "auditor-events"),
    ("auditor", "/audit/time-travel?person={employee}", "auditor-time-travel-now"),
    ("auditor", "/audit/changes?person={employee}", "auditor-changes"),
    ("auditor", "/audit/priorities?leader={leader}", "auditor-priorities"),
    ("auditor", "/audit/integrity", "auditor-integrity"),
    ("admin", "/admin/people", "admin-people"),
]

UNLABELLED = """() => [...document.querySelectorAll(
    'input:not([type=hidden]), select, textarea, button')]
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !(el.tagName === 'BUTTON' && el.textContent.trim()))
  .map(el => el.outerHTML.slice(0, 120))"""

DUPLICATE_IDS = """() => {
  const ids = [...document.querySelectorAll('[id]')].map(el => el.id);
  return ids.filter((id, i) => ids.indexOf(id) !== i);
}"""


def foreign_requests(page: Page, site: Site) -> list[str]:
    """Start recording requests that leave the site."""
    seen: list[str] = []
    page.on(
        "request",
        lambda request: (
            seen.append(request.url) if not request.url.startswith((site.url, "data:")) else None
        ),
    )
    return seen


@pytest.mark.parametrize(("role", "path", "name"), PAGES, ids=[p[2] for p in PAGES])
def test_the_page_is_labelled_fits_a_phone_and_loads_nothing_from_elsewhere(
    site: Site, open_page: Any, role: str, path: str, name: str
) -> None:
    target = path.format(employee=site.org.employee, leader=site.org.leader, admin=site.org.admin)
    page = open_page(width=1280, height=844)
    outside = foreign_requests(page, site)
    sign_in(page, role)
    for width, suffix in ((1280, ""), (390, "-phone")):
        # The same tab, narrowed: a phone's view of the page without signing in again.
        page.set_viewport_size({"width": width, "height": 844})
        response = page.goto(target)
        assert response is not None and response.status == 200
        assert page.evaluate(UNLABELLED) == []
        assert page.evaluate(DUPLICATE_IDS) == []
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{name} is {overflow}px wide on a {width}px screen"
        assert outside == []
        if width == 1280:  # the rules do not change with the width; once is enough
            assert accessibility_violations(page) == [], name
        screenshot(page, f"page-{name}{suffix}")


def test_the_api_docs_run_swagger_ui_under_the_content_security_policy(
    site: Site, open_page: Any
) -> None:
    page = open_page()
    outside = foreign_requests(page, site)
    page.goto("/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() > 20  # every operation of the API is listed
    assert outside == []
    screenshot(page, "api-docs")
