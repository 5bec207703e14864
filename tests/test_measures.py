"""The statistical core: published reference values (each cited where it is defined), edge cases,
and properties checked against brute force."""

from __future__ import annotations

import math
import random
import time
from fractions import Fraction
from itertools import combinations, combinations_with_replacement, product
from math import comb, factorial, prod

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from measures import (
    CANNOT_BE_CALCULATED,
    DECREASING,
    INCREASING,
    NO_SIGNIFICANT_CHANGE,
    agreement,
    consensus,
    direction,
    frequencies,
    is_low,
    is_polarised,
    mean_interval,
    minimum_achievable_p,
    permutation_p,
    slope,
    welch_interval,
)
from measures.benchmark import (
    HIGHER,
    LOWER,
    RANK_DECIMALS,
    SIMILAR,
    benchmark_label,
    comparator_mean,
    ranks,
)
from measures.intervals import _one_sample, _welch

# R prints 7 significant digits; a value published that way is checked to half its last digit.
PRINTED_7 = 5e-8

counts5 = st.lists(st.integers(0, 12), min_size=5, max_size=5)
nonempty_counts5 = counts5.filter(any)
scores = st.lists(st.integers(1, 5), min_size=1, max_size=6)


# --- agreement: van der Eijk (2001) A, as R's agrmt::agreement() computes it ------------------
# Algorithm: rforge/agrmt pkg/R/agreement.R and pkg/R/pattern.agreement.R
# (commits 1a0874da8c00cc5004fbe0409b5bf87fded7dc10, 872e7fb5e82fbc4a09f8e572815c6c34b6a1a52b).

# kimsin98/agrmt tests/agreement_test_cases.csv (commit 84c63a216a89e8997d3bf22f9281652c1ef44e9b):
# "exported by the reference R implementation", printed to 15 significant digits.
R_AGREEMENT = {
    "example": ([30, 40, 210, 130, 530, 50, 10], 0.611333333333333),
    "minimal_001": ([0, 0, 1], 1),
    "minimal_010": ([0, 1, 0], 1),
    "minimal_011": ([0, 1, 1], 0.5),
    "minimal_100": ([1, 0, 0], 1),
    "minimal_101": ([1, 0, 1], -1),
    "minimal_110": ([1, 1, 0], 0.5),
    "minimal_111": ([1, 1, 1], 0),
    "perfect_single": ([0, 100, 0, 0, 0], 1),
    "perfect_end": ([0, 0, 0, 0, 100], 1),
    "uniform": ([20, 20, 20, 20, 20], 0),
    "unimodal_center": ([10, 30, 50, 30, 10], 0.384615384615385),
    "unimodal_left": ([50, 30, 10, 5, 5], 0.575),
    "unimodal_right": ([5, 5, 10, 30, 50], 0.575),
    "bimodal_extreme": ([99999, 0, 0, 0, 99999], -1),
    "bimodal_mild": ([40, 10, 0, 10, 40], -0.655555555555556),
    "bimodal_asymmetric": ([60, 0, 10, 20, 30], 0),
    "long_uniform": ([10] * 10, 0),
    "long_unimodal": ([5, 10, 20, 40, 50, 40, 20, 10, 5, 0], 0.505555555555556),
    "long_bimodal": ([50, 20, 5, 0, 0, 0, 5, 20, 50, 0], -0.349814814814815),
}


@pytest.mark.parametrize("counts,expected", R_AGREEMENT.values(), ids=R_AGREEMENT.keys())
def test_agreement_matches_r_agrmt(counts, expected):
    assert agreement(counts) == pytest.approx(expected, abs=1e-9)


def test_agreement_van_der_eijk_worked_example():
    # cran/agrmt man/agreement.Rd (commit 78e5ce860a0d1747fba615ee98579aa0c483767c):
    # "The rate of agreement is given as 0.6113333" for van der Eijk's p.331 example.
    # cran/agrmt vignettes/agrmt.Rnw (commit 4bbcdb155571ea0d1d599ed1a63be887ca0c1f88) tabulates
    # its layers; their weights and pattern values sum to exactly 917/1500.
    v = [30, 40, 210, 130, 530, 50, 10]
    assert agreement(v) == pytest.approx(0.6113333, abs=PRINTED_7)
    assert agreement(v) == pytest.approx(917 / 1500, abs=1e-15)


