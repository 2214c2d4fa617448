"""Commands on a leader's calendar subscriptions, and the pass that syncs them.

A subscription is added and stopped as any record is (journal/domain/subscriptions.py).
``sync_calendars`` fetches each subscription that is due (journal/calendar_sync/) and
imports the last four weeks through the same import as an upload, so that unchanged
meetings write nothing; how each fetch went is kept in the fetcher's own table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from uuid import UUID

from journal import clock
from journal.calendar_sync.caldav_source import fetch_period
from journal.calendar_sync.failures import SyncFailed
from journal.calendar_sync.fetching import fetch
from journal.calendar_sync.status import SyncLedger, SyncStatus, every_from_env
from journal.commands.meetings import MeetingCommands
from journal.domain.people import ERASED
from journal.domain.subscriptions import CALENDAR_SYNC, CalendarSubscriptions
from journal.domain.windows import last_four_weeks
from journal.errors import ConflictError, DomainError, NotFoundError

#: How often a subscription is fetched when all goes well (JOURNAL_CALENDAR_SYNC_MINUTES).
DEFAULT_EVERY = timedelta(minutes=60)


@dataclass
class SyncPass:
    """What one pass over the subscriptions did."""

    due: int = 0
    not_modified: int = 0  # the server said 304
    imported: int = 0  # fetched and imported (perhaps changing nothing)
    changed: int = 0  # of those, how many changed meetings
    failed: list[tuple[UUID, SyncFailed]] = field(default_factory=list)
    #: Met another write to the leader's meetings (their own upload): left due, so the
    #: next pass fetches them again; not a failure of the address.
    deferred: list[UUID] = field(default_factory=list)


def configured_every() -> timedelta:
    """JOURNAL_CALENDAR_SYNC_MINUTES, or the default when it is unset, 0 (the worker does
    not sync; a pass by hand or from a page still waits the default) or not a number (the
    worker refuses to start with that; a page's pass goes on)."""
    try:
        return every_from_env() or DEFAULT_EVERY
    except ValueError:
        return DEFAULT_EVERY


class SubscriptionCommands(MeetingCommands):
    """A leader's calendar subscriptions: subscribe, stop, sync."""

    @cached_property
    def sync_ledger(self) -> SyncLedger:
        """How each subscription's fetches went (journal/calendar_sync/status.py)."""
        return SyncLedger(self.read.engine)

    def subscribe_calendar(
        self, leader_id: UUID, *, url: str = "", caldav_url: str = "", username: str = "",
        password: str = "", recorded_by: UUID,
    ) -> UUID:  # fmt: skip
        """Subscribe the leader to a published ICS address or a CalDAV calendar."""
        leader = self.person(leader_id, "leader_id", role="leader")
        leader.check_active("leader_id")
        if url and caldav_url:
            raise DomainError("url", "give either url or caldav_url, not both")
        if not url and not caldav_url:
            raise DomainError("url", "must not be empty")
        stream_id = CalendarSubscriptions.create_id(leader_id)
        stream = self.load_if_any(CalendarSubscriptions, stream_id)
        stream = stream or CalendarSubscriptions(leader_id=leader_id, recorded_by=recorded_by)
        kind = "caldav" if caldav_url else "ics"
        subscription_id = stream.subscribe(
            kind, caldav_url or url, username, password, recorded_by=recorded_by
        )
        self.save(stream)
        return subscription_id

    def stop_calendar_subscription(
        self, leader_id: UUID, subscription_id: UUID, *, recorded_by: UUID
    ) -> None:
        """Stop fetching a subscription; its meetings imported so far stay."""
        stream = self.load_if_any(CalendarSubscriptions, CalendarSubscriptions.create_id(leader_id))
        if stream is None or str(subscription_id) not in stream.subscriptions:
            raise NotFoundError("subscription_id", "no such subscription")
        stream.stop(subscription_id, recorded_by=recorded_by)
        self.save(stream)
        self.sync_ledger.forget([subscription_id])

    def sync_statuses(self, leader_id: UUID) -> dict[UUID, SyncStatus]:
        """How the leader's subscriptions' fetches went, by subscription."""
        return self.sync_ledger.of_leader(leader_id)

    def sync_calendars(
        self, *, every: timedelta | None = None, force: bool = False,
        leader_id: UUID | None = None, allow_private: bool | None = None,
    ) -> SyncPass:  # fmt: skip
        """Fetch and import each subscription that is due (all of them with ``force``), the
        leader's only if named; the next fetch ``every`` after (by default as
        JOURNAL_CALENDAR_SYNC_MINUTES says)."""
        every = every or configured_every()
        now = clock.now()
        if leader_id is None:
            statuses, rows = self.sync_ledger.all(), self.read.subscriptions.everyone()
        else:
            statuses = self.sync_ledger.of_leader(leader_id)
            rows = self.read.subscriptions.of_leader(leader_id)
        done = SyncPass()
        for row in rows:
            before = statuses.get(row.subscription_id)
            if not force and before is not None and before.due_at and before.due_at > now:
                continue
            done.due += 1
            try:
                self._sync_one(row.leader_id, row.subscription_id, before, now, every,
                               allow_private, done)  # fmt: skip
            except SyncFailed as failure:
                self.sync_ledger.failed(row.subscription_id, row.leader_id, now, every, failure)
                done.failed.append((row.subscription_id, failure))
            except ConflictError:
                done.deferred.append(row.subscription_id)
        return done

    def _sync_one(
        self, leader_id: UUID, subscription_id: UUID, before: SyncStatus | None,
        now: datetime, every: timedelta, allow_private: bool | None, done: SyncPass,
    ) -> None:  # fmt: skip
        stream = self.load_if_any(CalendarSubscriptions, CalendarSubscriptions.create_id(leader_id))
        found = stream.subscriptions.get(str(subscription_id)) if stream else None
        leader = self.person(leader_id, "leader_id")
        if found is None or found["address"] == ERASED or not leader.is_active:
            self.sync_ledger.forget([subscription_id])
            return
        etag = before.etag if before else ""
        last_modified = before.last_modified if before else ""
        start, end = last_four_weeks(self.today())
        if found["kind"] == "caldav":
            zone = self.settings.zone
            data = fetch_period(
                found["address"], found["username"], found["password"],
                clock.midnight(start, zone), clock.midnight(end + timedelta(days=1), zone),
                allow_private=allow_private,
            )  # fmt: skip
            etag = last_modified = ""
        else:
            fetched = fetch(
                found["address"], etag=etag, last_modified=last_modified,
                allow_private=allow_private,
            )  # fmt: skip
            if fetched.data is None:
                done.not_modified += 1
                self.sync_ledger.succeeded(
                    subscription_id, leader_id, now, every, etag=etag,
                    last_modified=last_modified, outcome={"not_modified": True},
                )  # fmt: skip
                return
            data, etag, last_modified = fetched.data, fetched.etag, fetched.last_modified
        outcome = self._import(leader_id, data, start, end, covers=found["kind"] == "caldav")
        done.imported += 1
        done.changed += int(any(outcome.get(k) for k in ("imported", "corrected", "withdrawn")))
        self.sync_ledger.succeeded(
            subscription_id, leader_id, now, every, etag=etag, last_modified=last_modified,
            outcome=outcome,
        )  # fmt: skip

    def _import(
        self, leader_id: UUID, data: bytes, start: date, end: date, *, covers: bool
    ) -> dict[str, int]:
        """Import the fetched calendar as an upload; what it did, or SyncFailed why not."""
        try:
            imported = self.import_calendar(
                leader_id, data, start=start, end=end, recorded_by=CALENDAR_SYNC,
                covers_period=covers,
            )  # fmt: skip
        except DomainError as error:
            if error.field == "file" and error.template.startswith("has no meetings"):
                return {"meetings": 0}
            detail = {"field": error.field, "template": error.template, "params": error.params}
            raise SyncFailed("rejected", json.dumps(detail, default=str)) from None
        summary = imported.summary
        return {
            "imported": summary.imported, "corrected": summary.corrected,
            "withdrawn": summary.withdrawn, "unchanged": summary.unchanged,
        }  # fmt: skip
