"""schemathesis against /api/v1/openapi.json: every operation, signed in as a leader and as
an admin, with schemathesis's default checks (no server error, status codes, content
types, headers and bodies as the document says). Bounded so that CI stays quick.

One app serves every operation (schemathesis's fixture loader does not run on pytest 9);
an example signs in afresh when an example before it revoked the token, so an operation
that revokes its own token harms no other example.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from journal.settings import Settings
from tests.organisation import PASSWORD, build_org
from tests.web.test_permission_matrix import arrange
from web import create_app

pytestmark = pytest.mark.slow  # schemathesis: a dozen examples per operation

#: Examples per operation and role.
EXAMPLES = 12

app = create_app(
    {"TESTING": True, "JOURNAL_SETTINGS": Settings("memory://"), "SECRET_KEY": "fuzz-secret"}
)
arrange(app.extensions["journal"], build_org(app.extensions["journal"]))
# A request can match the document and still break a business rule the document cannot
# state (a period's end before its start, a date in the future, a username taken): the
# API answers those 422, naming the field, and the check that valid data is accepted
# counts 422 as an answer. Every other default check runs as schemathesis ships it.
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
            }
        }
    }
)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=CONFIG)

BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


#: The token each person signed in with last, while it lives.
TOKENS: dict[str, str] = {}


def bearer(username: str) -> dict[str, str]:
    """A bearer token header for one of the organisation's people: the one from before
    while it still opens the API (an example may revoke it), else a fresh sign-in."""
    token = TOKENS.get(username)
    if token is None or app.extensions["tokens"].account_for(token) is None:
        response = app.test_client().post(
            "/api/v1/tokens", json={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 201, response.json
        token = TOKENS[username] = response.json["token"]
    return {"Authorization": f"Bearer {token}"}


@schema.parametrize()
@BOUNDED
def test_every_operation_answers_a_leader_as_documented(case: Any) -> None:
    case.call_and_validate(headers=bearer("leader"))


@schema.parametrize()
@BOUNDED
def test_every_operation_answers_an_admin_as_documented(case: Any) -> None:
    case.call_and_validate(headers=bearer("admin"))
