"""Who is asking: the signed-in actor of a page (session) or of an API call (bearer token)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from flask import current_app, g, request, session
from flask_login import UserMixin, current_user
from werkzeug.exceptions import Forbidden, TooManyRequests

from journal.commands import Journal
from journal.projections.accounts import AccountRow
from journal.projections.timeline import Viewer
from journal.security import passwords
from web.extensions import login_manager
from web.metrics import count_trail
from web.state.lockout import Lockout
from web.state.sessions import SessionStore
from web.state.tokens import TokenStore


@dataclass(frozen=True, eq=False)
class Actor(UserMixin):
    """A signed-in person: their account, role and, for an employee, their leader."""

    account_id: UUID
    person_id: UUID
    role: str
    name: str
    username: str
    leader_id: UUID | None = None
    language: str | None = None

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
            language=account.language,
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


def session_store() -> SessionStore:
    """The app's server-side sign-in sessions."""
    store: SessionStore = current_app.extensions["sessions"]
    return store


def sign_out_everywhere(
    account_id: UUID,
    *,
    but_session: str | None = None,
    but_token: str | None = None,
    reason: str = "all",
) -> None:
    """End every page session and API token of an account (disabled or erased), or all
    but the session or token in use (``but_session``, ``but_token``)."""
    tokens = token_store().revoke_all(account_id, but=but_token)
    sessions = session_store().end_all(account_id, but=but_session)
    actor = g.get("actor") or current_user._get_current_object()
    by = actor.person_id if isinstance(actor, Actor) else None
    if tokens:
        note("token_revoked", account_id=account_id, actor_id=by, reason=reason, count=tokens)
    if sessions:
        note("session_ended", account_id=account_id, actor_id=by, reason=reason, count=sessions)


def note(kind: str, **fields: Any) -> None:
    """Add a row to the security trail (journal/security/trail.py), from this request's
    address; a sign-in problem is counted in the metrics too (web/metrics.py)."""
    journal().trail.record(kind, address=request.remote_addr, **fields)
    count_trail(kind, fields.get("reason"))


def active_actor(account_id: UUID) -> Actor | None:
    """The actor for an account that may still sign in, else None."""
    account = journal().read.accounts.get(account_id)
    return Actor.of(account) if account and account.can_sign_in else None


def lockout() -> Lockout:
    """The app's shared count of failed sign-ins."""
    found: Lockout = current_app.extensions["lockout"]
    return found


def sign_in(username: str, password: str, via: str) -> Actor | None:
    """``authenticate`` behind the sign-in limits (web/state/lockout.py): None for a wrong
    password, which counts, and whose answer is held while the username is much failed.
    Each outcome goes to the security trail; ``via`` is ``page`` or ``api``.

    Raises TooManyRequests, with the seconds to wait, while this username from this
    address, or this address, is locked out; the password is then not even checked.
    """
    address = request.remote_addr
    wait = lockout().wait(username, address)
    if wait is not None:
        seconds = max(1, math.ceil(wait.total_seconds()))
        note("sign_in_refused", username=username, reason="locked", retry_after=seconds, via=via)
        raise TooManyRequests(
            f"too many failed sign-ins; try again in {math.ceil(seconds / 60)} minutes",
            retry_after=seconds,
        )
    account = journal().read.accounts.by_username(username or "")
    actor, reason = authenticated(account, password)
    if actor is None:
        delay = lockout().failed(username, address)
        note("sign_in_failed", username=username, reason=reason, delay=delay, via=via)
        if delay:
            time.sleep(delay)
        return None
    lockout().succeeded(username, address)
    if not current_app.config.get("PASSWORD_SIGN_IN", True) and actor.role != "admin":
        note("sign_in_refused", username=username, reason="password_sign_in_off", via=via)
        raise Forbidden(
            "password sign-in is off: sign in with your company account (admins only here)"
        )
    note("sign_in_succeeded", account_id=actor.account_id, username=username, via=via)
    return actor


def authenticated(account: AccountRow | None, password: str) -> tuple[Actor | None, str]:
    """The account's actor if the password is right and it may sign in, else why not."""
    if account is None:
        return None, "unknown_username"
    if not passwords.verify_password(account.password_hash, password or ""):
        return None, "wrong_password"
    if not account.can_sign_in:
        return None, "cannot_sign_in"
    return Actor.of(account), ""


@login_manager.user_loader
def load_user(account_id: str) -> Actor | None:
    """The session's actor, if its server-side session lives and the account may sign in.

    Checked on every request, so signing out, a timeout or a disabled account ends it at
    once, in every app process, whatever the browser's cookie still says.
    """
    session_id = session.get("sid")
    if not isinstance(session_id, str):
        return None
    owner = session_store().account_for(session_id)
    if owner is None or str(owner) != account_id:
        return None
    return active_actor(owner)


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
