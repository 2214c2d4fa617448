"""Importing a leader's calendar export: meetings as events, written once, corrected when the
export changes, sealed as the leader's personal data."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path
from uuid import UUID

import pytest

from journal import clock
from journal.commands import Journal
from journal.domain.meetings import LeaderMeetings
from journal.domain.people import ERASED
from journal.errors import DomainError
from journal.read import records
from journal.read.keywords import meeting_keywords
from tests.unit.support import head

OUTLOOK = Path(__file__).resolve().parents[1] / "fixtures" / "calendars" / "outlook.ics"
NOVEMBER = {"start": date(2026, 11, 1), "end": date(2026, 11, 30)}
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def import_outlook(journal: Journal, leader: UUID, data: bytes | None = None, **period: date):
    with clock.frozen_at(NOW):
        return journal.import_calendar(
            leader, OUTLOOK.read_bytes() if data is None else data, **(period or NOVEMBER)
        )


def test_an_import_records_each_meeting_with_its_minutes_category_and_rule(
    journal: Journal, henrik: UUID
) -> None:
    done = import_outlook(journal, henrik)

    rows = {m.title: m for m in journal.read.meetings.for_leader(henrik, **NOVEMBER)}
    assert (done.summary.imported, done.summary.corrected, done.summary.withdrawn) == (11, 0, 0)
    assert (rows["1:1 Priya (flyttet)"].minutes, rows["1:1 Priya (flyttet)"].category) == (
        45,
        "people",
    )
    assert rows["Vagtplan uge 46"].rule == 'planning words: "vagtplan"'
    assert rows["Vagtplan uge 46"].minutes == 30  # the KPI review before it kept 10:30-11:00
    assert rows["Budgetseminar"].left_out == "declined"
    assert rows["1:1 Priya (flyttet)"].day == date(2026, 11, 4)
    log = journal.history.log(event_types=["LeaderMeetings.CalendarImported"]).events
    # The import replaced the days the file covers: its first meeting's to its last's.
    assert [(e.data["period_start"], e.data["period_end"], e.data["imported"]) for e in log] == [
        (date(2026, 11, 4), date(2026, 11, 24), 11)
    ]
    assert log[0].data["digest"] == hashlib.sha256(OUTLOOK.read_bytes()).hexdigest()


def test_importing_the_same_export_again_writes_nothing(journal: Journal, henrik: UUID) -> None:
    import_outlook(journal, henrik)
    before = head(journal)

    again = import_outlook(journal, henrik)

    assert (again.summary.imported, again.summary.unchanged) == (0, 11)
    assert head(journal) == before


def test_an_updated_export_corrects_moves_withdraws_vanished_meetings_and_counts_once(
    journal: Journal, henrik: UUID
) -> None:
    import_outlook(journal, henrik)
    updated = (
        OUTLOOK.read_bytes()
        .replace(b"Teamm\xc3\xb8de\r\nDTSTART;TZID=Romance Standard Time:20261105T130000\r\n"
                 b"DTEND;TZID=Romance Standard Time:20261105T140000",
                 b"Teamm\xc3\xb8de\r\nDTSTART;TZID=Romance Standard Time:20261105T130000\r\n"
                 b"DTEND;TZID=Romance Standard Time:20261105T143000")
        .replace(b"da-DK:Vagtplan uge 46", b"da-DK:Vagtplan uge 47")
        .replace(b"UID:040000008200E00074C5B7101A82E00800000000AA07\r\n", b"UID:AA07-removed\r\n")
    )  # fmt: skip
    assert updated.count(b"AA07-removed") == 1

    done = import_outlook(journal, henrik, updated)

    # The team meeting grew, the rota was renamed, focus time got a new UID: one withdrawn,
    # one imported in its place.
    assert (done.summary.corrected, done.summary.withdrawn, done.summary.imported) == (2, 1, 1)
    rows = journal.read.meetings.for_leader(henrik, **NOVEMBER)
    assert len(rows) == 11 and len({r.key for r in rows}) == 11
    team = next(r for r in rows if r.title == "Teammøde")
    assert team.minutes == 90
    assert [r.title for r in rows if r.title.startswith("Vagtplan")] == ["Vagtplan uge 47"]


def test_a_leaders_choice_for_a_series_applies_to_all_of_it_and_to_later_imports(
    journal: Journal, henrik: UUID
) -> None:
    import_outlook(journal, henrik)
    weekly = [m for m in journal.read.meetings.for_leader(henrik, **NOVEMBER) if m.series]
    with clock.frozen_at(NOW):
        changed = journal.choose_meeting_category(
            henrik, weekly[0].key, "follow_up", recorded_by=henrik
        )
        again = import_outlook(
            journal, henrik, **{"start": date(2026, 10, 1), "end": date(2026, 11, 30)}
        )

    assert changed == len(weekly) == 3  # 4 (moved), 17 and 24 November
    october = journal.read.meetings.for_leader(henrik, date(2026, 10, 1), date(2026, 10, 31))
    assert {(m.category, m.rule) for m in october if m.series} == {
        ("follow_up", "your choice for this series")
    }
    assert again.summary.imported == 4  # the four October occurrences, new to the journal


def test_titles_and_attendees_are_sealed_and_erased_with_the_leader(
    journal: Journal, henrik: UUID
) -> None:
    import_outlook(journal, henrik)
    stored = b"".join(n.state for n in journal.recorder.select_notifications(start=1, limit=10_000))
    assert b"Vagtplan" not in stored and b"priya.shah" not in stored

    with clock.frozen_at(NOW):
        journal.erase_person(henrik, "Anmodning", recorded_by=henrik)

    rows = journal.read.meetings.for_leader(henrik, **NOVEMBER)
    assert {(r.title, tuple(r.attendees)) for r in rows} == {(ERASED, ())}
    stream = journal.repository.get(LeaderMeetings.create_id(henrik))
    assert {m["title"] for m in stream.meetings.values()} == {ERASED}


@pytest.mark.parametrize(
    ("data", "period", "field"),
    [
        (b"not a calendar at all", NOVEMBER, "file"),
        (None, {"start": date(2026, 6, 1), "end": date(2026, 6, 30)}, "file"),
        (None, {"start": date(2026, 11, 30), "end": date(2026, 11, 1)}, "to"),
    ],
    ids=["not iCalendar", "nothing in the period", "backwards"],
)
def test_bad_input_names_the_problem_and_writes_nothing(
    journal: Journal, henrik: UUID, data: bytes | None, period: dict[str, date], field: str
) -> None:
    before = head(journal)
    with pytest.raises(DomainError) as refused:
        import_outlook(journal, henrik, data, **period)
    assert refused.value.field == field
    assert head(journal) == before


def test_only_a_leader_has_a_calendar_to_import(journal: Journal, henrik: UUID) -> None:
    priya = next(p for p in journal.read.people.list(role="employee"))
    with pytest.raises(DomainError) as refused:
        import_outlook(journal, priya.person_id)
    assert refused.value.field == "leader_id"


def test_a_day_the_calendar_covers_counts_its_meetings_and_not_the_hand_logged_time(
    journal: Journal, henrik: UUID
) -> None:
    import_outlook(journal, henrik)
    with clock.frozen_at(NOW):
        # 4 November is in the imported calendar; 18 November has no imported meeting.
        journal.log_time(henrik, on=date(2026, 11, 4), minutes=120, category="reporting")
        journal.log_time(henrik, on=date(2026, 11, 18), minutes=90, category="planning")
    audit = journal.read.calendar_audit

    covered = audit.for_leader(henrik, date(2026, 11, 4), date(2026, 11, 5))
    free = audit.for_leader(henrik, date(2026, 11, 18), date(2026, 11, 19))
    month = audit.for_leader(henrik, date(2026, 11, 1), date(2026, 12, 1))

    # 4 November: the KPI review 120, the rota 30, the moved 1-to-1 45; the 120 typed by
    # hand describe the same morning and are not counted again.
    assert (covered.minutes["reporting"], covered.minutes["planning"]) == (120, 30)
    assert (covered.sources, covered.manual_not_counted) == ({"calendar": 195, "manual": 0}, 120)
    assert (free.minutes["planning"], free.sources["manual"]) == (90, 90)
    assert month.total_minutes == month.sources["calendar"] + 90
    assert month.manual_not_counted == 120


def test_imported_one_to_ones_without_a_logged_interaction_that_day_are_listed(
    journal: Journal, henrik: UUID
) -> None:
    import_outlook(journal, henrik)
    priya = next(p for p in journal.read.people.list(role="employee") if p.name == "Priya Shah")
    with clock.frozen_at(NOW):
        journal.log_interaction(
            leader_id=henrik, employee_id=priya.person_id, kind="one_to_one",
            occurred_at=datetime(2026, 11, 17, 9, 5, tzinfo=UTC), minutes=25,
        )  # fmt: skip

    unlogged = records.unlogged_one_to_ones(journal, henrik, **NOVEMBER)

    # 4 November (moved, 45 minutes) and 24 November; 17 November was logged.
    assert [(u.employee_name, u.start.date(), u.minutes) for u in unlogged] == [
        ("Priya Shah", date(2026, 11, 4), 45),
        ("Priya Shah", date(2026, 11, 24), 30),
    ]


def test_a_leaders_own_words_classify_the_next_import_of_the_same_export(
    journal: Journal, henrik: UUID
) -> None:
    import_outlook(journal, henrik)
    with clock.frozen_at(NOW):
        journal.set_meeting_keywords(
            henrik, {"planning": ["Vagtplan"], "people": ["fokustid"]}, recorded_by=henrik
        )
    assert meeting_keywords(journal, henrik) == {"planning": ["vagtplan"], "people": ["fokustid"]}

    again = import_outlook(journal, henrik)

    rows = {m.title: m for m in journal.read.meetings.for_leader(henrik, **NOVEMBER)}
    assert (rows["Fokustid"].category, rows["Fokustid"].rule) == (
        "people",
        'people words: "fokustid"',
    )
    assert (
        rows["Månedsrapport og KPI-gennemgang"].category,
        rows["Månedsrapport og KPI-gennemgang"].rule,
    ) == ("other", "no rule matched")
    assert rows["Vagtplan uge 46"].rule == 'planning words: "vagtplan"'
    assert again.summary.corrected == 4  # Fokustid, the KPI review, the status meeting, the seminar


@pytest.mark.parametrize(
    ("words", "field"),
    [
        ({"golf": ["tee"]}, "words"),
        ({"planning": ["x" * 41]}, "planning"),
        ({"planning": [f"w{n}" for n in range(31)]}, "planning"),
        ({"reporting": "rapport"}, "reporting"),
    ],
    ids=["unknown category", "long word", "too many", "not a list"],
)
def test_bad_words_name_the_problem_and_write_nothing(
    journal: Journal, henrik: UUID, words: dict, field: str
) -> None:
    before = head(journal)
    with pytest.raises(DomainError) as refused:
        journal.set_meeting_keywords(henrik, words, recorded_by=henrik)
    assert refused.value.field == field
    assert head(journal) == before


def test_the_months_kept_as_events_arrive_count_what_the_audit_counts(
    journal: Journal, henrik: UUID
) -> None:
    """calendar_months keeps the one-source-a-day rule by month, step by step: it must say
    what the audit computes from the meetings and entries, after each kind of change."""
    from journal.read.overview import next_month

    firsts = [date(2026, 10, 1), date(2026, 11, 1)]
    audit, months = journal.read.calendar_audit, journal.read.calendar_months

    def agree() -> dict[date, float | None]:
        shares = months.people_shares([henrik], firsts)[henrik]
        for first in firsts:
            report = audit.for_leader(henrik, first, next_month(first))
            assert shares[first] == (report.people_share if report.total_minutes else None)
        return shares

    with clock.frozen_at(NOW):  # typed by hand before the calendar came: then not counted
        journal.log_time(henrik, on=date(2026, 11, 4), minutes=120, category="people")
        journal.log_time(henrik, on=date(2026, 11, 18), minutes=90, category="people")
    assert agree()[date(2026, 11, 1)] == 100.0
    import_outlook(journal, henrik)
    first_import = agree()
    weekly = [m for m in journal.read.meetings.for_leader(henrik, **NOVEMBER) if m.series]
    with clock.frozen_at(NOW):
        journal.choose_meeting_category(henrik, weekly[0].key, "reporting", recorded_by=henrik)
    recategorised = agree()
    updated = OUTLOOK.read_bytes().replace(
        b"UID:040000008200E00074C5B7101A82E00800000000AA07\r\n", b"UID:AA07-removed\r\n"
    )
    import_outlook(journal, henrik, updated)  # one withdrawn, one imported in its place
    agree()
    assert first_import != recategorised

    incremental = months.rows()
    journal.read.rebuild(["calendar_months"])
    assert months.rows() == incremental


def one_meeting(day: str, uid: str = "small-1", title: str = "Planlægning") -> bytes:
    """A calendar export holding a single hour's meeting at 09:00 UTC on ``day`` (YYYYMMDD)."""
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTART:{day}T090000Z\r\nDTEND:{day}T100000Z\r\nSUMMARY:{title}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def test_a_small_export_replaces_only_the_days_it_covers(journal: Journal, henrik: UUID) -> None:
    import_outlook(journal, henrik)

    done = import_outlook(journal, henrik, one_meeting("20261128"))

    assert (done.start, done.end) == (date(2026, 11, 28), date(2026, 11, 28))
    assert (done.summary.imported, done.summary.withdrawn) == (1, 0)
    assert len(journal.read.meetings.for_leader(henrik, **NOVEMBER)) == 12


