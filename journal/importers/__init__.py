"""Outside formats in: a leader's calendar export (iCalendar) and a survey tool's CSV."""
