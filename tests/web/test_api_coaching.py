"""The coaching API: interactions and customer feedback, logged, corrected and retracted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from flask.testing import FlaskClient

from journal.commands import Journal
from journal.domain.coaching import Interaction
from journal.domain.feedback import Feedback
from journal.projections.timeline import Viewer
from tests.organisation import Org

WHEN = "2025-03-03T09:30:00+01:00"
ONE_TO_ONE = {
    "kind": "one_to_one",
    "occurred_at": WHEN,
    "minutes": 45,
    "shared_notes": "talked about the new queue",
    "private_notes": "seems tired",
    "agreed_actions": ["shadow Eva on chat", "read the product notes"],
}
FEEDBACK = {"score": 9, "channel": "phone", "received_at": WHEN, "comment": "very helpful"}
MOMENT = datetime(2025, 3, 3, 8, 30, tzinfo=UTC)


def logged(journal: Journal, org: Org) -> UUID:
    """An interaction Lene logged with Emil."""
    return journal.log_interaction(
        leader_id=org.leader, employee_id=org.employee, kind="walk_and_talk",
        occurred_at=MOMENT, minutes=30, private_notes="private", recorded_by=org.leader,
    )  # fmt: skip


def recorded(journal: Journal, org: Org) -> UUID:
    """Feedback Lene recorded about Emil."""
    return journal.record_feedback(
        employee_id=org.employee, score=6, channel="email", received_at=MOMENT,
        recorded_by=org.leader,
    )  # fmt: skip


def timeline(journal: Journal, org: Org, **kwargs: Any) -> list[Any]:
    """Emil's timeline as his leader sees it."""
    return journal.read.timeline.for_employee(org.employee, Viewer("leader", org.leader), **kwargs)


# -- logging interactions ------------------------------------------------------------------


def test_a_leader_logs_a_one_to_one_with_their_employee(
    api: Any, org: Org, journal: Journal
) -> None:
    response = api("leader").post(f"/api/v1/people/{org.employee}/interactions", json=ONE_TO_ONE)
    assert response.status_code == 201
    body = response.json
    assert (body["leader_id"], body["employee_id"]) == (str(org.leader), str(org.employee))
    assert datetime.fromisoformat(body["occurred_at"]) == MOMENT  # with its time zone
    assert body["private_notes"] == "seems tired" and body["is_retracted"] is False
    interaction = journal.load(Interaction, UUID(body["id"]), "interaction_id")
    assert interaction.agreed_actions == ONE_TO_ONE["agreed_actions"]
    [entry] = timeline(journal, org)
    assert (entry.kind, entry.shared_notes) == ("one_to_one", "talked about the new queue")


def test_a_leader_cannot_log_for_another_teams_employee(
    api: Any, org: Org, journal: Journal
) -> None:
    response = api("leader").post(f"/api/v1/people/{org.outsider}/interactions", json=ONE_TO_ONE)
    assert response.status_code == 404
    assert journal.read.timeline.for_employee(org.outsider, Viewer("auditor")) == []


@pytest.mark.parametrize("caller", ["employee", "auditor", "admin"])
def test_only_the_employees_leader_logs_interactions(
    api: Any, org: Org, journal: Journal, caller: str
) -> None:
    response = api(caller).post(f"/api/v1/people/{org.employee}/interactions", json=ONE_TO_ONE)
    assert response.status_code == 403
    assert timeline(journal, org) == []


def test_a_leader_cannot_log_an_interaction_with_themselves(api: Any, org: Org) -> None:
    response = api("leader").post(f"/api/v1/people/{org.leader}/interactions", json=ONE_TO_ONE)
    assert response.status_code == 403


def test_logging_needs_a_token(client: FlaskClient, org: Org) -> None:
    response = client.post(f"/api/v1/people/{org.employee}/interactions", json=ONE_TO_ONE)
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "coffee"}, "kind"),
        ({"kind": None}, "kind"),
        ({"occurred_at": "2025-03-03T09:30:00"}, "occurred_at"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"occurred_at": (datetime.now(UTC) + timedelta(days=3)).isoformat()}, "occurred_at"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": "45"}, "minutes"),
        ({"minutes": 13 * 60}, "minutes"),
        ({"agreed_actions": "call back"}, "agreed_actions"),
        ({"shared_notes": "x" * 10001}, "shared_notes"),
        ({"mood": "good"}, "mood"),
    ],
)
def test_a_bad_interaction_is_refused_naming_the_field(
    api: Any, org: Org, journal: Journal, change: dict[str, Any], field: str
) -> None:
    body = {**ONE_TO_ONE, **change}
    response = api("leader").post(f"/api/v1/people/{org.employee}/interactions", json=body)
    assert response.status_code == 422
    assert field in response.json["errors"]
    assert timeline(journal, org) == []


