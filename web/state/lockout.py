"""Sign-in limits that slow a guesser down without locking the innocent out.

Three counts of failed sign-ins, each over a window of minutes:

- **username and address together** lock that pair after a few failures: whoever typed
  them waits, and the same person at another address is not affected;
- **the address** locks after many failures, whatever the usernames (one client trying
  many accounts); behind a reverse proxy the address is the client's own only when
  ``JOURNAL_TRUSTED_PROXIES`` says how many proxies to trust (web/__init__.py applies
  Werkzeug's ``ProxyFix``), else every client would share the proxy's;
- **the username alone** never locks: knowing a colleague's username is not enough to
  keep them out. Past a few failures from anywhere, each further wrong password is
  answered after a growing delay, so guessing one account from many addresses is slow,
  while the right password is answered at once.

The counts live in a table beside the projections (its own metadata, like the bearer
tokens), so every app process and gunicorn worker shares them; each failure is one
atomic upsert per count, on SQLite and PostgreSQL. Any username counts, existing or not,
so the limits do not tell which usernames exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, case, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from journal import clock
from journal.sql import reading
from web.state.tables import sign_in_failures


@dataclass(frozen=True)
class Policy:
    """How many failures within which window lock a pair or an address, for how long, and
    the delays a much-failed username's wrong passwords get."""

    failures: int = 5  # by one username from one address
    window: timedelta = timedelta(minutes=15)
    lock: timedelta = timedelta(minutes=15)
    #: One address may fail more often than one pair may (an office behind one NAT).
    address_failures: int = 50
    #: Failures of one username, from anywhere, before its wrong passwords are delayed.
    free_failures: int = 5
    first_delay: float = 0.25  # seconds; doubled with each further failure
    longest_delay: float = 4.0

    def delay(self, username_failures: int) -> float:
        """Seconds to hold the answer to a username's ``username_failures``-th failure."""
        beyond = username_failures - self.free_failures
        if beyond <= 0:
            return 0.0
        return min(self.longest_delay, self.first_delay * 2 ** (beyond - 1))


def pair_key(username: str, address: str | None) -> str:
    """The count of one username from one address."""
    return f"pair:{address or '-'}:{normalised(username)}"[:300]


def address_key(address: str | None) -> str:
    """The count of one address, whatever the usernames."""
    return f"addr:{address or '-'}"[:300]


def username_key(username: str) -> str:
    """The count of one username, from anywhere (never a lock: delays only)."""
    return f"user:{normalised(username)}"[:300]


def normalised(username: str) -> str:
    """Usernames as the journal compares them."""
    return username.strip().lower()[:250]


class Lockout:
    """Counts failed sign-ins; says how long a pair or an address must wait, and how long a
    wrong password's answer is held."""

    def __init__(self, engine: Engine, policy: Policy | None = None) -> None:
        self.engine = engine
        self.reader = reading(engine)  # reads take no write lock (journal/sql.py)
        self.policy = policy or Policy()

    def wait(self, username: str, address: str | None) -> timedelta | None:
        """How long until this username from this address may try again; None: now."""
        now = clock.now()
        with self.reader.connect() as conn:
            until = conn.execute(
                select(sign_in_failures.c.locked_until).where(
                    sign_in_failures.c.key.in_([pair_key(username, address), address_key(address)]),
                    sign_in_failures.c.locked_until > now,
                )
            ).scalars()
            latest: datetime | None = max(until, default=None)
        return latest - now if latest else None

    def failed(self, username: str, address: str | None) -> float:
        """Count a failed sign-in and lock what reached its limit; return the seconds to
        hold this answer (the username's delay)."""
        now = clock.now()
        policy = self.policy
        with self.engine.begin() as conn:
            self._count(conn, pair_key(username, address), now, policy.failures)
            self._count(conn, address_key(address), now, policy.address_failures)
            failures = self._count(conn, username_key(username), now, None)
        return policy.delay(failures)

    def succeeded(self, username: str, address: str | None) -> None:
        """A right password clears its own pair's count; the address's and the username's
        counts run out with their window (a guesser cannot reset them by proxy)."""
        with self.engine.begin() as conn:
            conn.execute(
                delete(sign_in_failures).where(
                    sign_in_failures.c.key == pair_key(username, address)
                )
            )

    def _count(self, conn: Connection, key: str, now: datetime, limit: int | None) -> int:
        """Add a failure to ``key`` (a new window if the last one ran out); lock the key
        when it reaches ``limit`` (None: never). Returns the failures in the window."""
        insert = (sqlite_insert if conn.dialect.name == "sqlite" else pg_insert)(sign_in_failures)
        expired = sign_in_failures.c.first_failed_at <= now - self.policy.window
        failures = conn.execute(
            insert.values(key=key, failures=1, first_failed_at=now, locked_until=None)
            .on_conflict_do_update(
                index_elements=["key"],
                set_={
                    "failures": case((expired, 1), else_=sign_in_failures.c.failures + 1),
                    "first_failed_at": case(
                        (expired, insert.excluded.first_failed_at),
                        else_=sign_in_failures.c.first_failed_at,
                    ),
                },
            )
            .returning(sign_in_failures.c.failures)
        ).scalar_one()
        if limit is not None and failures >= limit:
            conn.execute(
                sign_in_failures.update()
                .where(sign_in_failures.c.key == key)
                .values(failures=0, first_failed_at=now, locked_until=now + self.policy.lock)
            )
        return int(failures)
