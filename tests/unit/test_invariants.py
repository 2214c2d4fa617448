"""Domain invariants under random input (hypothesis, in memory).

- Personal text of any kind survives sealing exactly, and after an erasure reads as
  erased while everything without words (kind, minutes, when) stays as it was.
- A command either succeeds or raises the domain's own error naming a field, and then
  writes nothing; it never fails any other way.
- The NPS read model agrees with promoters minus detractors counted from the events,
  whatever ratings are recorded, corrected or retracted, and stays within -100..100.
- A correction changes exactly the fields it names, and the record as known before it
  is unchanged.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import orjson
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from journal import bootstrap, clock
from journal.commands import Journal
from journal.domain.coaching import KINDS, Interaction
from journal.domain.people import ERASED
from journal.errors import DomainError
from journal.settings import Settings
from tests.organisation import T0, build_org
from tests.unit.support import day, give_feedback, head, log_one_to_one

BOUNDED = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Any text a note could hold: every unicode category, NUL and other control characters.
NOTES = st.text(min_size=1, max_size=300).filter(lambda text: text.strip() == text and text)


def fresh() -> Journal:
    """A journal of its own for one example."""
    return bootstrap.open_journal(Settings("memory://"))


@BOUNDED
@given(shared=NOTES, private=NOTES, actions=st.lists(NOTES, min_size=1, max_size=4))
def test_any_text_is_sealed_read_back_exactly_and_erased_for_good(
    shared: str, private: str, actions: list[str]
) -> None:
    journal = fresh()
    try:
        team = build_org(journal, at=T0, accounts=False)
        interaction = log_one_to_one(
            journal, team.leader, team.employee, at=day(1),
            shared_notes=shared, private_notes=private, agreed_actions=actions,
        )  # fmt: skip
        (logged,) = [
            orjson.loads(n.state)
            for n in journal.recorder.select_notifications(1, 10**6)
            if n.topic.endswith("Interaction.Logged")
        ]
        read = journal.load(Interaction, interaction, "interaction_id")
        assert (read.shared_notes, read.private_notes, read.agreed_actions) == (
            shared, private, actions,
        )  # fmt: skip
        assert {"shared_notes", "private_notes", "agreed_actions"}.isdisjoint(logged)
        assert set(logged["_sealed_"]["fields"]) == {
            "shared_notes",
            "private_notes",
            "agreed_actions",
        }

        journal.erase_person(team.employee, "Anmodning", recorded_by=team.admin)

        erased = journal.load(Interaction, interaction, "interaction_id")
        assert (erased.shared_notes, erased.private_notes, erased.agreed_actions) == (
            ERASED, ERASED, [],
        )  # fmt: skip
        assert (erased.kind, erased.minutes, erased.occurred_at) == ("one_to_one", 30, day(1))
    finally:
        journal.close()


ANYTHING = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=50),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.datetimes(), st.dates(),
)  # fmt: skip


def mostly(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually a value of the right type, sometimes anything at all."""
    return st.integers(0, 3).flatmap(lambda n: ANYTHING if n == 0 else good)


@settings(BOUNDED, max_examples=80)
@given(
    kind=mostly(st.sampled_from(KINDS)),
    minutes=mostly(st.integers(-10, 3000)),
    shared=mostly(st.text(max_size=5000)),
    actions=mostly(st.lists(st.text(max_size=300), max_size=30)),
    offset_days=st.integers(-4000, 10),
)
def test_a_command_succeeds_or_names_a_field_and_writes_nothing(
    kind: Any, minutes: Any, shared: Any, actions: Any, offset_days: int
) -> None:
    journal = fresh()
    try:
        team = build_org(journal, at=T0, accounts=False)
        before = head(journal)
        with clock.frozen_at(T0 + timedelta(days=20)):
            try:
                logged = journal.log_interaction(
                    leader_id=team.leader, employee_id=team.employee, kind=kind, minutes=minutes,
                    occurred_at=T0 + timedelta(days=20 + offset_days), shared_notes=shared,
                    agreed_actions=actions,
                )  # fmt: skip
            except DomainError as error:
                event(f"refused: {error.field}")
                assert error.field and error.message
                assert head(journal) == before
            else:
                event("logged")
                # The interaction, and its agreed actions as items on a list opened for them.
                items = len(journal.load(Interaction, logged, "id").agreed_actions)
                assert head(journal) == before + 1 + (1 + items if items else 0)
    finally:
        journal.close()


RATING = st.integers(0, 10)


@BOUNDED
@given(
    ratings=st.lists(RATING, min_size=1, max_size=25),
    corrections=st.lists(st.tuples(st.integers(0, 24), RATING), max_size=5),
    retractions=st.lists(st.integers(0, 24), max_size=5, unique=True),
)
def test_the_nps_read_model_agrees_with_the_events(
    ratings: list[int], corrections: list[tuple[int, int]], retractions: list[int]
) -> None:
    journal = fresh()
    try:
        team = build_org(journal, at=T0, accounts=False)
        ids = [
            give_feedback(journal, team.employee, score, at=day(1, n % 8), recorded_by=team.leader)
            for n, score in enumerate(ratings)
        ]
        scores = dict(zip(ids, ratings, strict=True))
        with clock.frozen_at(day(3)):
            for index, score in corrections:
                target = ids[index % len(ids)]
                if target in scores and scores[target] != score:
                    journal.correct_feedback(
                        target, {"score": score}, "Tastefejl", recorded_by=team.leader
                    )
                    scores[target] = score
            for index in retractions:
                target = ids[index % len(ids)]
                if target in scores:
                    journal.retract_feedback(target, "Forkert kunde", recorded_by=team.leader)
                    del scores[target]

        nps = journal.read.nps.for_employee(team.employee, day(0), day(2))

        kept = list(scores.values())
        assert nps.responses == len(kept)
        if kept:
            promoters = sum(s >= 9 for s in kept)
            detractors = sum(s <= 6 for s in kept)
            expected = round(100 * (promoters - detractors) / len(kept), 1)
            assert nps.score == expected
            assert -100 <= nps.score <= 100
        else:
            assert nps.score is None
    finally:
        journal.close()


@BOUNDED
@given(minutes=st.integers(1, 600), notes=NOTES)
def test_a_correction_changes_what_it_names_and_leaves_the_past_as_it_was(
    minutes: int, notes: str
) -> None:
    journal = fresh()
    try:
        team = build_org(journal, at=T0, accounts=False)
        interaction = log_one_to_one(
            journal, team.leader, team.employee, at=day(1), shared_notes="Før"
        )
        original = journal.load(Interaction, interaction, "interaction_id")
        changes = {"minutes": minutes, "shared_notes": notes}
        try:
            with clock.frozen_at(day(5)):
                journal.correct_interaction(
                    interaction, changes, "Rettelse", recorded_by=team.leader
                )
        except DomainError as error:  # nothing differs from the record
            assert (minutes, notes) == (30, "Før") and error.field == "changes"
            return
        now = journal.load(Interaction, interaction, "interaction_id")
        then = journal.history.employee(team.employee, known_at=day(4)).interactions[0]

        assert (now.minutes, now.shared_notes) == (minutes, notes)
        assert (now.kind, now.occurred_at, now.private_notes) == (
            original.kind, original.occurred_at, original.private_notes,
        )  # fmt: skip
        assert (then["minutes"], then["shared_notes"]) == (30, "Før")
    finally:
        journal.close()
