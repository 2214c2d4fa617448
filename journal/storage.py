"""The one place where domain events become stored records and back.

Everything that changes how an event is stored belongs here: the transcodings for the
types the domain uses, and (later) encryption of personal fields with a key per person
and a hash chain over stored events. The rest of the journal never sees stored bytes.
"""

from __future__ import annotations

from datetime import date

from eventsourcing.persistence import JSONTranscoder, Mapper, Transcoding


class DateAsISO(Transcoding):
    """Dates (business days of time entries, due dates, assessments) as ISO text."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


def register_transcodings(transcoder: JSONTranscoder) -> None:
    """Teach the transcoder the domain's own value types."""
    transcoder.register(DateAsISO())


class JournalMapper(Mapper):
    """Maps domain events to stored events; the hook for per-person keys and hash chains."""
