"""A survey tool's signed post to its hook becomes an NPS answer once, however often it is
retried; a signature that does not hold is a 401 and a line in the security trail; a bad
answer a 422 naming its field, with nothing written."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from flask.testing import FlaskClient

from journal import bootstrap
from journal.commands import Journal
from journal.importers.survey_hook import HEADER, signed
from journal.settings import Settings
from tests.organisation import Org
from web.cli import main

ANSWER = {
    "date": "2026-11-03", "score": 9, "comment": "Fin hjælp", "employee": "emil@example.dk",
    "channel": "telefon", "response_id": "r-1",
}  # fmt: skip


def post(client: FlaskClient, name: str, secret: str, body: Any, *, at: int | None = None) -> Any:
    raw = json.dumps(body).encode()
    moment = int(time.time()) if at is None else at
    return client.post(
        f"/api/v1/feedback-hooks/{name}", data=raw, content_type="application/json",
        headers={HEADER: signed(secret, moment, raw)},
    )  # fmt: skip


def recorded(journal: Journal) -> list[Any]:
    return journal.history.log(event_types=["Feedback.Recorded"]).events


def test_a_signed_answer_is_recorded_once_however_often_it_is_posted(
    client: FlaskClient, journal: Journal, org: Org
) -> None:
    name, secret = journal.make_feedback_hook("delighted", {})
    first = post(client, name, secret, ANSWER)
    retried = post(client, name, secret, ANSWER)
    batch = post(client, name, secret, {"answers": [ANSWER, {**ANSWER, "response_id": "r-2"}]})

    assert first.status_code == 200, first.json
    assert (first.json, retried.json) == (
        {"imported": 1, "already": 0},
        {"imported": 0, "already": 1},
    )
    assert batch.json == {"imported": 1, "already": 1}
    answers = recorded(journal)
    assert len(answers) == 2
    assert {a.data["score"] for a in answers} == {9}
    assert {a.data["channel"] for a in answers} == {"phone"}


def test_a_hook_maps_a_tools_own_names(client: FlaskClient, journal: Journal, org: Org) -> None:
    mapping = {
        "form_response.submitted_at": "date", "form_response.answers.0.number": "score",
        "form_response.answers.1.text": "comment", "form_response.hidden.agent": "employee",
        "form_response.token": "response_id",
    }  # fmt: skip
    name, secret = journal.make_feedback_hook("typeform", mapping)
    typeform = {"event_type": "form_response", "form_response": {
        "token": "tf-77", "submitted_at": "2026-11-04T10:15:00Z",
        "hidden": {"agent": "eva@example.dk"},
        "answers": [{"type": "number", "number": 3}, {"type": "text", "text": "Lang ventetid"}],
    }}  # fmt: skip

    done = post(client, name, secret, typeform)

    assert done.status_code == 200, done.json
    (answer,) = recorded(journal)
    assert (answer.data["score"], answer.data["employee_id"]) == (3, org.colleague)


def test_a_signature_that_does_not_hold_is_refused_and_kept_in_the_trail(
    client: FlaskClient, journal: Journal, org: Org
) -> None:
    name, secret = journal.make_feedback_hook("surveymonkey", {})
    raw = json.dumps(ANSWER).encode()
    now = int(time.time())
    cases = {
        "missing": {},
        "malformed": {HEADER: "v1=abc"},
        "mismatch": {HEADER: signed("another secret", now, raw)},
        "expired": {HEADER: signed(secret, now - 301, raw)},
    }
    for why, headers in cases.items():
        refused = client.post(
            f"/api/v1/feedback-hooks/{name}", data=raw, content_type="application/json",
            headers=headers,
        )  # fmt: skip
        assert refused.status_code == 401, why
        assert why in refused.json["message"]
    # The body changed after signing: refused as well.
    tampered = client.post(
        f"/api/v1/feedback-hooks/{name}", data=raw.replace(b"9", b"0"),
        content_type="application/json", headers={HEADER: signed(secret, now, raw)},
    )  # fmt: skip
    assert tampered.status_code == 401
    assert recorded(journal) == []
    trail, _ = journal.trail.page(kinds=["hook_refused"])
    assert sorted(e.detail["reason"] for e in trail) == sorted([*cases, "mismatch"])
    assert post(client, "no-such-hook", secret, ANSWER).status_code == 404

    # A new secret: the old one stops working at once.
    _, renewed = journal.make_feedback_hook("surveymonkey", {})
    assert post(client, name, secret, ANSWER).status_code == 401
    assert post(client, name, renewed, ANSWER).status_code == 200


def test_a_bad_answer_is_a_422_naming_the_field_and_nothing_is_written(
    client: FlaskClient, journal: Journal, org: Org
) -> None:
    name, secret = journal.make_feedback_hook("qualtrics", {})
    for body, field in (
        ({**ANSWER, "score": 11}, "score"),
        ({**ANSWER, "employee": "nobody@example.dk"}, "employee"),
        ({k: v for k, v in ANSWER.items() if k != "employee"}, "employee"),
        ({**ANSWER, "date": "yesterday"}, "date"),
        ([ANSWER, {**ANSWER, "response_id": "r-9", "score": "ti"}], "score"),
        ("just text", "body"),
    ):
        refused = post(client, name, secret, body)
        assert refused.status_code == 422, (body, refused.json)
        assert field in refused.json["errors"], (body, refused.json)
    assert recorded(journal) == []


def test_the_command_prints_the_path_then_the_secret(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path}/journal.sqlite3"
    printed = CliRunner().invoke(
        main,
        ["feedback", "hook", "create", "Delighted-NPS"],
        env={"JOURNAL_DATABASE_URL": database},
    )

    assert printed.exit_code == 0, printed.output
    path, secret = printed.output.splitlines()
    assert path == "/api/v1/feedback-hooks/delighted-nps"
    assert len(secret) == 64
    opened = bootstrap.open_journal(Settings(database))
    try:
        hook = opened.feedback_hook("delighted-nps")
        assert hook is not None and hook.secret == secret
    finally:
        opened.close()
