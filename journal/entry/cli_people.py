"""`journal users` and `journal people`: accounts, and a person's data exported or erased."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from journal.domain.people import ROLES
from journal.entry.cli_support import find_person, opened_journal
from journal.errors import JournalError
from journal.read import privacy


@click.group()
def users() -> None:
    """Manage accounts."""


@users.command("create")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--username", required=True, help="What the person signs in with.")
@click.option("--name", required=True, help='Full name, e.g. "Mette Nørgaard".')
@click.option("--email", required=True)
@click.option("--leader", help="An employee's leader: id, email or name.")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin.")
def create_user(
    role: str, username: str, name: str, email: str, leader: str | None, password_stdin: bool
) -> None:
    """Register a person and open their account (the first admin starts here)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with opened_journal() as app:
        leader_id = find_person(app, leader) if leader else None
        try:
            # The first admin registers themselves: nobody else is there to record it.
            person_id = app.register_with_account(
                role=role,
                name=name,
                email=email,
                username=username,
                password=password,
                leader_id=leader_id,
            )
        except JournalError as error:
            raise click.ClickException(f"{error.field}: {error.message}") from error
        click.echo(f"Created {role} {name} ({person_id}) with username {username.lower()}.")


@click.group()
def people() -> None:
    """A person's personal data: export it (right of access) or erase it (right to erasure)."""


@people.command("export")
@click.argument("person")
@click.option("--output", type=click.File("w", encoding="utf-8"), default="-", show_default=True)
def export_person(person: str, output: Any) -> None:
    """Write everything about PERSON (an id, an email or a full name) as JSON."""
    with opened_journal() as app:
        person_id = find_person(app, person)
        exported = privacy.export_person(app, person_id, exported_by=None)
        output.write(json.dumps(exported, ensure_ascii=False, indent=2) + "\n")
        if getattr(output, "name", "") != "<stdout>":
            click.echo(f"Wrote {len(exported['events_about'])} events about {person_id}.", err=True)


@people.command("erase")
@click.argument("person")
@click.option("--reason", required=True, help="Why, e.g. the person's request under GDPR art. 17.")
@click.option("--by", "admin", required=True, help="The username of the admin who decided it.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def erase_person(person: str, reason: str, admin: str, yes: bool) -> None:
    """Erase PERSON's personal data for good by deleting their key; the erasure is recorded."""
    with opened_journal() as app:
        account = app.read.accounts.by_username(admin)
        if account is None or account.role != "admin" or not account.can_sign_in:
            raise click.BadParameter(
                f"{admin!r} is not an active admin's username", param_hint="--by"
            )
        person_id = find_person(app, person)
        name = app.person(person_id).name
        if not yes:
            click.confirm(f"Erase the personal data of {name} ({person_id}) for good?", abort=True)
        try:
            app.erase_person(person_id, reason, recorded_by=account.person_id)
        except JournalError as error:
            raise click.ClickException(f"{error.field}: {error.message}") from error
        click.echo(f"Erased the personal data of {person_id}: its key is deleted.")
