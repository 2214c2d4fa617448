"""The demo organisation: a realistic year with every kind of event, the same for a seed."""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from journal import bootstrap, clock
from journal.commands import Journal
from journal.domain.access import NotesAccess
from journal.domain.accounts import Account
from journal.domain.actions import AgreedActions
from journal.domain.addresses import EmailAddress
from journal.domain.coaching import KINDS, Interaction
from journal.domain.feedback import Feedback
from journal.domain.group_sessions import GroupSession
from journal.domain.leadership import LeaderCalendar
from journal.domain.meetings import LeaderMeetings
from journal.domain.people import Person
from journal.domain.requests import EmployeeRequests
from journal.domain.subscriptions import CALENDAR_SYNC
from journal.domain.tasks import Task
from journal.entry.demo import DEMO_PASSWORD, DemoSummary, demo_logins, load_demo
from journal.entry.demo.calendar_feed import SUBSCRIBER, DemoFeed
from journal.projections.people import PersonRow
from journal.read import records
from journal.security.passwords import verify_password
from journal.settings import Settings
from tests.unit.support import head

pytestmark = pytest.mark.slow  # loads the demo year

TODAY = date(2026, 3, 2)
FIRST_DAY = TODAY - timedelta(days=365)
EVENT_CLASSES = (
    Account.Opened,
    Account.PasswordChanged,
    Account.Disabled,
    Account.LanguageChosen,
    NotesAccess.PrivateNotesRead,
    Person.Registered,
    Person.MovedToLeader,
    Person.Deactivated,
    Person.TalentAssessed,
    Person.PassionsSet,
    Person.AccountNoted,
    EmailAddress.Claimed,
    Interaction.Logged,
    Interaction.Corrected,
    Interaction.Retracted,
    GroupSession.Logged,
    Feedback.Recorded,
    Feedback.Corrected,
    Feedback.Retracted,
    Task.Assigned,
    Task.Started,
    Task.Completed,
    Task.Cancelled,
    Task.Reassigned,
    Task.PriorityChanged,
    LeaderCalendar.Opened,
    LeaderCalendar.TimeLogged,
    LeaderCalendar.PrioritiesSet,
    LeaderMeetings.Opened,
    LeaderMeetings.MeetingImported,
    LeaderMeetings.CalendarImported,
    LeaderMeetings.DaysDrawn,
    EmployeeRequests.Opened,
    EmployeeRequests.Asked,
    EmployeeRequests.Fulfilled,
    EmployeeRequests.Reopened,
    AgreedActions.Opened,
    AgreedActions.Agreed,
    AgreedActions.Done,
    AgreedActions.Dropped,
    Person.Overseen,
)


def loaded_demo(seed: int = 7) -> tuple[Journal, DemoSummary]:
    """A fresh in-memory journal with the demo loaded for TODAY."""
    app = bootstrap.open_journal(Settings("memory://"))
    return app, load_demo(app, seed=seed, today=TODAY)


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[Journal, DemoSummary]]:
    """One demo load shared by the tests of this module (loading takes seconds)."""
    app, summary = loaded_demo()
    yield app, summary
    app.close()


def event_types(app: Journal) -> list[str]:
    """Every event's type in log order, e.g. ``Interaction.Corrected``."""
    return [e.event_type for e in app.read.event_index.page(limit=100_000).events]


def person_named(app: Journal, name: str) -> PersonRow:
    """The directory's row for the person with this name."""
    return next(p for p in app.read.people.list() if p.name == name)


def test_demo_has_an_admin_an_auditor_three_leaders_and_at_least_thirty_employees(demo):
    app, summary = demo
    assert summary.people["admin"] == 1
    assert summary.people["auditor"] == 1
    assert summary.people["leader"] == 3
    assert summary.people["employee"] >= 30
    assert len(app.read.people.list(role="employee")) == summary.people["employee"]


def test_demo_people_have_unique_names_and_emails_on_the_example_domain(demo):
    app, _ = demo
    people = app.read.people.list()
    assert len({p.name for p in people}) == len(people)
    assert len({p.email for p in people}) == len(people)
    assert all(p.email.endswith("@kundeservice.example") for p in people)
    assert "Søren Å. Kjær" in {p.name for p in people}


def test_summary_counts_every_event_and_names_people_worth_logging_in_as(demo):
    app, summary = demo
    assert summary.events == head(app) == len(event_types(app))
    assert 5_000 <= summary.events <= 20_000
    roles = Counter(role for role, _, _ in summary.logins)
    assert roles == {"admin": 1, "auditor": 1, "manager": 1, "leader": 3, "employee": 2}
    for role, name, username in summary.logins:
        person = person_named(app, name)
        assert (person.role, person.is_active) == (role, True)
        account = app.read.accounts.by_username(username)
        assert account is not None and account.person_id == person.person_id
        assert verify_password(account.password_hash, DEMO_PASSWORD)


def test_the_demo_logins_are_the_same_whatever_the_seed(demo):
    _, summary = demo
    assert sorted(summary.logins) == sorted(demo_logins())


def test_every_demo_person_has_an_account(demo):
    app, _ = demo
    people = app.read.people.list()
    assert people and all(app.read.accounts.for_person(p.person_id) for p in people)


def test_every_kind_of_event_appears_in_the_demo(demo):
    app, _ = demo
    expected = {event_class.__qualname__ for event_class in EVENT_CLASSES}
    assert set(event_types(app)) == expected


def test_every_kind_of_interaction_appears_in_the_demo(demo):
    app, _ = demo
    start, end = (datetime.combine(d, datetime.min.time(), UTC) for d in (FIRST_DAY, TODAY))
    per_kind: Counter[str] = Counter()
    for leader in app.read.people.list(role="leader"):
        per_kind.update(app.read.coaching_log.for_leader(leader.person_id, start, end).per_kind)
    assert all(per_kind[kind] > 0 for kind in KINDS)


