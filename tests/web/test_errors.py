"""Errors answer the same way under test as in production: one envelope, no traceback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import new_app


def a_bug() -> Any:
    """A route with a bug in it."""
    raise RuntimeError("a bug with a secret detail")


@pytest.fixture
def app() -> Iterator[Flask]:
    """An app of this module's own: its tests add a route, which a used app refuses."""
    flask_app = new_app()
    yield flask_app
    flask_app.extensions["journal"].close()


def test_an_unexpected_error_in_the_api_is_a_500_envelope_and_is_logged(
    app: Flask, api: Any, caplog: pytest.LogCaptureFixture
) -> None:
    app.add_url_rule("/api/v1/a-bug", "a_bug", a_bug)

    response = api("leader").get("/api/v1/a-bug")

    assert response.status_code == 500
    assert response.json == {
        "code": 500,
        "message": "Something went wrong on our side; it has been logged.",
        "errors": {},
    }
    assert "a secret detail" not in response.get_data(as_text=True)
    assert "unhandled error on GET /api/v1/a-bug" in caplog.text


def test_an_unexpected_error_on_a_page_is_the_error_page(app: Flask, client: FlaskClient) -> None:
    app.add_url_rule("/a-bug", "page_bug", a_bug)

    response = client.get("/a-bug")

    assert response.status_code == 500
    assert "a secret detail" not in response.get_data(as_text=True)
    assert "<html" in response.get_data(as_text=True)
    assert "Something went wrong on our side, and it has been logged." in response.get_data(
        as_text=True
    )


def test_a_page_that_is_not_there_says_so_in_the_readers_language(
    login: Any, client: FlaskClient
) -> None:
    english = login("employee").get("/people/00000000-0000-0000-0000-000000000000")
    danish = client.get("/no-such-page", headers={"Accept-Language": "da"})

    assert english.status_code == danish.status_code == 404
    assert "<h1>Not found" in english.get_data(as_text=True)
    page = danish.get_data(as_text=True)
    assert "<h1>Ikke fundet" in page and "fejl 404" in page
    assert "Der er intet her – eller intet, du har adgang til." in page
