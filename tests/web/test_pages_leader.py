"""The leader's pages: the team, a team member's page and its forms, time, priorities, log."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from flask.testing import FlaskClient

from journal import clock
from journal.commands import Journal
from journal.projections.timeline import Viewer
from tests.organisation import Org
from tests.web.conftest import csrf_token

EVERYTHING = Viewer("auditor")  # to check what was written, private notes included


def post(client: FlaskClient, path: str, fields: dict[str, Any], prefix: str = "") -> Any:
    """Post a form as a browser would: field names with the form's prefix, and its token."""
    name = (lambda key: f"{prefix}-{key}") if prefix else (lambda key: key)
    data = {name(key): value for key, value in fields.items()}
    data[name("csrf_token")] = csrf_token(client, "/leader")
    return client.post(path, data=data)


def text(response: Any) -> str:
    """The page's HTML."""
    return str(response.get_data(as_text=True))


def row_of(page: str, name: str) -> str:
    """The table row that names a person."""
    return next(row for row in page.split("<tr>")[1:] if name in row)


def one_to_one(journal: Journal, org: Org, **changes: Any) -> UUID:
    """A 1-to-1 Lene held with Emil an hour ago."""
    values: dict[str, Any] = {
        "kind": "one_to_one",
        "occurred_at": clock.now() - timedelta(hours=1),
        "minutes": 30,
        "shared_notes": "Talked about the new queue",
        "private_notes": "",
        **changes,
    }
    return journal.log_interaction(leader_id=org.leader, employee_id=org.employee, **values)


def feedback(journal: Journal, org: Org, score: int = 9) -> UUID:
    """A customer's rating of Emil, received yesterday."""
    return journal.record_feedback(
        employee_id=org.employee,
        score=score,
        channel="phone",
        received_at=clock.now() - timedelta(days=1),
        comment="Quick and kind",
        recorded_by=org.leader,
    )


# -- the team page -----------------------------------------------------------------------


def test_the_leader_sees_their_team_with_rhythm_nps_and_open_tasks(
    login: Any, journal: Journal, org: Org
) -> None:
    one_to_one(journal, org, occurred_at=clock.now() - timedelta(days=10))
    feedback(journal, org, score=10)
    journal.assign_task(
        leader_id=org.leader,
        employee_id=org.employee,
        title="Test the FAQ",
        passion="product",
        due_on=clock.now().date() + timedelta(days=7),
    )
    page = text(login("leader").get("/leader"))
    assert "Eva Kollega" in page and "Otto Udenfor" not in page
    emil = row_of(page, "Emil Ansat")
    assert f"/people/{org.employee}" in emil
    assert (
        "overdue" in emil
        and "too few answers (1)" in emil
        and '<td data-label="Open tasks">1</td>' in emil
    )
    assert "overdue" not in row_of(page, "Eva Kollega")


def test_my_team_shows_the_digest_the_morning_mail_would_send(
    login: Any, journal: Journal, org: Org
) -> None:
    calm = text(login("leader").get("/leader"))
    assert "Waiting for you today" in calm and "Nothing waits" in calm
    one_to_one(journal, org, occurred_at=clock.now() - timedelta(days=10), agreed_actions=["A"])
    page = text(login("leader").get("/leader"))
    digest = page.split('id="today"')[1].split("</section>")[0]
    assert "Meetings overdue" in digest and "Emil Ansat</a>: 1-to-1" in digest
    assert "1 open action" in digest and "Nothing waits" not in digest
    assert "Eva Kollega" not in digest  # she joined less than a week ago: nothing is due


def test_a_leader_without_a_team_is_told_so(login: Any, journal: Journal, org: Org) -> None:
    journal.move_employee(org.outsider, org.leader, recorded_by=org.admin)
    page = text(login("other_leader").get("/leader"))
    assert "No one in your team yet" in page


