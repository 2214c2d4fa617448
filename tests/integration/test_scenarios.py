"""A leader's week, end to end, on every store."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime, timedelta

import pytest
from click.testing import CliRunner

from journal import bootstrap, clock
from journal.commands import Journal
from journal.domain import limits
from journal.entry.cli import main
from journal.errors import ConflictError, DomainError
from journal.projections.timeline import Viewer
from journal.settings import Settings
from tests.integration.conftest import Journals, reset_postgres
from tests.organisation import T0, build_org
from tests.unit.support import head


def log_one_to_one(journal: Journal, leader, employee, at: datetime, note: str):
    """Log a 1-to-1 recorded an hour after it took place."""
    with clock.frozen_at(at + timedelta(hours=1)):
        return journal.log_interaction(
            leader_id=leader,
            employee_id=employee,
            kind="one_to_one",
            occurred_at=at,
            minutes=30,
            shared_notes=note,
            private_notes="Virker træt",
            agreed_actions=["Book kursus"],
        )


def all_rows(journal: Journal) -> dict:
    """Every projection's rows."""
    return {name: p.rows() for name, p in journal.read.projector.projections.items()}


def test_a_corrected_note_shows_old_before_and_new_after_the_correction(journal: Journal) -> None:
    org = build_org(journal, at=T0, accounts=False)
    leader, employee = org.leader, org.employee
    interaction = log_one_to_one(journal, leader, employee, T0 + timedelta(days=1), "Godt møde")
    with clock.frozen_at(T0 + timedelta(days=2)):
        journal.correct_interaction(
            interaction, {"shared_notes": "Rigtig godt møde"}, "Stavefejl", recorded_by=leader
        )

    before = journal.history.employee(employee, known_at=T0 + timedelta(days=1, hours=2))
    after = journal.history.employee(employee, known_at=T0 + timedelta(days=3))

    assert [i["shared_notes"] for i in before.interactions] == ["Godt møde"]
    assert [i["shared_notes"] for i in after.interactions] == ["Rigtig godt møde"]


def test_the_employee_sees_shared_notes_but_never_private_ones(journal: Journal) -> None:
    org = build_org(journal, at=T0, accounts=False)
    leader, employee = org.leader, org.employee
    log_one_to_one(journal, leader, employee, T0 + timedelta(days=1), "Fokus på kunderne")

    as_employee = journal.read.timeline.for_employee(employee, Viewer("employee", employee))
    as_leader = journal.read.timeline.for_employee(employee, Viewer("leader", leader))

    assert [(e.shared_notes, e.private_notes) for e in as_employee] == [("Fokus på kunderne", None)]
    assert [e.private_notes for e in as_leader] == ["Virker træt"]


def test_a_rebuilt_projection_equals_the_incremental_one(journal: Journal) -> None:
    org = build_org(journal, at=T0, accounts=False)
    admin, leader, employee = org.admin, org.leader, org.employee
    interaction = log_one_to_one(journal, leader, employee, T0 + timedelta(days=1), "Godt")
    with clock.frozen_at(T0 + timedelta(days=2)):
        journal.retract_interaction(interaction, "Forkert medarbejder", recorded_by=leader)
        journal.set_passions(employee, ["product", "customers"], recorded_by=leader)
        task = journal.assign_task(
            leader_id=leader,
            employee_id=employee,
            title="Test den nye app",
            passion="product",
            due_on=date(2026, 3, 20),
        )
        journal.start_task(task, recorded_by=employee)
        feedback = journal.record_feedback(
            employee_id=employee,
            score=6,
            channel="chat",
            received_at=T0 + timedelta(days=1),
            comment="Langsom",
            recorded_by=leader,
        )
        journal.correct_feedback(feedback, {"score": 9}, "Tastefejl", recorded_by=leader)
        journal.log_time(leader, on=date(2026, 3, 3), minutes=240, category="people")
        journal.set_priorities(
            leader,
            split={"planning": 20, "reporting": 10, "follow_up": 10, "people": 50, "other": 10},
        )
        # The coaching loop and the accounts: a request fulfilled by a 1-to-1 whose agreed
        # action is then ticked, a sign-in language, a morning reminder.
        journal.ask_for_coaching(employee, "one_to_one", "Om kurset", recorded_by=employee)
        account = journal.open_account(
            employee, username="soren", password="langt-nok-kodeord-1", recorded_by=admin
        )
        journal.choose_language(account, "da", recorded_by=employee)
        journal.claim_reminder(leader, date(2026, 3, 4), 2)
        journal.note_reminder(leader, date(2026, 3, 4))
    second = log_one_to_one(journal, leader, employee, T0 + timedelta(days=3), "Kursus")
    with clock.frozen_at(T0 + timedelta(days=4)):
        actions = journal.agreed_actions(second)
        journal.tick_action(second, actions.open_items()[0], recorded_by=employee)
    incremental = all_rows(journal)

    journal.read.rebuild()

    assert all_rows(journal) == incremental
    assert incremental["timeline"]["timeline"], "the scenario must have filled the timeline"


