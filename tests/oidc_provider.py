"""A real OpenID provider for the tests: the npm package oidc-provider (tests/oidc/), run
by node on 127.0.0.1 (scripts/test installs it with `npm ci --prefix tests/oidc`)."""

from __future__ import annotations

import json
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from joserfc.jwk import RSAKey

FOLDER = Path(__file__).resolve().parent / "oidc"
CLIENT_ID, CLIENT_SECRET = "coaching-journal", "test-client-secret"


@dataclass(frozen=True)
class Provider:
    """The running provider: its issuer URL, and the private key it signs with."""

    issuer: str
    key: RSAKey


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def provider_for(app_base_url: str, port: int | None = None) -> Iterator[Provider]:
    """Start the provider for an app at ``app_base_url`` (on ``port``, or a free one);
    stop it after."""
    if not (FOLDER / "node_modules" / "oidc-provider").exists():
        raise RuntimeError("tests/oidc/node_modules is missing: npm ci --prefix tests/oidc")
    port = port or free_port()
    key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"})
    keys = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)  # noqa: SIM115
    with keys:
        json.dump({"keys": [key.as_dict(private=True)]}, keys)
    process = subprocess.Popen(
        ["node", str(FOLDER / "provider.mjs"), str(port), app_base_url, keys.name],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("ready"):
            raise RuntimeError(f"the OpenID provider did not start: {line!r}")
        yield Provider(f"http://127.0.0.1:{port}", key)
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
        Path(keys.name).unlink(missing_ok=True)
