"""Password hashing with argon2id, and the password policy.

The journal stores only hashes. ``JOURNAL_PASSWORD_HASHING=fast`` selects the cheapest
argon2 parameters, for the test suite only, where hundreds of logins would otherwise
spend most of the run hashing.
"""

from __future__ import annotations

import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import CHEAPEST

from journal.errors import DomainError

MIN_LENGTH = 10
MAX_LENGTH = 200


def _hasher() -> PasswordHasher:
    if os.environ.get("JOURNAL_PASSWORD_HASHING") == "fast":
        return PasswordHasher.from_parameters(CHEAPEST)
    return PasswordHasher()


def check_password(password: object) -> str:
    """Return the password if the policy allows it, else raise a DomainError."""
    if not isinstance(password, str):
        raise DomainError("password", "must be text")
    if len(password) < MIN_LENGTH:
        raise DomainError("password", f"must be at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise DomainError("password", f"must be at most {MAX_LENGTH} characters")
    if password.strip() != password or not password.strip():
        raise DomainError("password", "must not start or end with spaces")
    return password


def hash_password(password: str) -> str:
    """Hash a password that passes the policy."""
    return _hasher().hash(check_password(password))


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches the stored hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
