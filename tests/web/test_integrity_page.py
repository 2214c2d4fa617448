"""The auditor's log integrity page, on the stores that keep a hash chain."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

from journal.commands import Journal
from tests.integration.test_chain import events_table, sql
from tests.organisation import PASSWORD, build_org
from tests.web.conftest import csrf_token
from tests.web.test_stores import stored_app  # noqa: F401 (the fixture)


def signed_in_auditor(app: Flask) -> Any:
    journal: Journal = app.extensions["journal"]
    org = build_org(journal)
    client = app.test_client()
    response = client.post(
        "/login",
        data={"username": org.username("auditor"), "password": PASSWORD,
              "csrf_token": csrf_token(client)},
    )  # fmt: skip
    assert response.status_code == 302
    return client


def check_now(client: Any) -> str:
    token = csrf_token(client, "/audit/integrity")
    response = client.post("/audit/integrity", data={"csrf_token": token}, follow_redirects=True)
    assert response.status_code == 200
    return str(response.get_data(as_text=True))


def test_the_auditor_checks_the_log_and_sees_a_changed_row_named(
    stored_app: Flask,  # noqa: F811
) -> None:
    client = signed_in_auditor(stored_app)
    journal: Journal = stored_app.extensions["journal"]

    never = client.get("/audit/integrity").get_data(as_text=True)
    intact = check_now(client)
    table, position = events_table(journal.settings)
    # The same JSON with one more space: the app still reads it, the chain notices.
    spaced = "CAST(CAST(state AS TEXT) || ' ' AS BLOB)"
    if journal.settings.store == "postgresql":
        spaced = "state || '\\x20'::bytea"
    sql(journal.settings)(f"UPDATE {table} SET state = {spaced} WHERE {position} = 2")
    broken = check_now(client)
    log_page = client.get("/audit/events").get_data(as_text=True)

    assert "The log has not been checked yet." in never
    assert "Intact" in intact and "the log is intact" in intact
    assert "1 problems" in broken
    row = re.search(r"<tr>\s*<td>changed</td>\s*<td>#2</td>", broken)
    assert row, broken[broken.find("<table") : broken.find("</table>")]
    assert "1 problems found on" in log_page


def test_checking_the_log_needs_the_form_token(stored_app: Flask) -> None:  # noqa: F811
    client = signed_in_auditor(stored_app)

    response = client.post("/audit/integrity", data={})

    assert response.status_code == 400
    assert stored_app.extensions["journal"].verifications.latest() is None
