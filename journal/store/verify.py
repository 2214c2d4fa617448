"""``journal verify``: walk the event log beside its hash chain and name every broken link.

The walk merges two ordered streams, the events by position and the chain's links by
position (journal/store/chain.py), and checks each link against the link stored before it:

- an event without a link was **inserted** behind the recorder's back;
- a link without its event means the event was **deleted** (its link remains);
- a link that names a predecessor the walk never met means that event was deleted
  together with its link;
- a link whose HMAC does not match its event means the event (or the link) was **changed**;
- a state that is not JSON is **unreadable** (a partial write would show here).

Each link is checked against the stored link before it, not a recomputed one, so one
changed row is named once and the rows after it stay clean. Results are kept in a small
table beside the projections (not a projection: a rebuild leaves it be), so the auditor's
pages show when the log was last verified, by whom and what was found.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

import orjson
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, Text, Uuid, select

from journal import clock
from journal.sql import UTCDateTime, create_tables, reading
from journal.store.chain import ChainedRecorder, Link, all_events, all_links, link_hash

BATCH = 5000

metadata = MetaData()

verifications = Table(
    "log_verifications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("checked_at", UTCDateTime, nullable=False, index=True),
    Column("checked_by", Uuid),  # None: from the command line
    Column("events", Integer, nullable=False),
    Column("head", String(80), nullable=False),
    Column("keyed", Integer, nullable=False),
    Column("problems", Text, nullable=False),  # JSON list of Problem
)


@dataclass(frozen=True)
class Problem:
    """One broken link: what happened to which row."""

    kind: str  # "changed", "deleted", "inserted" or "unreadable"
    position: int
    detail: str
    stream: str = ""
    version: int | None = None

    def describe(self) -> str:
        """One line for the command line and the auditor's page."""
        where = f" (stream {self.stream} v{self.version})" if self.stream else ""
        return f"{self.kind}: event #{self.position}{where}: {self.detail}"


@dataclass
class Report:
    """What one verification found."""

    events: int = 0
    links: int = 0
    keyed: bool = False
    head: str = ""  # "position:hash" of the newest link, for anchoring outside the store
    problems: list[Problem] = field(default_factory=list)
    checked_at: datetime | None = None
    checked_by: UUID | None = None

    @property
    def intact(self) -> bool:
        """True when every event has its link and every link holds."""
        return not self.problems


def verify(
    recorder: Any, chain: ChainedRecorder, progress: Callable[[int], None] | None = None
) -> Report:
    """Check every event of the log against the chain; ``progress`` gets events checked."""
    report = Report(keyed=bool(chain.chain_key), checked_at=clock.now())
    events, links = all_events(recorder, BATCH), all_links(chain, BATCH)
    event, link = next(events, None), next(links, None)
    previous: Link | None = None  # the last stored link the walk has passed
    while event is not None or link is not None:
        if link is None or (event is not None and event.id < link.notification_id):
            report.problems.append(_problem("inserted", event, "it has no link in the chain"))
            report.events += 1
            event = next(events, None)
        elif event is None or link.notification_id < event.id:
            report.problems.append(
                Problem("deleted", link.notification_id, "its link remains but the event is gone")
            )
            report.links += 1
            previous, link = link, next(links, None)
        else:
            report.problems.extend(_check(chain.chain_key, previous, link, event))
            report.events += 1
            report.links += 1
            previous, event, link = link, next(events, None), next(links, None)
        if progress and report.events and report.events % BATCH == 0:
            progress(BATCH)
    if progress:
        progress(report.events % BATCH)
    report.head = f"{previous.notification_id}:{previous.hash.hex()}" if previous else "0:"
    return report


def _check(key: bytes, previous: Link | None, link: Link, event: Any) -> list[Problem]:
    expected_previous = previous.notification_id if previous else 0
    if link.previous_id > expected_previous:
        return [
            Problem(
                "deleted",
                link.previous_id,
                f"the event and its link are gone; #{link.notification_id} was linked to it",
            )
        ]
    if link.previous_id != expected_previous:
        return [_problem("changed", event, "its link names the wrong event before it")]
    problems = []
    if link_hash(key, previous, event.id, event) != link.hash:
        problems.append(_problem("changed", event, "its stored row does not match its link"))
    try:
        orjson.loads(event.state)
    except orjson.JSONDecodeError:
        problems.append(
            _problem("unreadable", event, "its state is not the JSON it was written as")
        )
    return problems


def _problem(kind: str, event: Any, detail: str) -> Problem:
    return Problem(kind, event.id, detail, str(event.originator_id), event.originator_version)


class Verifications:
    """The kept results of past verifications, newest first."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.reader = reading(engine)  # reads take no write lock (journal/sql.py)
        create_tables(engine, metadata)

    def keep(self, report: Report) -> None:
        """Store a report."""
        with self.engine.begin() as conn:
            conn.execute(
                verifications.insert().values(
                    checked_at=report.checked_at or clock.now(),
                    checked_by=report.checked_by,
                    events=report.events,
                    head=report.head,
                    keyed=int(report.keyed),
                    problems=json.dumps([asdict(p) for p in report.problems]),
                )
            )

    def latest(self) -> Report | None:
        """The newest kept report, or None when the log was never verified."""
        query = select(verifications).order_by(verifications.c.id.desc()).limit(1)
        with self.reader.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return Report(
            events=row.events,
            links=row.events,
            keyed=bool(row.keyed),
            head=row.head,
            problems=[Problem(**p) for p in json.loads(row.problems)],
            checked_at=row.checked_at,
            checked_by=row.checked_by,
        )
