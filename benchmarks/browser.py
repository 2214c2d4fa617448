"""A signed-in visitor over one keep-alive HTTP connection, as a browser tab is.

The standard library's http.client: it signs in through the login form (with its CSRF
token) and keeps the session cookie, so the pages are timed exactly as users get them.
"""

from __future__ import annotations

import http.client
import json
import re
from urllib.parse import urlencode, urlsplit

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Visitor:
    """One connection to the app and the cookies it was given."""

    def __init__(self, base_url: str) -> None:
        address = urlsplit(base_url)
        self.conn = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, **headers: str) -> bytes:
        """One request; raise unless the app answered 2xx or a redirect."""
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        if response.status >= 400:
            raise RuntimeError(f"{method} {path}: {response.status} {content[:300]!r}")
        return content

    def sign_in(self, username: str, password: str) -> None:
        """Through the login form, as a person does."""
        page = self.request("GET", "/login").decode()
        found = CSRF.search(page)
        if found is None:
            raise RuntimeError("the login page has no CSRF token")
        form = {"csrf_token": found.group(1), "username": username, "password": password}
        self.request(
            "POST", "/login", urlencode(form),
            **{"Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip

    def get(self, path: str) -> bytes:
        return self.request("GET", path)

    def close(self) -> None:
        self.conn.close()


def api_token(url: str, username: str, password: str) -> str:
    """A bearer token for the API, as a script gets one (``POST /api/v1/tokens``)."""
    visitor = Visitor(url)
    try:
        answer = visitor.request(
            "POST", "/api/v1/tokens",
            json.dumps({"username": username, "password": password}),
            **{"Content-Type": "application/json"},
        )  # fmt: skip
    finally:
        visitor.close()
    token: str = json.loads(answer)["token"]
    return token
