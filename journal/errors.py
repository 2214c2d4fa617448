"""Errors the journal raises; the web layer maps each to one HTTP status."""

from __future__ import annotations


class JournalError(Exception):
    """Base class of every error the journal raises on purpose."""

    def __init__(self, field: str, message: str, **params: object) -> None:
        """``message`` is an English template with ``%(name)s`` places for ``params``, so
        a reader's language can be put in its place before the values go in."""
        self.field = field
        self.template = message
        self.params = params
        self.message = message % params if params else message
        super().__init__(f"{field}: {self.message}")


class DomainError(JournalError):
    """A command broke a business rule; nothing was written (HTTP 422)."""


class NotFoundError(DomainError):
    """A command or query named a record that does not exist.

    A rule break like any other (so ``except DomainError`` sees it); the web layer
    answers 404 when the id was in the path and 422 when it was in the body.
    """


class ConflictError(JournalError):
    """Another writer changed the same record first; retry the command (HTTP 409)."""


class UniquenessError(DomainError):
    """A value that names one person (an e-mail address, a directory key) is another
    person's already; nothing was written. A rule break like any other; the SCIM service
    answers it 409 with ``scimType`` uniqueness."""
