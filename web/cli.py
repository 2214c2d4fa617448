"""The ``journal`` command with what needs the web layer: the reminder e-mails, written by
the pages' templates in each leader's language. Every other command is journal/entry/cli.py's."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from journal import clock
from journal.entry.cli import main
from journal.entry.cli_people import people
from journal.entry.cli_support import find_person
from journal.errors import JournalError

if TYPE_CHECKING:
    from flask import Flask


def web_app() -> Flask:
    """The web app on the environment's journal, for a command that needs its templates,
    mail or links; a setting that stops it is the command's error."""
    from web import create_app  # here: every other command starts without the web app

    try:
        return create_app()
    except JournalError as error:
        raise click.ClickException(f"{error.field}: {error.message}") from error


@main.group()
def reminders() -> None:
    """The morning e-mail to each leader: overdue meetings, waiting requests, open actions."""


@reminders.command("send")
@click.option("--dry-run", is_flag=True, help="Say who would get a mail; send and write nothing.")
def send(dry_run: bool) -> None:
    """Send each leader today's digest, once a day: run it daily (cron, a systemd timer).

    The mail server is JOURNAL_SMTP_URL; JOURNAL_MAIL_FROM the sender, JOURNAL_BASE_URL
    where its links point.
    """
    from web.reminders import Mailer, send_reminders

    app = web_app()
    journal = app.extensions["journal"]
    try:
        url = app.config["SMTP_URL"]
        if not url and not dry_run:
            raise click.ClickException(
                "JOURNAL_SMTP_URL is not set: no mail server to send through (--dry-run"
                " shows what would be sent; leaders see the same digest on their home page)"
            )
        mailer = None if dry_run else Mailer.from_url(url, app.config["MAIL_FROM"])
        outcomes = send_reminders(app, journal, mailer, clock.now())
    except JournalError as error:
        raise click.ClickException(f"{error.field}: {error.message}") from error
    finally:
        journal.close()
    for outcome in outcomes:
        line = f"{outcome.status:<10} {outcome.leader} <{outcome.address}>: {outcome.items} items"
        click.echo(line + (f" ({outcome.reason})" if outcome.reason else ""))
    counts = {s: sum(o.status == s for o in outcomes) for s in ("sent", "failed")}
    click.echo(f"{counts['sent']} sent, {counts['failed']} failed, {len(outcomes)} leaders.")
    if counts["failed"]:
        sys.exit(1)


@people.command("invite")
@click.argument("person")
def invite_person(person: str) -> None:
    """Invite PERSON (an id, an email or a full name) to choose a username and password from
    a link that works once, for 7 days; mailed through JOURNAL_SMTP_URL, or printed alone on
    the last line to pass on when no mail server is set."""
    from web.link_mail import invite

    app = web_app()
    journal = app.extensions["journal"]
    try:
        row = journal.read.people.get(find_person(journal, person))
        assert row is not None  # find_person found them in the directory
        with app.test_request_context(base_url=app.config["BASE_URL"]):
            link = invite(row, None)
    except JournalError as error:
        raise click.ClickException(f"{error.field}: {error.message}") from error
    finally:
        journal.close()
    if link is None:
        click.echo(f"Invitation mailed to {row.name} <{row.email}>.")
    else:
        click.echo(f"No mail server is set (JOURNAL_SMTP_URL); pass this link on to {row.name}:")
        click.echo(link)


@people.command("import")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--as", "importer", required=True, help="The admin importing: username, email or name."
)
@click.option("--dry-run", is_flag=True, help="Say what each row would do; write nothing.")
@click.option("--invite", is_flag=True, help="Invite the new people (as `people invite`).")
def import_people(file: Any, importer: str, dry_run: bool, invite: bool) -> None:
    """Register and correct people from FILE.csv: columns name, email, role, leader (the
    leader's e-mail), username, employee number (or navn, e-mail, rolle, leder, brugernavn,
    medarbejdernummer). A person known by employee number or e-mail changes only where the
    file differs; each refused row is printed with its reason."""
    from journal.importers import people_csv
    from web.ui.people_import import invitations

    app = web_app()
    journal = app.extensions["journal"]
    try:
        admin = journal.person(find_person(journal, importer))
        if admin.role != "admin":
            raise click.ClickException(f"--as: {admin.name} is not an admin")
        lines, refused = people_csv.read_people(file.read())
        done = journal.import_people(lines, refused=refused, dry_run=dry_run, recorded_by=admin.id)
        links: list[tuple[str, str]] = []
        if invite and not dry_run:
            with app.test_request_context(base_url=app.config["BASE_URL"]):
                links = invitations(done, admin.id)
    except JournalError as error:
        raise click.ClickException(f"{error.field}: {error.message}") from error
    finally:
        journal.close()
    for outcome in done.outcomes:
        fields = f" ({', '.join(outcome.fields)})" if outcome.fields else ""
        click.echo(f"  line {outcome.line}: {outcome.name}: {outcome.result}{fields}")
    for refusal in done.refused:
        click.echo(f"  line {refusal.line}: refused: {refusal.reason}")
    verb = "would be" if dry_run else "were"
    click.echo(
        f"{done.count('new')} new, {done.count('changed')} changed, "
        f"{done.count('unchanged')} unchanged, {len(done.refused)} refused ({verb} imported)."
    )
    for name, link in links:
        click.echo(f"No mail server is set; pass this invitation on to {name}: {link}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
