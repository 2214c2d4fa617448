"""One meaning of "in cadence" everywhere: the leader's own rhythm, counted from the last
meeting held or from the day a person joined. A leader on a 14-day 1-to-1 rhythm reads
the same on their home page, in the morning digest, on My results and in their
manager's overview."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask

from journal import clock
from journal.commands import Journal
from journal.read import overview
from journal.read.digest import digest_for
from tests.organisation import PASSWORD, Org
from tests.web.conftest import page_client


def test_a_leader_on_a_fourteen_day_rhythm_reads_the_same_on_all_four_pages(
    app: Flask, org: Org, journal: Journal
) -> None:
    later = clock.now() + timedelta(days=60)  # everyone in the org has been there 60 days
    with clock.frozen_at(later):
        journal.set_priorities(
            org.leader,
            split={"planning": 15, "reporting": 10, "follow_up": 15, "people": 50, "other": 10},
            one_to_one_every_days=14,
            walk_and_talk_every_days=30,
        )
        # Emil had his 1-to-1 ten days ago (late on a 7-day rhythm, in time on Lene's 14);
        # Eva had hers twenty days ago: overdue on Lene's rhythm too.
        for employee, days_ago in ((org.employee, 10), (org.colleague, 20)):
            for kind in ("one_to_one", "walk_and_talk"):
                journal.log_interaction(
                    leader_id=org.leader, employee_id=employee, kind=kind,
                    occurred_at=later - timedelta(days=days_ago), minutes=30,
                )  # fmt: skip
        maja = journal.register_person(
            role="manager", name="Maja Manager", email="maja@example.dk", recorded_by=org.admin
        )
        journal.open_account(maja, username="manager", password=PASSWORD, recorded_by=org.admin)
        journal.oversee_leader(maja, org.leader, recorded_by=org.admin)

        home = page_client(app.test_client(), org, "leader").get("/", follow_redirects=True)
        manager_page = page_client(app.test_client(), org, "manager").get("/manager")
        lene = journal.read.people.get(org.leader)
        assert lene is not None
        digest = digest_for(journal, lene, later)
        [lene_overview] = overview.manager_overview(journal, maja)
        this_month = overview.results_by_month(journal, org.leader)[-1]

    home_rows = {
        name: "badge overdue" in row
        for row in re.findall(r"<tr>.*?</tr>", home.get_data(as_text=True), re.S)
        for name in ("Emil Ansat", "Eva Kollega")
        if name in row
    }
    assert home_rows == {"Emil Ansat": False, "Eva Kollega": True}
    assert {(o.name, o.kind) for o in digest.overdue} == {("Eva Kollega", "one_to_one")}
    assert (this_month.team_size, this_month.in_cadence) == (2, 1)
    assert (lene_overview.team_size, lene_overview.in_cadence) == (2, 1)
    assert "1 of 2 (50%)" in re.sub(r"\s+", " ", manager_page.get_data(as_text=True))


def test_someone_new_is_in_cadence_until_their_first_meeting_is_due(
    org: Org, journal: Journal
) -> None:
    lene = journal.read.people.get(org.leader)
    assert lene is not None
    joined = clock.now()
    for days, expected in ((6, 2), (8, 0)):  # the default rhythm: a 1-to-1 every 7 days
        with clock.frozen_at(joined + timedelta(days=days)):
            [row] = overview.leaders_overview(journal, [(org.leader, "Lene Leder")])
            overdue = digest_for(journal, lene, clock.now()).overdue
            assert row.in_cadence == expected
            assert len(overdue) == 2 - expected
