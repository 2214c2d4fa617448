"""Single sign-on with the company's OpenID provider (docs/single-sign-on.md).

authlib's client runs the authorization code flow with PKCE (S256), a ``state`` and a
``nonce`` kept in the browser's session, and checks the ID token: its signature against
the provider's keys, issuer, audience, expiry and nonce. Who signs in is decided by the
journal (``account_for_identity``): a linked identity, or the first time a verified
address of one active person. Every refusal is a 4xx page and a security-trail entry.
"""

from __future__ import annotations

import time
from typing import Any
from uuid import UUID

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_user
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

from journal.errors import DomainError
from web.auth import active_actor, journal, note, session_store, sign_out_everywhere
from web.extensions import csrf
from web.messages import in_words

bp = Blueprint("sso", __name__)


def init_sso(app: Flask) -> None:
    """Register the provider when JOURNAL_OIDC_ISSUER is set."""
    if not app.config.get("OIDC_ISSUER"):
        return
    oauth = app.extensions["oidc"] = OAuth(app)  # one per app: its own provider and cache
    oauth.register(
        "company",
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=app.config["OIDC_ISSUER"] + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email", "code_challenge_method": "S256"},
    )


def client() -> Any:
    """The registered provider; 404 when single sign-on is not set up."""
    oauth = current_app.extensions.get("oidc")
    company = oauth.create_client("company") if oauth is not None else None
    if company is None:
        from werkzeug.exceptions import NotFound

        raise NotFound("single sign-on is not set up")
    return company


def callback_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for("sso.callback")


def refused(reason: str, message: str, status: int = 400) -> Any:
    """A sign-in that did not happen: why, in the reader's language, and a trail entry."""
    note("sso_refused", reason=reason)
    return render_template("auth/sso_refused.html", message=message), status


@bp.route("/auth/oidc/login")
def login() -> Any:
    """Send the browser to the provider's sign-in."""
    try:
        return client().authorize_redirect(callback_url())
    except requests.RequestException:
        return refused("unreachable", _("Your company's sign-in service cannot be reached."))


@bp.route("/auth/oidc/callback")
def callback() -> Any:
    """Back from the provider: check everything, find the person, start a session."""
    try:
        token = client().authorize_access_token()
    except requests.RequestException:
        return refused("unreachable", _("Your company's sign-in service cannot be reached."))
    except OAuthError as error:
        return refused(
            error.error or "oauth",
            _("The sign-in could not be completed (%(why)s). Start again from the sign-in page.",
              why=error.error or "?"),
        )  # fmt: skip
    except (AuthlibBaseError, JoseError) as error:  # the ID token: key, issuer, audience,
        # expiry, nonce (authlib checks it with joserfc, whose errors are its own)
        return refused(error.error or "id_token", _("Your company's sign-in was not valid."))
    claims = dict(token.get("userinfo") or {})
    if "email" not in claims:  # some providers keep it to the userinfo endpoint
        try:
            extra = client().userinfo(token=token)
        except (requests.RequestException, AuthlibBaseError):
            return refused("userinfo", _("Your company's sign-in service cannot be reached."))
        if extra.get("sub") == claims.get("sub"):
            claims.update({k: extra[k] for k in ("email", "email_verified") if k in extra})
    try:
        account_id = journal().account_for_identity(
            issuer=str(claims.get("iss", "")), subject=str(claims.get("sub", "")),
            email=claims.get("email"), email_verified=bool(claims.get("email_verified")),
        )  # fmt: skip
    except DomainError as error:
        note("sso_refused", reason="unknown_person", username=claims.get("email"))
        why = in_words(error)
        message = _("%(why)s. Ask your administrator to add you to Coaching Journal.",
                    why=why[:1].upper() + why[1:])  # fmt: skip
        return render_template("auth/sso_refused.html", message=message), 403
    return signed_in(account_id, token.get("id_token"))


