"""Security headers on every response, and no caching of anything personal.

The Content-Security-Policy allows scripts only from this site (no inline script, no
eval) and no framing. Styles may be inline: the charts are pygal's inline SVG, which
carries its own <style>; no page has a ``style=`` attribute of its own.
"""

from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def add_security_headers(response: Response) -> Response:
    """Set the headers; every page and API answer but the static files is ``no-store``."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint not in ("static", "swagger_asset"):
        # Pages and API answers carry personal data: no browser or proxy may keep them.
        response.headers["Cache-Control"] = "no-store"
    return response


def init_headers(app: Flask) -> None:
    """Add the headers to every response."""
    app.after_request(add_security_headers)
