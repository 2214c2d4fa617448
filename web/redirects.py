"""Where a browser may be sent next: a path on this site, or the start page.

Sign-in, the language switch and every later step that takes a ``next`` ask here. The
target is judged as a browser would read it: browsers drop tabs and line breaks anywhere
in a URL, trim control characters and spaces at its ends, and read a backslash as a
slash, so ``/\t/evil.example`` and ``/\\evil.example`` are ``//evil.example``: another
site. Only what is still a plain path after that (one leading slash, no scheme, no host)
is followed, and it is followed as normalised.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

#: What browsers remove from anywhere in a URL (WHATWG URL: ASCII tab and newline).
_DROPPED = re.compile(r"[\t\n\r]")
#: What browsers trim at the ends: C0 controls and space.
_TRIMMED = "".join(chr(c) for c in range(0x21))


def local_path(target: str | None) -> str | None:
    """``target`` as a path on this site, or None if a browser could read it as leaving."""
    if not target:
        return None
    cleaned = _DROPPED.sub("", target).strip(_TRIMMED).replace("\\", "/")
    if not cleaned.startswith("/") or cleaned.startswith("//"):
        return None
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in cleaned):
        return None
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc:
        return None
    return cleaned


def next_or(target: str | None, default: str) -> str:
    """Where to go next: ``target`` if it stays on this site, else ``default``."""
    return local_path(target) or default