@pytest.mark.parametrize(
    "layer,published,exact",
    [
        # The same vignette's layer table, printed to 3 decimals; a single layer is its own A.
        ([10, 10, 10, 10, 10, 10, 10], 0, Fraction(0)),
        ([20, 20, 20, 20, 20, 20, 0], 0.167, Fraction(1, 6)),
        ([0, 10, 10, 10, 10, 10, 0], 0.333, Fraction(1, 3)),
        ([0, 0, 10, 10, 10, 10, 0], 0.5, Fraction(1, 2)),
        ([0, 0, 80, 80, 80, 0, 0], 0.667, Fraction(2, 3)),
        ([0, 0, 80, 0, 80, 0, 0], 0.467, Fraction(7, 15)),
        ([0, 0, 0, 0, 320, 0, 0], 1, Fraction(1)),
    ],
)
def test_agreement_of_van_der_eijk_layers(layer, published, exact):
    assert agreement(layer) == pytest.approx(published, abs=5e-4)
    assert agreement(layer) == pytest.approx(float(exact), abs=1e-15)


def test_agreement_vignette_examples():
    # Same vignette: the figure's c(1,1,3,4) on 4 positions is "Agreement = 0.08" (exactly 1/12),
    # and van der Eijk's party placements give 0.61 (PvdA) and 0.48 (D66). Those are percentages;
    # A depends only on proportions, so they are scaled by 10 to whole counts.
    assert agreement([2, 0, 1, 1]) == pytest.approx(0.08, abs=5e-3)
    assert agreement([2, 0, 1, 1]) == pytest.approx(1 / 12, abs=1e-15)
    assert agreement([24, 28, 32, 62, 135, 304, 416]) == pytest.approx(0.61, abs=5e-3)
    assert agreement([16, 26, 82, 210, 293, 270, 103]) == pytest.approx(0.48, abs=5e-3)


def test_agreement_ideal_types_on_the_five_point_scale():
    assert agreement([0, 0, 7, 0, 0]) == 1  # unanimous
    assert agreement([2, 2, 2, 2, 2]) == 0  # even spread
    assert agreement([3, 0, 0, 0, 3]) == -1  # even split between the extremes


def test_agreement_small_groups():
    # Exact values from the layer decomposition, worked by hand.
    assert agreement([1, 0, 1, 0, 0]) == pytest.approx(1 / 6)  # 1 and 3: near neighbours
    assert agreement([1, 0, 0, 1, 0]) == pytest.approx(-5 / 12)  # 1 and 4: far apart
    assert agreement([0, 1, 2, 0, 0]) == pytest.approx(0.75 * 2 / 3 + 1 / 3)  # 2, 3, 3


def test_agreement_of_nobody_is_none_not_zero():
    assert agreement([0, 0, 0, 0, 0]) is None


@pytest.mark.parametrize("bad", [[1, 2], [1, -1, 3], [1, 2.5, 3], [1, True, 3], [1, None, 3]])
def test_agreement_rejects_what_is_not_a_frequency_vector(bad):
    with pytest.raises(ValueError):
        agreement(bad)


@given(nonempty_counts5)
def test_agreement_is_within_minus_one_and_one(counts):
    assert -1 <= agreement(counts) <= 1


@given(nonempty_counts5)
def test_agreement_is_one_exactly_when_everyone_chose_one_category(counts):
    assert (agreement(counts) == 1) == (sum(1 for c in counts if c) == 1)


def test_agreement_and_consensus_ranges_over_every_group_of_up_to_twelve():
    everyone = [c for c in product(range(13), repeat=5) if 0 < sum(c) <= 12]
    assert len(everyone) == 6187
    for counts in everyone:
        one_category = sum(1 for c in counts if c) == 1
        a, cns = agreement(counts), consensus(counts)
        assert -1 <= a <= 1 and 0 <= cns <= 1
        assert (a == 1) == one_category == (cns == 1)


@given(nonempty_counts5, st.integers(2, 5))
def test_agreement_depends_on_proportions_and_not_on_direction(counts, k):
    a = agreement(counts)
    assert agreement([c * k for c in counts]) == pytest.approx(a, abs=1e-12)
    assert agreement(counts[::-1]) == pytest.approx(a, abs=1e-12)


