"""A leader's own time, priorities and reports through the API."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from journal import clock
from journal.commands import Journal
from tests.organisation import Org


@pytest.fixture
def today(journal: Journal) -> date:
    """The organisation's date when the test runs (never computed at import time)."""
    return journal.today()


SPLIT = {"planning": 10, "reporting": 10, "follow_up": 10, "people": 60, "other": 10}


def path(org: Org, report: str) -> str:
    """The URL of one of Lene's resources."""
    return f"/api/v1/leaders/{org.leader}/{report}"


# -- time entries --------------------------------------------------------------------------


def test_a_leader_logs_time_and_sees_it_in_the_calendar_audit(
    today: date, api: Any, org: Org
) -> None:
    leader = api("leader")
    entry = {"on": today.isoformat(), "minutes": 90, "category": "people", "note": "1-til-1"}
    created = leader.post(path(org, "time-entries"), entry)
    assert created.status_code == 201
    assert created.json["id"]
    leader.post(path(org, "time-entries"), {**entry, "minutes": 30, "category": "reporting"})
    audit = leader.get(path(org, "calendar-audit")).json
    assert audit["minutes"]["people"] == 90
    assert audit["total_minutes"] == 120
    # Two hours on one day is not enough for a verdict: it says so, and gives none.
    assert (audit["people_share"], audit["enough"], audit["verdict"]) == (75.0, False, None)
    assert (audit["days_with_time"], audit["margin"], audit["band"]) == (1, 25.0, None)
    for back in range(1, 5):  # four more days: ten hours over five days
        leader.post(path(org, "time-entries"), {**entry, "on": str(today - timedelta(days=back)),
                                                 "minutes": 120})  # fmt: skip
    audit = leader.get(path(org, "calendar-audit")).json
    assert (audit["enough"], audit["verdict"], audit["band"]) == (True, "coach", "coach")
    assert (audit["from"], audit["to"]) == ((today - timedelta(days=27)).isoformat(), str(today))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"on": "yesterday"}, "on"),
        ({"on": "in five days"}, "on"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": "an hour"}, "minutes"),
        ({"minutes": 24 * 60 + 1}, "minutes"),
        ({"category": "golf"}, "category"),
        ({"note": "x" * 501}, "note"),
    ],
)
def test_a_time_entry_with_a_bad_field_names_it(
    today: date, api: Any, org: Org, change: dict[str, Any], field: str
) -> None:
    if change.get("on") == "in five days":
        change = {"on": (today + timedelta(days=5)).isoformat()}
    entry = {"on": today.isoformat(), "minutes": 60, "category": "planning", **change}
    response = api("leader").post(path(org, "time-entries"), entry)
    assert response.status_code == 422
    assert field in response.json["errors"]


def test_a_day_holds_at_most_24_hours(today: date, api: Any, org: Org) -> None:
    leader = api("leader")
    entry = {"on": today.isoformat(), "minutes": 1000, "category": "planning"}
    assert leader.post(path(org, "time-entries"), entry).status_code == 201
    again = leader.post(path(org, "time-entries"), entry)
    assert again.status_code == 422
    assert "minutes" in again.json["errors"]


@pytest.mark.parametrize(
    ("role", "status"),
    [("employee", 404), ("other_leader", 404), ("auditor", 403), ("admin", 403)],
)
def test_only_the_leader_logs_their_own_time(
    today: date, api: Any, journal: Journal, org: Org, role: str, status: int
) -> None:
    entry = {"on": today.isoformat(), "minutes": 60, "category": "people"}
    assert api(role).post(path(org, "time-entries"), entry).status_code == status
    assert journal.calendar_of(org.leader).minutes_by_day == {}


# -- priorities ----------------------------------------------------------------------------