def test_a_leader_who_spends_their_time_on_reports_is_called_a_controller(
    login: Any, journal: Journal, org: Org
) -> None:
    client = login("leader")
    assert "No time logged in the last 4 weeks" in text(client.get("/leader"))
    yesterday = clock.now().date() - timedelta(days=1)
    journal.log_time(org.leader, on=yesterday, minutes=300, category="reporting")
    journal.log_time(org.leader, on=yesterday, minutes=60, category="people")
    page = text(client.get("/leader"))
    assert "Not enough calendar data yet (6 hours on 1 day)." in page
    assert "You are controlling." not in page
    for back in range(2, 6):  # four more days like it: 30 hours over 5 days
        on = yesterday - timedelta(days=back - 1)
        journal.log_time(org.leader, on=on, minutes=300, category="reporting")
        journal.log_time(org.leader, on=on, minutes=60, category="people")
    page = text(client.get("/leader"))
    assert "You are controlling." in page and "16.7%" in page
    assert "This rests on 30 hours over 5 days." in page
    assert "<svg" in page and "Target share" in page and "<script" not in page
    for back in range(1, 6):
        on = yesterday - timedelta(days=back - 1)
        journal.log_time(org.leader, on=on, minutes=600, category="people")
    assert "You are coaching." in text(client.get("/leader"))


# -- a team member's page and its forms ----------------------------------------------------


def test_a_leader_logs_a_one_to_one_that_then_shows_on_the_timeline(
    login: Any, journal: Journal, org: Org
) -> None:
    client = login("leader")
    fields = {
        "kind": "one_to_one",
        "occurred_at": "2025-01-15T10:00",
        "minutes": "45",
        "shared_notes": "Good calls this week",
        "private_notes": "Seems tired",
        "agreed_actions": "Listen to three calls\r\n\r\nTry the new macro",
    }
    response = post(client, f"/people/{org.employee}/interactions", fields, "interaction")
    assert response.status_code == 302
    page = text(client.get(response.location))
    assert "1-to-1 with Emil Ansat logged." in page
    assert "Good calls this week" in page and "Try the new macro" in page
    assert "Seems tired" in page and "Private – only you see this" in page
    [entry] = journal.read.timeline.for_employee(org.employee, EVERYTHING)
    assert entry.agreed_actions == ["Listen to three calls", "Try the new macro"]
    # Winter in Copenhagen is UTC+1: the leader's 10:00 is 09:00 UTC.
    assert entry.occurred_at == datetime(2025, 1, 15, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("minutes", "message"),
    [("", "This field is required."), ("0", "must be more than 0 minutes")],
)
def test_a_conversation_without_a_sensible_length_shows_why_and_writes_nothing(
    login: Any, journal: Journal, org: Org, minutes: str, message: str
) -> None:
    client = login("leader")
    fields = {"kind": "walk_and_talk", "occurred_at": "2025-01-15T10:00", "minutes": minutes}
    response = post(client, f"/people/{org.employee}/interactions", fields, "interaction")
    assert response.status_code == 422
    assert message in text(response)
    assert 'id="log-interaction" class="record-form" open' in text(response)
    assert journal.read.timeline.for_employee(org.employee, EVERYTHING) == []


def test_private_notes_show_only_to_the_leader_who_wrote_them(
    login: Any, journal: Journal, org: Org
) -> None:
    one_to_one(journal, org, private_notes="Thinking of leaving")
    assert "Thinking of leaving" in text(login("leader").get(f"/people/{org.employee}"))
    journal.move_employee(org.employee, org.other_leader, recorded_by=org.admin)
    page = text(login("other_leader").get(f"/people/{org.employee}"))
    assert "Talked about the new queue" in page
    assert "Thinking of leaving" not in page and "Private – only you see this" not in page


def test_a_leader_records_customer_feedback_and_sees_the_nps(
    login: Any, journal: Journal, org: Org
) -> None:
    client = login("leader")
    fields = {"score": "9", "channel": "chat", "received_at": "2026-01-05T14:30", "comment": "Wow"}
    response = post(client, f"/people/{org.employee}/feedback", fields, "feedback")
    assert response.status_code == 302
    page = text(client.get(f"/people/{org.employee}"))
    assert "score 9 of 10" in page and "Wow" in page
    assert "no ratings" in page  # January is outside the last 90 days
    feedback(journal, org, score=3)
    assert "too few answers (1)" in text(client.get(f"/people/{org.employee}"))
    for _ in range(9):
        feedback(journal, org, score=10)
    page = text(client.get(f"/people/{org.employee}"))
    assert '80 <small class="muted">(22.9 to 100, 10 answers)</small>' in page


