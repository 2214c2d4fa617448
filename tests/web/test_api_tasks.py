"""Tasks through the API, and an employee's task board and timeline."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from journal import clock
from journal.commands import Journal
from tests.organisation import Org


def due() -> date:
    """Two weeks from now: a due date taken when the test runs, not when it is imported."""
    return (clock.now() + timedelta(days=14)).date()


def assign(journal: Journal, org: Org, **overrides: Any) -> UUID:
    """A task Lene gives Emil."""
    values: dict[str, Any] = dict(
        leader_id=org.leader,
        employee_id=org.employee,
        title="Test the new self-service app",
        passion="product",
        due_on=due(),
    )
    return journal.assign_task(**{**values, **overrides})


def new_task(org: Org, **overrides: Any) -> dict[str, Any]:
    """The body of a task assignment for Emil."""
    return {
        "employee_id": str(org.employee),
        "title": "Ask five customers about the new app",
        "passion": "customers",
        "due_on": due().isoformat(),
        **overrides,
    }


# -- assigning -----------------------------------------------------------------------------


def test_a_leader_assigns_a_task_to_an_employee_in_the_team(api: Any, org: Org) -> None:
    leader = api("leader")
    body = new_task(org, priority=1, description="Ring dem op")
    created = leader.post("/api/v1/tasks", body)
    assert created.status_code == 201
    task = leader.get(f"/api/v1/tasks/{created.json['id']}").json
    assert task["employee_id"] == str(org.employee)
    assert task["leader_id"] == str(org.leader)
    assert (task["state"], task["priority"], task["due_on"]) == ("assigned", 1, body["due_on"])
    assert task["assigned_at"].endswith("+00:00")
    board = api("employee").get(f"/api/v1/people/{org.employee}/tasks").json
    assert [t["title"] for t in board["open"]] == ["Ask five customers about the new app"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"due_on": "next friday"}, "due_on"),
        ({"priority": 4}, "priority"),
        ({"priority": "high"}, "priority"),
        ({"employee_id": "emil"}, "employee_id"),
        ({"passion": "money"}, "passion"),
        ({"surprise": True}, "surprise"),
    ],
)
def test_a_task_assignment_with_a_bad_field_names_it(
    api: Any, org: Org, change: dict[str, Any], field: str
) -> None:
    response = api("leader").post("/api/v1/tasks", new_task(org, **change))
    assert response.status_code == 422
    assert field in response.json["errors"]


def test_a_task_assignment_without_a_body_is_a_422_not_a_crash(api: Any, org: Org) -> None:
    response = api("leader").post("/api/v1/tasks", [1, 2, 3])
    assert response.status_code == 422


def test_a_leader_cannot_assign_a_task_outside_their_team(api: Any, org: Org) -> None:
    response = api("leader").post("/api/v1/tasks", new_task(org, employee_id=str(org.outsider)))
    assert response.status_code == 422
    assert "employee_id" in response.json["errors"]
    assert "Otto" not in response.json["message"]


@pytest.mark.parametrize("role", ["employee", "auditor", "admin"])
def test_only_a_leader_assigns_tasks(api: Any, org: Org, role: str) -> None:
    assert api(role).post("/api/v1/tasks", new_task(org)).status_code == 403


def test_another_leader_cannot_assign_to_someone_elses_employee(api: Any, org: Org) -> None:
    response = api("other_leader").post("/api/v1/tasks", new_task(org))
    assert response.status_code == 422
    assert "employee_id" in response.json["errors"]


# -- the lifecycle -------------------------------------------------------------------------


def test_the_employee_starts_and_completes_their_own_task(
    api: Any, journal: Journal, org: Org
) -> None:
    task_id = assign(journal, org)
    employee = api("employee")
    started = employee.post(f"/api/v1/tasks/{task_id}/start")
    assert started.status_code == 200
    assert started.json["state"] == "started"
    done = employee.post(f"/api/v1/tasks/{task_id}/complete", {"outcome": "Fandt tre fejl"})
    assert done.status_code == 200
    assert (done.json["state"], done.json["outcome"]) == ("completed", "Fandt tre fejl")
    log = journal.history.log(event_types=["Task.Started", "Task.Completed"]).events
    assert [e.recorded_by for e in log] == [org.employee, org.employee]


def test_the_leader_starts_a_task_of_their_team(api: Any, journal: Journal, org: Org) -> None:
    task_id = assign(journal, org)
    assert api("leader").post(f"/api/v1/tasks/{task_id}/start").json["state"] == "started"


def test_starting_a_completed_task_is_refused_naming_the_state(
    api: Any, journal: Journal, org: Org
) -> None:
    task_id = assign(journal, org)
    journal.complete_task(task_id, "Færdig", recorded_by=org.employee)
    response = api("employee").post(f"/api/v1/tasks/{task_id}/start")
    assert response.status_code == 422
    assert response.json["errors"]["state"] == [
        "only an assigned task can be started; this one is completed"
    ]


def test_completing_without_an_outcome_names_the_outcome(
    api: Any, journal: Journal, org: Org
) -> None:
    task_id = assign(journal, org)
    response = api("employee").post(f"/api/v1/tasks/{task_id}/complete", {})
    assert response.status_code == 422
    assert "outcome" in response.json["errors"]


def test_the_leader_cancels_a_task_saying_why(api: Any, journal: Journal, org: Org) -> None:
    task_id = assign(journal, org)
    leader = api("leader")
    assert leader.post(f"/api/v1/tasks/{task_id}/cancel", {}).json["errors"].keys() == {"reason"}
    cancelled = leader.post(f"/api/v1/tasks/{task_id}/cancel", {"reason": "Appen udskydes"})
    assert (cancelled.json["state"], cancelled.json["cancel_reason"]) == (
        "cancelled",
        "Appen udskydes",
    )
    board = leader.get(f"/api/v1/people/{org.employee}/tasks").json
    assert [t["task_id"] for t in board["cancelled"]] == [str(task_id)]


def test_the_leader_reassigns_a_task_to_a_colleague(api: Any, journal: Journal, org: Org) -> None:
    task_id = assign(journal, org)
    response = api("leader").post(
        f"/api/v1/tasks/{task_id}/reassign", {"employee_id": str(org.colleague)}
    )
    assert response.status_code == 200
    assert response.json["employee_id"] == str(org.colleague)
    assert api("colleague").get(f"/api/v1/tasks/{task_id}").status_code == 200
    assert api("employee").get(f"/api/v1/tasks/{task_id}").status_code == 404


@pytest.mark.parametrize("who", ["employee", "outsider"])
def test_a_task_cannot_be_reassigned_to_its_employee_or_outside_the_team(
    api: Any, journal: Journal, org: Org, who: str
) -> None:
    task_id = assign(journal, org)
    body = {"employee_id": str(getattr(org, who))}
    response = api("leader").post(f"/api/v1/tasks/{task_id}/reassign", body)
    assert response.status_code == 422
    assert "employee_id" in response.json["errors"]


def test_the_leader_changes_a_tasks_priority(api: Any, journal: Journal, org: Org) -> None:
    task_id = assign(journal, org)
    leader = api("leader")
    assert leader.post(f"/api/v1/tasks/{task_id}/priority", {"priority": 1}).json["priority"] == 1
    same = leader.post(f"/api/v1/tasks/{task_id}/priority", {"priority": 1})
    assert same.status_code == 422
    assert "priority" in same.json["errors"]
    assert leader.post(f"/api/v1/tasks/{task_id}/priority", {"priority": 0}).status_code == 422


# -- who may touch a task ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("colleague", 404), ("other_leader", 404), ("auditor", 403), ("admin", 403)],
)
def test_only_the_tasks_leader_or_employee_starts_it(
    api: Any, journal: Journal, org: Org, role: str, status: int
) -> None:
    task_id = assign(journal, org)
    assert api(role).post(f"/api/v1/tasks/{task_id}/start").status_code == status
    assert journal.history.task(task_id).state == "assigned"


@pytest.mark.parametrize(
    ("action", "body"),
    [("cancel", {"reason": "Keder mig"}), ("priority", {"priority": 1}), ("reassign", None)],
)
def test_the_employee_may_not_cancel_reprioritise_or_reassign(
    api: Any, journal: Journal, org: Org, action: str, body: dict[str, Any] | None
) -> None:
    task_id = assign(journal, org)
    body = body or {"employee_id": str(org.colleague)}
    response = api("employee").post(f"/api/v1/tasks/{task_id}/{action}", body)
    assert response.status_code == 403
    assert journal.history.task(task_id).version == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [("employee", 200), ("leader", 200), ("auditor", 200), ("colleague", 404), ("admin", 403)],
)
def test_who_reads_a_task(api: Any, journal: Journal, org: Org, role: str, status: int) -> None:
    task_id = assign(journal, org)
    assert api(role).get(f"/api/v1/tasks/{task_id}").status_code == status


def test_a_task_that_does_not_exist_is_404(api: Any, org: Org) -> None:
    leader = api("leader")
    assert leader.get(f"/api/v1/tasks/{uuid4()}").status_code == 404
    assert leader.post(f"/api/v1/tasks/{uuid4()}/start").status_code == 404
    assert leader.post("/api/v1/tasks/not-an-id/start").status_code == 404


def test_an_interaction_id_is_not_a_task(api: Any, journal: Journal, org: Org) -> None:
    interaction = journal.log_interaction(
        leader_id=org.leader, employee_id=org.employee, kind="one_to_one",
        occurred_at=clock.now(), minutes=30,
    )  # fmt: skip
    assert api("leader").get(f"/api/v1/tasks/{interaction}").status_code == 404


# -- the task board ------------------------------------------------------------------------


def test_the_task_board_shows_how_tasks_match_the_employees_passions(
    api: Any, journal: Journal, org: Org
) -> None:
    journal.set_passions(org.employee, ["product"], recorded_by=org.leader)
    assign(journal, org, passion="product")
    done = assign(journal, org, passion="customers", title="Ring til kunder")
    journal.complete_task(done, "Tre opkald", recorded_by=org.employee)
    board = api("employee").get(f"/api/v1/people/{org.employee}/tasks").json
    assert board["passions"] == ["product"]
    assert [t["title"] for t in board["open"]] == ["Test the new self-service app"]
    assert [t["outcome"] for t in board["completed"]] == ["Tre opkald"]
    assert board["passion_match"] == 0.5


def test_an_empty_task_board_has_no_passion_match(api: Any, org: Org) -> None:
    board = api("leader").get(f"/api/v1/people/{org.employee}/tasks").json
    assert (board["open"], board["passion_match"]) == ([], None)


@pytest.mark.parametrize(
    ("role", "status"), [("colleague", 404), ("other_leader", 404), ("admin", 403)]
)
def test_others_do_not_read_an_employees_task_board(
    api: Any, org: Org, role: str, status: int
) -> None:
    assert api(role).get(f"/api/v1/people/{org.employee}/tasks").status_code == status


def test_a_leader_has_no_task_board(api: Any, org: Org) -> None:
    assert api("auditor").get(f"/api/v1/people/{org.leader}/tasks").status_code == 404


# -- the timeline --------------------------------------------------------------------------


def log_one_to_one(journal: Journal, org: Org, days_ago: int = 1, **values: Any) -> UUID:
    """A 1-to-1 Lene had with Emil, with private notes."""
    return journal.log_interaction(
        leader_id=org.leader, employee_id=org.employee, kind="one_to_one",
        occurred_at=clock.now() - timedelta(days=days_ago), minutes=30,
        shared_notes="Vi talte om kunderne", private_notes="Virker træt", **values,
    )  # fmt: skip


def timeline(client: Any, org: Org, **query: Any) -> Any:
    """Emil's timeline as one caller reads it."""
    return client.get(f"/api/v1/people/{org.employee}/timeline", query_string=query)


