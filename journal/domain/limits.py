"""Field limits, defined once: the domain checks them, the API's schemas (and so its OpenAPI
document) and the page forms take them from here, so the three cannot drift apart.

Lengths are in characters after surrounding white space is stripped; ranges include both
ends. Password lengths are the password policy's (``journal.passwords``). The closed
vocabularies live beside the concept they belong to (``KINDS``, ``CHANNELS``,
``PASSIONS``, ``ROLES``, ``CATEGORIES``).
"""

from __future__ import annotations

# People and accounts
NAME = 200
EMAIL = 254
USERNAME_MIN, USERNAME_MAX = 2, 63
TALENT_NOTE = 2_000
TALENT_SCORE_MIN, TALENT_SCORE_MAX = 1, 5

# Why something was corrected, retracted, cancelled, deactivated, disabled or erased
REASON = 500

# Coaching interactions
NOTES = 10_000
#: Employees in one group session (a training or a team-building).
GROUP_SIZE = 200
AGREED_ACTION = 300
AGREED_ACTIONS = 20
INTERACTION_MINUTES = 12 * 60

# What employees ask their leader for
REQUEST_NOTE = 1_000
OPEN_REQUESTS = 3  # open requests of one kind an employee may have at once

# Customer feedback
COMMENT = 5_000
REFERENCE = 100
SCORE_MIN, SCORE_MAX = 0, 10

# Survey exports (CSV) imported in bulk
SURVEY_FILE_BYTES = 20_000_000

# Tasks
TITLE = 200
DESCRIPTION = 5_000
OUTCOME = 2_000
PRIORITY_MIN, PRIORITY_MAX = 1, 3

# The leader's own time
DAY_MINUTES = 24 * 60
#: How far back a leader logs time by hand: a quarter. The calendar keeps the minutes of
#: these days only (its snapshots stay small however long the history); imported
#: calendars reach further back.
TIME_LOG_DAYS = 92
TIME_NOTE = 500
FOCUS_AREA = 120
FOCUS_AREAS = 10
CADENCE_DAYS_MIN, CADENCE_DAYS_MAX = 1, 365

# Calendar imports
CALENDAR_FILE_BYTES = 10_000_000
MEETING_HOURS = 12  # a longer item is a conference or an absence, not a meeting
KEYWORD = 40  # a word of a leader's keyword rules
KEYWORDS = 30  # words per category

# What a recorded read of private notes says about where it happened
READ_CONTEXT = 300