def test_a_score_above_ten_is_refused_on_its_field(login: Any, journal: Journal, org: Org) -> None:
    client = login("leader")
    fields = {"score": "11", "channel": "chat", "received_at": "2026-01-05T14:30"}
    response = post(client, f"/people/{org.employee}/feedback", fields, "feedback")
    assert response.status_code == 422
    assert 'id="feedback-score-error" class="field-error">must be a whole number from 0 to 10' in (
        text(response)
    )
    assert journal.read.timeline.for_employee(org.employee, EVERYTHING) == []


def test_task_ideas_follow_the_passions_and_prefill_the_task_form(
    login: Any, journal: Journal, org: Org
) -> None:
    client = login("leader")
    assert "Record Emil Ansat" in text(client.get(f"/people/{org.employee}"))
    response = post(
        client, f"/people/{org.employee}/passions", {"passions": ["product"]}, "passions"
    )
    assert response.status_code == 302
    page = text(client.get(f"/people/{org.employee}"))
    assert "Write a help article" in page and "Ask five customers" not in page
    prefilled = text(client.get(f"/people/{org.employee}?idea=product:1"))
    assert 'value="Write a help article about a feature customers often ask about"' in prefilled
    due = (clock.now().date() + timedelta(days=14)).isoformat()
    fields = {"title": "Write the chat article", "passion": "product", "due_on": due}
    untitled = post(client, f"/people/{org.employee}/tasks", {**fields, "title": ""}, "task")
    assert untitled.status_code == 422 and "This field is required." in text(untitled)
    assert f'href="/people/{org.employee}?idea=product' in text(untitled)  # not the POST route
    assert post(client, f"/people/{org.employee}/tasks", fields, "task").status_code == 302
    [task] = journal.read.task_board.for_employee(org.employee).open
    assert (task.title, task.priority) == ("Write the chat article", 2)
    assert "Write the chat article" in text(client.get(f"/people/{org.employee}"))


def test_passions_need_at_least_one_choice(login: Any, journal: Journal, org: Org) -> None:
    response = post(login("leader"), f"/people/{org.employee}/passions", {}, "passions")
    assert response.status_code == 422
    assert "choose one or more" in text(response)


def test_a_leader_assesses_talent(login: Any, journal: Journal, org: Org) -> None:
    client = login("leader")
    fields = {"score": "4", "assessed_on": "2026-01-10", "note": "Learns fast"}
    assert post(client, f"/people/{org.employee}/talent", fields, "talent").status_code == 302
    page = text(client.get(f"/people/{org.employee}"))
    assert "4 of 5" in page and "Learns fast" in page


def test_the_timeline_filters_by_kind_and_hides_retracted_entries_unless_asked(
    login: Any, journal: Journal, org: Org
) -> None:
    one_to_one(journal, org)
    journal.retract_feedback(feedback(journal, org), "Wrong employee", recorded_by=org.leader)
    client = login("leader")
    page = text(client.get(f"/people/{org.employee}?show=feedback"))
    assert "Talked about the new queue" not in page and "Quick and kind" not in page
    page = text(client.get(f"/people/{org.employee}?show=feedback&retracted=1"))
    assert "Quick and kind" in page and "Why retracted: Wrong employee" in page


def test_the_timeline_pages_through_older_entries(login: Any, journal: Journal, org: Org) -> None:
    for number in range(21):
        one_to_one(journal, org, shared_notes=f"Talk {number:02d}")
    client = login("leader")
    first = text(client.get(f"/people/{org.employee}"))
    assert "Older" in first and "Talk 20" in first and "Talk 00" not in first
    assert "Talk 00" in text(client.get(f"/people/{org.employee}?page=2"))


