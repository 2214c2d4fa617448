"""Honest NPS: the 95 % interval holds the true NPS about 95 times in 100, as a simulation
of surveys from a known population shows, and a small sample says so."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from journal.projections.nps import MIN_ANSWERS, NpsScore

SURVEYS = 1000  # simulated surveys per population


def survey(rng: random.Random, promoters: float, detractors: float, n: int) -> NpsScore:
    """One survey of ``n`` answers from a population with these shares."""
    answers = rng.choices(
        ("promoter", "passive", "detractor"),
        weights=(promoters, 1 - promoters - detractors, detractors),
        k=n,
    )
    return NpsScore(answers.count("promoter"), answers.count("passive"), answers.count("detractor"))


# Derandomized: the same 25 populations on every run. Drawn afresh each time, a run once
# found 89.5 % for a population whose coverage 20,000 surveys put at 92.3 %: the noise of
# a small simulation, not a worse interval.
@settings(max_examples=25, deadline=None, derandomize=True)
@given(
    promoters=st.floats(0.05, 0.85),
    detractors=st.floats(0.05, 0.85),
    n=st.integers(MIN_ANSWERS, 300),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_interval_covers_the_true_nps_about_95_times_in_100(
    promoters: float, detractors: float, n: int, seed: int
) -> None:
    if promoters + detractors > 0.95:
        detractors = 0.95 - promoters
    true_nps = 100 * (promoters - detractors)
    rng = random.Random(seed)

    covered = 0
    for _ in range(SURVEYS):
        low, high = survey(rng, promoters, detractors, n).interval or (0.0, 0.0)
        covered += low - 0.05 <= true_nps <= high + 0.05  # the interval is rounded to 0.1
    # 95 % nominal, and 92 % or more wherever it was looked at with 20,000 surveys; 1,000
    # surveys have a standard error under 0.9 points, so 0.9 fails only a worse interval.
    assert covered / SURVEYS >= 0.90, (promoters, detractors, n, covered / SURVEYS)


def test_a_small_or_unanimous_sample_is_honest_about_what_it_knows() -> None:
    ten_promoters = NpsScore(promoters=10)
    nine = NpsScore(promoters=5, detractors=4)
    twenty = NpsScore(promoters=9, passives=6, detractors=5)

    assert ten_promoters.score == 100.0 and ten_promoters.enough
    low, high = ten_promoters.interval or (0, 0)
    assert low < 90 and high == 100.0  # ten answers do not prove an NPS of exactly 100
    assert not nine.enough
    assert twenty.score == 20.0
    twenty_low, twenty_high = twenty.interval or (0, 0)
    assert twenty_high - twenty_low > 40  # about 20 answers swing by tens of points
    assert NpsScore().interval is None and NpsScore().score is None