def test_withdrawing_most_of_the_covered_days_meetings_needs_a_confirmation(
    journal: Journal, henrik: UUID
) -> None:
    import_outlook(journal, henrik)
    moved = one_meeting("20261104", uid="elsewhere", title="Noget andet")
    kept = [
        m.title
        for m in journal.read.meetings.for_leader(henrik, date(2026, 11, 4), date(2026, 11, 4))
    ]
    before = head(journal)

    with pytest.raises(DomainError) as refused:
        import_outlook(journal, henrik, moved)
    assert refused.value.field == "withdraw_most"
    assert f"withdraw {len(kept)} of the {len(kept)} meetings" in refused.value.message
    assert head(journal) == before

    with clock.frozen_at(NOW):
        done = journal.import_calendar(henrik, moved, **NOVEMBER, withdraw_most=True)
    assert (done.summary.imported, done.summary.withdrawn) == (1, len(kept))


def test_a_dry_run_says_what_would_change_and_writes_nothing(
    journal: Journal, henrik: UUID
) -> None:
    before = head(journal)

    with clock.frozen_at(NOW):
        plan = journal.import_calendar(henrik, OUTLOOK.read_bytes(), **NOVEMBER, dry_run=True)

    assert plan.dry_run and plan.summary.imported == 11
    assert head(journal) == before
    assert journal.read.meetings.for_leader(henrik, **NOVEMBER) == []


