"""Check your calendar: the wish first, then three random working days against the wish and
the controller pattern, in words, chart and table; each draw seen by an auditor."""

from __future__ import annotations

import html
import re
from typing import Any

from babel.dates import format_date

from journal.commands import Journal
from tests.organisation import Org
from tests.web.conftest import csrf_token
from tests.web.test_pages_calendar import OUTLOOK, import_file

PAGE = "/leader/calendar/check"
NOVEMBER = {"start": "2026-11-01", "end": "2026-11-30"}
WISH = {"split_planning": 10, "split_reporting": 5, "split_follow_up": 15, "split_people": 60,
        "split_other": 10}  # fmt: skip


def text_of(response: Any) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def test_the_wish_comes_first_and_a_split_that_does_not_add_up_is_named(
    login: Any, org: Org, journal: Journal
) -> None:
    lene = login("leader")
    first = text_of(lene.get(PAGE))

    wrong = lene.post(
        f"{PAGE}/wish", data={"csrf_token": csrf_token(lene, PAGE), **WISH, "split_other": 50}
    )
    saved = lene.post(f"{PAGE}/wish", data={"csrf_token": csrf_token(lene, PAGE), **WISH})

    assert "You have not said what you wish for yet." in first
    assert "Say what you wish for first." in first and "Draw three days" not in first
    assert wrong.status_code == 422 and "must sum to 100" in text_of(wrong)
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"{PAGE}#draw")
    assert journal.calendar_of(org.leader).split == {
        "planning": 10, "reporting": 5, "follow_up": 15, "people": 60, "other": 10,
    }  # fmt: skip
    assert "Draw three days" in text_of(lene.get(PAGE))


def test_three_days_are_drawn_and_shown_against_the_wish_and_the_controller_pattern(
    login: Any, org: Org, journal: Journal
) -> None:
    lene = login("leader")
    lene.post(f"{PAGE}/wish", data={"csrf_token": csrf_token(lene, PAGE), **WISH})
    import_file(lene, OUTLOOK.read_bytes())

    drawn = lene.post(PAGE, data={"csrf_token": csrf_token(lene, PAGE), **NOVEMBER})
    page = text_of(lene.get(PAGE))
    again = lene.post(PAGE, data={"csrf_token": csrf_token(lene, PAGE), **NOVEMBER})
    after = text_of(lene.get(PAGE))

    assert drawn.status_code == 302 and drawn.headers["Location"].endswith(f"{PAGE}#drawn")
    [check] = journal.read.meetings.checks(org.leader, limit=1) if again else []
    shares = check.found_shares
    assert len(re.findall(r'<li><a href="/leader/calendar\?from=2026-11-\d\d', page)) == 3
    # The draw is random: three days of this export may hold under the check's six hours.
    if check.looks_like == "too_little":
        assert "Too little to compare: these days hold only" in after
    else:
        assert (
            f"{shares['plans_and_reports']}% went to planning and reporting, "
            f"{shares['follow_up']}% to follow-up and {shares['people']}% to your people"
        ) in after
    assert "You wished for 15/15/60." in page
    assert "<svg" in page and "Controller pattern" in page
    assert "Draw again" in page and "Earlier draws" in after


def test_too_few_working_days_are_named_on_the_form_and_nothing_is_drawn(
    login: Any, org: Org, journal: Journal
) -> None:
    lene = login("leader")
    lene.post(f"{PAGE}/wish", data={"csrf_token": csrf_token(lene, PAGE), **WISH})
    import_file(lene, OUTLOOK.read_bytes())

    refused = lene.post(
        PAGE, data={"csrf_token": csrf_token(lene, PAGE), "start": "2026-11-01",
                    "end": "2026-11-05"},
    )  # fmt: skip

    assert refused.status_code == 422
    assert "has 2 working days with meetings that count; the check draws 3" in text_of(refused)
    assert journal.read.meetings.checks(org.leader) == []


def test_an_auditor_sees_which_days_were_drawn(login: Any, org: Org, journal: Journal) -> None:
    lene = login("leader")
    lene.post(f"{PAGE}/wish", data={"csrf_token": csrf_token(lene, PAGE), **WISH})
    import_file(lene, OUTLOOK.read_bytes())
    lene.post(PAGE, data={"csrf_token": csrf_token(lene, PAGE), **NOVEMBER})
    [check] = journal.read.meetings.checks(org.leader)

    log = text_of(login("auditor").get("/audit/events?event_type=LeaderMeetings.DaysDrawn"))

    assert "LeaderMeetings.DaysDrawn" in log
    assert all(format_date(day, "medium", locale="en") in log for day in check.days)


def test_the_check_is_in_danish_for_a_danish_reader(login: Any) -> None:
    lene = login("leader")
    lene.post("/language", data={"language": "da", "csrf_token": csrf_token(lene, "/leader")})

    page = text_of(lene.get(PAGE))

    assert "Tjek din kalender" in page
