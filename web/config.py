"""The web app's settings, read once from the environment in ``create_app``."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from journal.domain.accounts import LANGUAGES
from journal.entry.log_lines import log_format
from journal.errors import JournalError
from journal.settings import Settings, is_development
from web.state.lockout import Policy

PROJECTIONS = ("inline", "worker")


#: The shortest JOURNAL_SECRET_KEY accepted: 32 characters of `secrets.token_urlsafe`.
MIN_SECRET_LENGTH = 32


def secret_key(environ: Mapping[str, str], instance: Path) -> str | None:
    """JOURNAL_SECRET_KEY; in development only, a key made once in ``var/secret_key``.

    Outside development a missing key is None, and ``create_app`` refuses to start
    unless the caller (a test) passes one: a made-up key would differ per machine.
    """
    given = environ.get("JOURNAL_SECRET_KEY")
    if given:
        if len(given) < MIN_SECRET_LENGTH:
            raise JournalError(
                "JOURNAL_SECRET_KEY",
                f"is {len(given)} characters; use at least {MIN_SECRET_LENGTH}, e.g. "
                '`python3 -c "import secrets; print(secrets.token_urlsafe(48))"`',
            )
        return given
    if not is_development(environ):
        return None
    path = instance / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def project_on_write(environ: Mapping[str, str]) -> bool:
    """JOURNAL_PROJECTIONS: ``inline`` (default) projects after each save, ``worker`` leaves
    it to ``journal project --follow`` (docs/production.md)."""
    mode = environ.get("JOURNAL_PROJECTIONS") or "inline"
    if mode not in PROJECTIONS:
        raise JournalError("JOURNAL_PROJECTIONS", f"{mode!r}: use one of {', '.join(PROJECTIONS)}")
    return mode == "inline"


def trusted_proxies(environ: Mapping[str, str]) -> int:
    """JOURNAL_TRUSTED_PROXIES: how many reverse proxies stand in front of the app, each
    adding the address it saw to X-Forwarded-For. 0 (the default) ignores the header, so a
    client cannot claim another address; behind one proxy (nginx, a load balancer) say 1,
    or every client shares the proxy's address and its sign-in limits."""
    given = environ.get("JOURNAL_TRUSTED_PROXIES") or "0"
    if not given.isdigit() or int(given) > 10:
        raise JournalError(
            "JOURNAL_TRUSTED_PROXIES", f"{given!r}: use the number of proxies, 0 to 10"
        )
    return int(given)


def default_language(environ: Mapping[str, str]) -> str:
    """JOURNAL_DEFAULT_LANGUAGE: for a browser that asks for no language the journal speaks,
    and for the e-mails of someone who has not signed in yet. English unless set."""
    language = environ.get("JOURNAL_DEFAULT_LANGUAGE") or "en"
    if language not in LANGUAGES:
        raise JournalError(
            "JOURNAL_DEFAULT_LANGUAGE", f"{language!r}: use one of {', '.join(LANGUAGES)}"
        )
    return language


#: Hosts where a provider may speak plain http: one started beside the app, as in tests.
LOOPBACK = ("127.0.0.1", "::1", "localhost")


def single_sign_on(environ: Mapping[str, str]) -> dict[str, Any]:
    """JOURNAL_OIDC_*: the company's OpenID provider (docs/single-sign-on.md), or nothing.
    The issuer must be https, except on a loopback address; a client id and a secret
    (JOURNAL_OIDC_CLIENT_SECRET, or a file holding it) come with it."""
    issuer = (environ.get("JOURNAL_OIDC_ISSUER") or "").rstrip("/")
    password_sign_in = (environ.get("JOURNAL_PASSWORD_SIGN_IN") or "on").lower()
    if password_sign_in not in ("on", "off"):
        raise JournalError("JOURNAL_PASSWORD_SIGN_IN", f"{password_sign_in!r}: use on or off")
    by_password = password_sign_in == "on"  # nosec B105 (a setting's value, not a password)
    config: dict[str, Any] = {"OIDC_ISSUER": issuer, "PASSWORD_SIGN_IN": by_password}
    if not issuer:
        return config
    parts = urlsplit(issuer)
    if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in LOOPBACK):
        raise JournalError(
            "JOURNAL_OIDC_ISSUER", f"{issuer!r}: use https:// (http only on 127.0.0.1 or ::1)"
        )
    secret = environ.get("JOURNAL_OIDC_CLIENT_SECRET") or ""
    secret_file = environ.get("JOURNAL_OIDC_CLIENT_SECRET_FILE")
    if secret_file:
        try:
            secret = Path(secret_file).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise JournalError(
                "JOURNAL_OIDC_CLIENT_SECRET_FILE", f"cannot read {secret_file}: {error.strerror}"
            ) from error
    client_id = environ.get("JOURNAL_OIDC_CLIENT_ID") or ""
    if not client_id or not secret:
        raise JournalError(
            "JOURNAL_OIDC_CLIENT_ID",
            "single sign-on needs JOURNAL_OIDC_CLIENT_ID and JOURNAL_OIDC_CLIENT_SECRET"
            " (or JOURNAL_OIDC_CLIENT_SECRET_FILE)",
        )
    config.update(
        OIDC_CLIENT_ID=client_id,
        OIDC_CLIENT_SECRET=secret,
        OIDC_NAME=environ.get("JOURNAL_OIDC_NAME") or "your company",
    )
    return config