def test_demo_events_are_recorded_in_time_order_over_the_year_before_today(demo):
    app, _ = demo
    moments = [e.recorded_at for e in app.read.event_index.page(limit=100_000).events]
    assert moments == sorted(moments)
    assert moments[0].date() == FIRST_DAY
    assert moments[-1].date() < TODAY
    assert len({m.date().month for m in moments}) == 12


def test_loading_the_same_seed_twice_gives_the_same_organisation_and_history() -> None:
    # Three weeks of history, not the year: the same seed's run is the same from the start.
    runs = [bootstrap.open_journal(Settings("memory://")) for _ in range(3)]
    try:
        summaries = [
            load_demo(app, seed=seed, today=TODAY, days=21)
            for app, seed in zip(runs, (7, 7, 8), strict=True)
        ]
        first, again, other = runs
        assert [p.name for p in again.read.people.list()] == [
            p.name for p in first.read.people.list()
        ]
        assert summaries[1] == summaries[0] and event_types(again) == event_types(first)
        assert event_types(other) != event_types(first)  # another seed, another history
    finally:
        for app in runs:
            app.close()


def test_a_journal_that_leaves_projecting_to_a_worker_still_does_after_the_demo() -> None:
    app = bootstrap.open_journal(Settings("memory://"), project_on_write=False)
    try:
        load_demo(app, today=TODAY, days=7, project=False)
        assert app.project_on_write is False
    finally:
        app.close()


def test_coaching_leader_is_a_controller_in_the_first_month_and_a_coach_in_the_last(demo):
    app, _ = demo
    henrik = person_named(app, "Henrik Dalsgaard").person_id
    audit = app.read.calendar_audit
    first_month = audit.for_leader(henrik, FIRST_DAY, FIRST_DAY + timedelta(days=30))
    last_month = audit.for_leader(henrik, TODAY - timedelta(days=30), TODAY)
    assert first_month.verdict == "controller"
    assert first_month.people_share < 20
    assert last_month.verdict == "coach"
    assert last_month.target_percent["people"] >= 50


def test_the_changing_leaders_imported_calendar_shows_the_controller_and_the_coach(demo):
    app, _ = demo
    henrik = person_named(app, "Henrik Dalsgaard").person_id
    audit = app.read.calendar_audit
    first_month = audit.for_leader(henrik, FIRST_DAY, FIRST_DAY + timedelta(days=30))
    last_month = audit.for_leader(henrik, TODAY - timedelta(days=30), TODAY)
    imports = app.history.log(event_types=["LeaderMeetings.CalendarImported"], limit=1000)
    checks = app.read.meetings.checks(henrik)

    assert first_month.sources["calendar"] == first_month.total_minutes > 0
    assert last_month.sources["calendar"] == last_month.total_minutes > 0
    assert len({e.data["digest"] for e in imports.events if e.subject_id == henrik}) >= 12
    # His first check draws controller days (little time for people), his last coach days.
    assert checks[-1].found_shares["people"] < 25 and checks[0].found_shares["people"] > 50
    assert checks[0].looks_like == "wish"
    assert len(records.unlogged_one_to_ones(app, henrik, TODAY - timedelta(days=28), TODAY)) > 0


def test_coaching_leader_raises_the_people_target_in_steps(demo):
    app, _ = demo
    henrik = person_named(app, "Henrik Dalsgaard").person_id
    targets = [c.split["people"] for c in app.read.calendar_audit.priorities_history(henrik)]
    assert len(targets) >= 3
    assert targets == sorted(targets)
    assert targets[-1] >= 50


def test_the_head_of_customer_service_oversees_the_three_leaders(demo):
    from journal.read.overview import manager_overview

    app, _ = demo
    karin = person_named(app, "Karin Lindholm")
    with clock.frozen_at(datetime.combine(TODAY, datetime.min.time(), UTC)):
        leaders = manager_overview(app, karin.person_id)

    assert [leader.name for leader in leaders] == [
        "Camilla Bech", "Henrik Dalsgaard", "James Whitfield",
    ]  # fmt: skip
    assert all(leader.team_size >= 9 and leader.nps.responses > 0 for leader in leaders)


def test_with_a_feed_henriks_calendar_comes_by_subscription_not_by_upload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNAL_CALENDAR_ALLOW_PRIVATE", "1")
    with socket.socket() as probe:  # a free port for the demo's own feed server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    feed = DemoFeed(tmp_path, f"http://127.0.0.1:{port}", "henrik-test")
    app = bootstrap.open_journal(Settings("memory://"))
    try:
        load_demo(app, seed=7, today=TODAY, days=30, feed=feed)
        henrik = next(p for p in app.read.people.list(role="leader") if p.name == SUBSCRIBER)
        (subscription,) = app.read.subscriptions.of_leader(henrik.person_id)
        status = app.sync_statuses(henrik.person_id)[subscription.subscription_id]
        imports = app.history.log(event_types=["LeaderMeetings.CalendarImported"]).events
    finally:
        app.close()
    by_henrik = [e for e in imports if e.data["leader_id"] == henrik.person_id]
    assert by_henrik and {e.data["recorded_by"] for e in by_henrik} == {CALENDAR_SYNC}
    assert (status.failures, status.error_code) == (0, "")
    assert any(e.data["recorded_by"] != CALENDAR_SYNC for e in imports)  # the others upload
    assert feed.file.read_bytes().startswith(b"BEGIN:VCALENDAR")
