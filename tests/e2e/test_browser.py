"""What leaders, employees and auditors do in a real browser (Chromium, no JavaScript needed)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from journal import clock
from tests.e2e.conftest import Site, screenshot, sign_in
from tests.e2e.test_pages_in_a_browser import DUPLICATE_IDS, UNLABELLED
from tests.organisation import PASSWORD

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def local_input(moment: Any) -> str:
    """A moment as a datetime-local input value in Danish time."""
    return moment.astimezone(COPENHAGEN).strftime("%Y-%m-%dT%H:%M")


def test_a_leader_logs_a_one_to_one_with_a_shared_and_a_private_note(
    site: Site, open_page: Any
) -> None:
    page = open_page()
    sign_in(page, "leader")
    expect(page.locator("h1")).to_contain_text("team", ignore_case=True)
    screenshot(page, "leader-home")
    page.get_by_role("link", name="Log a 1-to-1 with Emil Ansat").click()
    expect(page.locator("h1")).to_contain_text("Emil Ansat")
    form = page.locator("form", has=page.get_by_label("Private notes"))
    expect(form.get_by_label("Kind")).to_have_value("one_to_one")
    form.get_by_label("Minutes").fill("30")
    form.get_by_label("Shared notes").fill("We agreed Emil leads the Monday huddle")
    form.get_by_label("Private notes").fill("Emil seemed tired; ask about the workload")
    form.locator("button[type=submit]").click()
    expect(page.get_by_text("We agreed Emil leads the Monday huddle")).to_be_visible()
    expect(page.get_by_text("Emil seemed tired; ask about the workload")).to_be_visible()
    screenshot(page, "leader-person-page")
    employee = open_page()
    sign_in(employee, "employee")
    expect(employee.get_by_text("We agreed Emil leads the Monday huddle")).to_be_visible()
    assert "Emil seemed tired" not in employee.content()


def test_the_employee_sees_the_shared_note_and_not_the_private_one(
    site: Site, open_page: Any
) -> None:
    journal = site.journal()
    try:
        journal.log_interaction(
            leader_id=site.org.leader,
            employee_id=site.org.colleague,
            kind="walk_and_talk",
            occurred_at=clock.now() - timedelta(hours=3),
            minutes=40,
            shared_notes="Eva wants to coach new colleagues",
            private_notes="Eva may be ready for a team-lead role",
        )
    finally:
        journal.close()
    page = open_page()
    sign_in(page, "colleague")
    expect(page.get_by_text("Eva wants to coach new colleagues")).to_be_visible()
    assert "Eva may be ready for a team-lead role" not in page.content()
    assert "Emil" not in page.content()  # nothing of a colleague's
    screenshot(page, "employee-my-development")
    phone = open_page(width=390, height=844)
    sign_in(phone, "colleague")
    screenshot(phone, "employee-my-development-phone")


def test_an_auditor_time_travels_to_before_a_correction(site: Site, open_page: Any) -> None:
    now = clock.now()
    journal = site.journal()
    try:
        with clock.frozen_at(now - timedelta(days=3)):
            oda = journal.register_person(
                role="employee",
                name="Oda Otte",
                email="oda@example.dk",
                leader_id=site.org.other_leader,
                recorded_by=site.org.admin,
            )
        with clock.frozen_at(now - timedelta(days=2)):
            interaction = journal.log_interaction(
                leader_id=site.org.other_leader,
                employee_id=oda,
                kind="one_to_one",
                occurred_at=now - timedelta(days=2, hours=1),
                minutes=30,
                shared_notes="Oda will take the phone queue on Fridays",
                private_notes="Oda worries about the new system",
            )
        with clock.frozen_at(now - timedelta(days=1)):
            journal.correct_interaction(
                interaction,
                {"shared_notes": "Oda will take the chat queue on Fridays"},
                "Wrong queue in the first note",
                recorded_by=site.org.other_leader,
            )
    finally:
        journal.close()
    page = open_page()
    sign_in(page, "auditor")
    page.goto("/audit/time-travel")
    page.get_by_label("Person", exact=True).select_option(str(oda))
    page.locator("input[name=known_at]").fill(local_input(now - timedelta(days=1, hours=12)))
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_text("Oda will take the phone queue on Fridays")).to_be_visible()
    expect(page.get_by_text("Oda worries about the new system")).not_to_be_visible()
    page.get_by_label("Why you read the private notes").fill("Klage 2026-114")
    page.get_by_role("button", name="Show the private notes").click()
    expect(page.get_by_text("Oda worries about the new system")).to_be_visible()
    assert "chat queue" not in page.content()
    screenshot(page, "auditor-time-travel")
    page.goto("/audit/events?event_type=NotesAccess.PrivateNotesRead")
    expect(page.get_by_text("time travel", exact=False).first).to_be_visible()
    screenshot(page, "auditor-event-log")


def test_the_danish_ui_shows_danish_text(site: Site, open_page: Any) -> None:
    page = open_page(locale="da-DK")
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.locator("h1")).to_have_text("Log ind")
    screenshot(page, "login-danish")
    sign_in(page, "leader")
    expect(page.get_by_role("link", name="Mit team")).to_be_visible()
    expect(page.get_by_role("button", name="Log ud (Lene Leder)")).to_be_visible()
    screenshot(page, "leader-home-danish")
    page.locator("button[name=language][value=en]").click()
    expect(page.get_by_role("link", name="My team")).to_be_visible()


OUTLOOK = Path(__file__).resolve().parents[1] / "fixtures" / "calendars" / "outlook.ics"


def test_a_danish_leader_uploads_an_outlook_export_and_sees_each_meeting_and_its_rule(
    site: Site, open_page: Any
) -> None:
    page = open_page(locale="da-DK")
    sign_in(page, "leader")
    page.get_by_role("link", name="Min kalender").click()
    expect(page.locator("h1")).to_have_text("Min kalender")
    page.get_by_label("Kalendereksport (.ics)").set_input_files(str(OUTLOOK))
    page.get_by_label("Fra", exact=True).fill("2026-11-01")
    page.get_by_label("Til", exact=True).fill("2026-11-30")
    page.get_by_role("button", name="Se, hvad den ændrer").click()
    expect(page.locator("h1")).to_have_text("Tjek importen, før den bliver lavet")
    page.get_by_role("button", name="Importér").click()

    expect(page.get_by_text("11 møder importeret", exact=False)).to_be_visible()
    for week in page.locator("details.week > summary").all():  # each week starts collapsed
        week.click()
    row = page.get_by_role("row").filter(has_text="Vagtplan uge 46")
    expect(row).to_contain_text('planlægningsord: "vagtplan"')
    expect(page.get_by_role("row").filter(has_text="Budgetseminar")).to_contain_text("Planlægning")
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(DUPLICATE_IDS) == []
    screenshot(page, "leader-calendar-danish")
    page.get_by_role("button", name="Lav et link").click()
    expect(page.get_by_role("link", name="Åbn det i din kalender-app")).to_have_attribute(
        "href", re.compile(r"^webcal://127\.0\.0\.1:\d+/calendar-feeds/[\w-]+\.ics$")
    )
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "leader-calendar-danish-phone")


def shifted_to_recent_weeks(export: bytes) -> bytes:
    """The Outlook fixture moved by whole weeks (weekdays and repeats kept) so that its
    November meetings fall in the four weeks before today, where the pages look by default."""
    weeks = max(0, (date.today() - timedelta(days=1) - date(2026, 11, 24)).days // 7)

    def moved(match: re.Match[bytes]) -> bytes:
        day = datetime.strptime(match[1].decode(), "%Y%m%d") + timedelta(weeks=weeks)
        return day.strftime("%Y%m%d").encode() + match[2]

    return re.sub(rb"(\d{8})(T\d{6}Z?)", moved, export)


def test_a_danish_leader_goes_from_an_outlook_export_to_the_verdict_and_the_three_day_check(
    site: Site, open_page: Any
) -> None:
    page = open_page(locale="da-DK")
    sign_in(page, "other-leader")
    page.get_by_role("link", name="Min kalender").click()
    page.get_by_label("Kalendereksport (.ics)").set_input_files(
        files=[{"name": "kalender.ics", "mimeType": "text/calendar",
                "buffer": shifted_to_recent_weeks(OUTLOOK.read_bytes())}]
    )  # fmt: skip
    # the last four weeks, by default; the preview first, then the import
    page.get_by_role("button", name="Se, hvad den ændrer").click()
    page.get_by_role("button", name="Importér").click()
    expect(page.get_by_text(re.compile(r"\d+ møder importeret"))).to_be_visible()

    page.get_by_role("link", name="Mit team").click()
    verdict = page.locator("p.verdict")
    # About eight hours of meetings: too little to call Ole a coach or a controller.
    expect(verdict).to_contain_text(re.compile(r"Endnu ikke nok kalenderdata \(\d+(,\d)? timer"))
    expect(verdict).to_contain_text("Dommen kræver mindst 10 timer fordelt på 5 dage")
    expect(verdict).not_to_contain_text("Du kontrollerer")

    page.get_by_role("button", name="Tjek din kalender").click()  # a quick action
    expect(page.locator("h1")).to_have_text("Tjek din kalender")
    wish = page.locator("form", has=page.get_by_role("button", name="Gem mit ønske"))
    for category, share in (
        ("Planlægning", "10"),
        ("Rapportering", "5"),
        ("Opfølgning", "15"),
        ("Medarbejdere", "60"),
        ("Andet", "10"),
    ):
        wish.get_by_label(category, exact=True).fill(share)  # fmt: skip
    wish.get_by_role("button", name="Gem mit ønske").click()
    expect(page.get_by_text("Dit ønske er gemt. Træk nu tre dage.")).to_be_visible()
    page.get_by_role("button", name="Træk tre dage").click()

    drawn = page.locator("#drawn")
    expect(drawn.get_by_role("listitem")).to_have_count(3)
    # Which split the three days are nearer depends on the days drawn (at random).
    expect(drawn).to_contain_text(
        re.compile(
            r"Disse dage (ligner mere kontrollørmønstret \(60/25/15\)|er tættere på dit)"
            r"|For lidt at sammenligne"
        )
    )
    expect(drawn).to_contain_text("Du ønskede 15/15/60.")
    expect(drawn.locator("svg")).to_be_visible()
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(DUPLICATE_IDS) == []
    screenshot(page, "leader-calendar-check-danish")
    page.get_by_role("button", name="Træk igen").click()
    expect(page.get_by_role("heading", name="Tidligere trækninger")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "leader-calendar-check-danish-phone")


def test_an_employee_asks_the_leader_meets_it_and_the_agreed_actions_carry_over(
    site: Site, open_page: Any
) -> None:
    employee = open_page()
    sign_in(employee, "colleague")  # Eva, so that other tests' records of Emil stay apart
    employee.get_by_label("What would you like?").select_option("walk_and_talk")
    employee.get_by_label("A note for your leader (optional)").fill("Kan vi gå en tur?")
    employee.get_by_role("button", name="Ask my leader").click()
    expect(employee.get_by_text("Your leader can see your request: Walk-and-talk.")).to_be_visible()

    leader = open_page()
    sign_in(leader, "leader")
    asks = leader.locator("#requests")
    expect(asks).to_contain_text("Eva Kollega: Walk-and-talk")
    expect(asks).to_contain_text("Kan vi gå en tur?")
    asks.get_by_role("link", name=re.compile(r"^Log it\W+Walk-and-talk, Eva Kollega$")).click()
    form = leader.locator("#log-interaction form")
    expect(form.get_by_label("Kind")).to_have_value("walk_and_talk")
    form.get_by_label("Minutes").fill("40")
    form.get_by_label("Agreed actions").fill("Find et kursus i Excel\nSkriv til kunden")
    form.locator("button[type=submit]").click()
    expect(leader.locator("#actions")).to_contain_text("Find et kursus i Excel")
    screenshot(leader, "leader-person-open-actions")

    employee.reload()
    expect(employee.locator("#requests")).to_contain_text("met")
    done = re.compile(r"^Done\W+Find et kursus i Excel$")
    employee.locator("#actions").get_by_role("button", name=done).click()
    expect(employee.get_by_text("Done: Find et kursus i Excel")).to_be_visible()
    assert employee.evaluate(UNLABELLED) == []
    assert employee.evaluate(DUPLICATE_IDS) == []
    screenshot(employee, "employee-requests-and-actions")

    leader.goto(leader.url.split("#")[0] + "?log=one_to_one")
    carried = leader.locator("#log-interaction .carried-over")
    expect(carried).to_contain_text("Skriv til kunden")
    expect(carried).not_to_contain_text("Find et kursus i Excel")


def test_a_head_of_customer_service_sees_each_leader_in_figures_only(
    site: Site, open_page: Any
) -> None:
    journal = site.journal()
    try:
        head = journal.register_person(
            role="manager", name="Karin Chef", email="karin@example.dk", recorded_by=site.org.admin
        )
        journal.open_account(head, username="karin", password=PASSWORD,
                             recorded_by=site.org.admin)  # fmt: skip
        journal.oversee_leader(head, site.org.leader, recorded_by=site.org.admin)
    finally:
        journal.close()
    page = open_page(locale="da-DK")
    sign_in(page, "karin")

    expect(page.locator("h1")).to_have_text("Ledere")
    row = page.get_by_role("row").filter(has_text="Lene Leder")
    expect(row).to_contain_text("af")  # "n af m" in cadence
    assert "Emil Ansat" not in page.content() and "Eva Kollega" not in page.content()
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(DUPLICATE_IDS) == []
    screenshot(page, "manager-overview-danish")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