def test_a_failed_command_writes_nothing(journal: Journal) -> None:
    org = build_org(journal, at=T0, accounts=False)
    leader = org.leader
    with clock.frozen_at(T0):
        journal.log_time(leader, on=date(2026, 3, 2), minutes=20 * 60, category="planning")
    log_end = head(journal)

    with pytest.raises(DomainError) as error, clock.frozen_at(T0):
        journal.log_time(leader, on=date(2026, 3, 2), minutes=5 * 60, category="people")

    assert error.value.field == "minutes"
    assert head(journal) == log_end


def test_long_streams_are_loaded_from_snapshots(journal: Journal) -> None:
    org = build_org(journal, at=T0, accounts=False)
    leader = org.leader
    with journal.projections_deferred():
        for day in range(160):  # the leader logs each evening for 160 days
            with clock.frozen_at(T0 + timedelta(days=day, hours=8)):
                journal.log_time(leader, on=(T0 + timedelta(days=day)).date(), minutes=60,
                                 category="people")  # fmt: skip

    calendar = journal.calendar_of(leader)
    snapshots = list(journal.snapshots.get(calendar.id)) if journal.snapshots else []

    assert calendar.version == 161
    assert [s.originator_version for s in snapshots] == list(range(20, 161, 20))
    # The calendar keeps the days time can still be logged for, not every day ever logged.
    assert len(calendar.minutes_by_day) <= limits.TIME_LOG_DAYS + 31
    assert T0.date().isoformat() not in calendar.minutes_by_day


def test_the_second_of_two_concurrent_writers_gets_a_conflict(open_journal: Journals) -> None:
    first, second = open_journal(), open_journal()
    org = build_org(first, at=T0, accounts=False)
    leader, employee = org.leader, org.employee
    interaction = log_one_to_one(first, leader, employee, T0 + timedelta(days=1), "Godt")
    mine = first.repository.get(interaction)
    theirs = second.repository.get(interaction)
    with clock.frozen_at(T0 + timedelta(days=2)):
        mine.correct({"minutes": 45}, "Varede længere", recorded_by=leader)
        theirs.correct({"minutes": 20}, "Kortere", recorded_by=leader)
        first.save(mine)

        with pytest.raises(ConflictError):
            second.save(theirs)

    assert first.repository.get(interaction).minutes == 45


def test_two_workers_catching_up_together_apply_each_event_once(open_journal: Journals) -> None:
    org = build_org(open_journal(), at=T0, accounts=False)
    leader, employee = org.leader, org.employee
    writer = open_journal(project_on_write=False)  # an app process that leaves it to workers
    with clock.frozen_at(T0 + timedelta(days=30)):
        for day in range(40):
            writer.log_interaction(
                leader_id=leader,
                employee_id=employee,
                kind="one_to_one",
                occurred_at=T0 + timedelta(days=day % 28, hours=day),
                minutes=30,
            )
    workers = [open_journal(), open_journal()]
    errors: list[BaseException] = []

    def work(app: Journal) -> None:
        try:
            app.read.catch_up()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    report = workers[0].read.coaching_log.for_leader(leader, T0, T0 + timedelta(days=60))
    assert report.per_kind["one_to_one"] == 40
    assert set(workers[1].read.projector.positions().values()) == {head(workers[1])}


