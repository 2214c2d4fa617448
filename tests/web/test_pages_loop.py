"""The coaching loop on the pages: an employee asks on My development, the leader sees it on
My team and meets or declines it; agreed actions carry over to the next 1-to-1 form until
the employee or the leader ticks them off or drops them."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from journal import clock
from journal.commands import Journal
from tests.organisation import Org
from tests.web.conftest import csrf_token, page_client


def text_of(response: Any) -> str:
    """The page's text, tags taken out and white space folded."""
    text = re.sub(r"<[^>]+>", "", response.get_data(as_text=True))
    return html.unescape(re.sub(r"\s+", " ", text))


def signed_in(app: Flask, org: Org, person: str) -> FlaskClient:
    """A browser of its own for each person (one cookie jar each)."""
    return page_client(app.test_client(), org, person)


def log_one_to_one(lene: FlaskClient, org: Org, actions: str = "") -> Any:
    page = f"/people/{org.employee}"
    return lene.post(
        f"{page}/interactions",
        data={
            "csrf_token": csrf_token(lene, page),
            "interaction-kind": "one_to_one",
            "interaction-occurred_at": (clock.now() - timedelta(hours=2))
            .astimezone()
            .strftime("%Y-%m-%dT%H:%M"),
            "interaction-minutes": "30",
            "interaction-agreed_actions": actions,
        },
    )


def test_an_employee_asks_and_the_leader_sees_it_then_a_one_to_one_meets_it(
    app: Flask, org: Org, journal: Journal
) -> None:
    emil, lene = signed_in(app, org, "employee"), signed_in(app, org, "leader")

    asked = emil.post("/me/requests", data={
        "csrf_token": csrf_token(emil, "/me"), "ask-kind": "walk_and_talk",
        "ask-note": "Kan vi gå en tur og tale om næste år?",
    })  # fmt: skip
    home = text_of(lene.get("/leader"))
    person = text_of(lene.get(f"/people/{org.employee}"))

    assert asked.status_code == 302 and asked.headers["Location"].endswith("/me#requests")
    assert "Your team asks for" in home and "Emil Ansat: Walk-and-talk" in home
    assert "asked today" in home and "Kan vi gå en tur og tale om næste år?" in home
    assert "Emil Ansat asks for: Walk-and-talk" in person
    [request] = journal.read.coaching_loop.requests_of(org.employee)
    journal.log_interaction(
        leader_id=org.leader, employee_id=org.employee, kind="walk_and_talk",
        occurred_at=clock.now() - timedelta(hours=1), minutes=45,
    )  # fmt: skip
    assert "Your team asks for" not in text_of(lene.get("/leader"))
    assert "met " in text_of(emil.get("/me"))
    assert journal.read.coaching_loop.request(request.request_id).state == "fulfilled"


def test_a_declined_request_shows_the_reason_and_an_empty_reason_is_refused(
    app: Flask, org: Org, journal: Journal
) -> None:
    emil, lene = signed_in(app, org, "employee"), signed_in(app, org, "leader")
    request_id = journal.ask_for_coaching(org.employee, "training", recorded_by=org.employee)
    path = f"/people/{org.employee}/requests/{request_id}/decline"
    field = f"decline-{request_id}-reason"

    empty = lene.post(path, data={"csrf_token": csrf_token(lene, "/leader"), field: ""})
    declined = lene.post(path, data={"csrf_token": csrf_token(lene, "/leader"),
                                     field: "Næste hold starter i marts"})  # fmt: skip

    assert empty.status_code == 422 and "Say why you decline" in text_of(empty)
    assert declined.status_code == 302
    mine = text_of(emil.get("/me"))
    assert "declined Næste hold starter i marts" in mine


