"""Personal text in the read models, sealed as it is stored and opened as it is read.

The read models keep what the pages show: names, notes, comments, reasons, task texts.
Stored in clear, a copy of the database file or a dump would show what the events keep
sealed. So those columns use the types below: a value is sealed with AES-256-GCM under
the read models' key on its way to the database and opened on its way back, by the column
type, so the projections and the queries deal in plain text as before.

The read models' key is kept in the keyring beside the person keys, wrapped by the
master key like them (``journal/security/keyring.py``): a stolen database opens nothing without
the master key, and ``journal keys rotate`` re-wraps it with the rest. Erasing a person
still scrubs their rows (the projections write ``ERASED``); the key is the same for
everyone, since the rows are rebuilt from the events at any time.

The key reaches the types through the engine: ``use_seal`` hangs it on the engine's
dialect, which SQLAlchemy hands to every conversion. An engine without one (the
auditor's in-memory timeline of the past, ``journal/read/history.py``) stores text as it is.
Empty text stays empty, so "has a note" is still a question SQL can answer.
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import JSON, Engine, Text, TypeDecorator

#: The keyring's row for the read models' key: no person has this id (theirs are uuid4).
READ_MODELS_KEY_ID = UUID(int=0)

#: What a sealed value starts with; text stored before sealing (until ``journal rebuild``)
#: does not, and is read as it is.
PREFIX = "\x01s1:"
NONCE_BYTES = 12


class ColumnSeal:
    """Seals and opens the read models' personal text with one AES-256-GCM key."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, text: str) -> str:
        """The text encrypted under a fresh nonce, as text a column can hold."""
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, text.encode(), None)
        return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, stored: str) -> str:
        """The text a sealed value holds."""
        raw = base64.b64decode(stored[len(PREFIX) :])
        try:
            return self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], None).decode()
        except InvalidTag as error:
            raise ValueError(
                "a read-model value does not open with this journal's key: the tables were "
                "filled under another master key's keyring; run `journal rebuild`"
            ) from error


def use_seal(engine: Engine, seal: ColumnSeal) -> None:
    """Seal the personal columns of every read-model table this engine writes and reads."""
    engine.dialect.journal_seal = seal  # type: ignore[attr-defined]


def seal_of(dialect: Any) -> ColumnSeal | None:
    """The seal hung on this dialect, if any."""
    return getattr(dialect, "journal_seal", None)


def is_sealed(value: Any) -> bool:
    """Whether a stored value is sealed text."""
    return isinstance(value, str) and value.startswith(PREFIX)


def opened(value: str, dialect: Any) -> str:
    """A stored value as text: opened if sealed, else as it was stored."""
    if not is_sealed(value):
        return value
    seal = seal_of(dialect)
    if seal is None:
        raise ValueError("a sealed read-model value was read by an engine without the key")
    return seal.open(value)


class SealedText(TypeDecorator[str]):
    """Text stored sealed (see the module's description)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        if not value:
            return value
        seal = seal_of(dialect)
        return seal.seal(value) if seal is not None else value

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return opened(value, dialect) if value else value


class SealedJSON(TypeDecorator[Any]):
    """A JSON value stored as sealed text, itself a JSON string (so a JSON column holds it)."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        seal = seal_of(dialect)
        if value is None or seal is None:
            return value
        return seal.seal(json.dumps(value, ensure_ascii=False))

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return json.loads(opened(value, dialect)) if is_sealed(value) else value