@pytest.mark.parametrize(
    ("person", "whom", "status"),
    [
        ("other_leader", "employee", 404),
        ("leader", "outsider", 404),
        ("employee", "employee", 403),
        ("employee", "colleague", 404),
        ("auditor", "employee", 403),
        ("admin", "employee", 403),
        ("leader", "leader", 403),
    ],
)
def test_only_the_employees_own_leader_gets_the_person_page(
    login: Any, org: Org, person: str, whom: str, status: int
) -> None:
    client = login(person)
    target = getattr(org, whom)
    assert client.get(f"/people/{target}").status_code == status
    fields = {"kind": "one_to_one", "occurred_at": "2025-01-15T10:00", "minutes": "30"}
    assert post(client, f"/people/{target}/interactions", fields, "interaction").status_code == (
        status
    )


# -- corrections and retractions ----------------------------------------------------------


def test_a_leader_corrects_a_conversation_in_a_prefilled_form(
    login: Any, journal: Journal, org: Org
) -> None:
    interaction_id = one_to_one(journal, org)
    client = login("leader")
    form = text(client.get(f"/interactions/{interaction_id}/correct"))
    assert "\nTalked about the new queue</textarea>" in form and 'value="30"' in form
    occurred = re.search(r'name="occurred_at"[^>]*value="([^"]+)"', form)
    assert occurred
    path = f"/interactions/{interaction_id}/correct"
    fields = {"kind": "one_to_one", "occurred_at": occurred[1], "minutes": "30", "reason": "Typo"}
    unchanged = post(client, path, {**fields, "shared_notes": "Talked about the new queue"})
    assert unchanged.status_code == 422 and "Nothing differs" in text(unchanged)
    fields["shared_notes"] = "Talked about the chat queue"
    no_reason = post(client, path, {**fields, "reason": ""})
    assert no_reason.status_code == 422 and "This field is required." in text(no_reason)
    corrected = post(client, path, fields)
    assert corrected.status_code == 302
    page = text(client.get(f"/people/{org.employee}"))
    assert "Talked about the chat queue" in page and "corrected" in page
    [change] = journal.history.log(event_types=["Interaction.Corrected"]).events
    assert change.data["changes"] == {"shared_notes": "Talked about the chat queue"}


def test_a_leader_retracts_feedback_with_a_reason(login: Any, journal: Journal, org: Org) -> None:
    feedback_id = feedback(journal, org)
    client = login("leader")
    assert "Quick and kind" in text(client.get(f"/feedback/{feedback_id}/retract"))
    assert post(client, f"/feedback/{feedback_id}/retract", {"reason": ""}).status_code == 422
    response = post(client, f"/feedback/{feedback_id}/retract", {"reason": "Wrong employee"})
    assert response.status_code == 302
    assert "Quick and kind" not in text(client.get(f"/people/{org.employee}"))
    assert client.get(f"/feedback/{feedback_id}/correct").status_code == 302


def test_a_leader_corrects_the_score_of_feedback(login: Any, journal: Journal, org: Org) -> None:
    feedback_id = feedback(journal, org, score=9)
    client = login("leader")
    form = text(client.get(f"/feedback/{feedback_id}/correct"))
    received = re.search(r'name="received_at"[^>]*value="([^"]+)"', form)
    assert received
    fields = {"score": "6", "channel": "phone", "received_at": received[1], "reason": "Misread"}
    assert post(client, f"/feedback/{feedback_id}/correct", fields).status_code == 302
    assert "score 6 of 10" in text(client.get(f"/people/{org.employee}"))


@pytest.mark.parametrize(("person", "status"), [("other_leader", 404), ("employee", 403)])
def test_only_the_author_may_correct_or_retract(
    login: Any, journal: Journal, org: Org, person: str, status: int
) -> None:
    interaction_id = one_to_one(journal, org)
    client = login(person)
    assert client.get(f"/interactions/{interaction_id}/correct").status_code == status
    response = post(client, f"/interactions/{interaction_id}/retract", {"reason": "Mine now"})
    assert response.status_code == status
    assert "Talked about the new queue" in [
        e.shared_notes for e in journal.read.timeline.for_employee(org.employee, EVERYTHING)
    ]


