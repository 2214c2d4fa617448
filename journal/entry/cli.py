"""The ``journal`` command: demo data, projections, history, export and import."""

from __future__ import annotations

import secrets
import sys
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import click

from journal import bootstrap
from journal.commands import Journal
from journal.entry import backup
from journal.entry.cli_directory import scim
from journal.entry.cli_imports import calendar, feedback
from journal.entry.cli_init import init
from journal.entry.cli_people import people, users
from journal.entry.cli_support import (
    Moment,
    auditor_named,
    find_person,
    opened_journal,
    print_counts,
)
from journal.errors import JournalError
from journal.projections.parallel import rebuild_on_two_cores
from journal.projections.runner import REBUILD_BATCH_SIZE
from journal.projections.timeline import Viewer
from journal.read import records
from journal.security import master_key
from journal.store import chain


@click.group()
def main() -> None:
    """Coaching Journal: an event-sourced journal for leaders who coach."""


@main.command()
@click.option("--seed", default=7, show_default=True, help="Same seed, same organisation.")
@click.option("--if-empty", is_flag=True, help="Do nothing if the journal already has events.")
@click.option(
    "--calendar-feed-at", metavar="URL",
    help="The app's own address (as ./scripts/run serves it): Henrik's calendar is published"
    " there and comes by subscription instead of monthly uploads.",
)  # fmt: skip
def demo(seed: int, if_empty: bool, calendar_feed_at: str | None) -> None:
    """Load a demo organisation with a year of history."""
    from journal.entry.demo import demo_logins, load_demo
    from journal.entry.demo.calendar_feed import DemoFeed, feeds_folder
    from journal.entry.demo.styles import DAYS

    with opened_journal() as app:
        if app.recorder.max_notification_id():
            if if_empty:
                click.echo("The journal already has events; the demo was not loaded again.")
                print_demo_logins(app, demo_logins())
                return
            raise click.ClickException("the journal already has events; use an empty store")
        with click.progressbar(length=DAYS, label="Playing a year of history") as days:
            feed = None
            if calendar_feed_at:
                feed = DemoFeed(feeds_folder(), calendar_feed_at, f"henrik-{secrets.token_hex(8)}")
            summary = load_demo(app, seed=seed, on_day=days.update, project=False, feed=feed)
        with click.progressbar(length=summary.events, label="Building the projections") as bar:
            app.read.catch_up(bar.update)
        roles = ", ".join(f"{role} {n}" for role, n in summary.people.items())
        click.echo(f"Loaded {summary.events} events. People: {roles}.")
        print_demo_logins(app, summary.logins)


def print_demo_logins(app: Journal, logins: list[tuple[str, str, str]]) -> None:
    """The demo accounts worth signing in as, if this store has them."""
    from journal.entry.demo import DEMO_PASSWORD

    present = [login for login in logins if app.read.accounts.by_username(login[2])]
    if not present:
        return
    click.echo(f"Demo logins (the password of every demo account is {DEMO_PASSWORD}):")
    for role, name, username in present:
        click.echo(f"  {role:<9} {name:<24} username: {username}")


@main.command()
def status() -> None:
    """Show the store, the events in its log and how far each projection has come."""
    with opened_journal() as app:
        people = app.read.people.list()
        roles = ", ".join(
            f"{role} {sum(p.role == role for p in people)}"
            for role in ("leader", "employee", "auditor", "admin")
        )
        click.echo(f"Store: {app.settings.store} ({app.settings.database_url})")
        click.echo(f"Events in the log: {app.read.projector.head()}. People: {roles}.")
        print_counts(app)
        for name, (was, needs) in sorted(app.read.projector.outdated().items()):
            click.echo(
                f"{name}: its tables are version {was}, this journal needs {needs}: "
                f"run `journal rebuild {name}`"
            )


@main.command()
@click.argument("names", nargs=-1)
@click.option(
    "--batch-size",
    default=REBUILD_BATCH_SIZE,
    show_default=True,
    type=click.IntRange(min=1),
    help="Events applied per transaction: smaller batches keep writers of a live store"
    " waiting less, bigger ones rebuild faster.",
)
@click.option(
    "--online", is_flag=True,
    help="Build beside the live tables, which keep serving, then switch in one transaction"
    " (without NAMES: the read models older than this version of the journal).",
)  # fmt: skip
def rebuild(names: tuple[str, ...], batch_size: int, online: bool) -> None:
    """Drop and rebuild all projections, or the NAMES given, from the event log."""
    with opened_journal() as app:
        unknown = [n for n in names if n not in app.read.names]
        if unknown:
            raise click.BadParameter(
                f"{', '.join(unknown)}; choose from {', '.join(app.read.names)}", param_hint="NAME"
            )
        head = app.read.projector.head()
        if online:
            rebuild_beside(app, list(names) or list(app.read.projector.outdated()))
            return
        with click.progressbar(length=head, label="Rebuilding", show_pos=True) as bar:
            rebuild_on_two_cores(
                app.read.projector, partial(bootstrap.open_projector, app.settings),
                list(names) or None, progress=bar.update, batch_size=batch_size,
            )  # fmt: skip
        print_counts(app, list(names) or None)


