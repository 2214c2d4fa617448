"""Importing survey results in bulk: a CSV export of 10,000 NPS answers (issue 13's target:
under 10 s on SQLite), and importing it again (every answer already there, nothing written).

The export is shaped like a Danish Excel one: a byte-order mark, ``;`` separators,
day-month-year dates, a response id per row, answers spread over a team of 50. Each
repetition imports it into an empty store, then again. The baseline is reading and
checking the file alone (``journal.surveys``: parsing, mapping and validating every row).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from benchmarks.context import BenchContext, median
from benchmarks.results import Measurement
from journal import bootstrap, clock
from journal.importers import survey_csv

TEAM = 50
SMOKE_TEAM = 5  # a smoke run checks the benchmark works; registering 50 people dominated it
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def export(rows: int, team: int = TEAM) -> bytes:
    """A Danish-Excel-shaped export of ``rows`` answers over a year, over ``team`` people."""
    lines = ["Svar-id;Dato;Medarbejder;Score;Kommentar;Kanal"]
    first = datetime(2026, 1, 2)
    for n in range(rows):
        day = first + timedelta(minutes=47 * n)
        lines.append(
            f"R{n:06d};{day:%d-%m-%Y};e{n % team}@bench.example;{n % 11};"
            f'"Svar nummer {n}; tak for hjælpen";{("Telefon", "Chat", "E-mail")[n % 3]}'
        )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


MAPPING = {"Svar-id": "response_id", "Dato": "date", "Medarbejder": "employee",
           "Score": "score", "Kommentar": "comment", "Kanal": "channel"}  # fmt: skip


def measure(ctx: BenchContext, store: str, rows: int, team: int = TEAM) -> list[Measurement]:
    """Seconds for the first import, the re-import, and reading the file alone."""
    data = export(rows, team)
    first, again, reading = [], [], []
    imported = 0
    for _ in range(1 if ctx.smoke else max(3, ctx.repeat // 4)):  # a smoke run: once
        journal = bootstrap.open_journal(ctx.fresh_settings(store))
        try:
            with clock.frozen_at(datetime(2026, 1, 1, tzinfo=UTC)):
                admin = journal.register_person(role="admin", name="Ada", email="a@bench.example")
                leader = journal.register_person(
                    role="leader", name="Lea", email="l@bench.example", recorded_by=admin
                )
                for n in range(team):
                    journal.register_person(
                        role="employee", name=f"Medarbejder {n}", email=f"e{n}@bench.example",
                        leader_id=leader, recorded_by=admin,
                    )  # fmt: skip
            with clock.frozen_at(datetime(2026, 12, 31, tzinfo=UTC)):
                began = time.perf_counter()
                done = journal.import_survey(data, chosen=MAPPING, recorded_by=admin)
                first.append(time.perf_counter() - began)
                head = journal.recorder.max_notification_id()
                began = time.perf_counter()
                journal.import_survey(data, chosen=MAPPING, recorded_by=admin)
                again.append(time.perf_counter() - began)
                assert journal.recorder.max_notification_id() == head, "a re-import wrote"
            imported = done.imported
        finally:
            journal.close()
        began = time.perf_counter()
        found = survey_csv.read_survey(data)
        survey_csv.answers(
            found,
            survey_csv.mapping_for(found.headers, MAPPING),
            lambda who, anyone=leader: (anyone, None),  # the lookup is part of the import
            COPENHAGEN,
        )
        reading.append(time.perf_counter() - began)
    ctx.log(
        f"survey import: {store}, {imported} answers: first {median(first):.2f} s, "
        f"again {median(again):.2f} s (no event), reading the file {median(reading):.2f} s"
    )
    return [
        Measurement("survey_import", store, case, imported, "seconds", median(times), len(times))
        for case, times in (("first import", first), ("re-import", again), ("reading", reading))
    ]


def run(ctx: BenchContext) -> list[Measurement]:
    """10,000 answers on every store (300 in a smoke run)."""
    rows, team = (300, SMOKE_TEAM) if ctx.smoke else (10_000, TEAM)
    return [m for store in ctx.stores for m in measure(ctx, store, rows, team)]
