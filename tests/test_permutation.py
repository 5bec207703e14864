"""The budgeted permutation test: its exact count on per-person averages with mixed denominators
(split in two parts) against the dictionary count it replaced and against brute force; counts
beyond 64 bits; the Monte Carlo fallback's estimator, seeding, accuracy and its draws shared by comparisons of the
same group sizes; the budget itself."""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from measures.permutation import (
    EXACT,
    EXACT_BUDGET,
    MONTE_CARLO,
    MONTE_CARLO_DRAWS,
    _cheapest_split,
    fraction_test,
    fraction_tests,
    minimum_achievable_p,
    permutation_p,
    permutation_test,
)
from tests.support.change_reference import reference_permutation_p


def averages(rng: random.Random, n: int, denominators: list[int]) -> list[Fraction]:
    out = []
    for _ in range(n):
        k = rng.choice(denominators)
        out.append(Fraction(sum(rng.randint(1, 5) for _ in range(k)), k))
    return out


def brute_force(a: list, b: list) -> Fraction:
    pooled, n_a = a + b, len(a)
    observed = abs(Fraction(sum(b), len(b)) - Fraction(sum(a), n_a))
    hits = total = 0
    for chosen in itertools.combinations(range(len(pooled)), n_a):
        picked = set(chosen)
        x = [pooled[i] for i in chosen]
        y = [pooled[i] for i in range(len(pooled)) if i not in picked]
        hits += abs(Fraction(sum(y), len(y)) - Fraction(sum(x), len(x))) >= observed
        total += 1
    return Fraction(hits, total)


@settings(max_examples=120, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 6), st.integers(1, 6),
       st.sampled_from([[1], [4, 3], [12, 11], [12, 11, 10, 9, 7], list(range(1, 13))]))
def test_exact_count_equals_brute_force_and_the_dictionary_count(seed, n_a, n_b, denominators):
    rng = random.Random(seed)
    a, b = averages(rng, n_a, denominators), averages(rng, n_b, denominators)
    result = permutation_test(a, b, averaged=True)
    assert result.method == EXACT and result.draws is None
    assert result.p == float(brute_force(a, b))  # correctly rounded, as Fraction's float is
    assert result.p == reference_permutation_p(a, b, averaged=True)
    assert result.p == permutation_test(b, a, averaged=True).p  # symmetric in the groups


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32), st.integers(8, 12))
def test_larger_groups_of_mixed_averages_match_the_dictionary_count(seed, n):
    rng = random.Random(seed)
    mix = [12] * 6 + [11] * 3 + [10, 9]
    a, b = averages(rng, n, mix), averages(rng, n + rng.randint(0, 3), mix)
    assert permutation_p(a, b, averaged=True) == reference_permutation_p(a, b, averaged=True)


def test_counts_beyond_64_bits_agree_with_exact_integers():
    rng = random.Random(5)
    a, b = [rng.randint(1, 4) for _ in range(38)], [rng.randint(2, 5) for _ in range(40)]
    assert math.comb(78, 38) > 2**63
    p = permutation_p(a, b)
    assert p == reference_permutation_p(a, b)  # whole scores: counted in Python's integers, to the last bit
    assert 0 < p < 0.05


@pytest.mark.parametrize("seed", range(40))
def test_groups_beyond_64_bits_with_close_means_stay_within_one(seed):
    """Close means put nearly every relabelling among the extreme ones: counted in doubles the
    sum rounded past 1 (1.0000000000000002 at 38 + 38 people, as the 4x demo's build found)."""
    rng = random.Random(seed)
    a, b = [rng.randint(1, 5) for _ in range(rng.randint(33, 45))], [rng.randint(1, 5) for _ in range(rng.randint(33, 45))]
    assert permutation_p(a, b) == reference_permutation_p(a, b)


def test_whole_scores_far_apart_reach_the_floor():
    assert permutation_p([1] * 5, [5] * 5) == minimum_achievable_p(5, 5)
    assert permutation_p([1] * 30, [5] * 31) == minimum_achievable_p(30, 31)
    assert permutation_p([3] * 9, [3] * 9) == 1.0


