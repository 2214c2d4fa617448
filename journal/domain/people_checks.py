"""The rules a person's fields follow: roles, passions, a plausible e-mail address."""

from __future__ import annotations

import re
from typing import Any

from journal.domain import limits
from journal.domain.base import check_choice, check_text
from journal.errors import DomainError

#: What an erased text reads as (the same marker journal/store/mapper.py gives sealed fields).
ERASED = "[erased]"
ROLES = ("leader", "employee", "auditor", "admin", "manager")
PASSIONS = ("customers", "product", "self", "colleagues")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_email(value: Any) -> str:
    """Return a plausible email address, lower-cased."""
    email = check_text("email", value, max_length=limits.EMAIL).lower()
    if not _EMAIL.match(email):
        raise DomainError("email", "must be an email address like name@example.com")
    return email


def check_passions(value: Any) -> list[str]:
    """Return the passions in canonical order, each one of PASSIONS, at least one."""
    if not isinstance(value, list | tuple) or not value:
        raise DomainError(
            "passions", "choose one or more of %(passions)s", passions=", ".join(PASSIONS)
        )
    for passion in value:
        check_choice("passions", passion, PASSIONS)
    return [p for p in PASSIONS if p in value]
