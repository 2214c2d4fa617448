"""Closing the coaching loop: employees ask and are answered, agreed actions carry over until
ticked off or dropped, whatever happens to the meetings they came from."""

from __future__ import annotations

from datetime import timedelta

import pytest

from journal import clock
from journal.commands import Journal
from journal.domain.actions import REMOVED_BY_CORRECTION
from journal.domain.people import ERASED
from journal.errors import DomainError
from tests.organisation import Org
from tests.unit.support import day, head


def log(journal: Journal, team: Org, kind: str, at: int, actions: list[str] | None = None):
    with clock.frozen_at(day(at, 1)):
        return journal.log_interaction(
            leader_id=team.leader, employee_id=team.employee, kind=kind, occurred_at=day(at),
            minutes=30, agreed_actions=actions or [],
        )  # fmt: skip


def test_a_logged_interaction_fulfils_the_oldest_open_request_of_its_kind(
    journal: Journal, team: Org
) -> None:
    with clock.frozen_at(day(1)):
        first = journal.ask_for_coaching(team.employee, "one_to_one", "Om min udvikling",
                                         recorded_by=team.employee)  # fmt: skip
    with clock.frozen_at(day(2)):
        second = journal.ask_for_coaching(team.employee, "one_to_one", recorded_by=team.employee)
        walk = journal.ask_for_coaching(team.employee, "walk_and_talk", recorded_by=team.employee)

    meeting = log(journal, team, "one_to_one", 4)

    loop = journal.read.coaching_loop
    states = {r.request_id: (r.state, r.interaction_id) for r in loop.requests_of(team.employee)}
    assert states == {
        first: ("fulfilled", meeting), second: ("open", None), walk: ("open", None)
    }  # fmt: skip
    assert [r.request_id for r in loop.open_requests(team.leader)] == [second, walk]
    times = loop.response_times(team.leader, since=day(0))
    assert (times.fulfilled, times.open) == (1, 2)
    assert times.median_days == 3.0  # asked on day 1, met on day 4 at 01:00: 3.04 days


def test_a_declined_request_carries_the_reason_and_a_retraction_reopens_a_fulfilled_one(
    journal: Journal, team: Org
) -> None:
    training = journal.ask_for_coaching(
        team.employee, "training", "Excel", recorded_by=team.employee
    )
    walk = journal.ask_for_coaching(team.employee, "walk_and_talk", recorded_by=team.employee)
    journal.decline_request(team.employee, training, "Næste kursus er i marts",
                            recorded_by=team.leader)  # fmt: skip
    meeting = log(journal, team, "walk_and_talk", 3)

    journal.retract_interaction(meeting, "Forkert medarbejder", recorded_by=team.leader)

    rows = {r.request_id: r for r in journal.read.coaching_loop.requests_of(team.employee)}
    assert (rows[training].state, rows[training].reason) == ("declined", "Næste kursus er i marts")
    assert (rows[walk].state, rows[walk].interaction_id) == ("open", None)
    with pytest.raises(DomainError, match="no longer open"):
        journal.withdraw_request(team.employee, training, recorded_by=team.employee)


def test_bad_requests_name_the_field_and_write_nothing(journal: Journal, team: Org) -> None:
    before = head(journal)
    for kind, note, field in (("quality_review", "", "kind"), ("training", "x" * 1001, "note")):
        with pytest.raises(DomainError) as refused:
            journal.ask_for_coaching(team.employee, kind, note, recorded_by=team.employee)
        assert refused.value.field == field
    for n in range(3):
        journal.ask_for_coaching(
            team.employee, "training", f"Kursus {n}", recorded_by=team.employee
        )
    with pytest.raises(DomainError, match="already have 3 open requests"):
        journal.ask_for_coaching(team.employee, "training", "Kursus 4", recorded_by=team.employee)
    with pytest.raises(DomainError) as not_an_employee:
        journal.ask_for_coaching(team.leader, "training", recorded_by=team.leader)
    assert not_an_employee.value.field == "employee_id"
    assert head(journal) == (before or 0) + 4  # opened, asked × 3


def test_the_same_request_again_while_it_waits_is_refused_and_written_once(
    journal: Journal, team: Org
) -> None:
    journal.ask_for_coaching(team.employee, "one_to_one", "Om kurset", recorded_by=team.employee)
    before = head(journal)

    for _ in range(2):  # a double click, then a retry a few seconds later
        with pytest.raises(DomainError) as refused:
            journal.ask_for_coaching(
                team.employee, "one_to_one", "Om kurset", recorded_by=team.employee
            )
        assert refused.value.field == "kind" and "asked for this already" in refused.value.message
    journal.ask_for_coaching(
        team.employee, "one_to_one", "Om noget andet", recorded_by=team.employee
    )

    assert head(journal) == before + 1
    assert len(journal.read.coaching_loop.open_requests(team.leader)) == 2


