"""A demo organisation with a year of history, the same for the same seed and day.

Three leaders: Henrik Dalsgaard turns from controller into coach over the year, Camilla
Bech coaches all along, James Whitfield sits in between. The year is played forward one
moment at a time, so every event is recorded at the moment it would have been.

``year`` plays the calendar, the organisation and the daily loop; ``scenes`` holds what
happens on a working day; ``styles`` says how the leaders work; ``roster`` is who the
simulation keeps track of; ``names``, ``texts`` and ``calendar_titles`` hold the names,
notes and meeting titles in Danish and English; ``logins`` says who to sign in as.
"""

from journal.entry.demo.logins import DEMO_PASSWORD, DemoSummary, demo_logins
from journal.entry.demo.year import load_demo

__all__ = ["DEMO_PASSWORD", "DemoSummary", "demo_logins", "load_demo"]