# --- consensus: Tastle and Wierman (2007) ------------------------------------------------------


def test_consensus_matches_r_agrmt_example():
    # cran/agrmt man/consensus.Rd (commit 4bbcdb155571ea0d1d599ed1a63be887ca0c1f88):
    # "The degree of consensus is given as 0.7256876". agrmt's R/consensus.R (commit
    # 776c60cbe264a04fb69e21055760e68640216564) takes d_X = k - 1 = 6 for these 7 categories.
    assert consensus([30, 40, 210, 130, 530, 50, 10], width=6) == pytest.approx(0.7256876, abs=PRINTED_7)


def test_consensus_width_is_the_scale_not_the_observed_range():
    # stan-dev/posterior tests/testthat/test-discrete-summaries.R
    # (commit 0fc1519a646937cf68aaab38c205b5d7037cd33a): for a, a, b, c on levels a..d,
    # dissention = -sum(p * log2(1 - |1:3 - 1.75| / 3)), "dividing by 3, not 2, to account for the
    # d level"; consensus is 1 - dissention.
    p = [0.5, 0.25, 0.25]
    dissent = -sum(pi * math.log2(1 - abs(i - 1.75) / 3) for i, pi in zip((1, 2, 3), p))
    observed_range = -sum(pi * math.log2(1 - abs(i - 1.75) / 2) for i, pi in zip((1, 2, 3), p))
    assert consensus([2, 1, 1, 0], width=3) == pytest.approx(1 - dissent, abs=1e-15)
    assert consensus([2, 1, 1, 0], width=3) != pytest.approx(1 - observed_range)


def test_consensus_closed_forms_on_the_five_point_scale():
    assert consensus([0, 0, 5, 0, 0]) == 1
    assert consensus([4, 0, 0, 0, 4]) == 0
    # Uniform: mean 3, distances 2, 1, 0, 1, 2 over width 4.
    uniform = 1 + 0.4 * math.log2(0.5) + 0.4 * math.log2(0.75)
    assert consensus([1, 1, 1, 1, 1]) == pytest.approx(uniform, abs=1e-15)
    # Two people on 2 and 3 are close on the 1-5 scale (the observed range would call them split).
    assert consensus([0, 1, 1, 0, 0]) == pytest.approx(1 + math.log2(1 - 0.5 / 4), abs=1e-15)


def test_consensus_of_nobody_is_none():
    assert consensus([0, 0, 0, 0, 0]) is None


def test_consensus_refuses_a_width_narrower_than_the_scale():
    with pytest.raises(ValueError):
        consensus([1, 0, 0, 0, 0, 0, 1])


@given(nonempty_counts5)
def test_consensus_is_within_zero_and_one(counts):
    assert 0 <= consensus(counts) <= 1


@given(nonempty_counts5)
def test_consensus_is_one_exactly_when_everyone_chose_one_category(counts):
    assert (consensus(counts) == 1) == (sum(1 for c in counts if c) == 1)
    assert consensus(counts[::-1]) == pytest.approx(consensus(counts), abs=1e-12)


# --- the mean and its t-interval --------------------------------------------------------------

# R's datasets::sleep (Student 1908), as in the R help page
# https://stat.ethz.ch/R-manual/R-devel/library/datasets/html/sleep.html
SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def test_one_sample_interval_matches_r():
    # The ?sleep example, with(sleep, t.test(extra[group == 1], extra[group == 2], paired = TRUE)),
    # is a one-sample t on the differences; R prints "95 percent confidence interval:
    # -2.4598858 -0.7001142" (mean -1.58, df = 9).
    mean, low, high = _one_sample([x - y for x, y in zip(SLEEP_1, SLEEP_2)], 0.95)
    assert mean == pytest.approx(-1.58, abs=1e-12)
    assert low == pytest.approx(-2.4598858, abs=PRINTED_7)
    assert high == pytest.approx(-0.7001142, abs=PRINTED_7)


def test_mean_interval_matches_scipy_on_scale_scores():
    x = [2, 3, 3, 4, 2, 5, 3, 1]
    expected = stats.ttest_1samp(x, 3).confidence_interval(0.9)
    got = mean_interval(x, level=0.9)
    assert (got.estimate, got.n, got.clipped) == (2.875, 8, False)
    assert (got.low, got.high) == pytest.approx((expected.low, expected.high), abs=1e-12)


