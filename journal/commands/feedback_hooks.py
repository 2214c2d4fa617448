"""Commands on survey tools' hooks: make one (or give it a new secret), and record the
answers a tool posts to it through the same ledger as the CSV import, so that an answer
is recorded once however often the tool retries, and a post arriving again after the
export's import finds its answers there too."""

from __future__ import annotations

import secrets
from uuid import UUID

from journal.commands.feedback import FeedbackCommands, SurveyImport
from journal.domain.feedback_hooks import FeedbackHook, check_name
from journal.errors import DomainError
from journal.importers import survey_hook
from journal.importers.survey_csv import FIELDS, REQUIRED


class FeedbackHookCommands(FeedbackCommands):
    """Survey tools' hooks."""

    def make_feedback_hook(
        self, name: str, mapping: dict[str, str], *, recorded_by: UUID | None = None
    ) -> tuple[str, str]:
        """Make the hook ``name`` (or give it a new secret and this mapping): its name and
        its new secret, which is shown this once. ``recorded_by`` None: the operator at the
        command line."""
        if recorded_by is not None and self.person(recorded_by, "recorded_by").role != "admin":
            raise DomainError("recorded_by", "only an admin makes a feedback hook")
        for field in mapping.values():
            if field not in FIELDS:
                raise DomainError(
                    "map", '"%(name)s" is not a field; use one of %(fields)s',
                    name=field, fields=", ".join(FIELDS),
                )  # fmt: skip
        secret = secrets.token_hex(32)
        hook = self.load_if_any(FeedbackHook, FeedbackHook.create_id(name))
        if hook is None:
            hook = FeedbackHook(name=name, secret=secret, mapping=mapping, recorded_by=recorded_by)
        else:
            hook.replace_secret(secret, mapping, recorded_by=recorded_by)
        self.save(hook)
        return hook.name, secret

    def feedback_hook(self, name: str) -> FeedbackHook | None:
        """The hook of that name, or None."""
        try:
            check_name(name)
        except DomainError:
            return None
        return self.load_if_any(FeedbackHook, FeedbackHook.create_id(name))

    def receive_hook_answers(self, hook: FeedbackHook, body: bytes) -> SurveyImport:
        """Record the answers of a post whose signature was checked: all of them, or none
        when one is refused (a DomainError naming its field)."""
        found = survey_hook.answers_file(body)
        present = {header.strip().lower() for header in found.headers}
        chosen = {column: field for column, field in hook.mapping.items()
                  if column.strip().lower() in present}  # fmt: skip
        for field in REQUIRED:
            if field not in chosen.values() and field not in present:
                raise DomainError(field, "is missing")
        checked = self.record_survey(found, chosen, hook.id, None, dry_run=True)
        if checked.refused:
            error = checked.refused[0].error
            raise DomainError(error.field, error.template, **error.params)
        return self.record_survey(found, chosen, hook.id, None)
