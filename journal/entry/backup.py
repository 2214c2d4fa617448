"""Backups: ``journal export`` writes the log as JSON Lines, ``journal import`` restores it.

A backup holds exactly what the store holds, so a restore is the same log:

- a header line: the format, when it was made, how many events, the chain's head;
- one line per event: its position, stream, version, topic, the stored state's bytes
  (base64, encrypted personal fields and all) and its link in the hash chain;
- one line per person key (see journal/security/keyring.py) that has not been erased, as the
  store keeps it: wrapped by the master key (journal/security/master_key.py), which is not in the
  backup. The backup opens nothing without that key, and a restore needs it: the header
  names its id, and an import under another master key stops before writing anything.
  Keep the master key apart from the backups. Erased people's keys are not in it, so
  their data stays unreadable in every backup made after the erasure.
- an end line with the count, so a cut-off file is refused instead of half restored.

The import writes each event at the position it had, so everything that cites positions
(the event index, the audit pages) comes out identical, and recomputes the chain with this
store's JOURNAL_CHAIN_KEY. When the key is the one the backup was made with, every link
must come out as the backup says, which proves the file was not altered since; with a
different key, ``--new-chain-key`` accepts the new links.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from journal import clock
from journal.store.chain import ChainedRecorder, Link, all_events, all_links, links_for

FORMAT = "coaching-journal-backup"
VERSION = 2
BATCH = 1000


class BackupError(Exception):
    """The file is not a backup this version can restore, or the store cannot take it."""


@dataclass(frozen=True)
class Restored:
    """What an import did."""

    events: int
    keys: int
    links_as_backed_up: bool  # every recomputed link equals the backup's


def write_backup(app: Any, output: IO[str]) -> int:
    """Write the whole store to ``output``; returns the number of events."""
    chain: ChainedRecorder | None = app.chain
    last = chain.last_link() if chain else None
    _write(output, {
        "format": FORMAT, "version": VERSION, "exported_at": clock.now().isoformat(),
        "head": last and {"position": last.notification_id, **_link_json(last)},
        "keys_wrapped_by": _master_id(app),
    })  # fmt: skip
    links = all_links(chain) if chain else iter(())
    link = next(links, None)
    count = 0
    for notification in all_events(app.recorder):
        while link is not None and link.notification_id < notification.id:
            link = next(links, None)  # the link of an event that is gone: verify names it
        _write(output, {
            "position": notification.id,
            "originator_id": str(notification.originator_id),
            "originator_version": notification.originator_version,
            "topic": notification.topic,
            "state": base64.b64encode(bytes(notification.state)).decode(),
            "link": _link_json(link) if link and link.notification_id == notification.id else None,
        })  # fmt: skip
        count += 1
    keys = _keyring_rows(app)
    for row in keys:
        _write(output, {"person_key": row})
    _write(output, {"end": True, "events": count, "keys": len(keys)})
    return count


def read_backup(
    app: Any,
    source: IO[str],
    *,
    new_chain_key: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Restored:
    """Restore a backup into ``app``'s empty store, then build the projections."""
    chain: ChainedRecorder | None = app.chain
    if chain is None:
        raise BackupError("the in-memory store cannot be restored into; use SQLite or PostgreSQL")
    if app.recorder.max_notification_id():
        raise BackupError("import needs an empty journal; this one has events")
    lines = _lines(source)
    header = next(lines, (0, {}))[1]
    if header.get("format") != FORMAT or header.get("version") != VERSION:
        raise BackupError(f"line 1: not a {FORMAT} version {VERSION} header")
    wrapped_by = header.get("keys_wrapped_by")
    if wrapped_by and wrapped_by != _master_id(app):
        raise BackupError(
            f"the backup's person keys are wrapped by master key {wrapped_by}; set "
            f"JOURNAL_MASTER_KEY to that key (this store's is {_master_id(app) or 'not set'})"
        )
    restore = _Restore(chain, new_chain_key)
    keys: list[dict[str, Any]] = []
    end: dict[str, Any] | None = None
    for number, record in lines:
        if end is not None:
            raise BackupError(f"line {number}: more lines after the end line")
        if "end" in record:
            end = record
        elif "person_key" in record:
            keys.append(record["person_key"])
        else:
            restore.add(_stored_event(number, record), record.get("link"))
            if len(restore.batch) == BATCH:
                restore.flush(progress)
    if end is None or end.get("events") != restore.count + len(restore.batch):
        raise BackupError("the backup is cut off: its end line is missing or counts other events")
    restore.flush(progress)
    if keys:
        app.keyring.import_keys(keys)
    app.read.catch_up()
    return Restored(events=restore.count, keys=len(keys), links_as_backed_up=restore.same_links)


class _Restore:
    """Writes events in batches, each with the links this store's key gives them."""

    def __init__(self, chain: ChainedRecorder, new_chain_key: bool) -> None:
        self.chain, self.new_chain_key = chain, new_chain_key
        self.previous: Link | None = None
        self.batch: list[tuple[int, StoredEvent]] = []
        self.backed_up: list[Any] = []
        self.count = 0
        self.same_links = True

    def add(self, numbered: tuple[int, StoredEvent], link: Any) -> None:
        self.batch.append(numbered)
        self.backed_up.append(link)

    def flush(self, progress: Callable[[int], None] | None) -> None:
        if not self.batch:
            return
        links = links_for(self.chain.chain_key, self.previous, self.batch)
        same = all(
            saved == _link_json(link) for saved, link in zip(self.backed_up, links, strict=True)
        )
        if not same and not self.new_chain_key:
            raise BackupError(
                f"event #{self.batch[0][0]} on: the restored chain differs from the backup's: "
                "the file was altered, or this store's JOURNAL_CHAIN_KEY is not the key the "
                "backup was made with (then add --new-chain-key). Empty the store before "
                "trying again."
            )
        self.chain.restore(self.batch, links)
        self.same_links &= same
        self.count += len(self.batch)
        if progress:
            progress(len(self.batch))
        self.previous = links[-1]
        self.batch, self.backed_up = [], []


def _stored_event(number: int, record: dict[str, Any]) -> tuple[int, StoredEvent]:
    try:
        return int(record["position"]), StoredEvent(
            originator_id=UUID(record["originator_id"]),
            originator_version=int(record["originator_version"]),
            topic=str(record["topic"]),
            state=base64.b64decode(record["state"], validate=True),
        )
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"line {number}: not an exported event ({error})") from error


def _lines(source: IO[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            raise BackupError(f"line {number}: not JSON ({error})") from error
        if not isinstance(record, dict):
            raise BackupError(f"line {number}: not a JSON object")
        yield number, record


def _write(output: IO[str], record: dict[str, Any]) -> None:
    output.write(json.dumps(record, ensure_ascii=False) + "\n")


def _link_json(link: Link) -> dict[str, Any]:
    return {"previous": link.previous_id, "hash": link.hash.hex()}


def _master_id(app: Any) -> str | None:
    keyring = getattr(app, "keyring", None)
    master = getattr(keyring, "master", None)
    return master.key_id if master is not None else None


def _keyring_rows(app: Any) -> list[dict[str, Any]]:
    keyring = getattr(app, "keyring", None)
    return list(keyring.export_keys()) if keyring is not None else []
