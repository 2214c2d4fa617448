"""A leader's due coaching as an iCalendar feed their own calendar subscribes to.

For each team member the next 1-to-1 and walk-and-talk, on the day they fall due (an
overdue one on today), from the cadence read model. Names only, never notes. Each person
and kind keeps one UID, so a calendar replaces the event instead of adding another; its
SEQUENCE rises each time what it says changes (a 1-to-1 logged or retracted, a cadence
changed, a day overdue), counted in web/state/feeds.py, so it never falls. The secret in the
URL is the only key; it is kept hashed (web/state/feeds.py) and the leader can replace or stop
it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import icalendar
from flask import Blueprint, Response, abort, current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from journal import clock
from journal.commands import Journal
from journal.domain.people import ERASED
from journal.projections.cadence import Rhythm
from web.auth import journal
from web.labels import label
from web.state.feeds import FeedStore

bp = Blueprint("feed", __name__)

#: How often subscribed calendars are asked to look again (RFC 7986, and Outlook's own).
REFRESH = timedelta(hours=1)


@bp.route("/calendar-feeds/<token>.ics")
def feed(token: str) -> Response:
    """The leader's due coaching, for their calendar to subscribe to (no sign-in: the
    secret in the URL is the key)."""
    feeds: FeedStore = current_app.extensions["feeds"]
    found = feeds.find(token)
    if found is None:
        abort(404)
    leader = journal().read.people.get(found.leader_id)
    if leader is None or not leader.is_active:
        abort(404)
    with force_locale(found.locale):
        body = due_coaching(journal(), found.leader_id, feeds)
    return Response(body, content_type="text/calendar; charset=utf-8")


def due_coaching(journal: Journal, leader_id: UUID, feeds: FeedStore) -> bytes:
    """The feed itself: one all-day event per team member and kind of coaching."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Coaching Journal//Due coaching//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Coaching due"))
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))  # Outlook reads this one
    now = clock.now()
    today = journal.today()
    zone = journal.settings.zone
    due: dict[str, tuple[date, str, Rhythm]] = {}
    for person in journal.read.cadence.for_leader(leader_id, now):
        name = _("erased") if person.name == ERASED else person.name
        for kind, rhythm in (
            ("one_to_one", person.one_to_one),
            ("walk_and_talk", person.walk_and_talk),
        ):
            day = today if rhythm.is_overdue else rhythm.due.astimezone(zone).date()
            summary = _("%(kind)s with %(name)s", kind=label(kind), name=name) + (
                f" ({_('overdue')})" if rhythm.is_overdue else ""
            )
            due[f"{kind}-{person.employee_id}@coaching-journal"] = (day, summary, rhythm)
    sequences = feeds.sequences(
        leader_id, {uid: f"{day}|{summary}" for uid, (day, summary, _r) in due.items()}
    )
    for uid, (day, summary, rhythm) in due.items():
        calendar.add_component(event(uid, day, rhythm, now, summary, sequences[uid]))
    return calendar.to_ical()


def event(
    uid: str, day: date, rhythm: Rhythm, now: datetime, summary: str, sequence: int
) -> icalendar.Event:
    """One reminder: all day, free time (it reminds, it does not book)."""
    item = icalendar.Event()
    item.add("uid", uid)
    item.add("dtstamp", now.astimezone(UTC))
    item.add("dtstart", day)
    item.add("dtend", day + timedelta(days=1))
    item.add("summary", summary)
    item.add("transp", "TRANSPARENT")
    item.add("sequence", sequence)
    if rhythm.last is not None:
        item.add("last-modified", rhythm.last.astimezone(UTC))
    return item
