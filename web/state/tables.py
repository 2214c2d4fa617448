"""The web app's own state: sign-in sessions, bearer tokens, calendar feed links, sign-in
failures and the answers kept for Idempotency-Key retries.

These tables sit beside the journal's read models in the same database, so every app
process shares them, but they are not projections: they hold no events, a rebuild leaves
them be, and they have their own metadata, created once when the app starts. Only digests
of session ids and tokens are kept, never the secrets themselves.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
)

from journal.sql import UTCDateTime, create_tables

#: The longest Idempotency-Key a client may send.
IDEMPOTENCY_KEY_LENGTH = 200

metadata = MetaData()

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("account_id", Uuid, nullable=False, index=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("account_id", Uuid, nullable=False, index=True),
    Column("issued_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime),
)

#: A leader's private calendar feed of due coaching: one live link per leader.
calendar_feeds = Table(
    "calendar_feeds",
    metadata,
    Column("leader_id", Uuid, primary_key=True),
    Column("digest", String(64), nullable=False, unique=True),
    Column("locale", String(8), nullable=False),
    Column("issued_at", UTCDateTime, nullable=False),
)

#: What each event of a leader's feed last said, and its SEQUENCE: raised whenever the
#: event changes (a new due day or summary), never lowered, whatever moved it.
calendar_feed_items = Table(
    "calendar_feed_items",
    metadata,
    Column("leader_id", Uuid, primary_key=True),
    Column("uid", String(200), primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("sequence", Integer, nullable=False),
)

sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("key", String(300), primary_key=True),  # "user:<username>" or "addr:<address>"
    Column("failures", Integer, nullable=False),
    Column("first_failed_at", UTCDateTime, nullable=False),
    Column("locked_until", UTCDateTime),
)

#: A survey export uploaded for its columns to be mapped on a preview: kept for the one
#: person who uploaded it, deleted when it is imported, and at most an hour.
# Single-use links sent by mail: a password reset (an hour) or an invitation (7 days).
mailed_links = Table(
    "mailed_links",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("purpose", String(16), nullable=False),
    Column("person_id", Uuid, nullable=False, index=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime),
)

survey_uploads = Table(
    "survey_uploads",
    metadata,
    Column("upload_id", Uuid, primary_key=True),
    Column("account_id", Uuid, nullable=False, index=True),
    Column("received_at", UTCDateTime, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

idempotent_requests = Table(
    "idempotent_requests",
    metadata,
    Column("account_id", Uuid, primary_key=True),
    Column("key", String(IDEMPOTENCY_KEY_LENGTH), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("status", Integer),  # None while the first call runs
    Column("body", Text),
    Column("content_type", String(100)),
)


def create_web_tables(engine: Engine) -> None:
    """Create the web app's tables that are missing (safe when processes start together)."""
    create_tables(engine, metadata)