def signed_in(account_id: UUID, id_token: str | None) -> Any:
    """Start the journal's session for the account, as a password sign-in does."""
    actor = active_actor(account_id)
    if actor is None:
        return refused("cannot_sign_in", _("Your account is disabled. Ask your administrator."),
                       403)  # fmt: skip
    session.clear()
    session["sid"] = session_store().start(actor.account_id)
    if id_token:
        session["oidc_id_token"] = id_token
    login_user(actor)
    note("sso_signed_in", account_id=actor.account_id)
    note("session_started", account_id=actor.account_id)
    return redirect(url_for("home.index"))


def end_session_url(id_token: str | None) -> str | None:
    """Where the provider ends its own session, if it offers that."""
    if not id_token or not current_app.config.get("OIDC_ISSUER"):
        return None
    try:
        metadata = client().load_server_metadata()
    except requests.RequestException:
        return None
    endpoint = metadata.get("end_session_endpoint")
    if not endpoint:
        return None
    after = current_app.config["BASE_URL"].rstrip("/") + url_for("auth.login")
    from urllib.parse import urlencode

    query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": after})
    return f"{endpoint}?{query}"


#: The event a back-channel logout token carries (OpenID Connect Back-Channel Logout 1.0).
LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"
#: How old a logout token may be.
LOGOUT_TOKEN_SECONDS = 300


@bp.route("/auth/oidc/backchannel-logout", methods=["POST"])
@csrf.exempt  # the provider posts it, server to server; the signed token is the proof
def backchannel_logout() -> Any:
    """The provider says a person signed out there: end their sessions and tokens here."""
    token = request.form.get("logout_token", "")
    try:
        claims = logout_claims(token)
    except (ValueError, JoseError, requests.RequestException) as error:
        note("sso_refused", reason="logout_token", detail=str(error)[:200])
        return backchannel_answer(400, "invalid_request")
    account = journal().read.accounts.by_identity(claims["iss"], str(claims.get("sub", "")))
    if account is not None:
        sign_out_everywhere(account.account_id, reason="backchannel_logout")
    note("sso_logged_out", account_id=account.account_id if account else None)
    return backchannel_answer(200, None)


def backchannel_answer(status: int, error: str | None) -> Response:
    response = jsonify({"error": error} if error else {})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def logout_claims(token: str) -> dict[str, Any]:
    """A logout token's claims, checked as the spec says: signed by the provider's key,
    ``logout+jwt``, for this client from this issuer, recent, with the logout event and a
    subject, and without a nonce. Raises ValueError or JoseError saying what is wrong."""
    if not token:
        raise ValueError("no logout_token")
    config = current_app.config
    company = client()
    keys = KeySet.import_key_set(company.fetch_jwk_set())
    try:
        decoded = jwt.decode(token, keys, algorithms=["RS256", "PS256", "ES256"])
    except JoseError:  # a key the provider has since rotated in: fetch its keys again
        keys = KeySet.import_key_set(company.fetch_jwk_set(force=True))
        decoded = jwt.decode(token, keys, algorithms=["RS256", "PS256", "ES256"])
    if decoded.header.get("typ", "logout+jwt").lower() not in ("logout+jwt", "jwt"):
        raise ValueError("not a logout token")
    JWTClaimsRegistry(
        iss={"essential": True, "value": company.load_server_metadata()["issuer"]},
        aud={"essential": True, "value": config["OIDC_CLIENT_ID"]},
        iat={"essential": True},
        jti={"essential": True},
        leeway=60,
    ).validate(decoded.claims)
    claims = dict(decoded.claims)
    if abs(time.time() - float(claims["iat"])) > LOGOUT_TOKEN_SECONDS:
        raise ValueError("the logout token is too old")
    if LOGOUT_EVENT not in (claims.get("events") or {}):
        raise ValueError("no back-channel logout event")
    if "nonce" in claims:
        raise ValueError("a logout token has no nonce")
    if not claims.get("sub") and not claims.get("sid"):
        raise ValueError("no sub or sid")
    return claims