def test_mean_interval_is_clipped_to_the_scale_and_says_so():
    got = mean_interval([1, 1, 2, 1])
    assert got.low == 1 and got.clipped
    assert got.high == pytest.approx(1.25 + stats.t.ppf(0.975, 3) * 0.25, abs=1e-12)
    assert not mean_interval([2, 3, 3, 4, 3]).clipped


def test_mean_interval_edge_cases():
    assert mean_interval([]) == (None, None, None, False, 0)
    assert mean_interval([None, math.nan]) == (None, None, None, False, 0)  # all skipped
    assert mean_interval([4]) == (4.0, None, None, False, 1)
    two = mean_interval([2, 4])
    assert two.n == 2 and two.clipped  # 3 -/+ 12.7: nothing learned beyond the scale itself
    assert (two.low, two.high) == (1, 5)
    # Unanimity gives the formula's zero width (see docs: agreement, not certainty).
    assert mean_interval([3, 3, 3]) == (3.0, 3.0, 3.0, False, 3)
    assert mean_interval([3, None, 4, math.nan, 5]).n == 3  # skips dropped


@pytest.mark.parametrize("bad", [[0, 3], [3, 6], [3, 3.5], [True, 3], ["3"], [math.inf]])
def test_scores_off_the_scale_are_refused(bad):
    with pytest.raises(ValueError):
        mean_interval(bad)


@pytest.mark.parametrize("level", [0, 1, 1.5, -0.1])
def test_interval_level_must_be_a_probability(level):
    with pytest.raises(ValueError):
        mean_interval([1, 2, 3], level)


def _multinomial_outcomes(p, n):
    """Every frequency vector for n people on 5 categories, with its probability under p."""
    for head in product(range(n + 1), repeat=4):
        if sum(head) <= n:
            counts = (*head, n - sum(head))
            weight = factorial(n) / prod(factorial(c) for c in counts) * prod(q**c for q, c in zip(p, counts))
            if weight:
                yield counts, weight


def _exact_coverage(p, n):
    mu = sum(i * q for i, q in enumerate(p, start=1))
    covered = 0.0
    for counts, weight in _multinomial_outcomes(p, n):
        iv = mean_interval([i for i, c in enumerate(counts, start=1) for _ in range(c)])
        covered += weight * (iv.low <= mu <= iv.high)
    return covered


CENTRED = (0.1, 0.2, 0.3, 0.25, 0.15)  # mean 3.15


def test_t_interval_coverage_for_eight_people_by_simulation():
    """2,000 seeded groups of 8 from a known distribution: coverage within Monte Carlo error of the
    exact (enumerated) coverage, and that within 0.02 of the nominal 95 %."""
    exact = _exact_coverage(CENTRED, 8)
    assert exact == pytest.approx(0.937, abs=5e-4)  # the value reported in the docs
    rng = random.Random(20240501)
    replicates = 2000
    hits = 0
    for _ in range(replicates):
        iv = mean_interval(rng.choices(range(1, 6), weights=CENTRED, k=8))
        hits += iv.low <= 3.15 <= iv.high
    monte_carlo_se = math.sqrt(exact * (1 - exact) / replicates)
    assert abs(hits / replicates - exact) < 3 * monte_carlo_se
    assert abs(exact - 0.95) < 0.02


def test_t_interval_undercovers_near_the_ceiling_because_of_unanimous_groups():
    # Documented limitation: 80 % of people on 5. For 3 people, every shortfall is a group that
    # happened to agree (zero-width interval), which happens with probability 0.8**3 + ....
    near_ceiling = (0, 0, 0.05, 0.15, 0.8)
    unanimous = sum(q**3 for q in near_ceiling)
    assert _exact_coverage(near_ceiling, 3) == pytest.approx(1 - unanimous, abs=1e-12)
    assert _exact_coverage(near_ceiling, 12) == pytest.approx(0.927, abs=5e-4)


# --- Welch interval for a change between two groups -------------------------------------------


