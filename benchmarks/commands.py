"""Command throughput: commands through the journal against raw inserts of the same rows.

A command is what one request does: load what it checks, call one domain method, save
once. The commands alternate between logging an interaction, recording feedback, logging
a leader's time and assigning a task. The raw baseline then inserts exactly the rows those
commands stored, with the same transactions (one per save: events, and separately the
snapshots the library took), through sqlite3 or psycopg into tables of the same shape.

Rounds alternate journal and raw, so both see the same machine; the figure is the median
of the rounds' rates.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any
from uuid import UUID

import psycopg

from benchmarks.context import BenchContext, median
from benchmarks.results import Measurement
from journal import bootstrap, clock
from journal.commands import Journal
from journal.settings import Settings

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
Transaction = tuple[str, list[tuple[Any, ...]]]  # (table, rows)


@dataclass
class Team:
    """A leader and the employees the commands are about."""

    leader: UUID
    employees: list[UUID]


def register_team(journal: Journal, size: int) -> Team:
    """A leader with ``size`` employees."""
    with clock.frozen_at(START):
        leader = journal.register_person(role="leader", name="Bo Bench", email="bo@example.com")
        employees = [
            journal.register_person(
                role="employee", name=f"Ea {n}", email=f"ea{n}@example.com", leader_id=leader
            )
            for n in range(size)
        ]
    return Team(leader, employees)


def command_mix(journal: Journal, team: Team) -> Iterator[Callable[[], object]]:
    """An endless, varied stream of commands, each one save."""
    for n in count():
        employee = team.employees[n % len(team.employees)]
        moment = START + timedelta(hours=n)
        kind = n % 4
        if kind == 0:
            yield lambda e=employee, m=moment: journal.log_interaction(
                leader_id=team.leader, employee_id=e, kind="one_to_one", occurred_at=m,
                minutes=30, shared_notes="Vi talte om ugens kunder.", private_notes="Træt.",
            )  # fmt: skip
        elif kind == 1:
            yield lambda e=employee, m=moment: journal.record_feedback(
                employee_id=e, score=9, channel="phone", received_at=m,
                comment="Hurtig og venlig hjælp", recorded_by=team.leader,
            )  # fmt: skip
        elif kind == 2:
            yield lambda m=moment: log_time_that_day(journal, team.leader, m)
        else:
            yield lambda e=employee, m=moment: journal.assign_task(
                leader_id=team.leader, employee_id=e, title="Besvar tre svære sager",
                passion="customers", due_on=m.date() + timedelta(days=14),
            )  # fmt: skip


def log_time_that_day(journal: Journal, leader: UUID, moment: datetime) -> UUID:
    """Half an hour with people, logged the same day (time is logged for recent days)."""
    with clock.frozen_at(moment):
        return journal.log_time(leader, on=moment.date(), minutes=30, category="people")


@contextmanager
def transactions_recorded(journal: Journal) -> Iterator[list[Transaction]]:
    """Note every insert the journal makes (events, snapshots) as one transaction each."""
    recorded: list[Transaction] = []
    recorders = [journal.recorder] + ([journal.snapshots.recorder] if journal.snapshots else [])
    originals = [r.insert_events for r in recorders]
    for recorder, original in zip(recorders, originals, strict=True):

        def noting(stored: Sequence[Any], _o: Any = original, _r: Any = recorder, **kw: Any) -> Any:
            recorded.append((_r.events_table_name, [row_of(s) for s in stored]))
            return _o(stored, **kw)

        recorder.insert_events = noting  # type: ignore[method-assign]
    try:
        yield recorded
    finally:
        for recorder in recorders:
            del recorder.insert_events


def row_of(stored: Any) -> tuple[Any, ...]:
    """A stored event as the columns the library writes."""
    return (stored.originator_id, stored.originator_version, stored.topic, stored.state)


class RawSQLite:
    """sqlite3 on the same file, same journal mode and sync level as the event store."""

    def __init__(self, settings: Settings) -> None:
        self.conn = sqlite3.connect(settings.sqlite_path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.tables: set[str] = set()

    def table(self, name: str) -> str:
        raw = f"raw_{name}"
        if raw not in self.tables:
            self.conn.execute(
                f"CREATE TABLE IF NOT EXISTS {raw} (originator_id TEXT, originator_version "
                "INTEGER, topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
            )
            self.tables.add(raw)
        return raw

    def write(self, transactions: list[Transaction]) -> None:
        for name, rows in transactions:
            table = self.table(name)
            self.conn.execute("BEGIN")
            self.conn.executemany(
                f"INSERT INTO {table} VALUES (?, ?, ?, ?)", [(r[0].hex, *r[1:]) for r in rows]
            )
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


class RawPostgres:
    """psycopg on the same database, into tables made like the journal's own."""

    def __init__(self, settings: Settings) -> None:
        self.conn = psycopg.connect(settings.database_url)
        self.tables: set[str] = set()

    def table(self, name: str) -> str:
        raw = f"raw_{name}"
        if raw not in self.tables:
            self.conn.execute(f"CREATE TABLE IF NOT EXISTS {raw} (LIKE {name} INCLUDING ALL)")
            self.conn.commit()
            self.tables.add(raw)
        return raw

    def write(self, transactions: list[Transaction]) -> None:
        for name, rows in transactions:
            table = self.table(name)
            with self.conn.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} (originator_id, originator_version, topic, state) "
                    "VALUES (%s, %s, %s, %s)",
                    rows,
                )
            self.conn.commit()

    def close(self) -> None:
        self.conn.close()


