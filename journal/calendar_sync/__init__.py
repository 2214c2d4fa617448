"""Calendars that flow in by themselves: each leader's subscriptions fetched on a schedule
and imported as an upload is (journal/commands/meetings.py), so unchanged data writes
nothing.

- ``addresses``: which addresses may be fetched at all (no loopback, private, link-local
  or metadata ranges, unless JOURNAL_CALENDAR_ALLOW_PRIVATE=1);
- ``fetching``: a published ICS address, fetched conditionally, with a timeout, a size
  limit and at most three redirects, each checked;
- ``caldav_source``: a CalDAV calendar's meetings of a period, by a time-range REPORT;
- ``status``: how each subscription's fetches went, and when the next is due.

The pass over the subscriptions that are due is a command of the journal's
(journal/commands/subscriptions.py).
"""
