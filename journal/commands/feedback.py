"""Commands on customer feedback: one answer at a time, or a survey tool's export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from journal.commands.people import PeopleCommands
from journal.commands.store import timed_import
from journal.domain.feedback import Feedback
from journal.domain.people import Person
from journal.domain.surveys import SurveyResponses
from journal.errors import DomainError
from journal.importers import survey_csv

#: Survey answers written per transaction (with their entry in the ledger).
SURVEY_CHUNK = 1_000


@dataclass(frozen=True)
class SurveyImport:
    """What a survey import read and did (or, in a dry run, would do)."""

    imported: int
    already: int
    refused: list[survey_csv.Refused]
    dry_run: bool


class FeedbackCommands(PeopleCommands):
    """What customers said about an employee: record, import, correct, withdraw."""

    def record_feedback(
        self,
        *,
        employee_id: UUID,
        score: int,
        channel: str,
        received_at: datetime,
        comment: str = "",
        reference: str = "",
        recorded_by: UUID,
    ) -> UUID:
        """Record a customer's NPS score and comment about an employee."""
        employee = self.person(employee_id, "employee_id", role="employee")
        employee.check_active("employee_id")
        feedback = Feedback.record(
            employee_id=employee_id,
            leader_id=self.leader_of(employee),
            score=score,
            comment=comment,
            channel=channel,
            received_at=received_at,
            reference=reference,
            recorded_by=recorded_by,
        )
        self.save(feedback)
        return feedback.id

    @timed_import("survey")
    def import_survey(
        self,
        data: bytes,
        *,
        chosen: dict[str, str] | None = None,
        recorded_by: UUID,
        dry_run: bool = False,
    ) -> SurveyImport:
        """Record a survey export's NPS answers as feedback: the importer's team (a
        leader's) or anyone's (an admin's); an answer imported before is not recorded
        again. Bad rows are refused with their line and reason; the rest are written in
        transactions of ``SURVEY_CHUNK`` answers, or not at all in a dry run."""
        importer = self.person(recorded_by, "recorded_by")
        if importer.role not in ("leader", "admin"):
            raise DomainError("recorded_by", "only a leader or an admin imports survey results")
        found = survey_csv.read_survey(data)
        return self.record_survey(found, chosen, recorded_by, importer, dry_run=dry_run)

    def record_survey(
        self,
        found: survey_csv.SurveyFile,
        chosen: dict[str, str] | None,
        recorded_by: UUID,
        importer: Person | None,
        *,
        dry_run: bool = False,
    ) -> SurveyImport:
        """Record the answers read (from a file, or a survey tool's post to its hook,
        journal/commands/feedback_hooks.py) through the ledger; ``importer`` None: anyone's."""
        mapping = survey_csv.mapping_for(found.headers, chosen)
        employees: dict[UUID, Person] = {}
        find = self._survey_people(importer, employees)
        good, refused = survey_csv.answers(found, mapping, find, self.settings.zone)
        ledger = self.load_if_any(SurveyResponses, SurveyResponses.create_id())
        ledger = ledger or SurveyResponses(recorded_by=recorded_by)
        fresh, seen = [], set()
        already = 0
        for row in good:
            if ledger.knows(row.key) or row.key in seen:
                already += 1
                continue
            try:
                leader_id = self.leader_of(employees[row.employee_id], "employee")
                fresh.append(
                    (row.key, Feedback.record(
                        employee_id=row.employee_id, leader_id=leader_id,
                        score=row.score, comment=row.comment, channel=row.channel,
                        received_at=row.received_at, recorded_by=recorded_by,
                    ))
                )  # fmt: skip
                seen.add(row.key)
            except DomainError as error:
                refused.append(survey_csv.Refused(row.line, error))
        if not dry_run:
            # In chunks, each with its ledger entry: one transaction of 10,000 events stalled
            # PostgreSQL's pipeline. A chunk is whole or absent, so an import cut short is
            # finished by importing the file again.
            for start in range(0, len(fresh), SURVEY_CHUNK):
                chunk = fresh[start : start + SURVEY_CHUNK]
                ledger.note(
                    found.digest, [key for key, _ in chunk], [f.id for _, f in chunk],
                    recorded_by=recorded_by,
                )  # fmt: skip
                self.save(*(f for _, f in chunk), ledger)
        refused.sort(key=lambda r: r.line)
        return SurveyImport(len(fresh), already, refused, dry_run)

    def _survey_people(
        self, importer: Person | None, employees: dict[UUID, Person]
    ) -> Callable[[str], UUID]:
        """Finds an employee by email or username in the people directory, then decides on
        the person's own record (active, in the importer's team: a leader imports their
        team only), which ``employees`` keeps for the import."""
        by_name: dict[str, UUID] = {
            p.email.lower(): p.person_id for p in self.read.people.list(role="employee")
        }
        accounts, _total = self.read.accounts.list(limit=100_000)
        for account in accounts:
            by_name.setdefault(account.username.lower(), account.person_id)

        def find(who: str) -> UUID:
            person_id = by_name.get(who)
            person = employees.get(person_id) if person_id else None
            if person_id is not None and person is None:
                person = employees[person_id] = self.person(person_id)
            if person is None or person.role != "employee":
                raise DomainError(
                    "employee", 'no employee with email or username "%(who)s"', who=who
                )
            if not person.is_active:
                raise DomainError("employee", "%(name)s has been deactivated", name=person.name)
            if (
                importer is not None
                and importer.role == "leader"
                and person.leader_id != importer.id
            ):
                raise DomainError("employee", "%(name)s is not in your team", name=person.name)
            return person.id

        return find

    def correct_feedback(
        self, feedback_id: UUID, changes: dict[str, Any], reason: str, *, recorded_by: UUID
    ) -> None:
        """Correct some fields of a piece of feedback, saying why."""
        feedback = self.load(Feedback, feedback_id, "feedback_id")
        feedback.correct(changes, reason, recorded_by=recorded_by)
        self.save(feedback)

    def retract_feedback(self, feedback_id: UUID, reason: str, *, recorded_by: UUID) -> None:
        """Withdraw a piece of feedback, saying why."""
        feedback = self.load(Feedback, feedback_id, "feedback_id")
        feedback.retract(reason, recorded_by=recorded_by)
        self.save(feedback)
