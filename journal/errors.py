"""Errors the journal raises; the web layer maps each to one HTTP status."""

from __future__ import annotations


class JournalError(Exception):
    """Base class of every error the journal raises on purpose."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class DomainError(JournalError):
    """A command broke a business rule; nothing was written (HTTP 422)."""


class NotFoundError(JournalError):
    """A command or query named a record that does not exist (HTTP 404)."""


class ConflictError(JournalError):
    """Another writer changed the same record first; retry the command (HTTP 409)."""
