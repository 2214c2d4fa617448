"""Uploads waiting for their preview: a survey export whose columns are being mapped, or a
calendar export whose plan is being looked at. The file is kept for the account that sent
it alone until it is imported, and never longer than an hour. (The table keeps its first
name, ``survey_uploads``, so that existing stores need no change.)"""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

from sqlalchemy import Engine, delete, select

from journal import clock
from journal.sql import reading
from web.state.tables import survey_uploads

KEPT = timedelta(hours=1)


class UploadStore:
    """Keeps, finds and deletes uploaded exports."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.reader = reading(engine)  # reads take no write lock (journal/sql.py)

    def keep(self, account_id: UUID, data: bytes) -> UUID:
        """Keep an upload (and forget every upload older than an hour)."""
        upload_id, now = uuid4(), clock.now()
        with self.engine.begin() as conn:
            conn.execute(delete(survey_uploads).where(survey_uploads.c.received_at < now - KEPT))
            conn.execute(
                survey_uploads.insert(),
                dict(upload_id=upload_id, account_id=account_id, received_at=now, data=data),
            )
        return upload_id

    def find(self, account_id: UUID, upload_id: UUID) -> bytes | None:
        """The upload's bytes, if it is this account's and not yet an hour old."""
        with self.reader.connect() as conn:
            row = conn.execute(
                select(survey_uploads.c.data, survey_uploads.c.received_at).where(
                    survey_uploads.c.upload_id == upload_id,
                    survey_uploads.c.account_id == account_id,
                )
            ).first()
        if row is None or row.received_at < clock.now() - KEPT:
            return None
        return bytes(row.data)

    def forget(self, upload_id: UUID) -> None:
        """Delete the upload (it was imported)."""
        with self.engine.begin() as conn:
            conn.execute(delete(survey_uploads).where(survey_uploads.c.upload_id == upload_id))
