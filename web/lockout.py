"""Sign-in lockout: after too many failed sign-ins a username, or a client address, waits.

The counts live in a table beside the projections (in its own metadata, like the bearer
tokens), so every app process and every gunicorn worker shares them: a guesser gains
nothing by landing on another worker. Each failure is one atomic upsert, so two workers
counting at once cannot lose a count, on SQLite or on PostgreSQL. Any username counts,
existing or not, so the lockout does not tell which usernames exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, case, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from journal import clock
from web.state import sign_in_failures


@dataclass(frozen=True)
class Policy:
    """How many failures within which window lock for how long."""

    failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lock: timedelta = timedelta(minutes=15)
    #: One address may try more usernames than one username may be tried (an office NAT).
    address_failures: int = 50


def keys(username: str, address: str | None) -> list[str]:
    """The counters a sign-in attempt touches."""
    found = [f"user:{username.strip().lower()[:250]}"]
    if address:
        found.append(f"addr:{address[:250]}")
    return found


class Lockout:
    """Counts failed sign-ins and says how long a username or address must wait."""

    def __init__(self, engine: Engine, policy: Policy | None = None) -> None:
        self.engine = engine
        self.policy = policy or Policy()

    def wait(self, username: str, address: str | None) -> timedelta | None:
        """How long until this username (or this address) may try again; None: now."""
        now = clock.now()
        with self.engine.connect() as conn:
            until = conn.execute(
                select(sign_in_failures.c.locked_until).where(
                    sign_in_failures.c.key.in_(keys(username, address)),
                    sign_in_failures.c.locked_until > now,
                )
            ).scalars()
            latest: datetime | None = max(until, default=None)
        return latest - now if latest else None

    def failed(self, username: str, address: str | None) -> None:
        """Count a failed sign-in; lock what reached its limit."""
        now = clock.now()
        policy = self.policy
        with self.engine.begin() as conn:
            insert = (sqlite_insert if conn.dialect.name == "sqlite" else pg_insert)(
                sign_in_failures
            )
            fresh = insert.excluded.first_failed_at
            expired = sign_in_failures.c.first_failed_at <= now - policy.window
            for key in keys(username, address):
                limit = policy.failures if key.startswith("user:") else policy.address_failures
                conn.execute(
                    insert.values(
                        key=key, failures=1, first_failed_at=now, locked_until=None
                    ).on_conflict_do_update(
                        index_elements=["key"],
                        set_={
                            "failures": case((expired, 1), else_=sign_in_failures.c.failures + 1),
                            "first_failed_at": case(
                                (expired, fresh), else_=sign_in_failures.c.first_failed_at
                            ),
                        },
                    )
                )
                conn.execute(
                    sign_in_failures.update()
                    .where(
                        sign_in_failures.c.key == key,
                        sign_in_failures.c.failures >= limit,
                    )
                    .values(failures=0, first_failed_at=now, locked_until=now + policy.lock)
                )

    def succeeded(self, username: str) -> None:
        """A right password clears the username's count (not the address's)."""
        with self.engine.begin() as conn:
            conn.execute(
                delete(sign_in_failures).where(sign_in_failures.c.key == keys(username, None)[0])
            )