def from_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Flask config from JOURNAL_* variables, with defaults for a single machine."""
    environ = os.environ if environ is None else environ
    settings = Settings.from_env(environ)
    return {
        "JOURNAL_SETTINGS": settings,
        "JOURNAL_PROJECT_ON_WRITE": project_on_write(environ),
        "SECRET_KEY": secret_key(environ, Path(environ.get("JOURNAL_VAR_DIR", "var"))),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Browsers send Secure cookies over HTTPS, and to http://localhost and 127.0.0.1;
        # JOURNAL_SECURE_COOKIES=0 is for a development server reached over plain http.
        "SESSION_COOKIE_SECURE": environ.get("JOURNAL_SECURE_COOKIES", "1") != "0",
        # Server-side sessions (web/state/sessions.py): idle and absolute timeouts.
        "SESSION_IDLE_TIMEOUT": timedelta(
            minutes=int(environ.get("JOURNAL_SESSION_IDLE_MINUTES", "30"))
        ),
        "PERMANENT_SESSION_LIFETIME": timedelta(
            hours=int(environ.get("JOURNAL_SESSION_MAX_HOURS", "12"))
        ),
        "API_TOKEN_LIFETIME": timedelta(hours=int(environ.get("JOURNAL_TOKEN_HOURS", "12"))),
        # Failed sign-ins that lock a username at an address (or an address) out, and slow
        # a much-failed username down, shared by every process (web/state/lockout.py).
        "TRUSTED_PROXIES": trusted_proxies(environ),
        "LOCKOUT_POLICY": Policy(
            failures=int(environ.get("JOURNAL_LOCKOUT_FAILURES", "5")),
            lock=timedelta(minutes=int(environ.get("JOURNAL_LOCKOUT_MINUTES", "15"))),
        ),
        # The largest request body: a calendar export (10 MB, journal.domain.limits) and
        # its form; anything larger is refused with 413 before it is read.
        "MAX_CONTENT_LENGTH": 12_000_000,
        "BABEL_DEFAULT_LOCALE": default_language(environ),
        # Pages show times on the organisation's wall clock (the journal's own time zone).
        "BABEL_DEFAULT_TIMEZONE": settings.timezone,
        "LANGUAGES": LANGUAGES,
        # The morning reminders (web/reminders.py): the mail server, the sender, and the
        # address the links in a mail point to. Without JOURNAL_SMTP_URL nothing is sent;
        # the same digest is on each leader's home page.
        "SMTP_URL": environ.get("JOURNAL_SMTP_URL", ""),
        "MAIL_FROM": environ.get("JOURNAL_MAIL_FROM") or "Coaching Journal <journal@localhost>",
        "BASE_URL": environ.get("JOURNAL_BASE_URL") or "http://127.0.0.1:5000",
        "API_TITLE": "Coaching Journal API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        # Swagger UI's files come from the swagger-ui-bundle package, never from a CDN.
        "OPENAPI_SWAGGER_UI_URL": "/api/v1/docs/assets/",
        "WTF_CSRF_TIME_LIMIT": None,
        # /readyz (web/health.py): how far a read model may be behind the log and still
        # serve. /metrics (web/metrics.py): its bearer token; without one, loopback only.
        "READY_LAG": int(environ.get("JOURNAL_READY_LAG", "1000")),
        "METRICS_TOKEN": environ.get("JOURNAL_METRICS_TOKEN", ""),
        # Request logs (web/request_log.py): one JSON line per request, or gunicorn's text
        # lines as in development.
        "LOG_FORMAT": log_format(environ),
        **single_sign_on(environ),
    }