def test_a_leader_sets_their_priorities_and_reads_them_back(api: Any, org: Org) -> None:
    leader = api("leader")
    assert leader.get(path(org, "priorities")).json["priorities_set"] is False
    body = {"split": SPLIT, "one_to_one_every_days": 14, "focus_areas": ["Flere walk-and-talks"]}
    response = leader.put(path(org, "priorities"), body)
    assert response.status_code == 200
    current = leader.get(path(org, "priorities")).json
    assert current == {
        "split": SPLIT,
        "one_to_one_every_days": 14,
        "walk_and_talk_every_days": 30,
        "focus_areas": ["Flere walk-and-talks"],
        "priorities_set": True,
    }
    assert response.json == current


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"split": {**SPLIT, "people": 70}}, "split"),
        ({"split": {**SPLIT, "golf": 0}}, "split"),
        ({"split": ["people"]}, "split"),
        ({"split": {**SPLIT, "people": "60%"}}, "split.people.value"),
        ({"split": SPLIT, "one_to_one_every_days": 0}, "one_to_one_every_days"),
        ({"split": SPLIT, "walk_and_talk_every_days": "monthly"}, "walk_and_talk_every_days"),
        ({"split": SPLIT, "focus_areas": "coaching"}, "focus_areas"),
        ({}, "split"),
    ],
)
def test_bad_priorities_name_the_field(
    api: Any, org: Org, body: dict[str, Any], field: str
) -> None:
    response = api("leader").put(path(org, "priorities"), body)
    assert response.status_code == 422
    assert field in response.json["errors"], response.json


@pytest.mark.parametrize(
    ("role", "status"),
    [("employee", 404), ("other_leader", 404), ("auditor", 403), ("admin", 403)],
)
def test_only_the_leader_sets_their_priorities(api: Any, org: Org, role: str, status: int) -> None:
    assert api(role).put(path(org, "priorities"), {"split": SPLIT}).status_code == status
    assert api("leader").get(path(org, "priorities")).json["priorities_set"] is False


# -- reports -------------------------------------------------------------------------------


def test_the_coaching_log_counts_the_period_s_interactions(
    today: date, api: Any, journal: Journal, org: Org
) -> None:
    for days_ago, kind in ((1, "one_to_one"), (3, "walk_and_talk"), (40, "one_to_one")):
        journal.log_interaction(
            leader_id=org.leader, employee_id=org.employee, kind=kind,
            occurred_at=clock.now() - timedelta(days=days_ago), minutes=30,
            private_notes="Privat",
        )  # fmt: skip
    log = api("leader").get(path(org, "coaching-log")).json
    assert len(log["interactions"]) == 2
    assert (log["per_kind"]["one_to_one"], log["per_kind"]["walk_and_talk"]) == (1, 1)
    assert log["per_employee"] == {str(org.employee): 2}
    assert log["minutes"] == 60
    assert "private_notes" not in log["interactions"][0]
    earlier = {"from": (today - timedelta(days=45)).isoformat(), "to": str(today)}
    longer = api("auditor").get(path(org, "coaching-log"), query_string=earlier).json
    assert len(longer["interactions"]) == 3


def test_the_cadence_shows_who_is_overdue_a_one_to_one(
    api: Any, journal: Journal, org: Org
) -> None:
    journal.log_interaction(
        leader_id=org.leader, employee_id=org.employee, kind="one_to_one",
        occurred_at=clock.now() - timedelta(days=10), minutes=30,
    )  # fmt: skip
    cadence = api("leader").get(path(org, "cadence")).json
    rows = {row["name"]: row for row in cadence["team"]}
    assert set(rows) == {"Emil Ansat", "Eva Kollega"}
    assert rows["Emil Ansat"]["one_to_one"]["is_overdue"] is True
    assert rows["Eva Kollega"]["one_to_one"]["is_overdue"] is False
    assert rows["Eva Kollega"]["one_to_one"]["last"] is None


