"""Environment to persistence: one setting, JOURNAL_DATABASE_URL, selects the store.

- ``sqlite:///var/journal.sqlite3`` (the default; relative to the working directory)
- ``postgresql://user:password@host:port/dbname`` (production, several processes)
- ``memory://`` (tests: events in memory, projections in an in-memory SQLite)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from journal.errors import JournalError
from journal.security.master_key import VARIABLE as MASTER_VARIABLE
from journal.security.master_key import MasterKey, master_key_text
from journal.store.chain import KEY_VARIABLE

DEFAULT_DATABASE_URL = "sqlite:///var/journal.sqlite3"
DEFAULT_TIMEZONE = "Europe/Copenhagen"

# Commands load the same people and calendars again and again. The library's cache keeps
# recent aggregates and reads only the events stored since (fast-forward), so it stays
# right when other processes write; commands get a deep copy. Measured with
# benchmarks/commands.py on SQLite: see docs/benchmarks.md.
AGGREGATE_CACHE = {"AGGREGATE_CACHE_MAXSIZE": "5000", "AGGREGATE_CACHE_FASTFORWARD": "y"}


@dataclass(frozen=True)
class Settings:
    """Where the journal keeps its events and projections."""

    database_url: str = DEFAULT_DATABASE_URL
    #: The hash chain's key (JOURNAL_CHAIN_KEY); see journal/store/chain.py.
    chain_key: str = field(default="", repr=False)
    #: How long an SQLite writer waits for another's lock before "database is locked"
    #: (JOURNAL_SQLITE_LOCK_TIMEOUT seconds): the events' store and the read models alike.
    sqlite_lock_timeout: int = 15
    #: The organisation's time zone (JOURNAL_TIMEZONE, an IANA name): where its days begin.
    timezone: str = DEFAULT_TIMEZONE
    #: Days the security trail keeps its rows (JOURNAL_SECURITY_TRAIL_DAYS):
    #: journal/security/trail.py.
    security_trail_days: int = 400
    #: The key that wraps every person's key (journal/security/master_key.py): by default
    #: JOURNAL_MASTER_KEY as the environment has it, so that every journal a process
    #: opens, and the processes it starts, agree. Empty: person keys are not wrapped.
    master_key: str = field(default_factory=lambda: os.environ.get(MASTER_VARIABLE, ""), repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read JOURNAL_DATABASE_URL, falling back to the SQLite default."""
        environ = os.environ if environ is None else environ
        database_url = environ.get("JOURNAL_DATABASE_URL") or DEFAULT_DATABASE_URL
        master = master_key_text(
            environ,
            development=is_development(environ),
            var_dir=Path(environ.get("JOURNAL_VAR_DIR") or "var"),
        )
        settings = cls(
            database_url=database_url,
            master_key=master,
            chain_key=environ.get(KEY_VARIABLE, ""),
            sqlite_lock_timeout=int(environ.get("JOURNAL_SQLITE_LOCK_TIMEOUT") or 15),
            timezone=environ.get("JOURNAL_TIMEZONE") or DEFAULT_TIMEZONE,
            security_trail_days=trail_days(environ.get("JOURNAL_SECURITY_TRAIL_DAYS")),
        )
        if not settings.master_key and settings.store != "memory":
            raise JournalError(
                MASTER_VARIABLE,
                "is not set: each person's key is kept wrapped by a master key that is not "
                "stored with the data. Set JOURNAL_MASTER_KEY or JOURNAL_MASTER_KEY_FILE "
                "(`journal keys new` prints a new key; see docs/production.md)",
            )
        return settings

    def __post_init__(self) -> None:
        """An unknown time zone or a malformed master key stops the start, naming it."""
        if self.master_key:
            MasterKey.from_text(self.master_key)
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise JournalError(
                "JOURNAL_TIMEZONE",
                f"unknown time zone {self.timezone!r}; use an IANA name such as Europe/Copenhagen",
            ) from error

    @property
    def master(self) -> MasterKey | None:
        """The master key, or None when person keys are kept unwrapped."""
        return MasterKey.from_text(self.master_key) if self.master_key else None

    @property
    def security_trail_retention(self) -> timedelta:
        """How long the security trail keeps a row."""
        return timedelta(days=self.security_trail_days)

    @property
    def zone(self) -> ZoneInfo:
        """The organisation's time zone; its days are the days of reports and defaults."""
        return ZoneInfo(self.timezone)

    @property
    def store(self) -> str:
        """One of ``memory``, ``sqlite`` or ``postgresql``."""
        scheme = urlsplit(self.database_url).scheme.split("+")[0]
        if scheme in ("memory", "sqlite"):
            return scheme
        if scheme in ("postgresql", "postgres"):
            return "postgresql"
        raise JournalError(
            "JOURNAL_DATABASE_URL",
            f"unknown store {scheme!r}; use sqlite:///PATH or postgresql://USER@HOST/DB",
        )

    @property
    def sqlite_path(self) -> Path:
        """The SQLite file, relative to the working directory unless absolute."""
        path = self.database_url.split(":///", 1)[1] if ":///" in self.database_url else ""
        if not path:
            raise JournalError("JOURNAL_DATABASE_URL", "name a file: sqlite:///var/journal.sqlite3")
        return Path(path)

    def event_store_env(self) -> dict[str, str]:
        """The eventsourcing library's own settings for this store."""
        return {**AGGREGATE_CACHE, **self._store_env()}

    def _store_env(self) -> dict[str, str]:
        if self.store == "memory":
            return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
        if self.store == "sqlite":
            self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "APPLICATION_RECORDER_TOPIC": "journal.store.chain_sqlite:ChainedSQLiteRecorder",
                "SQLITE_DBNAME": str(self.sqlite_path),
                "SQLITE_LOCK_TIMEOUT": str(self.sqlite_lock_timeout),
            }
        url = urlsplit(self.database_url)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "APPLICATION_RECORDER_TOPIC": "journal.store.chain_postgres:ChainedPostgresRecorder",
            "POSTGRES_DBNAME": url.path.lstrip("/") or "postgres",
            "POSTGRES_HOST": url.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
            "POSTGRES_POOL_SIZE": "3",
            "POSTGRES_MAX_OVERFLOW": "3",
            "POSTGRES_LOCK_TIMEOUT": "5",
        }

    def projection_url(self) -> str:
        """The SQLAlchemy URL of the database that holds the projection tables."""
        if self.store == "memory":
            return "sqlite://"
        if self.store == "sqlite":
            return f"sqlite:///{self.sqlite_path}"
        url = urlsplit(self.database_url)
        return url._replace(scheme="postgresql+psycopg").geturl()


def is_development(environ: Mapping[str, str]) -> bool:
    """JOURNAL_ENV=development: one machine, the demo (scripts/run sets it)."""
    return environ.get("JOURNAL_ENV", "production") == "development"


def trail_days(given: str | None) -> int:
    """JOURNAL_SECURITY_TRAIL_DAYS: a whole number of days, at least 30 (400 by default)."""
    if not given:
        return 400
    if not given.isdigit() or int(given) < 30:
        raise JournalError(
            "JOURNAL_SECURITY_TRAIL_DAYS", f"{given!r}: use a number of days, at least 30"
        )
    return int(given)
