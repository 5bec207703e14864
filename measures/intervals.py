"""Student t confidence intervals for a group's mean score and for a change between two groups.

With 3-12 people these are the honest minimum: a point mean alone hides how little a few people's
ratings pin down. The t-interval assumes roughly normal scores, which five ordered categories are
not; docs/measures-statistics.md reports its actual coverage on this scale.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
from scipy.stats import t as student_t

from measures.scale import SCALE_MAX, SCALE_MIN, valid_ratings


class Interval(NamedTuple):
    """A mean with its interval. `low`/`high` are None below two scores; `clipped` says a bound
    was pulled back onto the scale (a mean cannot lie outside 1-5, so nothing true is lost)."""

    estimate: float | None
    low: float | None
    high: float | None
    clipped: bool
    n: int


class Difference(NamedTuple):
    """A difference in means, later minus earlier (b - a), with its Welch interval."""

    estimate: float | None
    low: float | None
    high: float | None
    clipped: bool
    df: float | None
    n_a: int
    n_b: int


def mean_interval(scores: Iterable[object], level: float = 0.95, *, averaged: bool = False) -> Interval:
    """The t-interval mean +/- t(level, n-1) * s / sqrt(n), clipped to [1, 5].

    All-identical scores give a zero-width interval: the formula's answer, but it reflects that the
    group agreed, not that the mean is known exactly. Callers flag n < 5. With `averaged`, the
    values are per-person averages within 1..5 (theme or overall scores) rather than whole scores."""
    check_level(level)
    x = [float(v) for v in valid_ratings(scores, averaged)]
    if not x:
        return Interval(None, None, None, False, 0)
    mean, low, high = _one_sample(x, level)
    if low is None:
        return Interval(mean, None, None, False, len(x))
    low, high, clipped = _clip(low, high, SCALE_MIN, SCALE_MAX)
    return Interval(mean, low, high, clipped, len(x))


def welch_interval(
    a: Iterable[object], b: Iterable[object], level: float = 0.95, *, averaged: bool = False
) -> Difference:
    """The Welch interval for mean(b) - mean(a), clipped to the possible range [-4, 4].

    Welch rather than pooled Student: two years' partnerships need not share a spread of opinion.
    Bounds are None when either group has fewer than two scores (no variance to estimate), and when
    both groups are unanimous: the Welch-Satterthwaite df is then 0/0 and there is no spread from
    which to judge the uncertainty. If just one group is unanimous the df reduce to the other
    group's n - 1, which is the right answer, not a special case. `averaged` as in mean_interval."""
    check_level(level)
    xa = [float(v) for v in valid_ratings(a, averaged)]
    xb = [float(v) for v in valid_ratings(b, averaged)]
    n_a, n_b = len(xa), len(xb)
    if n_a == 0 or n_b == 0:
        return Difference(None, None, None, False, None, n_a, n_b)
    estimate, low, high, df = _welch(xa, xb, level)
    if low is None:
        return Difference(estimate, None, None, False, df, n_a, n_b)
    low, high, clipped = _clip(low, high, SCALE_MIN - SCALE_MAX, SCALE_MAX - SCALE_MIN)
    return Difference(estimate, low, high, clipped, df, n_a, n_b)


def _one_sample(x: list[float], level: float) -> tuple[float, float | None, float | None]:
    """Unclipped mean and t bounds on any real data, so that it can be checked against published
    reference output whose values are not on this scale."""
    mean, variance = mean_variance(x)
    if len(x) < 2:
        return mean, None, None
    low, high = t_bounds(mean, math.sqrt(variance / len(x)), len(x) - 1, level)
    return mean, low, high


def _welch(
    a: list[float], b: list[float], level: float
) -> tuple[float, float | None, float | None, float | None]:
    """Unclipped Welch estimate, bounds and df on any real data (see _one_sample)."""
    mean_a, var_a = mean_variance(a)
    mean_b, var_b = mean_variance(b)
    estimate = mean_b - mean_a
    if len(a) < 2 or len(b) < 2:
        return estimate, None, None, None
    se2_a, se2_b = var_a / len(a), var_b / len(b)
    se2 = se2_a + se2_b
    if se2 == 0:
        return estimate, None, None, None
    df = se2 * se2 / (se2_a * se2_a / (len(a) - 1) + se2_b * se2_b / (len(b) - 1))
    low, high = t_bounds(estimate, math.sqrt(se2), df, level)
    return estimate, low, high, df


def mean_variance(x: list[float]) -> tuple[float, float]:
    """Mean and sample variance (n - 1), summed exactly so that equal scores give exactly zero.
    Squares are products, never `** 2`: IEEE rounds a product correctly on every machine, while pow
    may be off by an ulp and numpy routes it differently by version, so the vectorised paths
    (welch_intervals, measures.change) give these same bits only through products."""
    n = len(x)
    mean = math.fsum(x) / n
    variance = math.fsum((v - mean) * (v - mean) for v in x) / (n - 1) if n > 1 else math.nan
    return mean, variance


class Differences(NamedTuple):
    """Difference, as arrays: one Welch interval per element (NaN where Difference has None)."""

    estimate: np.ndarray
    low: np.ndarray
    high: np.ndarray
    clipped: np.ndarray
    df: np.ndarray


def welch_intervals(
    mean_a: np.ndarray, var_a: np.ndarray, n_a: np.ndarray,
    mean_b: np.ndarray, var_b: np.ndarray, n_b: np.ndarray,
    level: float = 0.95,
) -> Differences:
    """welch_interval for many pairs of groups at once, from each group's mean_variance and size
    (every n at least 1): the same operations in the same order, so the same doubles."""
    check_level(level)
    mean_a, var_a, mean_b, var_b = (np.asarray(v, dtype=np.float64) for v in (mean_a, var_a, mean_b, var_b))
    n_a, n_b = np.asarray(n_a, dtype=np.int64), np.asarray(n_b, dtype=np.int64)
    estimate = mean_b - mean_a
    with np.errstate(divide="ignore", invalid="ignore"):
        se2_a, se2_b = var_a / n_a, var_b / n_b
        se2 = se2_a + se2_b
        bounded = (n_a >= 2) & (n_b >= 2) & (se2 != 0)
        df = np.where(bounded, se2 * se2 / (se2_a * se2_a / (n_a - 1) + se2_b * se2_b / (n_b - 1)), np.nan)
        half = np.full(estimate.shape, np.nan)
        half[bounded] = student_t.ppf((1 + level) / 2, df[bounded]) * np.sqrt(se2[bounded])
    low, high = estimate - half, estimate + half
    floor, ceiling = SCALE_MIN - SCALE_MAX, SCALE_MAX - SCALE_MIN
    clipped = bounded & ((low < floor) | (high > ceiling))
    return Differences(estimate, np.maximum(low, floor), np.minimum(high, ceiling), clipped, df)


def check_level(level: float) -> None:
    if not 0 < level < 1:
        raise ValueError(f"level must lie strictly between 0 and 1, got {level}")


def t_bounds(centre: float, se: float, df: float, level: float) -> tuple[float, float]:
    """centre -/+ the two-sided t quantile times se; shared with the trend slope."""
    half = student_t.ppf((1 + level) / 2, df) * se
    return centre - half, centre + half


def _clip(low: float, high: float, floor: float, ceiling: float) -> tuple[float, float, bool]:
    clipped = low < floor or high > ceiling
    return max(low, floor), min(high, ceiling), clipped