def test_the_cadence_of_a_past_period_is_measured_at_its_end(
    today: date, api: Any, journal: Journal, org: Org
) -> None:
    journal.log_interaction(
        leader_id=org.leader, employee_id=org.employee, kind="one_to_one",
        occurred_at=clock.now() - timedelta(days=10), minutes=30,
    )  # fmt: skip
    then = {"to": (today - timedelta(days=8)).isoformat()}
    cadence = api("leader").get(path(org, "cadence"), query_string=then).json
    assert cadence["measured_at"].startswith((today - timedelta(days=7)).isoformat())
    rows = {row["name"]: row for row in cadence["team"]}
    assert rows["Emil Ansat"]["one_to_one"]["is_overdue"] is False


def test_the_nps_report_counts_the_team_s_ratings(
    today: date, api: Any, journal: Journal, org: Org
) -> None:
    for score in (10, 9, 3):
        journal.record_feedback(
            employee_id=org.employee, score=score, channel="phone",
            received_at=clock.now() - timedelta(hours=1), recorded_by=org.leader,
        )  # fmt: skip
    report = api("leader").get(path(org, "nps")).json
    assert report["team"] == {
        "promoters": 2, "passives": 0, "detractors": 1, "responses": 3, "score": 33.3,
        "interval_low": -51.3, "interval_high": 84.7, "enough": False,  # three say little
    }  # fmt: skip
    assert report["trend"][-1]["month"] == today.strftime("%Y-%m")
    assert report["trend"][-1]["nps"]["responses"] == 3


@pytest.mark.parametrize("report", ["coaching-log", "cadence", "calendar-audit", "nps"])
def test_a_period_that_ends_before_it_starts_names_to(
    today: date, api: Any, org: Org, report: str
) -> None:
    backwards = {"from": str(today), "to": str(today - timedelta(days=1))}
    response = api("leader").get(path(org, report), query_string=backwards)
    assert response.status_code == 422
    assert "to" in response.json["errors"]


@pytest.mark.parametrize("report", ["coaching-log", "nps"])
def test_a_period_that_is_not_a_date_names_the_field(api: Any, org: Org, report: str) -> None:
    response = api("leader").get(path(org, report), query_string={"from": "last monday"})
    assert response.status_code == 422
    assert "from" in response.json["errors"]


@pytest.mark.parametrize("report", ["coaching-log", "cadence", "calendar-audit", "nps"])
@pytest.mark.parametrize(
    ("role", "status"),
    [("leader", 200), ("auditor", 200), ("employee", 404), ("other_leader", 404), ("admin", 403)],
)
def test_who_reads_a_leader_s_reports(
    api: Any, org: Org, report: str, role: str, status: int
) -> None:
    assert api(role).get(path(org, report)).status_code == status


def test_an_employee_is_not_a_leader(api: Any, org: Org) -> None:
    assert api("auditor").get(f"/api/v1/leaders/{org.employee}/priorities").status_code == 404


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 12, 1, 23, 30, tzinfo=UTC),  # 00:30 on 2 December in Copenhagen
        datetime(2026, 12, 2, 0, 30, tzinfo=UTC),  # 01:30 on 2 December in Copenhagen
    ],
    ids=["23:30 UTC", "00:30 UTC"],
)
def test_the_api_and_the_pages_agree_on_today_around_midnight_utc(
    api: Any, login: Any, org: Org, moment: datetime
) -> None:
    with clock.frozen_at(moment):
        report = api("leader").get(path(org, "calendar-audit")).json
        page = login("leader").get("/leader/time").get_data(as_text=True)
        calendar = login("leader").get("/leader/calendar").get_data(as_text=True)

    assert (report["from"], report["to"]) == ("2026-11-05", "2026-12-02")
    assert 'value="2026-12-02"' in page  # the time entry form's default date
    # The last four weeks are the same days in the API and on the leader's calendar page.
    assert 'value="2026-11-05"' in calendar and 'value="2026-12-02"' in calendar