def test_agreed_actions_carry_over_until_ticked_off_or_dropped(journal: Journal, team: Org) -> None:
    first = log(journal, team, "one_to_one", 1, ["Læs kundeguiden", "Book sidemandsoplæring"])
    log(journal, team, "one_to_one", 8)  # a meeting without actions closes nothing
    [guide, book] = journal.read.coaching_loop.open_actions(team.employee)

    with clock.frozen_at(day(9)):
        journal.tick_action(guide.interaction_id, guide.action_id, recorded_by=team.employee)
        journal.drop_action(book.interaction_id, book.action_id, "Kollegaen er på ferie",
                            recorded_by=team.leader)  # fmt: skip

    assert (guide.text, guide.interaction_id, book.text) == (
        "Læs kundeguiden", first, "Book sidemandsoplæring",
    )  # fmt: skip
    assert journal.read.coaching_loop.open_actions(team.employee) == []
    done = journal.read.coaching_loop.action(guide.action_id)
    dropped = journal.read.coaching_loop.action(book.action_id)
    assert done is not None and (done.state, done.closed_by) == ("done", team.employee)
    assert dropped is not None and (dropped.state, dropped.reason) == (
        "dropped", "Kollegaen er på ferie",
    )  # fmt: skip
    with pytest.raises(DomainError, match="already closed"):
        journal.tick_action(guide.interaction_id, guide.action_id, recorded_by=team.employee)


def test_a_correction_adds_and_drops_items_and_a_retraction_leaves_them_open(
    journal: Journal, team: Org
) -> None:
    meeting = log(journal, team, "one_to_one", 1, ["Læs kundeguiden", "Ring til Bo"])
    [guide, _call] = journal.read.coaching_loop.open_actions(team.employee)
    journal.tick_action(guide.interaction_id, guide.action_id, recorded_by=team.employee)

    journal.correct_interaction(
        meeting, {"agreed_actions": ["Skriv til Bo"]}, "Forkert handling noteret",
        recorded_by=team.leader,
    )  # fmt: skip
    journal.retract_interaction(meeting, "Mødet blev flyttet", recorded_by=team.leader)

    [open_item] = journal.read.coaching_loop.open_actions(team.employee)
    assert open_item.text == "Skriv til Bo"  # still open after the retraction
    log_of = journal.history.log(event_types=["AgreedActions.Dropped"]).events
    assert [e.data["reason"] for e in log_of] == [REMOVED_BY_CORRECTION]
    ticked = journal.read.coaching_loop.action(guide.action_id)
    assert ticked is not None and ticked.state == "done"  # a closed item stays closed


def test_follow_through_is_the_share_of_actions_done_within_30_days(
    journal: Journal, team: Org
) -> None:
    log(journal, team, "one_to_one", 1, ["A", "B", "C", "D"])
    a, b, c, _d = journal.read.coaching_loop.open_actions(team.employee)
    with clock.frozen_at(day(5)):
        journal.tick_action(a.interaction_id, a.action_id, recorded_by=team.employee)
    with clock.frozen_at(day(20)):
        journal.tick_action(b.interaction_id, b.action_id, recorded_by=team.leader)
    with clock.frozen_at(day(45)):
        journal.tick_action(c.interaction_id, c.action_id, recorded_by=team.employee)  # too late

    assert journal.read.coaching_loop.follow_through(team.leader, day(60)) == 50.0
    assert journal.read.coaching_loop.follow_through(team.leader, day(20)) is None


def test_open_items_follow_the_employee_to_a_new_leader_and_are_erased_with_them(
    journal: Journal, team: Org
) -> None:
    log(journal, team, "one_to_one", 1, ["Læs kundeguiden"])
    journal.ask_for_coaching(team.employee, "training", "Excel", recorded_by=team.employee)
    journal.move_employee(team.employee, team.other_leader, recorded_by=team.admin)

    assert [r.kind for r in journal.read.coaching_loop.open_requests(team.other_leader)] == [
        "training"
    ]
    assert journal.read.coaching_loop.open_actions(team.employee)[0].leader_id == team.other_leader
    journal.erase_person(team.employee, "GDPR art. 17", recorded_by=team.admin)
    assert journal.read.coaching_loop.open_actions(team.employee)[0].text == ERASED
    assert journal.read.coaching_loop.requests_of(team.employee)[0].note == ERASED