def test_the_employee_reads_their_timeline_without_private_notes(
    api: Any, journal: Journal, org: Org
) -> None:
    log_one_to_one(journal, org, agreed_actions=["Prøv den nye app"])
    (entry,) = timeline(api("employee"), org).json["items"]
    assert (entry["entry_type"], entry["kind"]) == ("interaction", "one_to_one")
    assert entry["shared_notes"] == "Vi talte om kunderne"
    assert entry["agreed_actions"] == ["Prøv den nye app"]
    assert entry["private_notes"] is None
    (own,) = timeline(api("leader"), org).json["items"]
    assert own["private_notes"] == "Virker træt"


def test_the_timeline_filters_by_type_and_pages_newest_first(
    api: Any, journal: Journal, org: Org
) -> None:
    log_one_to_one(journal, org, days_ago=3)
    journal.record_feedback(
        employee_id=org.employee, score=9, channel="chat",
        received_at=clock.now() - timedelta(days=2), recorded_by=org.leader,
    )  # fmt: skip
    assign(journal, org)
    leader = api("leader")
    assert [e["entry_type"] for e in timeline(leader, org).json["items"]] == [
        "task", "feedback", "interaction",
    ]  # fmt: skip
    both = timeline(leader, org, type=["feedback", "interaction"]).json
    assert [e["entry_type"] for e in both["items"]] == ["feedback", "interaction"]
    second = timeline(leader, org, limit=1, page=2).json
    assert (second["total"], second["page"], second["limit"]) == (3, 2, 1)
    assert [e["entry_type"] for e in second["items"]] == ["feedback"]