def test_agreed_actions_carry_over_to_the_next_form_until_ticked_off_or_dropped(
    app: Flask, org: Org, journal: Journal
) -> None:
    emil, lene = signed_in(app, org, "employee"), signed_in(app, org, "leader")
    log_one_to_one(lene, org, "Læs kundeguiden\nLyt til to opkald med Eva")

    person = lene.get(f"/people/{org.employee}?log=one_to_one").get_data(as_text=True)
    form = person[person.index('id="log-interaction"') :]
    [guide, calls] = journal.read.coaching_loop.open_actions(org.employee)
    ticked = emil.post(f"/people/{org.employee}/actions/{guide.action_id}/done",
                       data={"csrf_token": csrf_token(emil, "/me")})  # fmt: skip
    dropped = lene.post(
        f"/people/{org.employee}/actions/{calls.action_id}/drop",
        data={"csrf_token": csrf_token(lene, f"/people/{org.employee}"),
              f"drop-{calls.action_id}-reason": "Eva er på ferie"},
    )  # fmt: skip

    assert "Still open from earlier meetings" in form[: form.index("</form>")]
    assert "Læs kundeguiden" in form[: form.index("</form>")]
    assert ticked.headers["Location"].endswith("/me#actions")
    assert dropped.headers["Location"].endswith(f"/people/{org.employee}#actions")
    assert journal.read.coaching_loop.open_actions(org.employee) == []
    assert "Nothing open: every agreed action is done or dropped." in text_of(emil.get("/me"))


def test_the_loop_is_in_danish_for_a_danish_reader(app: Flask, org: Org) -> None:
    emil = signed_in(app, org, "employee")
    emil.post("/language", data={"language": "da", "csrf_token": csrf_token(emil, "/me")})

    page = text_of(emil.get("/me"))

    assert "Spørg din leder" in page and "Det aftalte vi" in page


def test_several_actions_close_at_once_and_only_an_owner_sees_done(
    app: Flask, org: Org, journal: Journal
) -> None:
    lene = signed_in(app, org, "leader")
    log_one_to_one(lene, org, "Lyt til opkald\nMedarbejder: Læs guiden\nLeder: Book kurset\nRing")
    page = lene.get(f"/people/{org.employee}").get_data(as_text=True)
    guide = next(a for a in journal.read.coaching_loop.open_actions(org.employee)
                 if a.text == "Læs guiden")  # fmt: skip
    assert f"/actions/{guide.action_id}/done" not in page  # the employee's, not Lene's
    assert "the employee's" in page

    emil = signed_in(app, org, "employee")
    mine = emil.get("/me").get_data(as_text=True)
    course = next(a for a in journal.read.coaching_loop.open_actions(org.employee)
                  if a.text == "Book kurset")  # fmt: skip
    assert f"/actions/{course.action_id}/done" not in mine and "the leader's" in mine

    chosen = [a for a in journal.read.coaching_loop.open_actions(org.employee)
              if a.text in ("Lyt til opkald", "Ring")]  # fmt: skip
    closed = emil.post(f"/people/{org.employee}/actions/close", data={
        "csrf_token": csrf_token(emil, "/me"), "how": "done",
        "action_ids": [str(a.action_id) for a in chosen],
    })  # fmt: skip
    assert closed.status_code == 302
    assert "2 actions done." in text_of(emil.get(closed.headers["Location"]))
    left = {a.text for a in journal.read.coaching_loop.open_actions(org.employee)}
    assert left == {"Læs guiden", "Book kurset"}

    refused = emil.post(f"/people/{org.employee}/actions/close", data={
        "csrf_token": csrf_token(emil, "/me"), "how": "drop",
        "action_ids": [str(course.action_id)],
    })  # fmt: skip
    assert refused.status_code == 422 and "Say why you drop the actions." in text_of(refused)
    outsider = signed_in(app, org, "other_leader")
    hidden = outsider.post(f"/people/{org.employee}/actions/close", data={
        "csrf_token": csrf_token(outsider, "/leader"), "how": "done",
        "action_ids": [str(course.action_id)],
    })  # fmt: skip
    assert hidden.status_code == 404
