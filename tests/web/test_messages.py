"""Every message the journal can refuse with reaches a Danish reader in Danish.

The journal raises its errors as English templates (``journal.errors``); the web layer
translates them (``web/messages.py``). These tests read every place in ``journal/`` and
``web/`` that raises one, so a new message without its Danish text fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from babel.support import Translations

from journal.importers.calendars.counting import left_out
from tests.web.conftest import csrf_token
from web import labels

ROOT = Path(__file__).resolve().parents[2]
RAISERS = {"DomainError", "NotFoundError", "ConflictError", "check_state"}
PLACE = re.compile(r"%\((\w+)\)s")


def raised_templates() -> list[tuple[str, int, ast.expr]]:
    """(file, line, the message argument) of every DomainError, NotFoundError and
    ConflictError made in journal/ and web/, and of every task-state refusal."""
    found = []
    for package in ("journal", "web"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if name in RAISERS and len(node.args) >= 2:
                    found.append((str(path.relative_to(ROOT)), node.lineno, node.args[1]))
    return found


def danish() -> Translations:
    return Translations.load(str(ROOT / "web" / "translations"), ["da"])


def test_every_message_the_journal_raises_is_a_template_with_a_danish_text() -> None:
    catalogue = danish()
    templates = raised_templates()
    assert len(templates) > 100  # the walk found the raises, not nothing
    problems = []
    for where, line, argument in templates:
        passed_on = isinstance(argument, ast.Attribute) and argument.attr == "template"
        if isinstance(argument, ast.Name) or passed_on:  # a refusal passed through
            continue
        if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
            problems.append(f"{where}:{line}: not a plain template: {ast.unparse(argument)}")
            continue
        english = argument.value
        translated = catalogue.gettext(english)
        if translated == english:
            problems.append(f"{where}:{line}: no Danish text for {english!r}")
        elif set(PLACE.findall(translated)) != set(PLACE.findall(english)):
            problems.append(f"{where}:{line}: the Danish text loses a value: {translated!r}")
    assert problems == []


def test_every_reason_a_meeting_is_left_out_has_a_danish_label(app: Any) -> None:
    from datetime import UTC, datetime, timedelta

    from journal.importers.calendars.reading import Attendee, Meeting

    start = datetime(2026, 11, 3, 9, tzinfo=UTC)

    def meeting(**changes: Any) -> Meeting:
        fields: dict[str, Any] = {
            "key": "k", "uid": "k", "in_series": False, "title": "t", "start": start,
            "end": start + timedelta(hours=1), "all_day": False, "status": "CONFIRMED",
            "free": False, "organizer": None, "attendees": (),
        }  # fmt: skip
        fields.update(changes)
        return Meeting(**fields)

    reasons = {
        left_out(meeting(status="CANCELLED"), "a@x.dk"),
        left_out(meeting(free=True), "a@x.dk"),
        left_out(meeting(all_day=True), "a@x.dk"),
        left_out(meeting(end=start + timedelta(hours=13)), "a@x.dk"),
        left_out(meeting(attendees=(Attendee("a@x.dk", "DECLINED"),)), "a@x.dk"),
    }
    assert None not in reasons and len(reasons) == 5
    with app.test_request_context(headers={"Accept-Language": "da"}):
        words = {str(labels.left_out_label(reason)) for reason in reasons if reason}
    assert words == {"aflyst", "markeret som ledig", "hele dagen", "over 12 timer", "afvist"}


def test_a_refused_form_on_a_danish_page_says_why_in_danish(login: Any, org: Any) -> None:
    lene = login("leader")
    lene.post("/language", data={"language": "da", "csrf_token": csrf_token(lene, "/leader")})
    page_path = f"/people/{org.employee}"
    response = lene.post(
        f"{page_path}/interactions",
        data={
            "interaction-kind": "one_to_one", "interaction-occurred_at": "2099-01-01T10:00",
            "interaction-minutes": "30", "csrf_token": csrf_token(lene, page_path),
        },
    )  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "kan ikke ligge i fremtiden" in page
    assert "cannot lie in the future" not in page


def test_a_code_in_a_message_is_put_in_as_its_danish_label(app: Any) -> None:
    from journal.errors import DomainError
    from web.messages import in_words

    error = DomainError("leader_id", "must name a %(role)s, not a %(role2)s", role="leader",
                        role2="employee")  # fmt: skip
    assert error.message == "must name a leader, not a employee"
    with app.test_request_context(headers={"Accept-Language": "da"}):
        assert in_words(error) == "skal være en leder, ikke en medarbejder"


def test_a_refused_form_shows_all_its_errors_at_the_top_linked_to_their_fields(
    login: Any, org: Any, journal: Any
) -> None:
    from datetime import UTC, datetime

    journal.log_interaction(
        leader_id=org.leader, employee_id=org.employee, kind="one_to_one",
        occurred_at=datetime(2026, 11, 2, 9, tzinfo=UTC), minutes=30,
        agreed_actions=["Listen to three calls together"], recorded_by=org.leader,
    )  # fmt: skip
    lene = login("leader")
    page_path = f"/people/{org.employee}"
    response = lene.post(
        f"{page_path}/interactions",
        data={
            "interaction-kind": "one_to_one", "interaction-occurred_at": "2099-01-01T10:00",
            "interaction-minutes": "0", "csrf_token": csrf_token(lene, page_path),
        },
    )  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    opening = '<div class="error-summary" role="alert" tabindex="-1" autofocus>'
    summary = re.search(re.escape(opening) + r"(.*?)</div>", page, re.S)
    assert summary, "no error summary on the page"
    links = re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', summary.group(1))
    assert links == [
        ("interaction-occurred_at", "When: cannot lie in the future"),
        ("interaction-minutes", "Minutes: must be more than 0 minutes"),
    ]
    # and each at its field too
    assert 'id="interaction-minutes-error" class="field-error">must be more than 0 minutes' in page
    # inside the form, above the open actions it lists, and the browser focuses it
    assert page.index("error-summary") < page.index("Still open from earlier meetings")