def test_welch_matches_r_sleep_reference():
    # easystats/parameters tests/testthat/test-model_parameters.htest.R
    # (commit 6e44391d8ed1b742fb8fbaaf7398732852daa82a), R's t.test on the sleep groups (x - y):
    # Difference_CI_low = -3.36548323071171, Difference_CI_high = 0.20548323071171,
    # df_error = 17.7764735161785. Here the difference is b - a, so a = group 2, b = group 1.
    estimate, low, high, df = _welch(SLEEP_2, SLEEP_1, 0.95)
    assert estimate == pytest.approx(-1.58, abs=1e-12)
    assert low == pytest.approx(-3.36548323071171, abs=1e-9)
    assert high == pytest.approx(0.20548323071171, abs=1e-9)
    assert df == pytest.approx(17.7764735161785, abs=1e-9)


def test_welch_interval_matches_scipy_on_scale_scores():
    a, b = [2, 3, 3, 2, 4], [3, 4, 5, 4, 4, 3, 5]
    expected = stats.ttest_ind(b, a, equal_var=False).confidence_interval(0.95)
    got = welch_interval(a, b)
    assert got.estimate == pytest.approx(4 - 2.8)
    assert (got.low, got.high) == pytest.approx((expected.low, expected.high), abs=1e-12)
    assert (got.clipped, got.n_a, got.n_b) == (False, 5, 7)


def test_welch_when_one_group_agreed_uses_the_other_groups_df():
    got = welch_interval([3, 3, 3, 3], [2, 4, 3, 5, 1])
    assert got.df == pytest.approx(4)
    spread = stats.ttest_1samp([2, 4, 3, 5, 1], 0).confidence_interval()
    assert (got.low, got.high) == pytest.approx((spread.low - 3, spread.high - 3), abs=1e-12)


def test_welch_edge_cases():
    assert welch_interval([], [3, 4]) == (None, None, None, False, None, 0, 2)
    assert welch_interval([3], [3, 4]) == (0.5, None, None, False, None, 1, 2)
    assert welch_interval([3, 3], [4, 4, 4]) == (1.0, None, None, False, None, 2, 3)  # df 0/0
    wide = welch_interval([1, 5], [1, 5])
    assert (wide.low, wide.high, wide.clipped) == (-4, 4, True)


# --- exact permutation test -------------------------------------------------------------------


def _brute_force_p(a, b):
    pooled, n_a = a + b, len(a)
    observed = abs(sum(b) / len(b) - sum(a) / n_a)
    hits = total = 0
    for chosen in combinations(range(len(pooled)), n_a):
        group_a = [pooled[i] for i in chosen]
        group_b = [pooled[i] for i in range(len(pooled)) if i not in chosen]
        diff = abs(sum(group_b) / len(group_b) - sum(group_a) / n_a)
        hits += diff >= observed - 1e-12
        total += 1
    return hits / total


@settings(max_examples=300, deadline=None)
@given(scores, scores)
def test_permutation_p_equals_brute_force_enumeration(a, b):
    assert permutation_p(a, b) == pytest.approx(_brute_force_p(a, b), abs=1e-15)


@given(scores, scores)
def test_permutation_p_is_a_symmetric_probability_above_the_floor(a, b):
    p = permutation_p(a, b)
    assert 0 < p <= 1
    assert permutation_p(b, a) == p
    assert permutation_p(a[::-1], b[::-1]) == p
    assert p >= minimum_achievable_p(len(a), len(b))


def test_permutation_p_small_cases():
    assert permutation_p([3], [3]) == 1
    assert permutation_p([1], [5]) == 1  # two labellings, both as extreme
    assert permutation_p([3, 3, 3], [3, 3, 3, 3]) == 1
    assert permutation_p([1, 1, 1, 1], [5, 5, 5, 5]) == pytest.approx(2 / 70)
    assert permutation_p([], [3]) is None
    assert permutation_p([None], [3]) is None  # all skipped


def test_permutation_p_for_the_largest_groups_is_exact_and_fast():
    a, b = [1, 2, 2, 3, 3, 3, 4, 2, 1, 3, 2, 3], [3, 4, 4, 5, 3, 4, 5, 2, 4, 3, 4, 5]
    # All 2,704,156 labellings; scipy.stats.permutation_test(..., n_resamples=np.inf), which
    # enumerates them one by one (about 20 s), also gives 6964 / 2704156.
    started = time.perf_counter()
    assert permutation_p(a, b) == 6964 / comb(24, 12)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("n_a,n_b", [(1, 1), (1, 2), (2, 2), (2, 3), (3, 3), (1, 4)])
