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
#: Passwords long enough for the rule above that still top the lists of leaked passwords
#: (and their Danish cousins); a guesser tries these first.
COMMON = frozenset(
    [
        "1234567890",
        "0123456789",
        "12345678910",
        "1234567891",
        "0987654321",
        "1111111111",
        "1q2w3e4r5t",
        "password12",
        "password123",
        "password1234",
        "passw0rd123",
        "qwertyuiop",
        "qwerty1234",
        "qwerty12345",
        "iloveyou12",
        "abcdefghij",
        "abc1234567",
        "adgangskode",
        "adgangskode1",
        "adgangskode123",
        "kodeord123",
        "velkommen1",
        "velkommen123",
        "sommer2024",
        "sommer2025",
        "sommer2026",
        "vinter2025",
        "vinter2026",
        "letmein123",
        "welcome123",
        "administrator",
        "changeme123",
        "coachingjournal",
    ]
)


def _hasher() -> PasswordHasher:
    if os.environ.get("JOURNAL_PASSWORD_HASHING") == "fast":
        return PasswordHasher.from_parameters(CHEAPEST)
    return PasswordHasher()


def check_password(password: object) -> str:
    """Return the password if the policy allows it, else raise a DomainError."""
    if not isinstance(password, str):
        raise DomainError("password", "must be text")
    if len(password) < MIN_LENGTH:
        raise DomainError(
            "password", "must be at least %(MIN_LENGTH)s characters", MIN_LENGTH=MIN_LENGTH
        )
    if len(password) > MAX_LENGTH:
        raise DomainError(
            "password", "must be at most %(MAX_LENGTH)s characters", MAX_LENGTH=MAX_LENGTH
        )
    if password.strip() != password or not password.strip():
        raise DomainError("password", "must not start or end with spaces")
    if password.lower() in COMMON or len(set(password)) < 4:
        raise DomainError("password", "is too common or too simple; choose a less common one")
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
