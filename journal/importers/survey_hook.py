"""A survey tool's post to its hook: the signature that proves it, and the answers in it.

The signature is the scheme Stripe and others use: the header ``X-Journal-Signature:
t=UNIX_SECONDS,v1=HEX``, HEX being HMAC-SHA256 under the hook's secret of ``t``, a dot
and the raw body. It is compared in constant time, and ``t`` must lie within five minutes
of now, so a post captured on the way cannot be replayed later. (Within those minutes a
replay finds its answers in the ledger already: an answer is recorded once.)

The body is JSON: one answer as an object, a list of them, or ``{"answers": [...]}``. Each
answer is flattened to dotted names (``form_response.answers.0.number``), which the hook's
mapping, or names like the CSV import's fields, turn into date, score, comment, employee,
channel and response_id (journal/importers/survey_csv.py reads them as it reads rows).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from journal.errors import DomainError
from journal.importers.survey_csv import SurveyFile

HEADER = "X-Journal-Signature"
TOLERANCE_SECONDS = 300
MOST_ANSWERS = 1_000
MOST_BYTES = 1_000_000


def signature(secret: str, moment: int, body: bytes) -> str:
    """HMAC-SHA256 (hex) under ``secret`` of the moment, a dot and the body."""
    return hmac.new(secret.encode(), f"{moment}.".encode() + body, hashlib.sha256).hexdigest()


def signed(secret: str, moment: int, body: bytes) -> str:
    """The header's value for a body sent at ``moment`` (what a survey tool computes)."""
    return f"t={moment},v1={signature(secret, moment, body)}"


def refusal(header: str, secret: str, body: bytes, now: float) -> str | None:
    """Why the signature does not hold (missing, malformed, expired, mismatch), or None."""
    if not header:
        return "missing"
    parts: dict[str, list[str]] = {}
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        parts.setdefault(key, []).append(value)
    moments = parts.get("t", [])
    if len(moments) != 1 or not moments[0].isdigit() or not parts.get("v1"):
        return "malformed"
    moment = int(moments[0])
    if abs(now - moment) > TOLERANCE_SECONDS:
        return "expired"
    expected = signature(secret, moment, body)
    # Several v1 values are allowed (a tool signing with an old and a new secret).
    if not any(hmac.compare_digest(expected, given) for given in parts["v1"]):
        return "mismatch"
    return None


def answers_file(body: bytes) -> SurveyFile:
    """The post's answers as the rows of a file; a DomainError on ``body`` says what is wrong."""
    if len(body) > MOST_BYTES:
        raise DomainError("body", "must be at most %(most)s bytes", most=MOST_BYTES)
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise DomainError("body", "is not JSON") from None
    if isinstance(data, dict) and isinstance(data.get("answers"), list):
        data = data["answers"]
    answers = data if isinstance(data, list) else [data]
    if not answers or not all(isinstance(answer, dict) for answer in answers):
        raise DomainError("body", "must be an answer (an object) or a list of answers")
    if len(answers) > MOST_ANSWERS:
        raise DomainError("body", "must hold at most %(most)s answers", most=MOST_ANSWERS)
    flat = [flattened(answer) for answer in answers]
    headers: list[str] = []
    for answer in flat:
        headers += [name for name in answer if name not in headers]
    rows = [
        (line, [answer.get(name, "") for name in headers]) for line, answer in enumerate(flat, 1)
    ]
    return SurveyFile(headers, rows, "", hashlib.sha256(body).hexdigest())


def flattened(value: Any, prefix: str = "") -> dict[str, str]:
    """Nested objects and lists as dotted names to text (numbers as written, null empty)."""
    if isinstance(value, dict):
        items: list[tuple[str, Any]] = [(str(key), inner) for key, inner in value.items()]
    elif isinstance(value, list):
        items = [(str(index), inner) for index, inner in enumerate(value)]
    else:
        return {prefix: text_of(value)}
    found: dict[str, str] = {}
    for key, inner in items:
        found.update(flattened(inner, f"{prefix}.{key}" if prefix else key))
    return found


def text_of(value: Any) -> str:
    """A JSON value as the text a CSV cell would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