def test_requests_and_actions_rebuild_from_the_log(journal: Journal, team: Org) -> None:
    log(journal, team, "one_to_one", 1, ["Læs kundeguiden"])
    journal.ask_for_coaching(team.employee, "training", "Excel", recorded_by=team.employee)
    before = (
        journal.read.coaching_loop.requests_of(team.employee),
        journal.read.coaching_loop.open_actions(team.employee),
    )

    journal.read.rebuild(["coaching_loop"])

    after = (
        journal.read.coaching_loop.requests_of(team.employee),
        journal.read.coaching_loop.open_actions(team.employee),
    )
    assert after == before and clock.now() - before[0][0].asked_at < timedelta(minutes=1)


def test_a_request_stream_longer_than_a_snapshot_interval_still_answers(
    journal: Journal, team: Org
) -> None:
    # 30 asks withdrawn again: 61 events, so the stream is snapshotted, ids as keys and all.
    for _ in range(30):
        asked = journal.ask_for_coaching(team.employee, "training", recorded_by=team.employee)
        journal.withdraw_request(team.employee, asked, recorded_by=team.employee)

    last = journal.ask_for_coaching(team.employee, "training", recorded_by=team.employee)
    journal.decline_request(team.employee, last, "Ikke nu", recorded_by=team.leader)

    assert journal.read.coaching_loop.request(last).state == "declined"


def test_an_action_named_as_the_leaders_or_the_employees_is_ticked_off_only_by_its_owner(
    journal: Journal, team: Org
) -> None:
    log(journal, team, "one_to_one", 1,
        ["Leder: Book kurset", "Employee: Read the guide", "Lyt til tre opkald"])  # fmt: skip
    course, guide, calls = journal.read.coaching_loop.open_actions(team.employee)
    assert [(a.text, a.owner) for a in (course, guide, calls)] == [
        ("Book kurset", "leader"), ("Read the guide", "employee"), ("Lyt til tre opkald", "both"),
    ]  # fmt: skip
    before = head(journal)
    with pytest.raises(DomainError, match="the leader's to tick off"):
        journal.tick_action(course.interaction_id, course.action_id, recorded_by=team.employee)
    with pytest.raises(DomainError, match="the employee's to tick off"):
        journal.tick_action(guide.interaction_id, guide.action_id, recorded_by=team.leader)
    assert head(journal) == before
    journal.tick_action(course.interaction_id, course.action_id, recorded_by=team.leader)
    journal.tick_action(calls.interaction_id, calls.action_id, recorded_by=team.leader)
    # Dropping stays open to both: an action the two no longer want is let go by either.
    journal.drop_action(guide.interaction_id, guide.action_id, "Ikke relevant",
                        recorded_by=team.leader)  # fmt: skip
    assert journal.read.coaching_loop.open_actions(team.employee) == []


def test_several_actions_close_at_once_or_not_at_all(journal: Journal, team: Org) -> None:
    log(journal, team, "one_to_one", 1, ["Første", "Anden"])
    log(journal, team, "one_to_one", 8, ["Tredje"])
    first, second, third = journal.read.coaching_loop.open_actions(team.employee)
    journal.tick_action(second.interaction_id, second.action_id, recorded_by=team.leader)
    pairs = [(a.interaction_id, a.action_id) for a in (first, second, third)]
    before = head(journal)
    with pytest.raises(DomainError, match="already closed"):
        journal.close_actions(pairs, recorded_by=team.leader)
    assert head(journal) == before  # none of the three was closed

    closed = journal.close_actions([pairs[0], pairs[2]], reason="Gammelt", recorded_by=team.leader)
    assert closed == 2 and journal.read.coaching_loop.open_actions(team.employee) == []
    assert journal.read.coaching_loop.action(third.action_id).reason == "Gammelt"


def test_an_action_agreed_before_owners_were_named_is_either_ones(
    journal: Journal, team: Org
) -> None:
    from dataclasses import replace

    from journal.domain.actions import AgreedActions

    interaction = log(journal, team, "one_to_one", 1, ["Leder: Book kurset"])
    stream = AgreedActions.create_id(interaction)
    agreed = next(
        stored for stored in journal.recorder.select_events(stream)
        if stored.topic.endswith("AgreedActions.Agreed")
    )  # fmt: skip
    state = journal.mapper.transcoder.decode(agreed.state)
    assert state.pop("class_version") == 2
    del state["owner"]  # as version 1 stored it
    old = journal.mapper.to_domain_event(
        replace(agreed, state=journal.mapper.transcoder.encode(state))
    )
    assert old.owner == "both"