def meetings_as_shown(journal: Journal, leader: UUID) -> list[tuple[str, str, int, str]]:
    """The period's meetings as the page lists them."""
    return sorted(
        (m.key, m.title, m.minutes, m.category)
        for m in journal.read.meetings.for_leader(leader, **NOVEMBER)
    )


def test_undoing_an_import_puts_every_meeting_back_as_it_was_before_it(
    journal: Journal, henrik: UUID
) -> None:
    import_outlook(journal, henrik)
    before = meetings_as_shown(journal, henrik)
    audit_before = journal.read.calendar_audit.for_leader(henrik, **NOVEMBER)
    moved = one_meeting("20261104", uid="elsewhere", title="Noget andet")
    with clock.frozen_at(NOW):
        journal.import_calendar(henrik, moved, **NOVEMBER, withdraw_most=True)
        assert meetings_as_shown(journal, henrik) != before

        undone = journal.undo_calendar_import(henrik, recorded_by=henrik)

    assert undone.event.digest == hashlib.sha256(moved).hexdigest()
    assert meetings_as_shown(journal, henrik) == before
    assert journal.read.calendar_audit.for_leader(henrik, **NOVEMBER) == audit_before
    # The import and its undoing both stay in the history; the undone one cannot be undone
    # twice, and the one before it is not offered.
    log = journal.history.log(event_types=["LeaderMeetings.ImportUndone"]).events
    assert [e.data["digest"] for e in log] == [undone.event.digest]
    assert journal.last_calendar_import(henrik) is None
    with pytest.raises(DomainError) as twice:
        journal.undo_calendar_import(henrik, recorded_by=henrik)
    assert (twice.value.field, twice.value.message) == ("import", "there is no import to undo")


