"""The base every aggregate in the journal shares: events stamped by the journal's clock."""

from __future__ import annotations

# Bandit: see __deepcopy__ below.
import pickle  # nosec B403
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from journal import clock
from journal.domain import limits
from journal.errors import DomainError


class JournalAggregate(Aggregate):
    """An aggregate whose events carry ``recorded_by`` and a ``timestamp`` (knowledge time)."""

    class Event(Aggregate.Event):
        """An event of the journal; ``timestamp`` is when it was recorded.

        An event class lists its fields that are personal data in ``personal_data``
        (``changes.note`` for a key of a dict field). journal/store/mapper.py seals them with
        the key of the aggregate's ``data_subject``, so erasing that person's key
        (journal/security/keyring.py) makes them unreadable while the event itself stays.
        """

        @staticmethod
        def create_timestamp() -> datetime:
            return clock.now()

    class Created(Event, Aggregate.Created):
        """The first event of an aggregate."""

    @property
    def data_subject(self) -> UUID | None:
        """The person this aggregate's personal data is about (None: it holds none)."""
        return None

    def __deepcopy__(self, memo: dict[int, Any]) -> JournalAggregate:
        """A private copy, as the library's aggregate cache hands each command one.

        A pickle round trip copies an aggregate's plain state (ids, dates, dicts, lists)
        several times faster than ``copy.deepcopy`` walking it; measured in a profile of
        benchmarks/commands.py, deepcopy was a fifth of a command's time.
        """
        # Bandit: unpickles only what the line itself just pickled, never outside data.
        copied: JournalAggregate = pickle.loads(pickle.dumps(self, pickle.HIGHEST_PROTOCOL))  # nosec B301
        return copied


def replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """Apply stored events to an aggregate (or None) in order, as the library's projector does.

    The library's own asserts each event against a runtime-checkable Protocol, which cost
    about a fifth of a command's time in a profile; every event here is a JournalAggregate
    event, whose ``mutate`` is known.
    """
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def check_text(field: str, value: Any, *, max_length: int, required: bool = True) -> str:
    """Return ``value`` stripped, or raise a DomainError naming ``field``."""
    if not isinstance(value, str):
        raise DomainError(field, "must be text")
    text = value.strip()
    if required and not text:
        raise DomainError(field, "must not be empty")
    if len(text) > max_length:
        raise DomainError(field, "must be at most %(max_length)s characters", max_length=max_length)
    return text


def check_choice(field: str, value: Any, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise a DomainError."""
    if value not in choices:
        raise DomainError(field, "must be one of %(choices)s", choices=", ".join(choices))
    return str(value)


def check_minutes(field: str, value: Any, *, maximum: int = limits.DAY_MINUTES) -> int:
    """Return a positive whole number of minutes no larger than ``maximum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(field, "must be a whole number of minutes")
    if value <= 0:
        raise DomainError(field, "must be more than 0 minutes")
    if value > maximum:
        raise DomainError(field, "must be at most %(maximum)s minutes", maximum=maximum)
    return value


def check_aware(field: str, value: Any) -> datetime:
    """Return ``value`` if it is a timezone-aware datetime no later than tomorrow."""
    if not isinstance(value, datetime):
        raise DomainError(field, "must be a date and time")
    if value.tzinfo is None:
        raise DomainError(field, "must include a time zone")
    # Business time may lie in the past; a day of slack allows for time zones and typos.
    if value > clock.now() + timedelta(days=1):
        raise DomainError(field, "cannot lie in the future")
    return value


def check_date(field: str, value: Any, *, not_after_today: bool = False) -> date:
    """Return ``value`` if it is a calendar date (not a date-time)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise DomainError(field, "must be a date without a time, e.g. 2026-03-02")
    # A day of slack, as for instants: the leader's today may be tomorrow in UTC.
    if not_after_today and value > (clock.now() + timedelta(days=1)).date():
        raise DomainError(field, "cannot lie in the future")
    return value


def check_correction(
    record: object,
    changes: dict[str, Any],
    correctable: tuple[str, ...],
    check_fields: Callable[[dict[str, Any]], dict[str, Any]],
) -> dict[str, Any]:
    """Return the checked changes of a correction that names fields and changes something."""
    if not changes:
        raise DomainError("changes", "name at least one field to correct")
    unknown = sorted(set(changes) - set(correctable))
    if unknown:
        raise DomainError(unknown[0], "cannot be corrected")
    checked = check_fields(changes)
    if all(getattr(record, name) == value for name, value in checked.items()):
        raise DomainError("changes", "nothing differs from the current record")
    return checked


def check_reason(value: Any) -> str:
    """Corrections and retractions always say why."""
    return check_text("reason", value, max_length=limits.REASON)


def check_actor(value: Any) -> UUID:
    """Every event names who recorded it."""
    if not isinstance(value, UUID):
        raise DomainError("recorded_by", "must name the person who records this")
    return value
