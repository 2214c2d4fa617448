"""Commands on the morning reminders: claim one before sending it, note how it went."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from journal.commands.store import JournalStore
from journal.domain.reminders import Reminder
from journal.errors import ConflictError


class ReminderCommands(JournalStore):
    """One reminder per leader a day, however many processes try to send it."""

    def claim_reminder(self, leader_id: UUID, day: date, items: int) -> bool:
        """Claim the leader's reminder of the day before sending it; False if another run
        claimed or sent it already (journal/domain/reminders.py)."""
        reminder = self.load_if_any(Reminder, Reminder.create_id(leader_id, day))
        try:
            if reminder is None:
                reminder = Reminder(leader_id=leader_id, day=day, items=items, recorded_by=None)
            else:
                reminder.claim_again(items)
            self.save(reminder)
        except ConflictError:
            return False
        return True

    def note_reminder(self, leader_id: UUID, day: date, failure: str | None = None) -> None:
        """After the send: the mail left (``failure`` None), or why it did not."""
        reminder = self.load(Reminder, Reminder.create_id(leader_id, day), "day")
        if failure is None:
            reminder.sent()
        else:
            reminder.failed(failure)
        self.save(reminder)