def measure_round(
    journal: Journal, commands: Iterator[Callable[[], object]], raw: Any, size: int
) -> tuple[float, float, int]:
    """Run ``size`` commands, then their rows raw; return both rates and the events stored."""
    with transactions_recorded(journal) as recorded:
        began = time.perf_counter()
        with clock.frozen_at(START + timedelta(days=400)):
            for _ in range(size):
                next(commands)()
        journal_seconds = time.perf_counter() - began
    events_table = journal.recorder.events_table_name
    events = sum(len(rows) for table, rows in recorded if table == events_table)
    began = time.perf_counter()
    raw.write(recorded)
    raw_seconds = time.perf_counter() - began
    return size / journal_seconds, size / raw_seconds, events


def measure_store(ctx: BenchContext, store: str, inline: bool) -> list[Measurement]:
    """Rounds of commands through the journal and raw, on one fresh store."""
    settings = ctx.fresh_settings(store)
    journal = bootstrap.open_journal(settings, project_on_write=inline)
    raw = RawSQLite(settings) if store == "sqlite" else RawPostgres(settings)
    try:
        team = register_team(journal, 12)
        commands = command_mix(journal, team)
        rounds, size = (3, 40) if ctx.smoke else (max(5, ctx.repeat // 4), 300)
        measure_round(journal, commands, raw, size // 4)  # warm caches and statement cache
        journal_rates, raw_rates, events = [], [], 0
        for _ in range(rounds):
            journal_rate, raw_rate, stored = measure_round(journal, commands, raw, size)
            journal_rates.append(journal_rate)
            raw_rates.append(raw_rate)
            events += stored
    finally:
        raw.close()
        journal.close()
    shape = "projecting inline" if inline else "worker projects"
    rate, raw_rate = median(journal_rates), median(raw_rates)
    return [
        Measurement("commands", store, f"journal, {shape}", 0, "commands/s", rate, rounds),
        Measurement(
            "commands",
            store,
            f"journal, {shape}",
            0,
            "events/s",
            rate * events / (rounds * size),
            rounds,
        ),  # fmt: skip
        Measurement("commands", store, f"raw, {shape}", 0, "commands/s", raw_rate, rounds),
    ]


def run(ctx: BenchContext) -> list[Measurement]:
    """Command throughput on every store, with and without projecting inline."""
    measurements: list[Measurement] = []
    for store in ctx.stores:
        for inline in (False, True):
            ctx.log(f"commands: {store}, {'inline' if inline else 'worker'} projections")
            measurements += measure_store(ctx, store, inline)
    return measurements
