"""The Journal application: the event store and every command, one module per area.

Each command loads the aggregates it needs, calls them, and saves what changed in one
write; a rule that spans aggregates is a named domain function
(journal/domain/follow_up.py). No command reads a read model to decide whether it may
write: uniqueness and existence are the aggregates' and their stream ids' to decide, which
holds however far a worker's read models lag behind.
"""

from __future__ import annotations

from journal.commands.coaching import CoachingCommands
from journal.commands.feedback import SurveyImport
from journal.commands.feedback_hooks import FeedbackHookCommands
from journal.commands.loop import LoopCommands
from journal.commands.meetings import CalendarImport
from journal.commands.people_import import PeopleImport, PeopleImportCommands
from journal.commands.privacy import PrivacyCommands
from journal.commands.reminders import ReminderCommands
from journal.commands.subscriptions import SubscriptionCommands, SyncPass
from journal.commands.tasks import TaskCommands

__all__ = ["CalendarImport", "Journal", "PeopleImport", "SurveyImport", "SyncPass"]


class Journal(
    PeopleImportCommands,
    CoachingCommands,
    LoopCommands,
    FeedbackHookCommands,
    TaskCommands,
    SubscriptionCommands,
    ReminderCommands,
    PrivacyCommands,
):
    """Coaching Journal: people, coaching, feedback, tasks and a leader's own time.

    ``journal.bootstrap.open_journal`` builds one and connects the read side (read
    models, history, verifications, the security trail) it keeps current.
    """

    name = "Journal"
