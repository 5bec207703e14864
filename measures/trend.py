"""Change over time: a Fingertips-style direction label between two years, and a linear slope.

The labels are in the style of the recent-trend labels of OHID's Fingertips, which say "no
significant change" and "cannot be calculated" out loud rather than letting a small group's noise
read as a trend. The test behind them is this package's own: an exact permutation test.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from measures.intervals import check_level, t_bounds
from measures.permutation import minimum_achievable_p, permutation_p
from measures.scale import valid_ratings

ALPHA = 0.05
MIN_N_PER_YEAR = 2

INCREASING = "increasing"
DECREASING = "decreasing"
NO_SIGNIFICANT_CHANGE = "no significant change"
CANNOT_BE_CALCULATED = "cannot be calculated"


def direction(
    earlier: Iterable[object],
    later: Iterable[object],
    *,
    alpha: float = ALPHA,
    min_n: int = MIN_N_PER_YEAR,
    averaged: bool = False,
) -> str:
    """One of the four labels, for the scores of the same item in two years.

    - cannot be calculated: either year has fewer than `min_n` scores, or the group sizes are such
      that even the most extreme possible split has an exact p of at least `alpha` (3 vs 3 people:
      the floor is 0.1), so the question cannot be answered whatever people said;
    - increasing / decreasing: the exact permutation p (two-sided) is below `alpha`, in the
      direction of the later mean minus the earlier;
    - no significant change: otherwise. Not evidence of stability, only of no detectable change.

    With `averaged`, the values are per-person averages (theme or overall scores)."""
    a, b = valid_ratings(earlier, averaged), valid_ratings(later, averaged)
    if min(len(a), len(b)) < max(min_n, 1):
        return CANNOT_BE_CALCULATED
    if minimum_achievable_p(len(a), len(b)) >= alpha:
        return CANNOT_BE_CALCULATED
    if permutation_p(a, b, averaged=averaged) >= alpha:
        return NO_SIGNIFICANT_CHANGE
    return INCREASING if sum(b) * len(a) > sum(a) * len(b) else DECREASING


class Slope(NamedTuple):
    """Change in the mean per year, with its t-interval (None bounds below three years)."""

    estimate: float | None
    low: float | None
    high: float | None


def slope(years: Sequence[float], means: Sequence[float], level: float = 0.95) -> Slope:
    """Ordinary least squares slope of `means` on `years`.

    Each year's mean counts once, whatever its n, and the interval ignores the uncertainty of each
    mean: it describes the scatter of yearly means around a line. Two years give a slope but no
    interval (no residual degrees of freedom); fewer, or a single distinct year, give nothing."""
    check_level(level)
    if len(years) != len(means):
        raise ValueError(f"{len(years)} years but {len(means)} means")
    x, y = [float(v) for v in years], [float(v) for v in means]
    if not all(math.isfinite(v) for v in x + y):
        raise ValueError("years and means must be finite numbers")
    if len(x) < 2:
        return Slope(None, None, None)
    estimate, se, df = least_squares(x, y)
    if estimate is None or se is None:
        return Slope(estimate, None, None)
    low, high = t_bounds(estimate, se, df, level)
    return Slope(estimate, low, high)


def least_squares(x: Sequence[float], y: Sequence[float]) -> tuple[float | None, float | None, int]:
    """The slope's estimate, standard error and residual degrees of freedom, from two or more
    points: the one arithmetic behind `slope` and measures.change's slopes (which take their t
    quantiles in one vectorised call). Estimate None when the x are all one value; standard error
    None below three points."""
    n = len(x)
    x_bar, y_bar = math.fsum(x) / n, math.fsum(y) / n
    sxx = math.fsum((v - x_bar) ** 2 for v in x)
    if sxx == 0:
        return None, None, n - 2
    estimate = math.fsum((u - x_bar) * (v - y_bar) for u, v in zip(x, y)) / sxx
    if n < 3:
        return estimate, None, n - 2
    intercept = y_bar - estimate * x_bar
    residual = math.fsum((v - intercept - estimate * u) ** 2 for u, v in zip(x, y))
    return estimate, math.sqrt(residual / (n - 2) / sxx), n - 2
