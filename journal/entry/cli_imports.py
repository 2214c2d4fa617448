"""`journal calendar import` and `journal feedback import`: files from outside, in."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from journal.calendar_sync.status import every_from_env
from journal.entry.cli_support import find_person, opened_journal
from journal.errors import JournalError
from journal.importers import survey_csv


@click.group()
def calendar() -> None:
    """A leader's own calendar: import an export (Outlook, Google) to see where time goes."""


@calendar.command("import")
@click.argument("person")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--from",
    "start",
    type=click.DateTime(["%Y-%m-%d"]),
    help="First day (default: 4 weeks before --to).",
)
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Last day (default: today).")
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@click.option(
    "--withdraw-most",
    is_flag=True,
    help="Allow withdrawing more than half of the meetings of the days the file covers.",
)
def import_calendar(
    person: str,
    file: Any,
    start: datetime | None,
    end: datetime | None,
    dry_run: bool,
    withdraw_most: bool,
) -> None:
    """Import the meetings of leader PERSON from FILE.ics; unchanged meetings write nothing,
    and only the days the file covers are replaced."""
    with opened_journal() as app:
        leader_id = find_person(app, person)
        try:
            done = app.import_calendar(
                leader_id,
                file.read(),
                start=start.date() if start else None,
                end=end.date() if end else None,
                dry_run=dry_run,
                withdraw_most=withdraw_most,
            )
        except JournalError as error:
            raise click.ClickException(f"{error.field}: {error.message}") from error
        summary = done.summary
        would = "would be " if dry_run else ""
        click.echo(
            f"{done.start} to {done.end}: {summary.imported} {would}imported, {summary.corrected}"
            f" {would}corrected, {summary.withdrawn} {would}withdrawn, {summary.unchanged}"
            " unchanged." + (" Nothing was written (--dry-run)." if dry_run else "")
        )
        for skipped in done.skipped:
            click.echo(f"  skipped {skipped.item!r}: {skipped.reason}")
        minutes: dict[str, int] = {}
        for meeting in app.read.meetings.for_leader(leader_id, done.start, done.end):
            if meeting.minutes:
                minutes[meeting.category] = minutes.get(meeting.category, 0) + meeting.minutes
        total = sum(minutes.values()) or 1
        click.echo(
            "Meeting time: "
            + ", ".join(f"{c} {m / 60:.1f} h ({m / total:.0%})" for c, m in sorted(minutes.items()))
        )


@calendar.command("sync")
@click.option("--all", "force", is_flag=True, help="Fetch every subscription now, due or not.")
def sync_calendars(force: bool) -> None:
    """Fetch the leaders' calendar subscriptions that are due and import what changed (the
    worker does this every JOURNAL_CALENDAR_SYNC_MINUTES)."""
    try:
        every = every_from_env()
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    with opened_journal() as app:
        done = app.sync_calendars(every=every or None, force=force)
        click.echo(
            f"{done.due} due: {done.imported} fetched and imported ({done.changed} with changes),"
            f" {done.not_modified} unchanged (304), {len(done.failed)} failed."
        )
        for subscription_id, failure in done.failed:
            click.echo(f"  {subscription_id}: {failure}")


@click.group()
def feedback() -> None:
    """Customer feedback: import a survey tool's CSV export of NPS answers."""


@feedback.command("import")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--as", "importer", required=True,
    help="The leader (their team only) or admin importing: username, email or name.",
)  # fmt: skip
@click.option(
    "--map", "mappings", multiple=True, metavar="COLUMN=FIELD",
    help="Map a column to a field (date, score, comment, employee, channel, response_id);"
    " a column named like a field maps itself.",
)  # fmt: skip
@click.option("--dry-run", is_flag=True, help="Check every row and write nothing.")
def import_feedback(file: Any, importer: str, mappings: tuple[str, ...], dry_run: bool) -> None:
    """Import NPS answers from FILE.csv; answers imported before are not recorded again."""
    with opened_journal() as app:
        person_id = find_person(app, importer)
        try:
            done = app.import_survey(
                file.read(),
                chosen=survey_csv.as_choices(mappings),
                recorded_by=person_id,
                dry_run=dry_run,
            )
        except JournalError as error:
            raise click.ClickException(f"{error.field}: {error.message}") from error
        verb = "would import" if dry_run else "imported"
        click.echo(
            f"{done.imported} {verb}, {done.already} already there, {len(done.refused)} refused."
        )
        for refused in done.refused:
            click.echo(f"  line {refused.line}: {refused.reason}")


@feedback.group()
def hook() -> None:
    """Survey tools that post each answer as it arrives (POST /api/v1/feedback-hooks/NAME)."""


@hook.command("create")
@click.argument("name")
@click.option(
    "--map", "mappings", multiple=True, metavar="NAME=FIELD",
    help="Map the tool's field (a dotted name in its JSON) to date, score, comment, employee,"
    " channel or response_id; a name like a field maps itself.",
)  # fmt: skip
def create_hook(name: str, mappings: tuple[str, ...]) -> None:
    """Make the hook NAME (or give it a new secret): prints its path and its secret, each
    alone on a line (path first). The secret is shown once; the one before stops working."""
    with opened_journal() as app:
        try:
            made, secret = app.make_feedback_hook(name, survey_csv.as_choices(mappings))
        except JournalError as error:
            raise click.ClickException(f"{error.field}: {error.message}") from error
    click.echo(f"/api/v1/feedback-hooks/{made}")
    click.echo(secret)
