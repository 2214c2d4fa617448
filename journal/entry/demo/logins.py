"""Who to sign in as in the demo, and what `journal demo` reports it loaded."""

from __future__ import annotations

from dataclasses import dataclass

from journal.entry.demo.roster import email_for
from journal.entry.demo.styles import ADMIN, AUDITOR, FEATURED, HEAD_OF_SERVICE, STYLES


@dataclass(frozen=True)
class DemoSummary:
    """What the demo loaded: people per role, events in the log, who to log in as.

    ``logins`` are (role, name, username); every demo account has ``DEMO_PASSWORD``.
    """

    people: dict[str, int]
    events: int
    logins: list[tuple[str, str, str]]


# Printed by `journal demo` and scripts/run: the demo is for trying the app, not for real data.
# Bandit: the demo logins' published password (scripts/run prints it).
DEMO_PASSWORD = "coaching-demo"  # nosec B105


def demo_logins() -> list[tuple[str, str, str]]:
    """(role, name, username) of the people worth signing in as, whatever the seed."""
    return [
        ("admin", ADMIN, username_for(ADMIN)),
        ("auditor", AUDITOR, username_for(AUDITOR)),
        ("manager", HEAD_OF_SERVICE, username_for(HEAD_OF_SERVICE)),
        *(("leader", style.name, username_for(style.name)) for style in STYLES),
        *(("employee", name, username_for(name)) for name in FEATURED),
    ]


def username_for(name: str) -> str:
    """mette.norgaard for Mette Nørgaard: the local part of their demo email."""
    return email_for(name).split("@")[0]