def rebuild_beside(app: Journal, names: list[str]) -> None:
    """``journal rebuild --online``: the named read models built anew beside the live ones."""
    from journal.projections.online import rebuild_online

    if not names:
        click.echo("Every read model has the shape this version of the journal expects.")
        return
    head = app.read.projector.head()
    with click.progressbar(length=head, label=f"Building {', '.join(names)}") as bar:
        applied = rebuild_online(app.read.projector, names, progress=bar.update)
    if applied is None:
        raise click.ClickException("another process is rebuilding online; try again later")
    click.echo(f"Switched to the new {', '.join(names)} ({applied} events applied).")


@main.command()
@click.option("--follow", is_flag=True, help="Keep running and apply new events as they come.")
@click.option(
    "--poll",
    default=1.0,
    show_default=True,
    type=click.FloatRange(min=0.01),
    help="Seconds between looks at the log (on PostgreSQL a fallback to notifications)"
    " and between a standby's tries of the lock.",
)
def project(follow: bool, poll: float) -> None:
    """Bring projections up to date; with --follow, keep them current (the worker).

    On PostgreSQL one --follow worker is active at a time; others wait as standbys and
    take over when it dies. SIGTERM or Ctrl-C stops a worker between two batches.
    """
    from journal.calendar_sync.status import every_from_env
    from journal.entry.calendar_syncer import CalendarSyncer
    from journal.entry.log_lines import sayer
    from journal.entry.worker import ProjectionWorker, stopped_by_signals

    with opened_journal() as app:
        if not follow:
            applied = app.read.catch_up()
            click.echo(f"Applied {applied} events; projections are at {app.read.projector.head()}.")
            return
        say = sayer("journal.worker", click.echo)
        older = sorted(app.read.projector.outdated())
        if older:
            # Built beside the old tables, which keep serving older processes meanwhile.
            from journal.projections.online import rebuild_online

            say(f"building {', '.join(older)} anew beside the live tables")
            done = rebuild_online(app.read.projector, older)
            say("another process is building them" if done is None else f"switched: {done} events")
        worker = ProjectionWorker(app, poll_seconds=poll, say=say)
        try:
            every = every_from_env()
        except ValueError as error:
            raise click.ClickException(str(error)) from error
        syncer = CalendarSyncer(app, every, say) if every else None
        if syncer is not None:
            syncer.start()
        try:
            with stopped_by_signals(worker):
                worker.run()
        finally:
            if syncer is not None:
                syncer.stop()


@main.command()
@click.argument("person")
@click.option("--as-of", type=Moment(), help="Business time: what had happened by then.")
@click.option("--known-at", type=Moment(), help="Knowledge time: what the journal knew then.")
@click.option(
    "--private-notes-for",
    metavar="AUDITOR",
    help="Show private notes too, read by this auditor (username); the read is recorded.",
)
def history(
    person: str, as_of: datetime | None, known_at: datetime | None, private_notes_for: str | None
) -> None:
    """Show an employee's record (PERSON is an id, an email or a name)."""
    with opened_journal() as app:
        person_id = find_person(app, person)
        reader = (
            Viewer("auditor", auditor_named(app, private_notes_for))
            if private_notes_for
            else Viewer("operator")
        )
        try:
            record = records.employee_record(
                app, person_id, reader, where="journal history", as_of=as_of, known_at=known_at
            )
        except JournalError as error:
            raise click.ClickException(error.message) from error
        names = app.read.people.names()
        click.echo(f"{record.name} <{record.email}>")
        zone = app.settings.zone
        click.echo(
            f"  as of {record.as_of.astimezone(zone):%Y-%m-%d %H:%M %Z},"
            f" known at {record.known_at.astimezone(zone):%Y-%m-%d %H:%M %Z}"
        )
        click.echo(f"  leader: {names.get(record.leader_id, '-') if record.leader_id else '-'}")
        click.echo(f"  active: {'yes' if record.is_active else 'no'}")
        click.echo(f"  passions: {', '.join(record.passions) or '-'}")
        for talent in record.talent:
            click.echo(f"  talent {talent['score']}/5 on {talent['assessed_on']}: {talent['note']}")
        click.echo(f"Interactions ({len(record.interactions)}):")
        for item in record.interactions:
            flag = " [retracted]" if item["is_retracted"] else ""
            click.echo(
                f"  {item['occurred_at']:%Y-%m-%d} {item['kind']:<14} {item['minutes']:>3} min"
                f"{flag}  {item['shared_notes']}"
            )
            if item["private_notes"]:
                click.echo(f"      private: {item['private_notes']}")
        click.echo(f"Feedback ({len(record.feedback)}):")
        for item in record.feedback:
            flag = " [retracted]" if item["is_retracted"] else ""
            click.echo(
                f"  {item['received_at']:%Y-%m-%d} NPS {item['score']:>2} {item['channel']:<6}"
                f"{flag}  {item['comment']}"
            )
        click.echo(f"Tasks ({len(record.tasks)}):")
        for item in record.tasks:
            click.echo(
                f"  [{item['state']}] P{item['priority']} {item['title']} (due {item['due_on']})"
            )


