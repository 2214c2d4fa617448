"""The morning reminders: each leader's digest by e-mail, in their language, once a day.

A real SMTP server (aiosmtpd) listens on 127.0.0.1; the tests read what arrived.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from flask import Flask

from journal import bootstrap, clock
from journal.commands import Journal
from journal.settings import Settings
from tests.organisation import Org, build_org
from tests.web.conftest import csrf_token, page_client
from web.cli import main
from web.reminders import Mailer, send_reminders

SECRETS = ("NOTE-ONLY-IN-THE-JOURNAL", "ACTION-ONLY-IN-THE-JOURNAL", "REQUEST-ONLY-IN-THE-JOURNAL")


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (just now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture(scope="module")
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    """An SMTP server on 127.0.0.1, for the tests of this module."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def inbox(smtp_server: tuple[Inbox, int]) -> Inbox:
    """The server's inbox, emptied for each test."""
    smtp_server[0].messages.clear()
    return smtp_server[0]


@pytest.fixture
def mailer(smtp_server: tuple[Inbox, int]) -> Mailer:
    return Mailer.from_url(f"smtp://127.0.0.1:{smtp_server[1]}", "Journal <journal@example.dk>")


@pytest.fixture
def linked(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """The app with the address its mails link to."""
    monkeypatch.setitem(app.config, "BASE_URL", "https://journal.example.dk")
    return app


def arrange_the_loop(journal: Journal, org: Org, start: datetime) -> None:
    """Five days in: Emil had his 1-to-1 and agreed an action; Eva asked for a
    walk-and-talk. Her 1-to-1 falls due a week after she joined."""
    with clock.frozen_at(start + timedelta(days=5)):
        journal.log_interaction(
            leader_id=org.leader, employee_id=org.employee, kind="one_to_one",
            occurred_at=clock.now(), minutes=30, shared_notes=SECRETS[0],
            agreed_actions=[SECRETS[1]],
        )  # fmt: skip
        journal.ask_for_coaching(
            org.colleague, "walk_and_talk", SECRETS[2], recorded_by=org.colleague
        )


def events_of(journal: Journal, prefix: str) -> list[Any]:
    """The events of the log whose type starts with ``prefix``, in recorded order."""
    page = journal.read.event_index.page(limit=10_000)
    return [e for e in page.events if e.event_type.startswith(prefix)]


def reminder_events(journal: Journal) -> list[str]:
    return [e.event_type for e in events_of(journal, "Reminder.")]


def test_a_leader_gets_the_digest_with_names_and_counts_and_no_text_of_the_journal(
    linked, journal, org, inbox, mailer
):
    start = clock.now()
    arrange_the_loop(journal, org, start)
    at = start + timedelta(days=10)
    with clock.frozen_at(at):
        outcomes = send_reminders(linked, journal, mailer, at)

    by_leader = {o.leader: o.status for o in outcomes}
    assert by_leader == {"Lene Leder": "sent", "Ole Anden": "sent"}  # Otto is overdue too
    [mail] = inbox.to("lene@example.dk")
    assert mail["Subject"] == (
        "Coaching Journal: 1 meeting overdue, 1 request waiting, 1 open action"
    )
    assert mail["From"] == "Journal <journal@example.dk>"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "Eva Kollega: 1-to-1" in text  # overdue: a week after she joined
    assert "Eva Kollega: Walk-and-talk, asked 5 days ago" in text
    assert "Emil Ansat: 1 open action" in text
    assert "https://journal.example.dk/leader" in text
    assert f'href="https://journal.example.dk/people/{org.employee}#actions"' in html
    raw = mail.as_string()
    assert not [secret for secret in SECRETS if secret in raw]
    assert reminder_events(journal) == ["Reminder.Claimed", "Reminder.Sent"] * 2


def test_a_leader_gets_one_mail_a_day_and_the_next_one_the_next_day(
    linked, journal, org, inbox, mailer
):
    # Early morning, so that ten days and five hours later is still the same day in
    # Copenhagen whenever the suite runs.
    start = clock.now().replace(hour=4, minute=0)
    arrange_the_loop(journal, org, start)
    for days, expected in ((10, "sent"), (10.2, "already"), (11, "sent")):
        at = start + timedelta(days=days)
        with clock.frozen_at(at):
            outcomes = send_reminders(linked, journal, mailer, at)
        assert {o.status for o in outcomes} == {expected}, days
    assert len(inbox.to("lene@example.dk")) == 2


def test_the_mail_speaks_the_language_the_leader_signed_in_with(
    linked, client, journal, org, inbox, mailer
):
    client.set_cookie("language", "da")
    page_client(client, org, "leader")
    assert journal.read.accounts.for_person(org.leader).language == "da"
    start = clock.now()
    arrange_the_loop(journal, org, start)
    at = start + timedelta(days=10)
    with clock.frozen_at(at):
        send_reminders(linked, journal, mailer, at)

    [danish] = inbox.to("lene@example.dk")
    assert danish["Subject"] == (
        "Coaching Journal: 1 samtale over tiden, 1 ønske venter, 1 åben aftale"
    )
    assert danish["Content-Language"] == "da"
    assert "Godmorgen, Lene Leder" in danish.get_body(("plain",)).get_content()
    assert '<html lang="da">' in danish.get_body(("html",)).get_content()
    [english] = inbox.to("ole@example.dk")  # never signed in: the default language
    assert english["Subject"] == "Coaching Journal: 1 meeting overdue"


def test_a_language_chosen_on_the_pages_is_kept_once(client, journal, org):
    signed_in = page_client(client, org, "leader")
    for _ in range(2):
        form = {"language": "da", "csrf_token": csrf_token(signed_in, "/leader")}
        assert signed_in.post("/language", data=form).status_code == 302
    # Signed in in English (the browser asked for no language), then chose Danish, twice.
    chosen = events_of(journal, "Account.LanguageChosen")
    assert len(chosen) == 2
    assert journal.read.accounts.for_person(org.leader).language == "da"


def test_a_refused_send_is_noted_and_the_next_run_tries_again(linked, journal, org, inbox, mailer):
    start = clock.now()
    arrange_the_loop(journal, org, start)
    at = start + timedelta(days=10)
    nobody_listens = Mailer.from_url(f"smtp://127.0.0.1:{free_port()}", "journal@example.dk")
    with clock.frozen_at(at):
        failed = send_reminders(linked, journal, nobody_listens, at)
        assert {o.status for o in failed} == {"failed"}
        assert "ConnectionRefusedError" in failed[0].reason
        again = send_reminders(linked, journal, mailer, at + timedelta(hours=1))
    assert {o.status for o in again} == {"sent"}
    assert len(inbox.to("lene@example.dk")) == 1
    assert reminder_events(journal).count("Reminder.Failed") == 2


def test_no_mail_when_nothing_waits(linked, journal, org, inbox, mailer):
    outcomes = send_reminders(linked, journal, mailer, clock.now())
    assert {o.status for o in outcomes} == {"nothing"}
    assert inbox.messages == [] and reminder_events(journal) == []


def test_two_processes_claiming_one_day_at_once_send_one_mail(two_processes):
    apps, org = two_processes
    day = clock.now().date()
    barrier = threading.Barrier(2)
    claimed: list[bool] = []

    def claim(flask_app: Flask) -> None:
        barrier.wait()
        claimed.append(flask_app.extensions["journal"].claim_reminder(org.leader, day, 3))

    threads = [threading.Thread(target=claim, args=(a,)) for a in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == [False, True]


@pytest.mark.slow
def test_the_command_sends_once_a_day_and_says_what_it_did(tmp_path, smtp_server):
    inbox, port = smtp_server
    inbox.messages.clear()
    database = f"sqlite:///{tmp_path}/journal.sqlite3"
    arranged = bootstrap.open_journal(Settings(database))
    with clock.frozen_at(clock.now() - timedelta(days=20)):
        build_org(arranged)
    arranged.close()
    env = {
        "JOURNAL_DATABASE_URL": database,
        "JOURNAL_SECRET_KEY": "k" * 40,
        "JOURNAL_BASE_URL": "https://journal.example.dk",
    }
    runner = CliRunner()

    unset = runner.invoke(main, ["reminders", "send"], env=env)
    assert unset.exit_code == 1 and "JOURNAL_SMTP_URL is not set" in unset.output
    dry = runner.invoke(main, ["reminders", "send", "--dry-run"], env=env)
    assert dry.exit_code == 0, dry.output
    assert "would-send Lene Leder <lene@example.dk>: 2 items" in dry.output
    assert inbox.messages == []

    env["JOURNAL_SMTP_URL"] = f"smtp://127.0.0.1:{port}"
    first = runner.invoke(main, ["reminders", "send"], env=env)
    assert first.exit_code == 0, first.output
    assert "2 sent, 0 failed, 2 leaders." in first.output
    second = runner.invoke(main, ["reminders", "send"], env=env)
    assert "already" in second.output and "0 sent" in second.output
    assert sorted(m["To"] for m in inbox.messages) == ["lene@example.dk", "ole@example.dk"]

    env["JOURNAL_SMTP_URL"] = "http://mail.example.dk"
    wrong = runner.invoke(main, ["reminders", "send"], env=env)
    assert wrong.exit_code == 1 and "JOURNAL_SMTP_URL" in wrong.output
