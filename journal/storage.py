"""The one place where domain events become stored records and back.

Everything that changes how an event is stored belongs here: the transcodings for the
types the domain uses, and (later) encryption of personal fields with a key per person
and a hash chain over stored events. The rest of the journal never sees stored bytes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
from eventsourcing.persistence import (
    JSONTranscoder,
    Mapper,
    Transcoding,
    TranscodingNotRegisteredError,
)

_PLAIN = frozenset((str, int, float, bool, type(None)))
_ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


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


class JournalTranscoder(JSONTranscoder):
    """The library's JSON format, written and read by orjson, several times faster.

    orjson writes UUIDs itself and has no hook to write them another way, so values of
    registered types are first tagged as the library's ``{"_type_", "_data_"}`` objects;
    reading untags them again. Stored events stay readable by the library's own
    transcoder and the other way round (compact separators, UTF-8, not ASCII-escaped).
    """

    def encode(self, obj: Any) -> bytes:
        """Encode like JSONTranscoder.encode, with orjson."""
        if type(obj) is dict:  # an event's or a snapshot's state: mostly plain values
            plain, types, tagged = _PLAIN, self.types, {}
            for key, value in obj.items():
                kind = type(value)
                transcoding = None if kind in plain else types.get(kind)
                if transcoding is not None:  # ids and instants: tag them here
                    payload = transcoding.encode(value)
                    if type(payload) is not str:
                        payload = self._tagged(payload)
                    value = {"_type_": transcoding.name, "_data_": payload}
                elif kind not in plain:
                    value = self._tagged(value)
                tagged[key] = value
            return orjson.dumps(tagged, option=_ORJSON_OPTIONS)
        return orjson.dumps(self._tagged(obj), option=_ORJSON_OPTIONS)

    def decode(self, data: bytes) -> Any:
        """Decode like JSONTranscoder.decode, with orjson."""
        obj = orjson.loads(data)
        if type(obj) is dict and "_type_" not in obj:  # an event's or a snapshot's state
            names = self.names
            for key, value in obj.items():
                if type(value) is dict:
                    # Most tagged values (ids, instants) hold plain text: decode them here.
                    name, payload = value.get("_type_"), value.get("_data_")
                    if len(value) == 2 and type(payload) is str and name in names:
                        obj[key] = names[name].decode(payload)
                    else:
                        obj[key] = self._untagged(value)
                elif type(value) is list:
                    obj[key] = self._untagged(value)
            return obj
        return self._untagged(obj)

    def _tagged(self, obj: Any) -> Any:
        kind = type(obj)
        if kind in _PLAIN:
            return obj
        if kind is dict:
            return {key: self._tagged(value) for key, value in obj.items()}
        if kind is list or kind is tuple:
            return [self._tagged(value) for value in obj]
        transcoding = self.types.get(kind)
        if transcoding is not None:
            return {"_type_": transcoding.name, "_data_": self._tagged(transcoding.encode(obj))}
        # Subclasses of the plain types, as the json module writes them.
        if isinstance(obj, str | int | float):
            return obj
        if isinstance(obj, dict):
            return {key: self._tagged(value) for key, value in obj.items()}
        if isinstance(obj, list | tuple):
            return [self._tagged(value) for value in obj]
        raise TranscodingNotRegisteredError(
            f"Object of type {kind} is not serializable. Please define and register "
            "a custom transcoding for this type."
        )

    def _untagged(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is dict:
            if len(obj) == 2 and "_type_" in obj and "_data_" in obj:
                try:
                    transcoding = self.names[obj["_type_"]]
                except KeyError as error:
                    raise TranscodingNotRegisteredError(
                        f"Data serialized with name '{obj['_type_']}' is not deserializable. "
                        "Please register a custom transcoding for this type."
                    ) from error
                return transcoding.decode(self._untagged(obj["_data_"]))
            return {key: self._untagged(value) for key, value in obj.items()}
        if kind is list:
            return [self._untagged(value) for value in obj]
        return obj


class JournalMapper(Mapper):
    """Maps domain events to stored events; the hook for per-person keys and hash chains."""
