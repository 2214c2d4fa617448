"""Why a subscription's fetch failed, as a code and a detail (a host, a status), which
My calendar turns into words in the reader's language (web/ui/calendar_sync_words.py)."""

from __future__ import annotations

#: Every code a failure may carry.
CODES = (
    "scheme",  # not an https:// address
    "unknown_host",  # the name does not resolve
    "private",  # it resolves to loopback, private, link-local or reserved addresses
    "metadata",  # it is a cloud metadata endpoint
    "redirects",  # more than three redirects
    "timeout",  # no answer in time
    "connection",  # the connection failed (refused, reset, TLS)
    "unauthorized",  # 401 or 403: the address or password is no longer valid
    "not_found",  # 404 or 410: the calendar is gone
    "status",  # another answer than 200 or 304
    "too_large",  # more than the upload limit
    "not_calendar",  # the answer is not an iCalendar file
    "rejected",  # the import refused it (detail: its reason)
)


class SyncFailed(Exception):
    """A fetch or import that did not succeed: ``code`` (one of CODES) and ``detail``."""

    def __init__(self, code: str, detail: str = "") -> None:
        assert code in CODES, code
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
