"""Who is asking: the signed-in actor of a page (session) or of an API call (bearer token)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from flask import current_app, g, request
from flask_login import UserMixin, current_user

from journal import passwords
from journal.application import Journal
from journal.projections.accounts import AccountRow
from journal.projections.timeline import Viewer
from web.extensions import login_manager
from web.tokens import TokenStore


@dataclass(frozen=True, eq=False)
class Actor(UserMixin):
    """A signed-in person: their account, role and, for an employee, their leader."""

    account_id: UUID
    person_id: UUID
    role: str
    name: str
    username: str
    leader_id: UUID | None = None

    @classmethod
    def of(cls, account: AccountRow) -> Actor:
        """The actor an active account signs in as."""
        return cls(
            account_id=account.account_id,
            person_id=account.person_id,
            role=account.role,
            name=account.name,
            username=account.username,
            leader_id=account.leader_id,
        )

    def get_id(self) -> str:
        """Flask-Login keeps the account id in the session."""
        return str(self.account_id)

    @property
    def viewer(self) -> Viewer:
        """Who is looking, as the journal's read models understand it."""
        return Viewer(self.role, self.person_id)


def journal() -> Journal:
    """The app's journal."""
    app_journal: Journal = current_app.extensions["journal"]
    return app_journal


def token_store() -> TokenStore:
    """The app's bearer-token store."""
    store: TokenStore = current_app.extensions["tokens"]
    return store


def active_actor(account_id: UUID) -> Actor | None:
    """The actor for an account that may still sign in, else None."""
    account = journal().read.accounts.get(account_id)
    return Actor.of(account) if account and account.can_sign_in else None


def authenticate(username: str, password: str) -> Actor | None:
    """The actor whose username and password match, if the account may sign in."""
    account = journal().read.accounts.by_username(username or "")
    if account is None or not passwords.verify_password(account.password_hash, password or ""):
        return None
    return Actor.of(account) if account.can_sign_in else None


@login_manager.user_loader
def load_user(account_id: str) -> Actor | None:
    """Reload the session's actor on every request, so a disabled account is out at once."""
    try:
        return active_actor(UUID(account_id))
    except ValueError:
        return None


def bearer_token() -> str | None:
    """The token of an ``Authorization: Bearer`` header, if any."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def api_actor() -> Actor | None:
    """The actor of the API call's bearer token, or None."""
    token = bearer_token()
    if token is None:
        return None
    account_id = token_store().account_for(token)
    return active_actor(account_id) if account_id else None


def current_actor() -> Actor:
    """The actor of this request: set by the API's token check, else the session's user."""
    actor = g.get("actor")
    if actor is not None:
        return actor  # type: ignore[no-any-return]
    user = current_user._get_current_object()
    assert isinstance(user, Actor), "the route must require a signed-in user"
    return user
