"""Sign-in limits that cannot be turned against users (web/state/lockout.py).

A guesser at one address locks out only that username at that address (and, after many
usernames, that address); the same person elsewhere signs in. A username alone is never
locked, only slowed. Behind a trusted proxy each client has its own address; without
one, X-Forwarded-For changes nothing. Every count is shared by the app's processes
(tests/web/test_security.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from journal.settings import Settings
from tests.organisation import PASSWORD, Org, build_org
from web import create_app
from web.state.lockout import Lockout, Policy

TOKENS = "/api/v1/tokens"


def sign_in_from(client: FlaskClient, address: str, username: str, password: str) -> Any:
    """Ask for a token as a client at ``address``."""
    return client.post(
        TOKENS,
        json={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_a_hundred_failures_at_one_address_do_not_keep_the_user_out_at_another(
    client: FlaskClient, org: Org
) -> None:
    answers = [
        sign_in_from(client, "198.51.100.7", "leader", "wrong!!!!!").status_code for _ in range(100)
    ]
    assert answers == [401] * 5 + [429] * 95

    elsewhere = sign_in_from(client, "198.51.100.8", "leader", PASSWORD)
    still_locked = sign_in_from(client, "198.51.100.7", "leader", PASSWORD)

    assert elsewhere.status_code == 201, elsewhere.json
    assert still_locked.status_code == 429


def test_a_username_failed_from_many_addresses_is_slowed_never_locked(
    app: Flask, client: FlaskClient, org: Org
) -> None:
    lockout: Lockout = app.extensions["lockout"]
    lockout.policy = Policy(first_delay=0.2, longest_delay=0.4)
    answers, held = [], []
    for n in range(8):
        began = time.perf_counter()
        answers.append(sign_in_from(client, f"192.0.2.{n}", "leader", "wrong!!!!!").status_code)
        held.append(time.perf_counter() - began)

    assert answers == [401] * 8  # each address failed once: nothing is locked
    assert all(seconds >= 0.2 for seconds in held[5:])  # the sixth failure on is held
    assert sign_in_from(client, "192.0.2.99", "leader", PASSWORD).status_code == 201
    assert [lockout.policy.delay(n) for n in range(1, 10)] == [0, 0, 0, 0, 0, 0.2, 0.4, 0.4, 0.4]


@pytest.fixture
def behind_proxy() -> Iterator[tuple[FlaskClient, Org]]:
    """The app as deployed behind one reverse proxy (JOURNAL_TRUSTED_PROXIES=1)."""
    proxied = create_app(
        {
            "TESTING": True,
            "JOURNAL_SETTINGS": Settings("memory://"),
            "SECRET_KEY": "test-secret",
            "TRUSTED_PROXIES": 1,
        }
    )
    journal = proxied.extensions["journal"]
    try:
        yield proxied.test_client(), build_org(journal)
    finally:
        journal.close()


def test_behind_a_trusted_proxy_one_client_failing_does_not_lock_another(
    behind_proxy: tuple[FlaskClient, Org],
) -> None:
    client, _ = behind_proxy

    def from_client(address: str, username: str, password: str) -> int:
        answer = client.post(
            TOKENS,
            json={"username": username, "password": password},
            headers={"X-Forwarded-For": address},
            environ_base={"REMOTE_ADDR": "127.0.0.1"},  # the proxy
        )
        return answer.status_code

    answers = [from_client("203.0.113.5", f"guess{n}", "wrong!!!!!") for n in range(60)]

    assert answers == [401] * 50 + [429] * 10  # that client's address is locked
    assert from_client("203.0.113.6", "leader", PASSWORD) == 201  # its neighbour is not


def test_without_a_trusted_proxy_a_forged_forwarded_for_changes_nothing(
    client: FlaskClient, org: Org
) -> None:
    answers = [
        client.post(
            TOKENS,
            json={"username": "leader", "password": "wrong!!!!!"},
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
            environ_base={"REMOTE_ADDR": "198.51.100.20"},
        ).status_code
        for n in range(7)
    ]
    assert answers == [401] * 5 + [429] * 2  # counted at the real address, whatever it claims


def test_trusted_proxies_must_be_a_whole_number_and_default_to_none() -> None:
    from journal.errors import JournalError
    from web.config import trusted_proxies

    assert trusted_proxies({}) == 0
    assert trusted_proxies({"JOURNAL_TRUSTED_PROXIES": "2"}) == 2
    with pytest.raises(JournalError, match="JOURNAL_TRUSTED_PROXIES"):
        trusted_proxies({"JOURNAL_TRUSTED_PROXIES": "yes"})
