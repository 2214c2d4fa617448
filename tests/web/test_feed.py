"""A leader's due coaching as a calendar feed: valid iCalendar, the same UIDs on every fetch,
a due day that moves when a 1-to-1 is logged, names and never notes, and a link that can
be replaced or stopped."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import icalendar
from flask.testing import FlaskClient

from journal import clock
from journal.commands import Journal
from tests.organisation import Org
from tests.web.conftest import csrf_token


def make_link(client: FlaskClient) -> str:
    """Press "Make a link" and read the link the page shows once."""
    page = client.post(
        "/leader/calendar/feed", data={"csrf_token": csrf_token(client, "/leader/calendar")}
    ).get_data(as_text=True)
    found = re.search(r'<code class="feed-url">([^<]+)</code>', page)
    assert found is not None, page[:500]
    return found.group(1)


def fetch(client: FlaskClient, url: str) -> tuple[Any, icalendar.Calendar]:
    response = client.get(url.split("localhost", 1)[1])
    return response, icalendar.Calendar.from_ical(response.data)


def due(calendar: icalendar.Calendar) -> dict[str, tuple[str, object, int]]:
    """UID -> (summary, day, sequence) of every event of the feed."""
    return {
        str(e["UID"]): (str(e["SUMMARY"]), e["DTSTART"].dt, int(e["SEQUENCE"]))
        for e in calendar.walk("VEVENT")
    }


def test_the_feed_lists_each_team_members_next_coaching_under_stable_uids(
    login: Any, org: Org, journal: Journal
) -> None:
    lene = login("leader")
    url = make_link(lene)
    journal.log_interaction(
        leader_id=org.leader, employee_id=org.employee, kind="walk_and_talk",
        occurred_at=clock.now() - timedelta(days=2), minutes=40, private_notes="Træt",
        shared_notes="Gåtur i parken",
    )  # fmt: skip
    anonymous = lene.application.test_client()  # a calendar app: no session, only the URL

    response, first = fetch(anonymous, url)
    _, again = fetch(anonymous, url)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Content-Encoding" not in response.headers
    assert first["METHOD"] == "PUBLISH"
    assert "X-PUBLISHED-TTL:PT1H" in response.get_data(as_text=True)
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.get_data(as_text=True)
    assert due(first) == due(again)  # the same UIDs, days and sequences
    summaries = {summary for summary, _, _ in due(first).values()}
    assert "Walk-and-talk with Emil Ansat" in summaries
    assert "1-to-1 with Eva Kollega" in summaries
    body = response.get_data(as_text=True)
    assert "Træt" not in body and "Gåtur" not in body  # names only, never notes
    assert all(e.get("DTSTAMP") for e in first.walk("VEVENT"))


def test_logging_a_one_to_one_moves_its_due_day_and_raises_its_sequence(
    login: Any, org: Org, journal: Journal
) -> None:
    lene = login("leader")
    url = make_link(lene)
    calendar_app = lene.application.test_client()
    uid = f"one_to_one-{org.employee}@coaching-journal"
    journal.log_interaction(
        leader_id=org.leader, employee_id=org.employee, kind="one_to_one",
        occurred_at=clock.now() - timedelta(days=20), minutes=30,
    )  # fmt: skip
    _, before = fetch(calendar_app, url)  # overdue: on today

    held = clock.now() - timedelta(hours=1)
    logged = journal.log_interaction(
        leader_id=org.leader, employee_id=org.employee, kind="one_to_one",
        occurred_at=held, minutes=30,
    )  # fmt: skip
    _, after = fetch(calendar_app, url)
    journal.retract_interaction(logged, "Forkert medarbejder", recorded_by=org.leader)
    _, retracted = fetch(calendar_app, url)

    (summary_before, day_before, sequence_before), (_, day_after, sequence_after) = (
        due(before)[uid],
        due(after)[uid],
    )
    assert summary_before == "1-to-1 with Emil Ansat (overdue)"
    assert day_before == journal.today()
    # A week after the day it was held (yesterday, in the first hour after local midnight).
    assert day_after == held.astimezone(journal.settings.zone).date() + timedelta(days=7)
    assert sequence_after > sequence_before
    # Retracted: overdue again, on today, and the sequence rises again instead of falling.
    assert due(retracted)[uid][:2] == (summary_before, day_before)
    assert due(retracted)[uid][2] > sequence_after


def test_a_new_link_stops_the_old_one_and_a_stopped_link_answers_404(login: Any) -> None:
    lene = login("leader")
    calendar_app = lene.application.test_client()
    first = make_link(lene)
    second = make_link(lene)

    assert calendar_app.get(first.split("localhost", 1)[1]).status_code == 404
    assert calendar_app.get(second.split("localhost", 1)[1]).status_code == 200
    stopped = lene.post(
        "/leader/calendar/feed/stop", data={"csrf_token": csrf_token(lene, "/leader/calendar")}
    )
    assert stopped.status_code == 302
    assert calendar_app.get(second.split("localhost", 1)[1]).status_code == 404
    assert calendar_app.get("/calendar-feeds/guessed.ics").status_code == 404
