"""The ``journal`` command with what needs the web layer: the reminder e-mails, written by
the pages' templates in each leader's language. Every other command is journal/entry/cli.py's."""

from __future__ import annotations

import sys

import click

from journal import clock
from journal.entry.cli import main
from journal.errors import JournalError


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
    # Imported here: every other command of `journal` starts without the web app.
    from web import create_app
    from web.reminders import Mailer, send_reminders

    try:
        app = create_app()
    except JournalError as error:
        raise click.ClickException(f"{error.field}: {error.message}") from error
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