def test_an_interaction_without_its_required_fields_names_each(api: Any, org: Org) -> None:
    response = api("leader").post(f"/api/v1/people/{org.employee}/interactions", json={})
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"kind", "occurred_at", "minutes"}


# -- correcting and retracting interactions ------------------------------------------------


def test_the_author_corrects_an_interaction(api: Any, org: Org, journal: Journal) -> None:
    interaction_id = logged(journal, org)
    response = api("leader").post(
        f"/api/v1/interactions/{interaction_id}/corrections",
        json={"changes": {"minutes": 50, "agreed_actions": ["book training"]}, "reason": "typo"},
    )
    assert response.status_code == 200
    assert response.json["minutes"] == 50
    interaction = journal.load(Interaction, interaction_id, "interaction_id")
    assert (interaction.minutes, interaction.agreed_actions) == (50, ["book training"])
    assert interaction.kind == "walk_and_talk"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"changes": {"minutes": 50}}, "reason"),
        ({"changes": {"minutes": 50}, "reason": ""}, "reason"),
        ({"reason": "typo"}, "changes"),
        ({"changes": {}, "reason": "typo"}, "changes"),
        ({"changes": {"minutes": 30}, "reason": "typo"}, "changes"),
        ({"changes": {"leader_id": str(uuid4())}, "reason": "typo"}, "changes.leader_id"),
        ({"changes": {"occurred_at": "2025-03-03"}, "reason": "typo"}, "changes.occurred_at"),
    ],
)
def test_a_bad_correction_is_refused_naming_the_field(
    api: Any, org: Org, journal: Journal, body: dict[str, Any], field: str
) -> None:
    interaction_id = logged(journal, org)
    response = api("leader").post(f"/api/v1/interactions/{interaction_id}/corrections", json=body)
    assert response.status_code == 422
    assert field in response.json["errors"]
    assert journal.load(Interaction, interaction_id, "interaction_id").version == 1


@pytest.mark.parametrize(
    ("caller", "status"),
    [("auditor", 403), ("employee", 403), ("admin", 403), ("colleague", 404),
     ("other_leader", 404)],
)  # fmt: skip
def test_only_the_author_corrects_or_retracts_an_interaction(
    api: Any, org: Org, journal: Journal, caller: str, status: int
) -> None:
    interaction_id = logged(journal, org)
    client = api(caller)
    corrected = client.post(
        f"/api/v1/interactions/{interaction_id}/corrections",
        json={"changes": {"minutes": 50}, "reason": "typo"},
    )
    retracted = client.post(
        f"/api/v1/interactions/{interaction_id}/retraction", json={"reason": "wrong person"}
    )
    assert (corrected.status_code, retracted.status_code) == (status, status)
    assert journal.load(Interaction, interaction_id, "interaction_id").version == 1


def test_a_hidden_interaction_is_not_found_without_naming_its_employee(
    api: Any, org: Org, journal: Journal
) -> None:
    interaction_id = logged(journal, org)
    response = api("other_leader").post(
        f"/api/v1/interactions/{interaction_id}/retraction", json={"reason": "x"}
    )
    assert response.status_code == 404
    assert str(org.employee) not in response.get_data(as_text=True)


def test_after_a_move_the_new_leader_may_not_change_the_old_leaders_record(
    api: Any, org: Org, journal: Journal
) -> None:
    interaction_id = logged(journal, org)
    journal.move_employee(org.employee, org.other_leader, recorded_by=org.admin)
    path = f"/api/v1/interactions/{interaction_id}/retraction"
    assert api("other_leader").post(path, json={"reason": "x"}).status_code == 403
    assert api("leader").post(path, json={"reason": "x"}).status_code == 404


def test_an_unknown_interaction_is_not_found(api: Any, org: Org, journal: Journal) -> None:
    feedback_id = recorded(journal, org)
    for unknown in (uuid4(), feedback_id):
        response = api("leader").post(
            f"/api/v1/interactions/{unknown}/retraction", json={"reason": "x"}
        )
        assert response.status_code == 404