def test_the_leader_who_took_over_a_team_member_cannot_correct_the_old_leaders_notes(
    login: Any, journal: Journal, org: Org
) -> None:
    interaction_id = one_to_one(journal, org)
    journal.move_employee(org.employee, org.other_leader, recorded_by=org.admin)
    client = login("other_leader")
    assert "/correct" not in text(client.get(f"/people/{org.employee}"))
    assert client.get(f"/interactions/{interaction_id}/correct").status_code == 403


# -- the leader's own pages -----------------------------------------------------------------


def test_a_leader_logs_time_and_sees_it_in_that_weeks_table(
    login: Any, journal: Journal, org: Org
) -> None:
    client = login("leader")
    day = clock.now().date() - timedelta(days=8)
    fields = {"on": day.isoformat(), "minutes": "95", "category": "people", "note": "1-to-1s"}
    response = post(client, "/leader/time", fields)
    year, week, _ = day.isocalendar()
    assert response.status_code == 302 and response.location.endswith(f"week={year}-W{week:02d}")
    page = text(client.get(response.location))
    assert "95 minutes of People logged" in page and "<td>95</td>" in page
    audit = journal.read.calendar_audit.for_leader(org.leader, day, day + timedelta(days=1))
    assert audit.minutes["people"] == 95


@pytest.mark.parametrize(
    ("on", "minutes", "message"),
    [
        ("2026-01-05", "", "This field is required."),
        ("2999-01-01", "30", "cannot lie in the future"),
    ],
)
def test_a_time_entry_that_makes_no_sense_is_refused(
    login: Any, journal: Journal, org: Org, on: str, minutes: str, message: str
) -> None:
    response = post(
        login("leader"), "/leader/time", {"on": on, "minutes": minutes, "category": "other"}
    )
    assert response.status_code == 422 and message in text(response)
    assert journal.calendar_of(org.leader).minutes_by_day == {}


def test_the_week_view_moves_by_iso_week_but_not_into_the_future(login: Any, org: Org) -> None:
    client = login("leader")
    page = text(client.get("/leader/time?week=2025-W47"))
    assert "Week 47: Nov 17, 2025 – Nov 23, 2025" in page
    assert "week=2025-W46" in page and "week=2025-W48" in page
    assert "Mon 17" in page and "Sun 23" in page
    assert "Next week" not in text(client.get("/leader/time?week=2999-W01"))


def test_a_leader_sets_priorities_that_the_page_then_shows(
    login: Any, journal: Journal, org: Org
) -> None:
    client = login("leader")
    page = text(client.get("/leader/priorities"))
    assert "the default split applies" in page and "People 50%" in page
    split = {"planning": "10", "reporting": "5", "follow_up": "15", "people": "60", "other": "10"}
    fields = {
        **{f"split_{category}": share for category, share in split.items()},
        "one_to_one_every_days": "7",
        "walk_and_talk_every_days": "28",
        "focus_areas": "Weekly 1-to-1s\r\nFewer reports",
    }
    assert post(client, "/leader/priorities", fields).status_code == 302
    page = text(client.get("/leader/priorities"))
    assert "People 60%" in page and "every 28 days" in page and "<li>Fewer reports</li>" in page
    too_much = post(client, "/leader/priorities", {**fields, "split_people": "70"})
    assert too_much.status_code == 422 and "must sum to 100, not 110" in text(too_much)
    assert journal.calendar_of(org.leader).split["people"] == 60


