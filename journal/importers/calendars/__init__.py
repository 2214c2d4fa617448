"""A leader's calendar as the journal reads it: an iCalendar export (Outlook, Google) read
into meetings over a period (``reading``), what of them counts as the leader's time
(``counting``), and which category each meeting's time goes to, by rules the leader can
read and change (``classifying``)."""
