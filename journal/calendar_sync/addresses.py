"""Which addresses the fetcher may reach: a guard against server-side request forgery.

A subscription's address is typed by a leader, and the journal fetches it from inside the
organisation's network. Left unchecked, an address could make the server read its own
admin ports, another internal service or a cloud's metadata endpoint (169.254.169.254)
and show the answer back as an error. So every address, and every address a redirect
points to, is resolved first and refused when any of its IP addresses is loopback,
private, link-local, shared, multicast or reserved; the connection then goes to the very
IP address that was checked (journal/calendar_sync/fetching.py), so a second lookup cannot
answer differently. JOURNAL_CALENDAR_ALLOW_PRIVATE=1 allows them, for a calendar server
on the organisation's own network (and the tests' servers on 127.0.0.1).
"""

from __future__ import annotations

import ipaddress
import os
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from journal.calendar_sync.failures import SyncFailed

ALLOW_PRIVATE = "JOURNAL_CALENDAR_ALLOW_PRIVATE"
#: Cloud metadata endpoints that are not link-local (AWS's IPv6 one is in a private range
#: already; these are named so that the refusal says why).
METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}


@dataclass(frozen=True)
class Target:
    """An address checked: where to connect, and the name it goes by (Host, TLS)."""

    scheme: str
    host: str
    port: int
    ip: str
    path: str  # with the query


def private_allowed() -> bool:
    """Whether the organisation allows addresses on its own network."""
    return os.environ.get(ALLOW_PRIVATE, "") == "1"


def is_private(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Loopback, private, link-local, shared (100.64/10), multicast, reserved or unspecified."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    # Loopback, private, link-local, shared, reserved and unspecified are all not global.
    return ip in METADATA or ip.is_multicast or not ip.is_global


def check(address: str, *, allow_private: bool | None = None) -> Target:
    """The address resolved and checked, or SyncFailed saying why."""
    parts = urlsplit(address)
    scheme = (parts.scheme or "").lower()
    if scheme not in ("https", "http") or not parts.hostname:
        raise SyncFailed("scheme")
    allow = private_allowed() if allow_private is None else allow_private
    if scheme == "http" and not allow:
        raise SyncFailed("scheme")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise SyncFailed("scheme") from None
    try:
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise SyncFailed("unknown_host", parts.hostname) from None
    ips = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
    if not ips:
        raise SyncFailed("unknown_host", parts.hostname)
    if not allow:
        for ip in ips:
            if ip in METADATA:
                raise SyncFailed("metadata", parts.hostname)
            if is_private(ip):
                raise SyncFailed("private", parts.hostname)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme, parts.hostname, port, str(ips[0]), path)