def test_the_author_retracts_an_interaction_once(api: Any, org: Org, journal: Journal) -> None:
    interaction_id = logged(journal, org)
    path = f"/api/v1/interactions/{interaction_id}/retraction"
    response = api("leader").post(path, json={"reason": "logged for the wrong person"})
    assert response.status_code == 200
    assert response.json["is_retracted"] is True
    assert response.json["retraction_reason"] == "logged for the wrong person"
    assert timeline(journal, org) == []
    assert [e.state for e in timeline(journal, org, include_retracted=True)] == ["retracted"]
    again = api("leader").post(path, json={"reason": "again"})
    assert again.status_code == 422 and "interaction_id" in again.json["errors"]
    corrected = api("leader").post(
        f"/api/v1/interactions/{interaction_id}/corrections",
        json={"changes": {"minutes": 50}, "reason": "typo"},
    )
    assert corrected.status_code == 422


def test_a_retraction_says_why(api: Any, org: Org, journal: Journal) -> None:
    interaction_id = logged(journal, org)
    response = api("leader").post(f"/api/v1/interactions/{interaction_id}/retraction", json={})
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"reason"}


# -- customer feedback ---------------------------------------------------------------------


def test_a_leader_records_customer_feedback_about_their_employee(
    api: Any, org: Org, journal: Journal
) -> None:
    body = {**FEEDBACK, "reference": "T-1042"}
    response = api("leader").post(f"/api/v1/people/{org.employee}/feedback", json=body)
    assert response.status_code == 201
    assert (response.json["score"], response.json["reference"]) == (9, "T-1042")
    feedback = journal.load(Feedback, UUID(response.json["id"]), "feedback_id")
    assert (feedback.leader_id, feedback.channel) == (org.leader, "phone")
    [entry] = timeline(journal, org)
    assert (entry.entry_type, entry.score) == ("feedback", 9)


def test_a_leader_cannot_record_feedback_for_another_teams_employee(
    api: Any, org: Org, journal: Journal
) -> None:
    response = api("leader").post(f"/api/v1/people/{org.outsider}/feedback", json=FEEDBACK)
    assert response.status_code == 404
    assert journal.read.timeline.for_employee(org.outsider, Viewer("auditor")) == []


@pytest.mark.parametrize("caller", ["employee", "auditor", "admin"])
def test_only_the_employees_leader_records_feedback(
    api: Any, org: Org, journal: Journal, caller: str
) -> None:
    response = api(caller).post(f"/api/v1/people/{org.employee}/feedback", json=FEEDBACK)
    assert response.status_code == 403
    assert timeline(journal, org) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"score": 11}, "score"),
        ({"score": -1}, "score"),
        ({"score": 7.5}, "score"),
        ({"channel": "pigeon"}, "channel"),
        ({"received_at": "2025-03-03T09:30:00"}, "received_at"),
        ({"received_at": (datetime.now(UTC) + timedelta(days=3)).isoformat()}, "received_at"),
        ({"reference": "x" * 101}, "reference"),
        ({"comment": 42}, "comment"),
    ],
)
def test_bad_feedback_is_refused_naming_the_field(
    api: Any, org: Org, journal: Journal, change: dict[str, Any], field: str
) -> None:
    body = {**FEEDBACK, **change}
    response = api("leader").post(f"/api/v1/people/{org.employee}/feedback", json=body)
    assert response.status_code == 422
    assert field in response.json["errors"]
    assert timeline(journal, org) == []


def test_the_author_corrects_feedback(api: Any, org: Org, journal: Journal) -> None:
    feedback_id = recorded(journal, org)
    response = api("leader").post(
        f"/api/v1/feedback/{feedback_id}/corrections",
        json={"changes": {"score": 10, "comment": "changed their mind"}, "reason": "re-rated"},
    )
    assert response.status_code == 200
    assert response.json["score"] == 10
    [entry] = timeline(journal, org)
    assert entry.score == 10


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"changes": {"score": 10}}, "reason"),
        ({"changes": {}, "reason": "x"}, "changes"),
        ({"changes": {"employee_id": str(uuid4())}, "reason": "x"}, "changes.employee_id"),
        ({"changes": {"score": 12}, "reason": "x"}, "changes.score"),
    ],
)
def test_a_bad_feedback_correction_names_the_field(
    api: Any, org: Org, journal: Journal, body: dict[str, Any], field: str
) -> None:
    feedback_id = recorded(journal, org)
    response = api("leader").post(f"/api/v1/feedback/{feedback_id}/corrections", json=body)
    assert response.status_code == 422
    assert field in response.json["errors"]


