"""Settings for the whole suite, and the markers that let a developer run part of it.

- ``postgres``: every test that uses the PostgreSQL server (its store parameter says so);
- ``browser``: the browser tests (the app under gunicorn, driven in Chromium);
- ``slow``: tests that start processes or take seconds; ``pytest -m "not slow"`` is the
  inner loop.
"""

import os

import pytest

# The cheapest argon2 parameters: the suite signs in hundreds of times. Production and
# `scripts/run` use argon2-cffi's defaults.
os.environ["JOURNAL_PASSWORD_HASHING"] = "fast"
# Person keys are wrapped by a master key (journal/security/master_key.py) in every store the suite
# makes, and in the processes it starts; a fixed key of the suite's own.
os.environ.setdefault("JOURNAL_MASTER_KEY", "c3VpdGUtbWFzdGVyLWtleS0zMi1ieXRlcy1sb25nISE=")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark PostgreSQL and browser tests by what they use."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "postgresql" in map(str, callspec.params.values()):
            item.add_marker(pytest.mark.postgres)
        if item.nodeid.startswith("tests/e2e/"):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)
