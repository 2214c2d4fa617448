"""The journal's events and their fields in the auditor's words, in both languages.

The raw names (``Interaction.Logged``, ``leader_id``) stay in the API and in a details
element beside each entry; the pages name them as people would.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from journal.commands import directory, people_import
from web.labels import label, left_out_label, rule_label

EVENT_NAMES = {
    "Account.Opened": _l("Account opened"),
    "Account.PasswordChanged": _l("Password changed"),
    "Account.Disabled": _l("Account disabled"),
    "Account.LanguageChosen": _l("Language chosen"),
    "Account.IdentityLinked": _l("Company account linked"),
    "AgreedActions.Opened": _l("Agreed actions opened"),
    "AgreedActions.Agreed": _l("Action agreed"),
    "AgreedActions.Done": _l("Action done"),
    "AgreedActions.Dropped": _l("Action dropped"),
    "DirectoryKey.Claimed": _l("Directory key taken"),
    "DirectoryKey.HandedOver": _l("Directory key given to another"),
    "CalendarSubscriptions.Opened": _l("Calendar subscriptions opened"),
    "CalendarSubscriptions.Subscribed": _l("Calendar subscribed to"),
    "CalendarSubscriptions.Stopped": _l("Calendar subscription stopped"),
    "DirectoryRecord.Provisioned": _l("Added by the company directory"),
    "DirectoryRecord.Updated": _l("Changed by the company directory"),
    "DirectoryRecord.ManagerResolved": _l("Manager found in the company directory"),
    "DirectoryRecord.Unlisted": _l("Removed by the company directory"),
    "EmailAddress.Claimed": _l("E-mail address taken"),
    "EmailAddress.HandedOver": _l("E-mail address given to another"),
    "EmployeeRequests.Opened": _l("Requests opened"),
    "EmployeeRequests.Asked": _l("Conversation asked for"),
    "EmployeeRequests.Declined": _l("Request declined"),
    "EmployeeRequests.Fulfilled": _l("Request met"),
    "EmployeeRequests.Reopened": _l("Request open again"),
    "EmployeeRequests.Withdrawn": _l("Request withdrawn"),
    "Feedback.Recorded": _l("Customer feedback recorded"),
    "FeedbackHook.Made": _l("Survey tool hook made"),
    "FeedbackHook.SecretReplaced": _l("Survey tool hook given a new secret"),
    "Feedback.Corrected": _l("Customer feedback corrected"),
    "Feedback.Retracted": _l("Customer feedback retracted"),
    "ProvisioningToken.Issued": _l("Directory token made"),
    "ProvisioningToken.Replaced": _l("Directory token replaced"),
    "GroupSession.Logged": _l("Group session logged"),
    "GroupSession.Corrected": _l("Group session corrected"),
    "GroupSession.Retracted": _l("Group session retracted"),
    "Interaction.Logged": _l("Conversation logged"),
    "Interaction.Corrected": _l("Conversation corrected"),
    "Interaction.Retracted": _l("Conversation retracted"),
    "LeaderCalendar.Opened": _l("Leader's time log opened"),
    "LeaderCalendar.PrioritiesSet": _l("Priorities set"),
    "LeaderCalendar.TimeLogged": _l("Time logged"),
    "LeaderMeetings.Opened": _l("Imported calendar opened"),
    "LeaderMeetings.MeetingImported": _l("Meeting imported"),
    "LeaderMeetings.MeetingCorrected": _l("Meeting changed"),
    "LeaderMeetings.MeetingWithdrawn": _l("Meeting withdrawn"),
    "LeaderMeetings.CalendarImported": _l("Calendar imported"),
    "LeaderMeetings.ImportUndone": _l("Calendar import undone"),
    "LeaderMeetings.CategoryChosen": _l("Meeting category chosen"),
    "LeaderMeetings.KeywordsSet": _l("Words for meeting titles set"),
    "LeaderMeetings.DaysDrawn": _l("Calendar check: days drawn"),
    "NotesAccess.PrivateNotesRead": _l("Private notes read"),
    "Person.Registered": _l("Person registered"),
    "Person.MovedToLeader": _l("Moved to another leader"),
    "Person.JoinedTeam": _l("Joined a leader's team"),
    "Person.LeftTeam": _l("Left the leader's team"),
    "Person.Deactivated": _l("Person deactivated"),
    "Person.Reactivated": _l("Person active again"),
    "Person.DetailsChanged": _l("Name or e-mail corrected"),
    "Person.RoleChanged": _l("Role changed"),
    "Person.Erased": _l("Person erased"),
    "Person.TalentAssessed": _l("Talent assessed"),
    "Person.PassionsSet": _l("Passions set"),
    "Person.AccountNoted": _l("Account noted on the person"),
    "Person.Overseen": _l("Leader placed under a manager"),
    "Person.Released": _l("Leader released by a manager"),
    "Reminder.Claimed": _l("Reminder prepared"),
    "Reminder.ClaimedAgain": _l("Reminder prepared again"),
    "Reminder.Sent": _l("Reminder sent"),
    "Reminder.Failed": _l("Reminder failed"),
    "SurveyResponses.Opened": _l("Survey ledger opened"),
    "SurveyResponses.Imported": _l("Survey answers imported"),
    "Task.Assigned": _l("Task given"),
    "Task.Started": _l("Task started"),
    "Task.Completed": _l("Task completed"),
    "Task.Cancelled": _l("Task cancelled"),
    "Task.Reassigned": _l("Task given to another"),
    "Task.PriorityChanged": _l("Task priority changed"),
}

FIELD_NAMES = {
    "account_id": _l("Account"),
    "address": _l("Address"),
    "action_id": _l("Action"),
    "agreed_actions": _l("Agreed actions"),
    "agreed_at": _l("Agreed on"),
    "assessed_on": _l("Assessed on"),
    "attendees": _l("Attendees"),
    "attributes": _l("What the directory says"),
    "category": _l("Category"),
    "changes": _l("Changes"),
    "channel": _l("Channel"),
    "comment": _l("Comment"),
    "context": _l("Where it was read"),
    "corrected": _l("Changed"),
    "day": _l("Day"),
    "days": _l("Days"),
    "description": _l("Description"),
    "digest": _l("File fingerprint"),
    "due_on": _l("Due"),
    "email": _l("E-mail"),
    "employee_id": _l("Employee"),
    "employee_ids": _l("Who took part"),
    "end": _l("Ends"),
    "entry_id": _l("Entry"),
    "feedback_ids": _l("Feedback"),
    "focus_areas": _l("Focus areas"),
    "found": _l("What the days held"),
    "imported": _l("New"),
    "issuer": _l("Sign-in service"),
    "interaction_id": _l("Conversation"),
    "items": _l("Items"),
    "key": _l("Meeting key"),
    "keys": _l("Answer keys"),
    "kind": _l("Kind"),
    "language": _l("Language"),
    "leader_id": _l("Leader"),
    "left_out": _l("Not counted because"),
    "manager_id": _l("Manager"),
    "minutes": _l("Minutes"),
    "name": _l("Name"),
    "mapping": _l("Field mapping"),
    "secret": _l("Secret"),
    "note": _l("Note"),
    "occurred_at": _l("When"),
    "on": _l("Date"),
    "one_to_one_every_days": _l("1-to-1 every (days)"),
    "outcome": _l("Outcome"),
    "owner": _l("Whose to tick off"),
    "passion": _l("Passion"),
    "passions": _l("Passions"),
    "password_hash": _l("Password"),
    "period_end": _l("Last day"),
    "period_start": _l("First day"),
    "person_id": _l("Person"),
    "previous_employee_id": _l("Previous employee"),
    "previous_leader_id": _l("Previous leader"),
    "previous_role": _l("Previous role"),
    "priority": _l("Priority"),
    "purpose": _l("Purpose"),
    "private_notes": _l("Private notes"),
    "reason": _l("Reason"),
    "received_at": _l("Received"),
    "recorded_by": _l("Recorded by"),
    "reference": _l("Reference"),
    "request_id": _l("Request"),
    "role": _l("Role"),
    "rule": _l("Rule"),
    "score": _l("Score"),
    "series": _l("Series"),
    "shared_notes": _l("Shared notes"),
    "skipped": _l("Skipped"),
    "split": _l("Split"),
    "start": _l("Starts"),
    "subject": _l("Identity at the sign-in service"),
    "target": _l("Meeting or series"),
    "text": _l("Text"),
    "token_hash": _l("Token"),
    "title": _l("Title"),
    "unchanged": _l("Unchanged"),
    "undone_version": _l("Undone import"),
    "username": _l("Username"),
    "subscription_id": _l("Subscription"),
    "password": _l("Password"),
    "walk_and_talk_every_days": _l("Walk-and-talk every (days)"),
    "wish": _l("Wished split"),
    "withdrawn": _l("Withdrawn"),
    "words": _l("Words"),
}

#: The reasons the company directory's changes give (journal/commands/directory.py).
DIRECTORY_REASONS = {
    directory.LEFT: _l("deactivated by the company directory"),
    directory.ROLE_REASONS["given"]: _l("the company directory gives this role"),
    directory.ROLE_REASONS["leader"]: _l("employees report to them in the company directory"),
    directory.ROLE_REASONS["manager"]: _l("leaders report to them in the company directory"),
    directory.ROLE_REASONS["employee"]: _l("no one reports to them in the company directory"),
    people_import.REASON: _l("changed by a people import"),
}

#: Fields whose values are the domain's codes, shown as their labels.
CODED = {"kind", "category", "channel", "role", "previous_role", "passion", "language", "owner"}


def event_name(event_type: str) -> str:
    """The event's name in words, or its raw name if it has none."""
    return in_words(str(get_locale()), "event").get(event_type, event_type)


def field_name(field: str) -> str:
    """A field's name in words, or its raw name."""
    return in_words(str(get_locale()), "field").get(field, field)


@lru_cache(maxsize=8)
def in_words(language: str, table: str) -> dict[str, str]:
    """The names of one table translated into ``language`` once: a page of the log names
    hundreds of fields, and a lazy text is looked up anew each time it is shown."""
    names = EVENT_NAMES if table == "event" else FIELD_NAMES
    return {key: str(name) for key, name in names.items()}


def key_name(key: str) -> str:
    """A key of the event's data: a field in words, a code (a category) as its label."""
    if key in FIELD_NAMES:
        return field_name(key)
    return label(key)


def coded_value(field: str, value: Any) -> Any:
    """A code shown as its label (a list of codes, each); any other value as it is."""
    if field == "rule" and isinstance(value, str):
        return rule_label(value)
    if field == "reason" and isinstance(value, str) and value in DIRECTORY_REASONS:
        return str(DIRECTORY_REASONS[value])
    if field == "left_out" and isinstance(value, str):
        return left_out_label(value)
    if field in CODED or field == "passions":
        if isinstance(value, str):
            return label(value)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return [label(v) for v in value]
    return value