def test_export_then_import_into_an_empty_store_round_trips(
    open_journal: Journals, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = open_journal()
    settings = open_journal.settings
    org = build_org(journal, at=T0, accounts=False)
    leader, employee = org.leader, org.employee
    interaction = log_one_to_one(journal, leader, employee, T0 + timedelta(days=1), "Rolig uge 🙂")
    with clock.frozen_at(T0 + timedelta(days=2)):
        journal.correct_interaction(
            interaction, {"agreed_actions": ["Læs manualen"]}, "Glemt", recorded_by=leader
        )
    rows = all_rows(journal)
    runner = CliRunner()
    monkeypatch.setenv("JOURNAL_DATABASE_URL", settings.database_url)

    exported = runner.invoke(main, ["export"])
    assert exported.exit_code == 0, exported.output
    lines = [json.loads(line) for line in exported.stdout.splitlines()]
    events = [line for line in lines if "position" in line]
    assert [e["position"] for e in events] == list(range(1, head(journal) + 1))
    assert lines[-1] == {"end": True, "events": len(events), "keys": len(lines) - len(events) - 2}

    if settings.store == "sqlite":
        target = f"sqlite:///{tmp_path / 'imported.sqlite3'}"
    else:
        journal.close()
        reset_postgres(settings.database_url)
        target = settings.database_url
    monkeypatch.setenv("JOURNAL_DATABASE_URL", target)
    imported = runner.invoke(main, ["import"], input=exported.stdout)
    assert imported.exit_code == 0, imported.output
    assert "The hash chain is intact; its links are the backup's." in imported.output

    copy = bootstrap.open_journal(Settings(target))
    try:
        assert all_rows(copy) == rows
        report = copy.verify_log()
        assert report is not None and report.intact
        assert report.head == f"{events[-1]['position']}:{events[-1]['link']['hash']}"
        assert copy.repository.get(interaction).agreed_actions == ["Læs manualen"]
    finally:
        copy.close()


@pytest.mark.slow  # starts a worker process
def test_the_follow_worker_projects_what_another_process_wrote(open_journal: Journals) -> None:
    settings = open_journal.settings
    import os
    import subprocess
    import sys
    import time

    reader = open_journal()
    org = build_org(reader, at=T0, accounts=False)
    leader, employee = org.leader, org.employee
    worker = subprocess.Popen(
        [sys.executable, "-m", "journal.entry.cli", "project", "--follow", "--poll", "0.1"],
        env={**os.environ, "JOURNAL_DATABASE_URL": settings.database_url},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        writer = open_journal(project_on_write=False)
        try:
            with clock.frozen_at(T0 + timedelta(days=1)):
                writer.log_interaction(
                    leader_id=leader,
                    employee_id=employee,
                    kind="walk_and_talk",
                    occurred_at=T0 + timedelta(hours=30),
                    minutes=45,
                    shared_notes="Gåtur om målene",
                )
        finally:
            writer.close()
        seen: list = []
        deadline = time.monotonic() + 20
        while not seen and time.monotonic() < deadline:
            seen = reader.read.timeline.for_employee(employee, Viewer("employee", employee))
            time.sleep(0.1)
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=10)

    assert [e.shared_notes for e in seen] == ["Gåtur om målene"], output


def test_a_managers_figures_are_counted_alike_on_every_store(journal: Journal) -> None:
    """The overview counts in SQL (sums, dates apart, latest meetings): every store must
    give the same figures as the rules say."""
    from journal.read.overview import leaders_overview
    from tests.unit.support import day

    team = build_org(journal, at=T0, accounts=False)
    with clock.frozen_at(day(50)):
        journal.log_time(team.leader, on=day(50).date(), minutes=120, category="people")
        journal.log_time(team.leader, on=day(50).date(), minutes=60, category="reporting")
    with clock.frozen_at(day(52)):
        journal.ask_for_coaching(team.colleague, "walk_and_talk", recorded_by=team.colleague)
        for score in (10, 9, 3):
            journal.record_feedback(employee_id=team.employee, score=score, channel="phone",
                                    received_at=day(52), recorded_by=team.leader)  # fmt: skip
    with clock.frozen_at(day(55, 1)):
        interaction = journal.log_interaction(
            leader_id=team.leader, employee_id=team.employee, kind="one_to_one",
            occurred_at=day(55), minutes=30, agreed_actions=["Book kursus", "Læs guiden"],
        )  # fmt: skip
    with clock.frozen_at(day(56, 1)):
        journal.log_interaction(leader_id=team.leader, employee_id=team.colleague,
                                kind="walk_and_talk", occurred_at=day(56), minutes=40)  # fmt: skip
    first, second = journal.read.coaching_loop.open_actions(team.employee)
    with clock.frozen_at(day(60)):
        journal.tick_action(interaction, first.action_id, recorded_by=team.employee)
    with clock.frozen_at(day(88)):  # 33 days after: done, but not within 30
        journal.tick_action(interaction, second.action_id, recorded_by=team.employee)

    with clock.frozen_at(day(75)):
        lene, ole = leaders_overview(journal, [(team.leader, "Lene"), (team.other_leader, "M")])
    with clock.frozen_at(day(100)):
        [later] = leaders_overview(journal, [(team.leader, "Lene")])

    assert (lene.team_size, lene.in_cadence) == (2, 0)  # Bo: no 1-to-1; Anna: 20 days ago
    assert (lene.requests_met, lene.median_response_days, lene.open_requests) == (1, 4.0, 0)
    assert (lene.nps.promoters, lene.nps.passives, lene.nps.detractors) == (2, 0, 1)
    assert [m.people_share for m in lene.months if m.people_share is not None] == [66.7]
    assert later.follow_through == 50.0  # one of the two actions agreed on day 55
    assert (ole.team_size, ole.follow_through, ole.nps.responses) == (1, None, 0)
    assert ole.audit.verdict is None and ole.median_response_days is None
