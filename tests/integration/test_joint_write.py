"""One commit per command (journal/projections/joint.py), on SQLite and PostgreSQL.

Projecting inline, a command's events, their chain links, the read models' rows and the
tracked positions commit together: one commit, and nothing of it when any part fails.
Events another process wrote while projections were behind are still applied exactly
once, in log order.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from sqlalchemy import event, func, select

from journal.domain.coaching import Interaction
from journal.projections.event_index import event_index
from journal.projections.timeline import Timeline, Viewer
from tests.integration.conftest import Journals
from tests.integration.test_scenarios import log_one_to_one
from tests.organisation import T0, build_org
from tests.unit.support import head


def commits_of(*engines: Any) -> list[str]:
    """A list that grows by the engine's name at each commit on any of ``engines``."""
    seen: list[str] = []
    for engine in set(engines):
        event.listen(engine, "commit", lambda conn, name=engine.url.drivername: seen.append(name))
    return seen


def test_a_command_projected_inline_commits_once(
    open_journal: Journals, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = open_journal()
    org = build_org(journal, at=T0, accounts=False)
    leader, employee = org.leader, org.employee
    log_end = head(journal)

    def not_the_library_path(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the library's own transaction was used")

    for recorder_class in (SQLiteApplicationRecorder, PostgresApplicationRecorder):
        monkeypatch.setattr(recorder_class, "insert_events", not_the_library_path)
    commits = commits_of(journal.read.engine, journal.read.durable_engine)

    interaction = log_one_to_one(journal, leader, employee, T0 + timedelta(days=1), "Godt")

    assert len(commits) == 1
    new = head(journal)
    assert new > log_end  # the interaction and its agreed actions
    assert set(journal.read.projector.positions().values()) == {new}
    [entry] = journal.read.timeline.for_employee(employee, Viewer("leader", leader))
    assert str(interaction) in entry.entry_key and entry.shared_notes == "Godt"
    report = journal.verify_log()
    assert report is not None and report.intact, report.problems


def test_a_projection_that_fails_leaves_no_event_behind(
    open_journal: Journals, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = open_journal()
    org = build_org(journal, at=T0, accounts=False)
    leader, employee = org.leader, org.employee
    log_end = head(journal)
    links = journal.chain.count_links() if journal.chain else 0
    original = Timeline.handler

    def failing(projection: Any, event_type: type) -> Any:
        if event_type is Interaction.Logged and isinstance(projection, Timeline):
            return lambda *_: (_ for _ in ()).throw(RuntimeError("the timeline broke"))
        return original(projection, event_type)

    monkeypatch.setattr(Timeline, "handler", failing)
    journal.read.projector.forget_handlers()
    with pytest.raises(RuntimeError, match="the timeline broke"):
        log_one_to_one(journal, leader, employee, T0 + timedelta(days=1), "Godt")

    assert head(journal) == log_end
    assert journal.chain is not None and journal.chain.count_links() == links
    assert set(journal.read.projector.positions().values()) == {log_end}

    monkeypatch.setattr(Timeline, "handler", original)
    journal.read.projector.forget_handlers()
    log_one_to_one(journal, leader, employee, T0 + timedelta(days=1), "Godt")
    assert journal.read.timeline.for_employee(employee, Viewer("leader", leader))
    report = journal.verify_log()
    assert report is not None and report.intact, report.problems


def test_events_written_while_projections_were_behind_are_applied_once(
    open_journal: Journals,
) -> None:
    inline = open_journal()
    org = build_org(inline, at=T0, accounts=False)
    leader, employee = org.leader, org.employee
    unprojected = open_journal(project_on_write=False)  # a process whose worker is late
    for day in (1, 2, 3):
        log_one_to_one(unprojected, leader, employee, T0 + timedelta(days=day), f"Dag {day}")
    behind = inline.read.projector.positions()

    log_one_to_one(inline, leader, employee, T0 + timedelta(days=4), "Dag 4")

    log_end = head(inline)
    assert set(behind.values()) == {min(behind.values())} and min(behind.values()) < log_end
    assert set(inline.read.projector.positions().values()) == {log_end}
    with inline.read.engine.connect() as conn:
        positions = conn.execute(select(event_index.c.position)).scalars().all()
        kinds = conn.execute(
            select(func.count())
            .select_from(event_index)
            .where(event_index.c.event_type == "Interaction.Logged")
        ).scalar()
    assert sorted(positions) == list(range(1, log_end + 1))  # every event once, none skipped
    assert kinds == 4
