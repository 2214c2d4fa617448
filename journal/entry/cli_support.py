"""What the `journal` command's groups share: an opened journal, moments, people by name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from uuid import UUID

import click
from sqlalchemy import func, select

from journal import bootstrap
from journal.commands import Journal
from journal.errors import JournalError
from journal.settings import Settings


@contextmanager
def opened_journal() -> Iterator[Journal]:
    """Open the journal that JOURNAL_DATABASE_URL names, and close it afterwards."""
    try:
        app = bootstrap.open_journal(Settings.from_env())
    except JournalError as error:
        raise click.ClickException(str(error)) from error
    try:
        yield app
    finally:
        app.close()


class Moment(click.ParamType):
    """An ISO 8601 date or date-time; without a time zone it is on the organisation's wall
    clock (JOURNAL_TIMEZONE), as on the pages: a date is the start of that day there."""

    name = "moment"

    def convert(self, value: Any, param: Any, ctx: Any) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not an ISO date or date-time, e.g. 2026-03-01T09:30+01:00")
        if moment.tzinfo:
            return moment
        try:
            zone = Settings.from_env().zone
        except JournalError as error:
            raise click.ClickException(error.message) from error
        return moment.replace(tzinfo=zone)


def auditor_named(app: Journal, username: str) -> UUID:
    """The person id of an auditor's active account, or a usage error."""
    account = app.read.accounts.by_username(username)
    if account is None or account.role != "auditor" or not account.can_sign_in:
        raise click.BadParameter(
            f"{username!r} is not an active auditor's username", param_hint="--private-notes-for"
        )
    return account.person_id


def find_person(app: Journal, text: str) -> UUID:
    """Resolve an id, an email or an exact name to a person's id."""
    try:
        return UUID(text)
    except ValueError:
        pass
    matches = [
        p.person_id
        for p in app.read.people.list()
        if text.lower() in (p.email.lower(), p.name.lower())
    ]
    if len(matches) != 1:
        found = "nobody" if not matches else f"{len(matches)} people"
        raise click.ClickException(f"{found} matches {text!r}; give an id, an email or a full name")
    return matches[0]


def print_counts(app: Journal, names: list[str] | None = None) -> None:
    """Print the rows per table of each projection, and its log position."""
    positions = app.read.projector.positions()
    click.echo(f"{'projection':<16} {'position':>9}  rows")
    with app.read.engine.connect() as conn:
        for name, projection in app.read.projector.projections.items():
            if names and name not in names:
                continue
            counts = ", ".join(
                f"{table.name}={conn.execute(select(func.count()).select_from(table)).scalar_one()}"
                for table in projection.tables
            )
            click.echo(f"{name:<16} {positions[name]:>9}  {counts}")
