"""scim2-tester, the SCIM compliance checker, against /scim/v2: discovery, create, read,
filter, replace, PATCH add/replace/remove of every attribute the schemas publish, delete."""

from __future__ import annotations

import random

from scim2_client.engines.wsgi import WSGISCIMClient
from scim2_tester import Status, check_server


def test_the_compliance_checker_finds_nothing_wrong(app, journal):
    random.seed(25)  # the checker draws attribute values at random: the same draw each run
    token = journal.issue_provisioning_token()
    client = WSGISCIMClient(
        app, base_url="http://localhost/scim/v2", headers={"Authorization": f"Bearer {token}"}
    )
    results = check_server(client, raise_exceptions=False)
    failed = [f"{r.title}: {r.reason}" for r in results if r.status != Status.SUCCESS]
    assert failed == []
    checked = {r.title for r in results}
    # Every family of checks ran: discovery, CRUD, PATCH, and the error for a stray URL.
    for title in ("object_creation", "object_query_without_id", "object_replacement",
                  "object_deletion", "check_add_attribute", "check_remove_attribute",
                  "check_replace_attribute", "random_url", "search_with_attributes"):  # fmt: skip
        assert title in checked
    assert len(results) >= 60
