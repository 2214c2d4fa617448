"""A CalDAV calendar's meetings of a period, as one iCalendar file for the import.

The ``caldav`` library asks the server for the period's events with a time-range REPORT;
their VEVENTs (and the time zones they name) go into one VCALENDAR, which the import reads
as it reads an upload. The address is checked as a published one is
(journal/calendar_sync/addresses.py), and so is every redirect before it is followed; the
session takes no proxy or .netrc from the environment and carries only the subscription's
own username and app password.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urljoin

import caldav
import requests
from caldav.lib import error as dav_error
from icalendar import Calendar

from journal.calendar_sync.addresses import check
from journal.calendar_sync.failures import SyncFailed
from journal.calendar_sync.fetching import MAX_REDIRECTS, USER_AGENT
from journal.domain import limits

TIMEOUT_SECONDS = 30


def fetch_period(
    address: str, username: str, password: str, start: datetime, end: datetime,
    *, allow_private: bool | None = None,
) -> bytes:  # fmt: skip
    """The calendar's events from ``start`` to ``end`` as one iCalendar file."""
    check(address, allow_private=allow_private)
    client = caldav.DAVClient(
        url=address, username=username, password=password, timeout=TIMEOUT_SECONDS,
        headers={"User-Agent": USER_AGENT},
    )  # fmt: skip
    session = client.session
    session.trust_env = False  # no proxy, no .netrc: only what the subscription says
    session.max_redirects = MAX_REDIRECTS
    session.hooks["response"].append(_redirect_checker(allow_private))
    try:
        found = client.calendar(url=address).search(start=start, end=end, event=True, expand=False)
        return _merged([item.data for item in found])
    except SyncFailed:
        raise
    except dav_error.AuthorizationError:
        raise SyncFailed("unauthorized", "401") from None
    except dav_error.NotFoundError:
        raise SyncFailed("not_found", "404") from None
    except dav_error.DAVError as failure:
        raise SyncFailed("status", type(failure).__name__) from None
    except requests.TooManyRedirects:
        raise SyncFailed("redirects", str(MAX_REDIRECTS)) from None
    except requests.Timeout:
        raise SyncFailed("timeout", "") from None
    except requests.RequestException as failure:
        raise SyncFailed("connection", type(failure).__name__) from None
    finally:
        session.close()


def _redirect_checker(allow_private: bool | None) -> Any:
    """A response hook that checks where a redirect points before it is followed."""

    def checked(response: requests.Response, *_args: Any, **_kwargs: Any) -> None:
        if response.is_redirect:
            check(urljoin(response.url, response.headers["Location"]), allow_private=allow_private)

    return checked


def _merged(items: list[str]) -> bytes:
    """The events of several iCalendar objects in one, each time zone once."""
    merged = Calendar()
    merged.add("prodid", "-//Coaching Journal//CalDAV subscription//EN")
    merged.add("version", "2.0")
    zones: set[str] = set()
    size = 0
    for text in items:
        size += len(text)
        if size > limits.CALENDAR_FILE_BYTES:
            raise SyncFailed("too_large", str(size))
        try:
            calendar = Calendar.from_ical(text)
        except ValueError:
            raise SyncFailed("not_calendar", "") from None
        for component in calendar.subcomponents:
            if component.name == "VTIMEZONE":
                zone = str(component.get("TZID", ""))
                if zone in zones:
                    continue
                zones.add(zone)
            if component.name in ("VTIMEZONE", "VEVENT"):
                merged.add_component(component)
    return bytes(merged.to_ical())