def test_minimum_achievable_p_is_the_least_p_over_every_possible_dataset(n_a, n_b):
    least = min(
        permutation_p(data[:n_a], data[n_a:]) for data in product(range(1, 6), repeat=n_a + n_b)
    )
    assert minimum_achievable_p(n_a, n_b) == pytest.approx(least, abs=1e-15)


def test_four_against_four_is_significant_only_when_the_years_do_not_overlap():
    # The claim made in docs/measures-statistics.md, over every pair of groups of four.
    groups = list(combinations_with_replacement(range(1, 6), 4))
    for a in groups:
        for b in groups:
            separated = min(b) > max(a) or min(a) > max(b)
            assert (permutation_p(a, b) < 0.05) == separated


@pytest.mark.parametrize("n_a,n_b", [(a, b) for a in range(1, 13) for b in range(1, 13)])
def test_minimum_achievable_p_is_reached_by_a_complete_split(n_a, n_b):
    floor = minimum_achievable_p(n_a, n_b)
    assert floor == pytest.approx((2 if n_a == n_b else 1) / comb(n_a + n_b, n_a))
    assert permutation_p([1] * n_a, [5] * n_b) == pytest.approx(floor, abs=1e-15)


def test_minimum_achievable_p_edge_cases():
    assert minimum_achievable_p(0, 5) is None
    assert minimum_achievable_p(3, 3) == pytest.approx(0.1)
    with pytest.raises(ValueError):
        minimum_achievable_p(-1, 3)


# --- direction of change and slope ------------------------------------------------------------


def test_direction_labels():
    assert direction([1, 2, 1, 2], [4, 5, 5, 4]) == INCREASING  # p = 2/70
    assert direction([4, 5, 5, 4], [1, 2, 1, 2]) == DECREASING
    assert direction([2, 3, 3, 4], [3, 3, 4, 4]) == NO_SIGNIFICANT_CHANGE


def test_direction_cannot_be_calculated_when_significance_is_out_of_reach():
    assert direction([1, 1, 1], [5, 5, 5]) == CANNOT_BE_CALCULATED  # floor 2/20 = 0.1
    assert direction([3], [1, 2, 3, 4, 5, 5, 5]) == CANNOT_BE_CALCULATED  # n < 2
    assert direction([], [3, 4]) == CANNOT_BE_CALCULATED
    assert direction([1, 1, 1], [5, 5, 5, 5]) == INCREASING  # floor 1/35: reachable, and reached


def test_direction_thresholds_are_arguments():
    assert direction([1, 1, 1], [5, 5, 5], alpha=0.11) == INCREASING
    assert direction([1, 2, 1, 2], [4, 5, 5, 4], min_n=5) == CANNOT_BE_CALCULATED


# NIST StRD linear regression, Norris (https://www.itl.nist.gov/div898/strd/lls/data/Norris.shtml):
# certified slope 1.00211681802045 and its standard deviation 0.429796848199937E-03. The data are
# as transcribed in scipy/scipy scipy/stats/tests/test_stats.py (commit 4e3e305b2082...).
NORRIS_X = [
    0.2, 337.4, 118.2, 884.6, 10.1, 226.5, 666.3, 996.3, 448.6, 777.0, 558.2, 0.4, 0.6, 775.5,
    666.9, 338.0, 447.5, 11.6, 556.0, 228.1, 995.8, 887.6, 120.2, 0.3, 0.3, 556.8, 339.1, 887.2,
    999.0, 779.0, 11.1, 118.3, 229.2, 669.1, 448.9, 0.5,
]  # fmt: skip
NORRIS_Y = [
    0.1, 338.8, 118.1, 888.0, 9.2, 228.1, 668.5, 998.5, 449.1, 778.9, 559.2, 0.3, 0.1, 778.1,
    668.8, 339.3, 448.9, 10.8, 557.7, 228.3, 998.0, 888.8, 119.6, 0.3, 0.6, 557.6, 339.3, 888.0,
    998.5, 778.9, 10.2, 117.6, 228.9, 668.4, 449.2, 0.2,
]  # fmt: skip


def test_slope_matches_nist_certified_values():
    estimate, low, high = slope(NORRIS_X, NORRIS_Y)
    assert estimate == pytest.approx(1.00211681802045, rel=1e-12)
    se = (high - low) / 2 / stats.t.ppf(0.975, len(NORRIS_X) - 2)
    assert se == pytest.approx(0.429796848199937e-03, rel=1e-9)


