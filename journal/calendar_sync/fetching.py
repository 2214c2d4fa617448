"""A published calendar (ICS) address, fetched as a well-behaved client does.

- conditionally: the ETag and Last-Modified of the last fetch go back as If-None-Match
  and If-Modified-Since, and a 304 says nothing changed;
- within limits: 10 s to connect, 30 s between bytes, 60 s in all, 10 MB (as an upload);
- through at most three redirects, each address checked as the first
  (journal/calendar_sync/addresses.py), the connection made to the IP address checked;
- with nothing of the journal's own: a request made from scratch, no cookies, no tokens,
  no proxy or .netrc from the environment (urllib3, not a session that reads them).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin

import urllib3
from urllib3.exceptions import HTTPError, NewConnectionError, TimeoutError

from journal.calendar_sync.addresses import Target, check
from journal.calendar_sync.failures import SyncFailed
from journal.domain import limits

MAX_REDIRECTS = 3
TIMEOUT = urllib3.Timeout(connect=10.0, read=30.0)
DEADLINE_SECONDS = 60.0
CHUNK = 64 * 1024
USER_AGENT = "CoachingJournal-CalendarSync/1"
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class Fetched:
    """What a fetch brought: the file (None when unchanged, a 304) and its validators."""

    data: bytes | None
    etag: str
    last_modified: str


def fetch(
    address: str, *, etag: str = "", last_modified: str = "", allow_private: bool | None = None
) -> Fetched:
    """Fetch ``address``; SyncFailed says why not."""
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.1"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    began = time.monotonic()
    current = address
    for _ in range(MAX_REDIRECTS + 1):
        target = check(current, allow_private=allow_private)
        pool, response = _get(target, headers)
        try:
            status = response.status
            if status in REDIRECTS:
                location = response.headers.get("Location", "")
                if not location:
                    raise SyncFailed("status", str(status))
                current = urljoin(current, location)
                continue
            if status == 304:
                return Fetched(None, etag, last_modified)
            if status in (401, 403):
                raise SyncFailed("unauthorized", str(status))
            if status in (404, 410):
                raise SyncFailed("not_found", str(status))
            if status != 200:
                raise SyncFailed("status", str(status))
            data = _read(response, began)
            return Fetched(
                data, response.headers.get("ETag", ""), response.headers.get("Last-Modified", "")
            )
        finally:
            response.close()  # no connection is reused: each hop is checked anew
            pool.close()
    raise SyncFailed("redirects", str(MAX_REDIRECTS))


def _get(
    target: Target, headers: dict[str, str]
) -> tuple[urllib3.HTTPConnectionPool, urllib3.BaseHTTPResponse]:
    """GET the target's path from its checked IP address, named by its host (the pool is
    the caller's to close)."""
    default_port = 443 if target.scheme == "https" else 80
    host = target.host if target.port == default_port else f"{target.host}:{target.port}"
    pool: urllib3.HTTPConnectionPool
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            target.ip, target.port, timeout=TIMEOUT, retries=False,
            server_hostname=target.host, assert_hostname=target.host, cert_reqs="CERT_REQUIRED",
        )  # fmt: skip
    else:
        pool = urllib3.HTTPConnectionPool(target.ip, target.port, timeout=TIMEOUT, retries=False)
    try:
        return pool, pool.urlopen(
            "GET", target.path, headers={**headers, "Host": host},
            redirect=False, retries=False, preload_content=False,
        )  # fmt: skip
    except NewConnectionError as error:  # refused, unreachable (a TimeoutError in urllib3)
        pool.close()
        raise SyncFailed("connection", type(error).__name__) from None
    except TimeoutError:
        pool.close()
        raise SyncFailed("timeout", target.host) from None
    except HTTPError as error:
        pool.close()
        raise SyncFailed("connection", type(error).__name__) from None


def _read(response: urllib3.BaseHTTPResponse, began: float) -> bytes:
    """The body, up to the upload limit and the deadline."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.CALENDAR_FILE_BYTES:
        raise SyncFailed("too_large", declared)
    parts: list[bytes] = []
    size = 0
    try:
        while chunk := response.read(CHUNK):
            size += len(chunk)
            if size > limits.CALENDAR_FILE_BYTES:
                raise SyncFailed("too_large", str(size))
            if time.monotonic() - began > DEADLINE_SECONDS:
                raise SyncFailed("timeout", "")
            parts.append(chunk)
    except TimeoutError:
        raise SyncFailed("timeout", "") from None
    except HTTPError as error:
        raise SyncFailed("connection", type(error).__name__) from None
    return b"".join(parts)