@pytest.mark.parametrize(
    ("caller", "status"),
    [("auditor", 403), ("employee", 403), ("admin", 403), ("other_leader", 404)],
)
def test_only_the_author_corrects_or_retracts_feedback(
    api: Any, org: Org, journal: Journal, caller: str, status: int
) -> None:
    feedback_id = recorded(journal, org)
    client = api(caller)
    corrected = client.post(
        f"/api/v1/feedback/{feedback_id}/corrections",
        json={"changes": {"score": 10}, "reason": "x"},
    )
    retracted = client.post(f"/api/v1/feedback/{feedback_id}/retraction", json={"reason": "x"})
    assert (corrected.status_code, retracted.status_code) == (status, status)
    assert journal.load(Feedback, feedback_id, "feedback_id").version == 1


def test_the_author_retracts_feedback(api: Any, org: Org, journal: Journal) -> None:
    feedback_id = recorded(journal, org)
    path = f"/api/v1/feedback/{feedback_id}/retraction"
    response = api("leader").post(path, json={"reason": "another agent's call"})
    assert response.status_code == 200
    assert response.json["is_retracted"] is True
    assert timeline(journal, org) == []
    again = api("leader").post(path, json={"reason": "again"})
    assert again.status_code == 422 and "feedback_id" in again.json["errors"]


def test_unknown_feedback_is_not_found(api: Any, org: Org, journal: Journal) -> None:
    interaction_id = logged(journal, org)
    for unknown in (uuid4(), interaction_id):
        response = api("leader").post(
            f"/api/v1/feedback/{unknown}/retraction", json={"reason": "x"}
        )
        assert response.status_code == 404


# -- group sessions ----------------------------------------------------------------------------


def test_a_leader_logs_corrects_and_withdraws_a_group_session_through_the_api(
    api: Any, org: Org, journal: Journal
) -> None:
    lene = api("leader")
    body = {
        "employee_ids": [str(org.employee), str(org.colleague)], "kind": "team_building",
        "occurred_at": WHEN, "minutes": 120, "shared_notes": "Bowling",
    }  # fmt: skip
    made = lene.post("/api/v1/group-sessions", json=body)
    assert made.status_code == 201, made.json
    session = made.json["id"]
    assert made.json["employee_ids"] == body["employee_ids"]
    assert (made.json["kind"], made.json["minutes"]) == ("team_building", 120)

    corrected = lene.post(
        f"/api/v1/group-sessions/{session}/corrections",
        json={"changes": {"minutes": 150}, "reason": "Vi spiste bagefter"},
    )
    assert (corrected.status_code, corrected.json["minutes"]) == (200, 150)
    assert api("other_leader").get(f"/api/v1/group-sessions/{session}").status_code == 404
    withdrawn = lene.post(f"/api/v1/group-sessions/{session}/retraction", json={"reason": "Fejl"})
    assert (withdrawn.status_code, withdrawn.json["is_retracted"]) == (200, True)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"employee_ids": []}, "employee_ids"),
        ({"kind": "one_to_one"}, "kind"),
        ({"minutes": 0}, "minutes"),
    ],
)
def test_a_group_session_that_breaks_a_rule_is_a_422_naming_the_field(
    api: Any, org: Org, journal: Journal, change: dict[str, Any], field: str
) -> None:
    body = {
        "employee_ids": [str(org.employee), str(org.colleague)], "kind": "training",
        "occurred_at": WHEN, "minutes": 60, **change,
    }  # fmt: skip
    response = api("leader").post("/api/v1/group-sessions", json=body)
    assert response.status_code == 422
    assert field in response.json["errors"]
    assert journal.read.timeline.for_employee(org.employee, Viewer("auditor")) == []


def test_a_group_session_with_someone_from_another_team_is_refused(
    api: Any, org: Org, journal: Journal
) -> None:
    body = {
        "employee_ids": [str(org.employee), str(org.outsider)], "kind": "training",
        "occurred_at": WHEN, "minutes": 60,
    }  # fmt: skip
    response = api("leader").post("/api/v1/group-sessions", json=body)
    assert response.status_code == 422
    assert "employee_id" in response.json["errors"]
    assert api("employee").post("/api/v1/group-sessions", json=body).status_code == 403
