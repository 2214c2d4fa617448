"""Requests to /scim/v2 as a company directory sends them (the ``scim`` fixture)."""

from __future__ import annotations

from typing import Any

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


class Scim:
    """Requests to /scim/v2 with the directory's token."""

    def __init__(self, client: Any, token: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def send(self, method: str, path: str, body: Any = None) -> Any:
        return self.client.open(
            f"/scim/v2{path}", method=method, json=body, headers=self.headers,
            content_type="application/scim+json",
        )  # fmt: skip

    def get(self, path: str) -> Any:
        return self.send("GET", path)

    def post(self, body: Any) -> Any:
        return self.send("POST", "/Users", body)

    def patch(self, user_id: str, *operations: dict[str, Any]) -> Any:
        return self.send(
            "PATCH", f"/Users/{user_id}", {"schemas": [PATCH], "Operations": list(operations)}
        )