def test_slope_of_yearly_means():
    years, means = [2021, 2022, 2023, 2024], [2.5, 2.75, 3.25, 3.5]
    fit = stats.linregress(years, means)
    estimate, low, high = slope(years, means, level=0.9)
    assert estimate == pytest.approx(fit.slope, abs=1e-12)
    half = stats.t.ppf(0.95, 2) * fit.stderr
    assert (low, high) == pytest.approx((fit.slope - half, fit.slope + half), abs=1e-12)


def test_slope_edge_cases():
    assert slope([], []) == (None, None, None)
    assert slope([2022], [3.0]) == (None, None, None)
    assert slope([2022, 2022, 2022], [3.0, 2.0, 4.0]) == (None, None, None)
    assert slope([2022, 2024], [3.0, 4.0]) == (0.5, None, None)
    assert slope([2021, 2022, 2023], [2.0, 2.5, 3.0]) == pytest.approx((0.5, 0.5, 0.5))
    with pytest.raises(ValueError):
        slope([2021, 2022], [3.0])
    with pytest.raises(ValueError):
        slope([2021, 2022], [3.0, math.nan])


# --- flags and frequencies --------------------------------------------------------------------


def test_is_polarised():
    assert is_polarised([1, 0, 0, 1, 0])  # 1 and 4
    assert is_polarised([3, 0, 0, 0, 3])
    assert not is_polarised([1, 0, 1, 0, 0])  # 1 and 3
    assert not is_polarised([2, 2, 2, 2, 2])  # A = 0: spread, not split
    assert is_polarised([1, 0, 1, 0, 0], below=0.2)
    assert is_polarised([0, 0, 0, 0, 0]) is None


def test_is_low():
    assert is_low(2.49) and not is_low(2.5) and not is_low(4)
    assert is_low(2.9, below=3)
    assert is_low(None) is None


def test_frequencies_keep_every_category_and_drop_skips():
    assert frequencies([1, 5, 5, None, 3, math.nan]) == (1, 0, 1, 0, 2)
    assert frequencies([]) == (0, 0, 0, 0, 0)
    assert agreement(frequencies([2, 4])) == agreement([0, 1, 0, 1, 0])


# --- benchmark comparisons: the same data give the same ranks and labels --------------------------


def test_means_equal_but_for_floating_point_noise_tie():
    assert 0.1 + 0.2 != 0.3  # the noise: a sum taken in another order differs in its last bits
    assert ranks([0.1 + 0.2, 0.3, 0.5, 0.2]) == [2, 2, 1, 4]  # "1, 2, 2, 4"
    assert ranks([3.000000001, 3.0, 2.0]) == [1, 2, 3]  # a difference in the ninth place is kept apart
    assert RANK_DECIMALS == 9


def test_ranks_do_not_depend_on_the_order_the_means_come_in():
    means = [1 / 3 + 1 / 3 + 1 / 3, 1.0, 2 / 3, 0.1 * 3, 0.3, 2.5]
    expected = dict(zip(means, ranks(means)))
    for order in ([5, 4, 3, 2, 1, 0], [2, 0, 4, 1, 5, 3]):
        shuffled = [means[i] for i in order]
        assert dict(zip(shuffled, ranks(shuffled))) == expected


def test_a_comparator_equal_to_an_interval_end_is_similar_on_both_sides():
    comparator = 0.3
    assert benchmark_label(0.1 + 0.2, 0.9, comparator) == SIMILAR  # 0.30000000000000004 > 0.3 unrounded
    assert benchmark_label(0.1, 0.1 + 0.2, comparator) == SIMILAR
    assert benchmark_label(0.1 + 0.2, 0.9, 0.29999999) == HIGHER  # a real difference is a difference
    assert benchmark_label(0.1, 0.1 + 0.2, 0.30000001) == LOWER


def test_a_comparator_mean_is_the_same_whatever_the_order_of_its_members():
    values = [0.1, 0.2, 0.3]
    assert sum(values) != sum(reversed(values))  # 0.6000000000000001 and 0.6
    assert comparator_mean(values) == comparator_mean(list(reversed(values))) == pytest.approx(0.2)
    assert comparator_mean([]) is None
