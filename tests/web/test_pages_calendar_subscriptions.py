"""My calendar's subscriptions as a Danish leader sees them: a refused address says why in
Danish, a subscription whose fetch fails says so in words, and it can be stopped."""

from __future__ import annotations

import html
from typing import Any

import pytest

from journal.commands import Journal
from tests.organisation import Org
from tests.web.conftest import csrf_token


def test_a_danish_leader_subscribes_sees_the_failure_in_words_and_stops(
    login: Any, journal: Journal, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNAL_CALENDAR_ALLOW_PRIVATE", "1")  # the closed port below
    lene = login("leader")
    lene.post("/language", data={"language": "da", "csrf_token": csrf_token(lene, "/leader")})
    page = lene.get("/leader/calendar").get_data(as_text=True)
    assert "Din kalender, hentet af sig selv" in page and "Ingen abonnementer endnu." in page

    refused = lene.post(
        "/leader/calendar/subscriptions",
        data={"url": "ftp://kalender.example.dk/x.ics",
              "csrf_token": csrf_token(lene, "/leader/calendar")},
        follow_redirects=True,
    )  # fmt: skip
    text = html.unescape(refused.get_data(as_text=True))
    assert "Ikke abonneret: skal være en adresse, der begynder med https://" in text
    assert journal.read.subscriptions.of_leader(org.leader) == []

    # Port 9 on this machine: nothing listens, the first fetch fails at once.
    made = lene.post(
        "/leader/calendar/subscriptions",
        data={"url": "http://127.0.0.1:9/lene/private-token-77/calendar.ics",
              "csrf_token": csrf_token(lene, "/leader/calendar")},
        follow_redirects=True,
    )  # fmt: skip
    text = html.unescape(made.get_data(as_text=True))
    assert "Abonneret, men første hentning mislykkedes: se nedenfor." in text
    assert "Mislykkedes:" in text and "Journalen kunne ikke forbinde til kalenderserveren." in text
    assert "http://127.0.0.1/…ar.ics" in text
    assert "private-token-77" not in text  # never shown again in full

    (row,) = journal.read.subscriptions.of_leader(org.leader)
    stopped = lene.post(
        f"/leader/calendar/subscriptions/{row.subscription_id}/stop",
        data={"csrf_token": csrf_token(lene, "/leader/calendar")},
        follow_redirects=True,
    )
    text = html.unescape(stopped.get_data(as_text=True))
    assert "Abonnementet er stoppet; de møder, det bragte, bliver." in text
    assert journal.read.subscriptions.of_leader(org.leader) == []
