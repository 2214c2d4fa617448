"""The master key: it wraps every person's key, and it is never stored in the database.

Each person's key (journal/security/keyring.py) is kept in the database only wrapped: encrypted
with AES-256-GCM under the master key, bound to the person's id, and tagged with the
master key's id. A copy of the database file, a dump or a ``journal export`` backup then
holds sealed fields and wrapped keys, and opens nothing without the master key, which
lives elsewhere: JOURNAL_MASTER_KEY, or a file named by JOURNAL_MASTER_KEY_FILE (a
secrets manager, a mounted secret). ``journal keys rotate`` re-wraps every person's key
under a new master key without touching an event.

Development (JOURNAL_ENV=development, ``./scripts/run``) makes one in ``var/master_key``
on first use, as it does the secret key; outside development a store on disk needs one,
and the start stops and says so.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from journal.errors import JournalError

VARIABLE = "JOURNAL_MASTER_KEY"
FILE_VARIABLE = "JOURNAL_MASTER_KEY_FILE"
KEY_BYTES = 32
ID_BYTES = 8
NONCE_BYTES = 12
#: The start of a wrapped key; a person key stored before wrapping is 32 bytes without it.
WRAPPED = b"JW1"


def generate() -> str:
    """A new master key, as the text JOURNAL_MASTER_KEY takes."""
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode()


def is_wrapped(stored: bytes) -> bool:
    """Whether a stored person key is wrapped (else it predates the master key)."""
    return stored.startswith(WRAPPED)


def wrapped_by(stored: bytes) -> str:
    """The id of the master key a wrapped person key needs."""
    return stored[len(WRAPPED) : len(WRAPPED) + ID_BYTES].hex()


class MasterKey:
    """Wraps and unwraps person keys."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) != KEY_BYTES:
            raise JournalError(VARIABLE, f"must be {KEY_BYTES} bytes, base64 (`journal keys new`)")
        self._cipher = AESGCM(secret)
        named = hashlib.sha256(b"coaching journal master key\0" + secret).digest()
        self.id_bytes = named[:ID_BYTES]

    @property
    def key_id(self) -> str:
        """A public name of this key (a hash, not the key): which key a backup needs."""
        return self.id_bytes.hex()

    @classmethod
    def from_text(cls, text: str, name: str = VARIABLE) -> MasterKey:
        """The key from its text (urlsafe base64 of 32 bytes), or a clear error naming it."""
        try:
            secret = base64.urlsafe_b64decode(text.strip().encode())
        except (binascii.Error, ValueError):
            secret = b""
        if len(secret) != KEY_BYTES:
            raise JournalError(
                name, "is not a master key: use the text `journal keys new` prints (32 bytes)"
            )
        return cls(secret)

    def wrap(self, person_id: UUID, key: bytes) -> bytes:
        """The person's key as stored: marker, this key's id, nonce, sealed key."""
        nonce = os.urandom(NONCE_BYTES)
        return WRAPPED + self.id_bytes + nonce + self._cipher.encrypt(nonce, key, bound(person_id))

    def unwrap(self, person_id: UUID, stored: bytes) -> bytes:
        """The person's key; a clear error when another master key wrapped it."""
        if wrapped_by(stored) != self.key_id:
            raise JournalError(
                VARIABLE,
                f"the person keys are wrapped by master key {wrapped_by(stored)}, "
                f"not by the one given ({self.key_id}); use the key they were wrapped with",
            )
        start = len(WRAPPED) + ID_BYTES
        nonce, sealed = stored[start : start + NONCE_BYTES], stored[start + NONCE_BYTES :]
        try:
            return self._cipher.decrypt(nonce, sealed, bound(person_id))
        except InvalidTag as error:
            raise JournalError(
                VARIABLE, f"the wrapped key of {person_id} does not open: it was altered"
            ) from error


def bound(person_id: UUID) -> bytes:
    """What a wrapped key is bound to: a wrapped key moved to another person fails."""
    return b"person key\0" + person_id.bytes


def master_key_text(environ: Mapping[str, str], *, development: bool, var_dir: Path) -> str:
    """JOURNAL_MASTER_KEY, else the file JOURNAL_MASTER_KEY_FILE names; in development a
    key made once in ``var_dir/master_key``; else "" (the caller decides whether that is
    allowed)."""
    given = environ.get(VARIABLE, "").strip()
    if given:
        return given
    path = environ.get(FILE_VARIABLE, "").strip()
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as error:
            raise JournalError(FILE_VARIABLE, f"cannot read {path}: {error.strerror}") from error
    if not development:
        return ""
    made = var_dir / "master_key"
    if not made.exists():
        made.parent.mkdir(parents=True, exist_ok=True)
        made.write_text(generate())
        made.chmod(0o600)
    return made.read_text().strip()