def test_retracted_entries_show_only_when_asked_for(api: Any, journal: Journal, org: Org) -> None:
    interaction = log_one_to_one(journal, org)
    journal.retract_interaction(interaction, "Forkert medarbejder", recorded_by=org.leader)
    employee = api("employee")
    assert timeline(employee, org).json["items"] == []
    (entry,) = timeline(employee, org, include_retracted="true").json["items"]
    assert entry["state"] == "retracted"
    assert entry["details"]["retraction_reason"] == "Forkert medarbejder"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"type": "gossip"}, "type"),
        ({"page": 0}, "page"),
        ({"limit": 1000}, "limit"),
        ({"include_retracted": "maybe"}, "include_retracted"),
        ({"as_of": "2026-01-01T12:00:00"}, "as_of"),
        ({"known_at": "tomorrow"}, "known_at"),
    ],
)
def test_a_bad_timeline_query_names_the_field(
    api: Any, org: Org, query: dict[str, Any], field: str
) -> None:
    response = timeline(api("leader"), org, **query)
    assert response.status_code == 422
    assert field in response.json["errors"]


@pytest.mark.parametrize(
    ("role", "status"), [("colleague", 404), ("other_leader", 404), ("admin", 403)]
)
def test_others_do_not_read_an_employees_timeline(
    api: Any, org: Org, role: str, status: int
) -> None:
    assert timeline(api(role), org).status_code == status
