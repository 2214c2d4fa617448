"""The composition root: one place that builds a journal and wires its parts together.

The event store and its commands (``Journal``), the per-person keyring its mapper seals
with, the read models and their projector (fed by the store's log), the auditor's
history (fed by the event index and the store's streams), the log's verification
reports and the security trail. Everything else, the web app, the CLI, the tests and the
benchmarks, opens a journal here.
"""

from __future__ import annotations

from collections.abc import Callable

from journal.commands import Journal
from journal.errors import JournalError
from journal.projections import ReadModels
from journal.projections.runner import Projector
from journal.read.history import History
from journal.security.keyring import Keyring
from journal.security.sealed import READ_MODELS_KEY_ID, ColumnSeal
from journal.security.trail import SecurityTrail
from journal.settings import Settings
from journal.store.schema_lock import tables_created_in_turn
from journal.store.verify import Verifications


def read_models_key(keyring: Keyring, *, empty: bool) -> bytes:
    """The key the read models' personal text is sealed with (journal/security/sealed.py).

    It is the first key a wrong or missing master key fails to open, which stops the
    start. A store with no events has nothing sealed yet: there, a key made under another
    master key (a restore first tried with the wrong one) is made anew.
    """
    try:
        return keyring.key_to_write(READ_MODELS_KEY_ID)
    except JournalError:
        if not empty:
            raise
        keyring.drop_key(READ_MODELS_KEY_ID)
        return keyring.key_to_write(READ_MODELS_KEY_ID)


def open_journal(settings: Settings | None = None, *, project_on_write: bool = True) -> Journal:
    """Open the journal ``settings`` name (the environment's by default), ready for use.

    ``project_on_write=False`` leaves projecting to a worker process
    (``journal project --follow``).
    """
    settings = settings or Settings.from_env()
    url = settings.projection_url()
    lock_timeout = settings.sqlite_lock_timeout
    postgres_url = settings.database_url if settings.store == "postgresql" else None
    with tables_created_in_turn(postgres_url):  # gunicorn boots its workers at once
        journal = Journal(settings, project_on_write=project_on_write)  # the event store first
        keyring = Keyring(url, lock_timeout, settings.master)
        try:
            keyring.wrap_unwrapped()  # keys kept from before the master key was set
            seal = ColumnSeal(
                read_models_key(keyring, empty=not journal.recorder.max_notification_id())
            )
        except BaseException:
            keyring.close()
            journal.factory.close()
            raise
        journal.use_keyring(keyring)
        read = ReadModels(
            url,
            journal.recorder,
            journal.mapper,
            lock_timeout=lock_timeout,
            before_catch_up=journal.refresh_keys,
            seal=seal,
        )
        trail = SecurityTrail(
            read.engine, settings.chain_key.encode(), settings.security_trail_retention
        )
    history = History(read.event_index, journal.repository, journal.events)
    journal.connect(read, history, Verifications(read.engine), trail)
    return journal


def open_projector(settings: Settings) -> tuple[Projector, Callable[[], None]]:
    """The projector of the journal ``settings`` name, and what closes it: for a process
    that only builds read models (journal/projections/parallel.py)."""
    journal = open_journal(settings, project_on_write=False)
    return journal.read.projector, journal.close
