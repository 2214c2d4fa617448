"""The employee's "My development" page: their own timeline, NPS and tasks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from flask.testing import FlaskClient

from journal import clock
from journal.commands import Journal
from tests.organisation import Org
from tests.web.conftest import csrf_token


def log_one_to_one(journal: Journal, org: Org, employee: UUID, shared: str, private: str) -> UUID:
    """A 1-to-1 that Lene held with one of her employees an hour ago."""
    return journal.log_interaction(
        leader_id=org.leader,
        employee_id=employee,
        kind="one_to_one",
        occurred_at=clock.now() - timedelta(hours=1),
        minutes=30,
        shared_notes=shared,
        private_notes=private,
    )


def assign(journal: Journal, org: Org, employee: UUID, title: str) -> UUID:
    """A task from Lene, due in a week."""
    return journal.assign_task(
        leader_id=org.leader,
        employee_id=employee,
        title=title,
        passion="customers",
        due_on=clock.now().date() + timedelta(days=7),
    )


def test_an_employee_reads_their_shared_notes_but_never_the_private_ones(
    login: Any, journal: Journal, org: Org
) -> None:
    log_one_to_one(journal, org, org.employee, "Good calls this week", "Seems tired lately")
    page = login("employee").get("/me").get_data(as_text=True)
    assert "Good calls this week" in page
    assert "Seems tired lately" not in page


def test_an_employee_does_not_see_a_colleagues_entries(
    login: Any, journal: Journal, org: Org
) -> None:
    log_one_to_one(journal, org, org.colleague, "Eva's own conversation", "")
    assign(journal, org, org.colleague, "Eva's task")
    page = login("employee").get("/me").get_data(as_text=True)
    assert "Eva&#39;s own conversation" not in page and "Eva's own conversation" not in page
    assert "Eva&#39;s task" not in page and "Eva's task" not in page
    assert "No open tasks." in page


def test_an_employee_filters_their_timeline_by_kind(login: Any, journal: Journal, org: Org) -> None:
    log_one_to_one(journal, org, org.employee, "Talked about the new queue", "")
    journal.record_feedback(
        employee_id=org.employee,
        score=9,
        channel="phone",
        received_at=clock.now() - timedelta(hours=2),
        comment="Helpful and quick",
        recorded_by=org.leader,
    )
    page = login("employee").get("/me?kind=feedback").get_data(as_text=True)
    assert "Helpful and quick" in page
    assert "Talked about the new queue" not in page


def test_the_nps_chart_waits_for_the_first_customer_rating(
    login: Any, journal: Journal, org: Org
) -> None:
    client = login("employee")
    assert "No customer feedback yet" in client.get("/me").get_data(as_text=True)
    journal.record_feedback(
        employee_id=org.employee,
        score=10,
        channel="chat",
        received_at=clock.now() - timedelta(days=1),
        recorded_by=org.leader,
    )
    one = client.get("/me").get_data(as_text=True)
    for _ in range(9):
        journal.record_feedback(
            employee_id=org.employee, score=9, channel="chat",
            received_at=clock.now() - timedelta(days=1), recorded_by=org.leader,
        )  # fmt: skip
    page = client.get("/me").get_data(as_text=True)
    assert "No customer feedback yet" not in one and "<svg" not in one
    assert "Too few customer answers to draw your line yet" in one and "too few answers (1)" in one
    assert "<svg" in page and "My NPS over the 90 days" in page and "95 % interval, low" in page
    assert "<script" not in page


def test_the_nps_line_rolls_over_90_days_so_answers_spread_over_months_still_draw_it(
    login: Any, journal: Journal, org: Org
) -> None:
    # Five answers a month: no month has the ten a score needs, but 90 days do.
    for days_ago in (5, 10, 15, 20, 25, 40, 45, 50, 55, 60):
        journal.record_feedback(
            employee_id=org.employee, score=9, channel="chat",
            received_at=clock.now() - timedelta(days=days_ago), recorded_by=org.leader,
        )  # fmt: skip
    page = login("employee").get("/me").get_data(as_text=True)
    assert "<svg" in page and "My NPS over the 90 days" in page
    assert "so far" in page  # today's point is a month in progress


def test_the_timeline_pages_through_older_entries(login: Any, journal: Journal, org: Org) -> None:
    for number in range(22):
        log_one_to_one(journal, org, org.employee, f"Conversation number {number:02d}", "")
    client = login("employee")
    first = client.get("/me").get_data(as_text=True)
    second = client.get("/me?page=2").get_data(as_text=True)
    assert "Older" in first
    assert sum(f"Conversation number {n:02d}" in first for n in range(22)) == 20
    assert sum(f"Conversation number {n:02d}" in second for n in range(22)) == 2


def test_an_employee_starts_and_completes_their_own_task(
    login: Any, journal: Journal, org: Org
) -> None:
    task_id = assign(journal, org, org.employee, "Ask five customers about chat")
    client = login("employee")
    token = csrf_token(client, "/me")
    started = client.post(f"/me/tasks/{task_id}/start", data={"csrf_token": token})
    assert started.status_code == 302
    assert journal.read.task_board.for_employee(org.employee).open[0].state == "started"
    prefix = f"task-{task_id}"
    completed = client.post(
        f"/me/tasks/{task_id}/complete",
        data={f"{prefix}-csrf_token": token, f"{prefix}-outcome": "Four of five like it"},
    )
    assert completed.status_code == 302
    board = journal.read.task_board.for_employee(org.employee)
    assert [t.outcome for t in board.completed] == ["Four of five like it"]
    assert "Four of five like it" in client.get("/me").get_data(as_text=True)


def test_completing_a_task_without_an_outcome_shows_why_and_writes_nothing(
    login: Any, journal: Journal, org: Org
) -> None:
    task_id = assign(journal, org, org.employee, "Test the new FAQ")
    client = login("employee")
    prefix = f"task-{task_id}"
    response = client.post(
        f"/me/tasks/{task_id}/complete",
        data={f"{prefix}-csrf_token": csrf_token(client, "/me"), f"{prefix}-outcome": ""},
    )
    assert response.status_code == 422
    assert "This field is required." in response.get_data(as_text=True)
    assert journal.read.task_board.for_employee(org.employee).open[0].state == "assigned"


def test_an_employee_cannot_move_a_colleagues_task(login: Any, journal: Journal, org: Org) -> None:
    task_id = assign(journal, org, org.colleague, "Eva's task")
    client = login("employee")
    response = client.post(
        f"/me/tasks/{task_id}/start", data={"csrf_token": csrf_token(client, "/me")}
    )
    assert response.status_code == 404
    assert journal.read.task_board.for_employee(org.colleague).open[0].state == "assigned"


@pytest.mark.parametrize("person", ["leader", "auditor", "admin"])
def test_only_an_employee_has_a_development_page(login: Any, person: str) -> None:
    client: FlaskClient = login(person)
    assert client.get("/me").status_code == 403


def test_a_long_task_history_shows_the_latest_and_says_how_many_more(
    login: Any, journal: Journal, org: Org
) -> None:
    for n in range(12):
        assign(journal, org, org.employee, f"Open task {n:02}")
        done = assign(journal, org, org.employee, f"Done task {n:02}")
        journal.complete_task(done, f"Outcome {n:02}", recorded_by=org.employee)
    client = login("employee")

    page = client.get("/me").get_data(as_text=True)
    everything = client.get("/me?tasks=all").get_data(as_text=True)

    assert page.count("Complete “Open task") == 10 and "Show the other 2 open tasks" in page
    assert everything.count("Complete “Open task") == 12 and "Show the other" not in everything
    tasks = page.split('id="tasks"')[1].split('id="timeline"')[0]
    assert "The latest 10 of 12" in tasks and tasks.count("Done task") == 10
    assert "Done task 11" in tasks and "Done task 00" not in tasks  # newest first
    full = journal.read.task_board.for_employee(org.employee)
    limited = journal.read.task_board.for_employee(org.employee, closed_limit=3)
    assert len(full.completed) == 12 and len(limited.completed) == 3
    assert limited.completed_total == 12 and limited.passion_match == full.passion_match
