"""What a calendar import would do, before it does it: the dry run's counts, and the
leader's time and verdict over the period before and after it.

The "after" is the same audit the home page shows (journal/projections/calendar_audit.py),
read inside a transaction in which the dry run's events have been applied to the meetings
read model, then rolled back: one rule, and nothing kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from journal.domain.windows import last_four_weeks
from journal.projections.batch import Batch
from journal.projections.calendar_audit import CalendarAuditReport

if TYPE_CHECKING:
    from journal.commands import Journal
    from journal.commands.meetings import CalendarImport


@dataclass(frozen=True)
class ImportPreview:
    """The plan of an import and the period's time before and after it."""

    plan: CalendarImport
    before: CalendarAuditReport
    after: CalendarAuditReport


def preview_import(
    journal: Journal, leader_id: UUID, data: bytes, *, start: date | None, end: date | None
) -> ImportPreview:
    """Dry-run the import of ``data`` and audit the period as it is and as it would be."""
    plan = journal.import_calendar(
        leader_id, data, start=start, end=end, dry_run=True, withdraw_most=True
    )
    audit, meetings = journal.read.calendar_audit, journal.read.meetings
    first, last = last_four_weeks(end or journal.today(), start)  # the import's period
    period_start, period_end = first, last + timedelta(days=1)  # the audit's end is excluded
    before = audit.for_leader(leader_id, period_start, period_end)
    with meetings.engine.connect() as conn:
        transaction = conn.begin()
        try:
            batch = Batch(conn)
            for event in plan.planned:
                meetings.apply(event, batch)
            batch.write()
            after = audit.for_leaders([leader_id], period_start, period_end, conn)[leader_id]
        finally:
            transaction.rollback()
    return ImportPreview(plan, before, after)