def test_the_coaching_log_counts_a_months_conversations(
    login: Any, journal: Journal, org: Org
) -> None:
    november = datetime(2025, 11, 12, 10, tzinfo=UTC)
    one_to_one(journal, org, occurred_at=november, minutes=40)
    one_to_one(journal, org, occurred_at=november + timedelta(days=3), kind="walk_and_talk")
    client = login("leader")
    page = text(client.get("/leader/coaching-log?month=2025-11"))
    assert "Coaching log: November 2025" in page
    assert "2 conversations, 70 minutes in all." in page and "<svg" in page
    assert "<td>1</td><td>40</td>" in page  # the 1-to-1 row
    assert "<td>2</td>" in row_of(page, "Emil Ansat") and "none" in row_of(page, "Eva Kollega")
    assert "month=2025-10" in page and "month=2025-12" in page
    assert "No conversations logged this month." in text(
        client.get("/leader/coaching-log?month=2025-10")
    )
    journal.move_employee(org.employee, org.other_leader, recorded_by=org.admin)
    page = text(client.get("/leader/coaching-log?month=2025-11"))
    assert "Emil Ansat <small" in page and "(no longer in your team)" in page
    assert f"/people/{org.employee}" not in page


@pytest.mark.parametrize("person", ["employee", "admin", "auditor"])
@pytest.mark.parametrize(
    "path", ["/leader", "/leader/time", "/leader/priorities", "/leader/coaching-log"]
)
def test_the_leaders_own_pages_are_for_leaders_only(login: Any, person: str, path: str) -> None:
    assert login(person).get(path).status_code == 403


def test_the_leaders_pages_ask_a_stranger_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/leader")
    assert response.status_code == 302 and "/login" in response.location


# -- group sessions ---------------------------------------------------------------------------


def test_a_training_with_two_people_is_one_line_in_the_log_and_on_both_timelines(
    login: Any, org: Org, journal: Journal
) -> None:
    lene = login("leader")
    when = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT10:00")
    fields = {
        "kind": "training", "occurred_at": when, "minutes": "240",
        "employee_ids": [str(org.employee), str(org.colleague)],
        "shared_notes": "Kursus i svære kundesamtaler",
    }  # fmt: skip
    response = post(lene, "/leader/group-sessions", fields, prefix="group")
    assert response.status_code == 302, text(response)[:2000]

    log = text(lene.get(response.headers["Location"]))
    assert "Training with 2 people logged." in log
    (line,) = re.findall(r"<li><time[^>]*>.*?</li>", log, re.S)
    assert "2 people" in line and "Emil Ansat" in line and "Eva Kollega" in line
    assert "240 min" in line
    assert "1 conversation, 240 minutes in all." in log
    for person in (org.employee, org.colleague):
        (entry,) = journal.read.timeline.for_employee(person, EVERYTHING)
        assert (entry.kind, entry.details["group_size"]) == ("training", 2)
    emil = login("employee")
    assert "group of 2" in text(emil.get("/me"))


def test_a_group_session_with_one_person_is_refused_on_the_form_and_writes_nothing(
    login: Any, org: Org, journal: Journal
) -> None:
    lene = login("leader")
    fields = {
        "kind": "team_building", "occurred_at": "2099-01-01T10:00", "minutes": "60",
        "employee_ids": [str(org.employee)],
    }  # fmt: skip
    response = post(lene, "/leader/group-sessions", fields, prefix="group")
    page = text(response)
    assert response.status_code == 422
    summary = page[page.index('class="error-summary"') :]
    assert "Choose two or more people" in summary
    assert "cannot lie in the future" in summary  # every error at once
    assert journal.read.timeline.for_employee(org.employee, EVERYTHING) == []


def test_only_the_leader_who_logged_a_session_withdraws_it(
    login: Any, org: Org, journal: Journal
) -> None:
    session = journal.log_group_session(
        leader_id=org.leader, employee_ids=[org.employee, org.colleague], kind="training",
        occurred_at=datetime.now(UTC) - timedelta(days=1), minutes=60, recorded_by=org.leader,
    )  # fmt: skip
    ole = login("other_leader")
    refused = post(ole, f"/leader/group-sessions/{session}/retract", {"reason": "x"}, "retract")
    assert refused.status_code == 404
    lene = login("leader")
    done = post(lene, f"/leader/group-sessions/{session}/retract", {"reason": "Dobbelt"}, "retract")
    assert done.status_code == 302
    assert journal.group_session(session).is_retracted