@main.command()
@click.option("--seal", is_flag=True, help="Link a log written before the chain existed (once).")
def verify(seal: bool) -> None:
    """Check every event against the hash chain and name what was changed, deleted or inserted.

    Exits with status 1 when anything is wrong, so a cron job or a CI step can alert.
    """
    with opened_journal() as app:
        if app.chain is None:
            raise click.ClickException("the in-memory store has no hash chain to verify")
        if seal:
            try:
                click.echo(f"Sealed {chain.seal(app.recorder, app.chain)} events into the chain.")
            except ValueError as error:
                raise click.ClickException(str(error)) from error
        head = app.read.projector.head()
        with click.progressbar(
            length=head, label="Verifying", show_pos=True, file=sys.stderr
        ) as bar:
            report = app.verify_log(progress=bar.update)
        assert report is not None
        kind = "keyed (JOURNAL_CHAIN_KEY)" if report.keyed else "unkeyed: set JOURNAL_CHAIN_KEY"
        click.echo(f"Verified {report.events} events against the hash chain, {kind}.")
        click.echo(f"Head of the chain: {report.head}")
        behind = sorted(n for n, p in app.read.projector.positions().items() if p != head)
        if behind:
            click.echo(f"Projections behind the log: {', '.join(behind)} (run `journal project`).")
        trail = app.trail.verify()
        if trail.intact:
            click.echo(f"The security trail is intact ({trail.checked} entries).")
        else:
            broken = ", ".join(str(position) for position in trail.broken)
            click.echo(f"The security trail has broken links at entries {broken}.")
        if report.intact and trail.intact:
            click.echo("The log is intact.")
            return
        if not report.intact:
            click.echo(f"{len(report.problems)} problems:")
            for problem in report.problems:
                click.echo(f"  {problem.describe()}")
        sys.exit(1)


@main.command()
@click.argument("output", type=click.File("w"), default="-")
def export(output: Any) -> None:
    """Back up the log, its hash chain and the person keys to OUTPUT (JSON Lines).

    The file can read everyone's personal data: keep it as safe as the database.
    """
    with opened_journal() as app:
        count = backup.write_backup(app, output)
        click.echo(f"Exported {count} events.", err=True)


@main.command(name="import")
@click.argument("source", type=click.File("r"), default="-")
@click.option(
    "--new-chain-key", is_flag=True, help="This store's JOURNAL_CHAIN_KEY is not the backup's."
)
def import_(source: Any, new_chain_key: bool) -> None:
    """Restore a backup into an empty journal, build the projections and verify the chain."""
    with opened_journal() as app:
        try:
            restored = backup.read_backup(app, source, new_chain_key=new_chain_key)
        except backup.BackupError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"Imported {restored.events} events and {restored.keys} person keys.")
        report = app.verify_log()
        assert report is not None
        if not report.intact:
            raise click.ClickException(
                f"the restored hash chain has {len(report.problems)} problems: run `journal verify`"
            )
        same = "the backup's" if restored.links_as_backed_up else "new, made with this store's key"
        click.echo(f"The hash chain is intact; its links are {same}.")
        print_counts(app)


@main.group()
def keys() -> None:
    """The master key that wraps every person's key (journal/security/master_key.py)."""


@keys.command("new")
def new_master_key() -> None:
    """Print a new master key, for JOURNAL_MASTER_KEY or the file JOURNAL_MASTER_KEY_FILE
    names. Keep it apart from the database and its backups: without it they open nothing."""
    click.echo(master_key.generate())


@keys.command("rotate")
@click.option(
    "--new-key-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="a file holding the new master key (from `journal keys new`)",
)
def rotate_master_key(new_key_file: Path) -> None:
    """Re-wrap every person's key under a new master key; no event is touched.

    Run with the current key in JOURNAL_MASTER_KEY (or its file); afterwards start the app
    with the new one. Backups made before still need the old key.
    """
    try:
        new = master_key.MasterKey.from_text(new_key_file.read_text(), "--new-key-file")
    except JournalError as error:
        raise click.ClickException(str(error)) from error
    with opened_journal() as app:
        old = app.keyring.master
        count = app.keyring.rewrap(new)
    was = f" (was {old.key_id})" if old else ""
    click.echo(f"Re-wrapped {count} person keys under master key {new.key_id}{was}.")
    click.echo("Set JOURNAL_MASTER_KEY to the new key before the next start.")


for group in (users, people, calendar, feedback, scim, init):
    main.add_command(group)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
