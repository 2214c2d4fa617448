"""The one place where domain events become stored records and back.

Everything that changes how an event is stored belongs here: the transcodings for the
types the domain uses, and the sealing of personal fields with the key of the person they
are about (journal/security/keyring.py). The hash chain over stored rows is
journal/store/chain.py. The rest of the journal never sees stored bytes.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

import orjson
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.domain import Snapshot
from eventsourcing.persistence import (
    JSONTranscoder,
    Mapper,
    StoredEvent,
    Transcoding,
    TranscodingNotRegisteredError,
)
from eventsourcing.utils import get_topic

from journal.domain.people import ERASED
from journal.security.keyring import Keyring, PersonErased

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


#: The key in a stored state that holds its sealed personal fields.
SEALED = "_sealed_"
NONCE_BYTES = 12


class JournalMapper(Mapper):
    """Maps domain events to stored events, sealing their personal fields per person.

    An event class names its personal fields in ``personal_data`` (dotted for keys inside
    a dict, e.g. ``changes.shared_notes``). Those values are taken out of the stored
    state and kept, encrypted with AES-256-GCM under the key of the person the event is
    about, in one ``_sealed_`` entry: ``{"by": person, "fields": {path: "text"|"list"},
    "data": base64(nonce + ciphertext)}``; the ciphertext is bound to the event's stream
    and version. A snapshot's whole state is sealed. Reading an event whose person was
    erased gives ERASED for each text and [] for each list; the rest of the event (who,
    when, which kind, scores, minutes) stays readable, and the stored row never changes,
    so the hash chain still verifies.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keyring: Keyring | None = None  # set by the Journal once its database is open
        #: Each stream's data subject, as the aggregates being saved name it.
        self.subjects: dict[UUID, UUID] = {}
        self._ciphers: dict[bytes, AESGCM] = {}

    def remember_subjects(self, aggregates: Iterable[Any]) -> None:
        """Note whom each aggregate's new events are about, before they are mapped."""
        for aggregate in aggregates:
            subject = getattr(aggregate, "data_subject", None)
            if subject is not None:
                self.subjects[aggregate.id] = subject

    def forget_keys(self) -> None:
        """Drop the ciphers made from keys that may since have been erased."""
        self._ciphers.clear()

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        """Like the library's, with the personal fields sealed under their person's key."""
        is_snapshot = isinstance(domain_event, Snapshot)
        paths = () if is_snapshot else getattr(domain_event, "personal_data", ())
        if self.keyring is None or not (is_snapshot or paths):
            return super().to_stored_event(domain_event)
        state = dict(vars(domain_event))
        originator_id = state.pop("originator_id")
        originator_version = state.pop("originator_version")
        class_version = getattr(type(domain_event), "class_version", 1)
        if class_version > 1:
            state["class_version"] = class_version
        subject = self.subject_of(domain_event)
        if is_snapshot:
            secret, kinds = {"state": state.pop("state")}, {"state": "state"}
        else:
            secret, kinds = take_paths(state, paths)
        if secret:
            key = self.keyring.key_to_write(subject)
            nonce = os.urandom(NONCE_BYTES)
            sealed = self._cipher(key).encrypt(
                nonce, self.transcoder.encode(secret), bound_to(originator_id, originator_version)
            )
            state[SEALED] = {
                "by": str(subject),
                "fields": kinds,
                "data": base64.b64encode(nonce + sealed).decode(),
            }
        return StoredEvent(
            originator_id=originator_id,
            originator_version=originator_version,
            topic=get_topic(type(domain_event)),
            state=self.transcoder.encode(state),
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        """Like the library's, with sealed fields opened, or ERASED once the key is gone."""
        domain_event = super().to_domain_event(stored_event)
        state = domain_event.__dict__
        sealed = state.pop(SEALED, None)
        if sealed is None:
            return domain_event
        subject = UUID(sealed["by"])
        key = self.keyring.key_to_read(subject) if self.keyring is not None else None
        if key is None:
            if "state" in sealed["fields"]:  # a snapshot cannot stand in for erased events
                raise PersonErased(subject)
            for path, kind in sealed["fields"].items():
                put_path(state, path, [] if kind == "list" else ERASED)
            return domain_event
        blob = base64.b64decode(sealed["data"])
        opened = self._cipher(key).decrypt(
            blob[:NONCE_BYTES],
            blob[NONCE_BYTES:],
            bound_to(stored_event.originator_id, stored_event.originator_version),
        )
        secret = self.transcoder.decode(opened)
        for path in sealed["fields"]:
            put_path(state, path, get_path(secret, path))
        return domain_event

    def subject_of(self, domain_event: Any) -> UUID:
        """The person a new event or snapshot is about."""
        subject = self.subjects.get(domain_event.originator_id)
        if subject is None:
            subject = getattr(domain_event, "employee_id", None) or getattr(
                domain_event, "person_id", None
            )
        if subject is None:
            raise LookupError(
                f"no data subject for {type(domain_event).__qualname__} of stream "
                f"{domain_event.originator_id}: save its aggregate through the Journal"
            )
        return UUID(str(subject))

    def _cipher(self, key: bytes) -> AESGCM:
        cipher = self._ciphers.get(key)
        if cipher is None:
            cipher = self._ciphers[key] = AESGCM(key)
        return cipher


def bound_to(originator_id: Any, originator_version: int) -> bytes:
    """What a sealed value is bound to: moved to another event, it fails to open."""
    return f"{originator_id}/{originator_version}".encode()


def take_paths(
    state: dict[str, Any], paths: Iterable[str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Remove the values at ``paths`` from ``state``; return them, and whether each was a list."""
    secret: dict[str, Any] = {}
    kinds: dict[str, str] = {}
    for path in paths:
        head, _, tail = path.partition(".")
        if head not in state:
            continue
        container = state if not tail else state[head]
        name = tail or head
        if name not in container or container[name] in ("", [], ()):
            continue  # an empty value says nothing about anyone: it stays as it is
        if tail:
            container = state[head] = dict(container)
        value = container.pop(name)
        put_path(secret, path, value)
        kinds[path] = "list" if isinstance(value, list | tuple) else "text"
    return secret, kinds


def get_path(obj: dict[str, Any], path: str) -> Any:
    """The value at a dotted path."""
    head, _, tail = path.partition(".")
    return obj[head][tail] if tail else obj[head]


def put_path(obj: dict[str, Any], path: str, value: Any) -> None:
    """Set the value at a dotted path, making the inner dict if needed."""
    head, _, tail = path.partition(".")
    if tail:
        obj.setdefault(head, {})[tail] = value
    else:
        obj[head] = value
