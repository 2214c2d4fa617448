"""A manager of leaders sees each leader they oversee in aggregates and counts only: the
verdict, cadence, requests, follow-through and team NPS; never a note or an employee."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from flask import Flask

from journal import clock
from journal.commands import Journal
from journal.read import overview
from tests.organisation import PASSWORD, Org
from tests.web.conftest import api_client, csrf_token, page_client


def arrange(journal: Journal, org: Org) -> Any:
    """Maja oversees Lene; Lene's team has coaching, an ask, an agreed action and ratings."""
    maja = journal.register_person(
        role="manager", name="Maja Manager", email="maja@example.dk", recorded_by=org.admin
    )
    journal.open_account(maja, username="manager", password=PASSWORD, recorded_by=org.admin)
    journal.oversee_leader(maja, org.leader, recorded_by=org.admin)
    for kind in ("one_to_one", "walk_and_talk"):
        journal.log_interaction(
            leader_id=org.leader, employee_id=org.employee, kind=kind,
            occurred_at=clock.now() - timedelta(days=2), minutes=30,
            shared_notes="Delt hemmelighed", private_notes="Privat hemmelighed",
            agreed_actions=["Læs kundeguiden"],
        )  # fmt: skip
    journal.ask_for_coaching(org.colleague, "training", "Excel-kursus", recorded_by=org.colleague)
    for score in (10, 9, 9, 3, 10, 8, 9, 10, 6, 10, 9):
        journal.record_feedback(
            employee_id=org.employee, score=score, channel="phone",
            received_at=clock.now() - timedelta(days=3), recorded_by=org.leader,
        )  # fmt: skip
    journal.log_time(org.leader, on=journal.today(), minutes=120, category="people")
    return maja


def test_the_overview_shows_aggregates_and_never_a_note_or_an_employee(
    app: Flask, org: Org, journal: Journal
) -> None:
    maja = arrange(journal, org)
    page = page_client(app.test_client(), org, "manager").get("/manager")
    body = re.sub(r"\s+", " ", page.get_data(as_text=True))
    api = api_client(app.test_client(), org, "manager")

    overview = api.get(f"/api/v1/managers/{maja}/overview").json["items"]

    assert page.status_code == 200 and "Lene Leder" in body and "Ole Anden" not in body
    assert "2 of 2 (100%)" in body  # Emil met this week; Eva joined today and is not due yet
    assert "1 waiting" in body and "<svg" in body
    for secret in ("hemmelighed", "Excel-kursus", "Læs kundeguiden", "Emil Ansat", "Eva Kollega"):
        assert secret not in body
    [lene] = overview
    assert (lene["team_size"], lene["in_cadence"], lene["open_requests"]) == (2, 2, 1)
    # Two hours today are not enough to call Lene a coach or a controller.
    assert (lene["verdict"], lene["enough"], lene["hours"]) == (None, False, 2.0)
    assert "not enough calendar data yet (2 hours)" in body
    assert lene["nps"]["responses"] == 11
    assert lene["nps"]["enough"] is True and len(lene["months"]) == 12
    assert "hemmelighed" not in str(overview) and "Emil" not in str(overview)


def test_an_admin_assigns_and_releases_leaders_as_events(
    app: Flask, org: Org, journal: Journal
) -> None:
    maja = arrange(journal, org)
    admin = api_client(app.test_client(), org, "admin")

    added = admin.post(
        f"/api/v1/managers/{maja}/leaders", json={"leader_id": str(org.other_leader)}
    )
    twice = admin.post(
        f"/api/v1/managers/{maja}/leaders", json={"leader_id": str(org.other_leader)}
    )
    released = admin.post(f"/api/v1/managers/{maja}/leaders/{org.leader}/release")
    not_a_leader = admin.post(
        f"/api/v1/managers/{maja}/leaders", json={"leader_id": str(org.employee)}
    )

    assert set(added.json["leader_ids"]) == {str(org.leader), str(org.other_leader)}
    assert twice.status_code == 422 and "already oversees" in twice.json["message"]
    assert released.json["leader_ids"] == [str(org.other_leader)]
    assert not_a_leader.status_code == 422 and list(not_a_leader.json["errors"]) == ["leader_id"]
    log = journal.history.log(event_types=["Person.Overseen", "Person.Released"]).events
    assert [e.event_type for e in log] == ["Person.Overseen", "Person.Overseen", "Person.Released"]


def test_an_admin_gives_a_manager_a_leader_on_the_people_page(
    app: Flask, org: Org, journal: Journal
) -> None:
    maja = arrange(journal, org)
    admin = page_client(app.test_client(), org, "admin")
    token = csrf_token(admin, "/admin/people")

    given = admin.post("/admin/oversight", data={
        "oversight-csrf_token": token, "oversight-manager": str(maja),
        "oversight-action": "oversee", "oversight-leader": str(org.other_leader),
    })  # fmt: skip
    again = admin.post("/admin/oversight", data={
        "oversight-csrf_token": token, "oversight-manager": str(maja),
        "oversight-action": "oversee", "oversight-leader": str(org.other_leader),
    })  # fmt: skip

    assert given.status_code == 302
    assert again.status_code == 422
    assert "the manager already oversees that leader" in again.get_data(as_text=True)
    assert [p.name for p in journal.read.people.overseen_by(maja)] == ["Lene Leder", "Ole Anden"]


def test_results_over_time_for_the_leader_and_for_their_manager(
    app: Flask, org: Org, journal: Journal
) -> None:
    maja = arrange(journal, org)
    lene = page_client(app.test_client(), org, "leader")
    manager = page_client(app.test_client(), org, "manager")

    mine = lene.get("/leader/results")
    theirs = manager.get(f"/manager/leaders/{org.leader}")
    other = manager.get(f"/manager/leaders/{org.other_leader}")
    results = overview.results_by_month(journal, org.leader)
    this_month = results[-1]

    assert mine.status_code == theirs.status_code == 200 and other.status_code == 404
    body = re.sub(r"\s+", " ", theirs.get_data(as_text=True))
    assert "Lene Leder: results over time" in body and "<svg" in body
    assert "2 of 2" in body and "100 %" in body  # both in cadence; all time to people
    assert body.count(", so far") >= 2  # the month in progress, on the chart and in the table
    assert (this_month.people_share, this_month.in_cadence, this_month.team_size) == (100.0, 2, 2)
    assert sum(r.nps.responses for r in results) == 11  # this month or the last, by the date
    for secret in ("hemmelighed", "Emil Ansat", "Eva Kollega"):
        assert secret not in body
    assert maja in {p.person_id for p in journal.read.people.list(role="manager")}