def test_undoing_the_first_import_leaves_no_meetings(journal: Journal, henrik: UUID) -> None:
    import_outlook(journal, henrik)
    last = journal.last_calendar_import(henrik)
    assert last is not None and len(last.keys) == 11
    with clock.frozen_at(NOW):
        journal.undo_calendar_import(henrik, recorded_by=henrik)
    assert journal.read.meetings.for_leader(henrik, **NOVEMBER) == []


def test_an_undo_keeps_a_category_chosen_before_the_import(journal: Journal, henrik: UUID) -> None:
    import_outlook(journal, henrik)
    weekly = [m for m in journal.read.meetings.for_leader(henrik, **NOVEMBER) if m.series]
    with clock.frozen_at(NOW):
        journal.choose_meeting_category(henrik, weekly[0].key, "follow_up", recorded_by=henrik)
        chosen = meetings_as_shown(journal, henrik)
        import_outlook(journal, henrik, one_meeting("20261128"))
        journal.undo_calendar_import(henrik, recorded_by=henrik)
    assert meetings_as_shown(journal, henrik) == chosen


def test_a_preview_shows_the_verdict_after_the_import_and_keeps_nothing(
    journal: Journal, henrik: UUID
) -> None:
    from journal.read.import_preview import preview_import

    before = head(journal)
    with clock.frozen_at(NOW):
        preview = preview_import(journal, henrik, OUTLOOK.read_bytes(), **NOVEMBER)
        assert preview.before.total_minutes == 0
        imported = import_outlook(journal, henrik)
        real = journal.read.calendar_audit.for_leader(henrik, date(2026, 11, 1), date(2026, 12, 1))

    assert preview.plan.dry_run and preview.plan.summary == imported.summary
    assert preview.after == real  # the same audit as once imported
    assert head(journal) > before  # only the real import wrote


def test_a_preview_of_a_small_file_over_a_full_calendar_changes_only_its_days(
    journal: Journal, henrik: UUID
) -> None:
    from journal.read.import_preview import preview_import

    import_outlook(journal, henrik)
    with clock.frozen_at(NOW):
        preview = preview_import(journal, henrik, one_meeting("20261128"), **NOVEMBER)
    assert preview.plan.summary.withdrawn == 0 and not preview.plan.withdraws_most
    assert preview.after.total_minutes == preview.before.total_minutes + 60
    assert (
        journal.read.calendar_audit.for_leader(henrik, date(2026, 11, 1), date(2026, 12, 1))
        == preview.before
    )
