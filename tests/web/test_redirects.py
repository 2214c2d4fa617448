"""One place decides where a browser goes next (web/redirects.py): a path on this site,
judged as a browser reads it. The cases are OWASP's open-redirect ones and the one found
on 2026-12-06 (`/login?next=/%09/evil.example` answered `Location: //evil.example`)."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.organisation import PASSWORD, Org
from tests.web.conftest import csrf_token
from web.redirects import local_path

LEAVING = [
    "//evil.example",
    "https://evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    " //evil.example",
    "\x00//evil.example",
    "///evil.example",
    "evil.example",
    "/\x7f/evil.example",
    "",
    None,
]
STAYING = {
    "/leader": "/leader",
    "/people/123?log=one_to_one#log-interaction": "/people/123?log=one_to_one#log-interaction",
    "/leader\t/calendar": "/leader/calendar",  # a tab inside is dropped, as browsers do
    "/%2F%2Fevil.example": "/%2F%2Fevil.example",  # still encoded: a path here
    "/.//evil.example": "/.//evil.example",  # resolved on this site's host
}


@pytest.mark.parametrize("target", LEAVING)
def test_a_target_a_browser_reads_as_another_site_is_refused(target: Any) -> None:
    assert local_path(target) is None


@pytest.mark.parametrize(("target", "path"), STAYING.items())
def test_a_path_on_this_site_is_followed_as_normalised(target: str, path: str) -> None:
    assert local_path(target) == path


@pytest.mark.parametrize(
    "query", ["/%09/evil.example", "//evil.example", "/%5Cevil.example", "https://evil.example",
              "%2F%2Fevil.example", "/%0A/evil.example"],
)  # fmt: skip
def test_signing_in_never_sends_the_browser_to_another_site(
    client: FlaskClient, org: Org, query: str
) -> None:
    response = client.post(
        f"/login?next={query}",
        data={"username": org.username("leader"), "password": PASSWORD,
              "csrf_token": csrf_token(client)},
    )  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_signing_in_goes_back_to_the_page_that_asked(client: FlaskClient, org: Org) -> None:
    response = client.post(
        "/login?next=/leader/calendar%3Ffrom%3D2026-11-01",
        data={"username": org.username("leader"), "password": PASSWORD,
              "csrf_token": csrf_token(client)},
    )  # fmt: skip
    assert response.headers["Location"] == "/leader/calendar?from=2026-11-01"
