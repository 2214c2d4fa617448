"""How a calendar subscription's last fetch went, in the reader's language: the fetcher
keeps codes and details (journal/calendar_sync/failures.py, status.py), pages say them."""

from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from journal.calendar_sync.status import SyncStatus

FAILURES = {
    "scheme": _l("The address must start with https://."),
    "unknown_host": _l("The calendar server %(detail)s could not be found."),
    "private": _l(
        "%(detail)s is on a private or local network, which the journal does not fetch from."
    ),
    "metadata": _l("%(detail)s is a cloud metadata address, which the journal never fetches."),
    "redirects": _l("The calendar server sent the request on more than three times."),
    "timeout": _l("The calendar server did not answer in time."),
    "connection": _l("The journal could not connect to the calendar server."),
    "unauthorized": _l(
        "The calendar server refused the address or app password: make a new one and"
        " subscribe again."
    ),
    "not_found": _l("The calendar is no longer at this address."),
    "status": _l("The calendar server answered with an error (%(detail)s)."),
    "too_large": _l("The calendar is larger than 10 MB."),
    "not_calendar": _l("The answer was not a calendar."),
}


def failure_in_words(code: str, detail: str) -> str:
    """The last failure as a sentence."""
    if code == "rejected":
        try:
            refused: dict[str, Any] = json.loads(detail)
            reason = gettext(refused["template"], **refused.get("params", {}))
        except (ValueError, KeyError, TypeError):
            reason = detail
        return str(gettext("The import refused it: %(reason)s", reason=reason))
    template = FAILURES.get(code)
    if template is None:
        return code
    return str(template) % {"detail": detail} if "%(detail)s" in str(template) else str(template)


def outcome_in_words(status: SyncStatus | None) -> str:
    """What the last successful fetch did, as a sentence ("" before the first)."""
    if status is None or status.succeeded_at is None:
        return ""
    done = status.outcome
    if done.get("not_modified"):
        return str(gettext("Unchanged since the fetch before."))
    if "meetings" in done:
        return str(gettext("No meetings in the last four weeks."))
    return str(
        gettext(
            "%(imported)s new, %(corrected)s changed, %(withdrawn)s withdrawn,"
            " %(unchanged)s unchanged.",
            imported=done.get("imported", 0), corrected=done.get("corrected", 0),
            withdrawn=done.get("withdrawn", 0), unchanged=done.get("unchanged", 0),
        )
    )  # fmt: skip
