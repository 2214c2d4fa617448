"""`journal init`: one command from an empty server to a journal an admin can sign in to.

It writes a folder of its own (owner-only): the master key in a file of its own, and an
environment file with the database URL, the secret key and the hash chain's key, which
the systemd units of docs/production.md read. It checks the database URL by opening the
store (which creates its schema), registers the first admin, and says what to back up
where. Run again, it keeps the keys it made and registers no second admin.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import click
import psycopg
from eventsourcing.persistence import PersistenceError
from sqlalchemy.exc import SQLAlchemyError

from journal import bootstrap
from journal.errors import JournalError
from journal.security import master_key
from journal.settings import Settings
from journal.store.chain import KEY_VARIABLE as CHAIN_VARIABLE

DEFAULT_FOLDER = Path("/etc/coaching-journal")


@click.command()
@click.option(
    "--folder", type=click.Path(path_type=Path), default=DEFAULT_FOLDER, show_default=True,
    help="Where the keys and the environment file go (made owner-only).",
)  # fmt: skip
@click.option("--database-url", required=True, help="postgresql://… or sqlite:////path/file")
@click.option("--admin", "username", required=True, help="The first admin's username.")
@click.option("--name", required=True, help='The first admin\'s full name, e.g. "Mette Nørgaard".')
@click.option("--email", required=True, help="The first admin's e-mail address.")
@click.option("--password-stdin", is_flag=True, help="Read the admin's password from stdin.")
def init(
    folder: Path, database_url: str, username: str, name: str, email: str, password_stdin: bool
) -> None:
    """Make the keys, check the database, create the schema and the first admin."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    key_file = folder / "master_key"
    made_key = secret_file(key_file, master_key.generate)
    env_file = folder / "journal.env"
    values = read_env(env_file)
    values.update(
        JOURNAL_DATABASE_URL=database_url,
        JOURNAL_MASTER_KEY_FILE=str(key_file.resolve()),
        JOURNAL_SECRET_KEY=values.get("JOURNAL_SECRET_KEY") or secrets.token_urlsafe(48),
        **{CHAIN_VARIABLE: values.get(CHAIN_VARIABLE) or secrets.token_urlsafe(32)},
    )
    write_env(env_file, values)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("JOURNAL_MASTER_KEY")}
    try:
        settings = Settings.from_env({**environ, **values})
        app = bootstrap.open_journal(settings)
    except JournalError as error:
        raise click.ClickException(f"{error.field}: {error.message}") from error
    except (PersistenceError, SQLAlchemyError, psycopg.Error, sqlite3.Error, OSError) as error:
        # An unreachable or refused database, a folder that is not there, a URL not one.
        raise click.ClickException(f"--database-url: cannot open the store: {error}") from error
    try:
        admins = app.read.people.list(role="admin", active_only=True)
        if admins:
            click.echo(f"The journal has an admin already ({len(admins)}); none registered.")
        else:
            if password_stdin:
                password = sys.stdin.readline().rstrip("\n")
            else:
                password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
            try:
                app.register_with_account(
                    role="admin", name=name, email=email, username=username, password=password
                )
            except JournalError as error:
                raise click.ClickException(f"{error.field}: {error.message}") from error
            click.echo(f"Registered the first admin, {name} (username {username}).")
    finally:
        app.close()
    click.echo(f"{'Made' if made_key else 'Kept'} the master key in {key_file} (owner-only).")
    click.echo(f"Wrote the settings to {env_file} (owner-only); the systemd units of")
    click.echo("docs/production.md read it with EnvironmentFile=.")
    click.echo("Back up, each in its own place:")
    click.echo(f"  - {key_file}: NOT with the database's backups (it opens them); e.g. a password")
    click.echo("    manager or a sealed envelope. Without it no backup can be read.")
    click.echo(f"  - {env_file}: with your server's configuration.")
    click.echo("  - the database: journal export, or your database's own backups")
    click.echo("    (docs/backup-and-restore.md).")


def secret_file(path: Path, make: Callable[[], str]) -> bool:
    """Write ``make()`` to ``path`` (owner-only) unless it exists; whether it was made."""
    if path.exists():
        return False
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(str(make()) + "\n")
    return True


def read_env(path: Path) -> dict[str, str]:
    """The NAME=value lines of an environment file, if there is one."""
    if not path.exists():
        return {}
    found = {}
    for line in path.read_text().splitlines():
        name, sep, value = line.partition("=")
        if sep and not name.strip().startswith("#"):
            found[name.strip()] = value.strip()
    return found


def write_env(path: Path, values: dict[str, str]) -> None:
    """An environment file systemd's EnvironmentFile= reads, owner-only from the start."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(
            "# Coaching Journal's settings, written by `journal init` (docs/production.md)\n"
        )
        for name, value in sorted(values.items()):
            file.write(f"{name}={value}\n")