def test_beyond_the_budget_a_seeded_monte_carlo_estimate():
    rng = random.Random(8)
    a, b = averages(rng, 14, [12, 11, 10, 9, 7]), averages(rng, 15, [12, 11, 10, 9, 7])
    exact = permutation_test(a, b, averaged=True, budget=None)
    estimate = permutation_test(a, b, averaged=True, budget=0)
    assert exact.method == EXACT
    assert (estimate.method, estimate.draws) == (MONTE_CARLO, MONTE_CARLO_DRAWS)
    # within 4 standard errors of the exact p, whose standard error is at most 0.002
    assert abs(estimate.p - exact.p) <= 4 * math.sqrt(exact.p * (1 - exact.p) / MONTE_CARLO_DRAWS)
    assert permutation_test(a, b, averaged=True, budget=0) == estimate
    assert 0.5 / math.sqrt(MONTE_CARLO_DRAWS) <= 0.002


def test_monte_carlo_never_gives_zero():
    result = fraction_test([1] * 40 + [5] * 40, [1] * 80, 40, budget=0)
    assert result.method == MONTE_CARLO and result.p == 1 / (MONTE_CARLO_DRAWS + 1)


def _as_fractions(values: list[Fraction]) -> tuple[list[int], list[int]]:
    return [v.numerator for v in values], [v.denominator for v in values]


def test_a_comparisons_p_does_not_depend_on_the_others_in_its_batch():
    """Comparisons of the same sizes share draws, but each p is the one it gets alone, in any order
    and whatever else is computed with it; different sizes draw differently."""
    rng = random.Random(5)
    comparisons = []
    for n_a, n_b in [(14, 15), (15, 14), (14, 15), (16, 16), (14, 15)]:
        num, den = _as_fractions(averages(rng, n_a + n_b, [12, 11, 10, 9, 7]))
        comparisons.append((num, den, n_a))
    alone = [fraction_test(*c, budget=0) for c in comparisons]
    assert fraction_tests(comparisons, budget=0) == alone
    assert fraction_tests(comparisons[::-1], budget=0) == alone[::-1]
    assert fraction_tests(comparisons[2:4], budget=0) == alone[2:4]
    assert alone[0] != alone[2] and alone[1].p != alone[0].p  # other values, other p
    # and each shared estimate is still within 4 standard errors of its exact p
    for c, estimate in zip(comparisons, alone):
        exact = fraction_test(*c, budget=None).p
        assert abs(estimate.p - exact) <= 4 * math.sqrt(exact * (1 - exact) / MONTE_CARLO_DRAWS)


def test_monte_carlo_on_huge_common_denominators_counts_near_ties():
    """Denominators whose common multiple is near 10**17: sums are floats there, ties within 1e-9,
    and an exact batch mate keeps its exact whole-number ties (all equal scores: p is 1)."""
    rng = random.Random(4)
    denominators = [29, 31, 37, 41, 43, 47, 53, 49, 32, 27, 25, 11, 13]
    values = [Fraction(rng.randint(d, 5 * d), d) for d in denominators]
    num, den = _as_fractions(values)
    flat = ([3] * 13, [1] * 13, 6)
    varied, equal = fraction_tests([(num, den, 6), flat], budget=0)
    assert equal == fraction_test(*flat, budget=0) and equal.p == 1.0
    exact = permutation_p(values[:6], values[6:], averaged=True)
    assert abs(varied.p - exact) <= 4 * math.sqrt(exact * (1 - exact) / MONTE_CARLO_DRAWS)


def test_the_budget_is_the_work_the_count_does():
    """Groups the demo and four times its size give are counted exactly; the work grows with the
    groups, and a budget of zero sends every comparison to Monte Carlo."""
    rng = random.Random(2)
    demo_mix = [12] * 12 + [11] * 4 + [10, 9]
    costs = []
    for n in (6, 12, 24):
        values = averages(rng, 2 * n, demo_mix)
        num, den = [v.numerator for v in values], [v.denominator for v in values]
        cost, _ = _cheapest_split(num, den, n)
        costs.append(cost)
        assert fraction_test(np.array(num), np.array(den), n).method == EXACT
    assert costs == sorted(costs) and costs[-1] <= EXACT_BUDGET


def test_denominators_too_varied_for_64_bits_are_still_exact_without_a_budget():
    """Averages over many different numbers of scores (the framework allows up to 55 indicators): a
    common denominator near 10**17, beyond what the 64-bit tables can hold."""
    rng = random.Random(4)
    denominators = [29, 31, 37, 41, 43, 47, 53, 49, 32, 27, 25, 11, 13]
    values = [Fraction(rng.randint(d, 5 * d), d) for d in denominators]
    a, b = values[:6], values[6:]
    assert _cheapest_split([v.numerator for v in values], [v.denominator for v in values], 6) is None
    assert permutation_p(a, b, averaged=True) == float(brute_force(a, b))
    assert permutation_test(a, b, averaged=True).method == MONTE_CARLO
