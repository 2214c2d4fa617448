"""`journal scim`: the company directory's access to the SCIM service (web/scim/)."""

from __future__ import annotations

import click

from journal.entry.cli_support import opened_journal


@click.group()
def scim() -> None:
    """Provisioning from the company directory (SCIM 2.0, docs/provisioning.md)."""


@scim.command("token")
def token() -> None:
    """Make the bearer token the directory sends to /scim/v2; it replaces the one before.

    The token is printed once, alone on the last line; only its hash is kept.
    """
    with opened_journal() as app:
        made = app.issue_provisioning_token()
    click.echo("The SCIM token for your directory's provisioning settings (Secret Token in")
    click.echo("Entra ID, API Token in Okta). It is shown once; the one before no longer works:")
    click.echo(made)
