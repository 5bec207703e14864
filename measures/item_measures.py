"""The measures of each area's scores on each item in each year, for every group at once: the logic of
intermediate.int_item_scores_measured (whose docstring says why means and standard deviations are
exact), to the last bit what the one-group measures give.

Groups of whole scores (enablers, indicators) are described by their count vectors, so each distinct
vector is measured once by the validated one-group functions (measures.grouped.by_count_vector) and
its answer shared. Groups of people's averages (themes, overall, derived enablers) are not: their
t-interval is computed for all groups at once from exact grouped sums, and their standard deviation
is the correctly rounded square root of the exact variance, as statistics.stdev gives it.
"""

from __future__ import annotations

import math
import statistics
from fractions import Fraction

import numpy as np
import pandas as pd
from scipy.stats import t as student_t

from measures.agreement import agreement
from measures.consensus import consensus
from measures.flags import is_polarised
from measures.grouped import by_count_vector, exact_group_sum, expand, group_codes, score_counts
from measures.intervals import mean_interval
from measures.scale import MAX_AVERAGED_DENOMINATOR, SCALE_MAX, SCALE_MIN

LEVEL = 0.95
KEYS = ["area_code", "assessment_year", "grain", "item_id"]
COUNTS = ["count_1", "count_2", "count_3", "count_4", "count_5"]
FIGURES = ["ci_mean", "sd", "ci_low", "ci_high", "ci_clipped", "agreement", "consensus", "is_polarised"]
COLUMNS = [*KEYS, *COUNTS, "ci_mean", "sd", "ci_low", "ci_high", "ci_clipped",
           "agreement", "consensus", "is_low", "is_polarised", "dig_deeper"]


def measure(scores: pd.DataFrame, low_mean_below: float, polarised_below: float) -> pd.DataFrame:
    """`scores`: area_code, assessment_year, grain, item_id, score (null: skipped), is_average — one
    row per person and item. One row per group with a score; a group with any averaged row is a
    group of averages."""
    given = scores[scores["score"].notna()]
    keys, group = group_codes(given, KEYS)
    averaged = np.bincount(group, weights=given["is_average"].astype(bool).to_numpy(), minlength=len(keys)) > 0
    of_averages = averaged[group]
    whole = _whole(keys[~averaged].reset_index(drop=True), given[~of_averages], polarised_below)
    averages = _averages(keys[averaged].reset_index(drop=True), given[of_averages])
    frame = pd.concat([whole, averages], ignore_index=True)
    frame["is_low"] = pd.array(frame["ci_mean"] < low_mean_below, dtype="boolean")
    frame["dig_deeper"] = (frame["is_low"].fillna(False) | frame["is_polarised"].fillna(False)).astype("boolean")
    frame["assessment_year"] = frame["assessment_year"].astype("int64")
    return frame[COLUMNS].sort_values(KEYS, ignore_index=True)


def _whole(keys: pd.DataFrame, given: pd.DataFrame, polarised_below: float) -> pd.DataFrame:
    """Groups of whole 1-5 scores: every figure from the group's count vector."""
    _, group = group_codes(given, KEYS)
    counts = score_counts(given["score"].to_numpy(), group, len(keys))

    def figures(vector: tuple[int, ...]) -> tuple:
        values = expand(vector)
        interval = mean_interval(values, level=LEVEL)
        sd = statistics.stdev(values) if len(values) > 1 else None
        return (interval.estimate, sd, interval.low, interval.high, interval.clipped, agreement(vector),
                consensus(vector, width=SCALE_MAX - SCALE_MIN), is_polarised(vector, below=polarised_below))

    frame = pd.DataFrame(by_count_vector(counts, figures), columns=FIGURES, index=keys.index)
    frame = pd.concat([keys, pd.DataFrame(counts, columns=COUNTS).astype("Int64"), frame], axis=1)
    return _typed(frame)


def _averages(keys: pd.DataFrame, given: pd.DataFrame) -> pd.DataFrame:
    """Groups of per-person averages: mean_interval(averaged=True) and statistics.stdev, exactly."""
    _, group = group_codes(given, KEYS)
    n_groups = len(keys)
    raw = given["score"].to_numpy(dtype=np.float64)
    x = _as_averages(raw)  # the value mean_interval sees: the exact fraction's nearest double
    n = np.bincount(group, minlength=n_groups)
    mean = exact_group_sum(x, group, n_groups) / n
    squares = (x - mean[group]) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        variance = _exact_sum_of_squares(squares, group, n_groups) / (n - 1)
        half = student_t.ppf((1 + LEVEL) / 2, n - 1) * np.sqrt(variance / n)
    bounded = n >= 2
    low, high = np.where(bounded, mean - half, np.nan), np.where(bounded, mean + half, np.nan)
    clipped = bounded & ((low < SCALE_MIN) | (high > SCALE_MAX))
    frame = keys.assign(**{c: pd.array([pd.NA] * n_groups, dtype="Int64") for c in COUNTS})
    frame["ci_mean"] = mean
    frame["sd"] = _stdevs(raw, group, n)
    frame["ci_low"] = np.where(bounded, np.maximum(low, SCALE_MIN), np.nan)
    frame["ci_high"] = np.where(bounded, np.minimum(high, SCALE_MAX), np.nan)
    frame["ci_clipped"] = clipped
    for column in ("agreement", "consensus", "is_polarised"):
        frame[column] = None
    return _typed(frame)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for column in ("ci_mean", "sd", "ci_low", "ci_high", "agreement", "consensus"):
        frame[column] = pd.array(pd.to_numeric(frame[column], errors="coerce").astype("float64"), dtype="Float64")
    frame["ci_clipped"] = frame["ci_clipped"].astype("boolean")
    frame["is_polarised"] = frame["is_polarised"].astype("boolean")
    return frame


def _as_averages(raw: np.ndarray) -> np.ndarray:
    """valid_averages for every value, as floats: each distinct value read once as its exact
    fraction (denominator up to MAX_AVERAGED_DENOMINATOR) and refused when off the scale."""
    distinct, inverse = np.unique(raw, return_inverse=True)
    exact = [Fraction(v).limit_denominator(MAX_AVERAGED_DENOMINATOR) if math.isfinite(v) else v for v in distinct]
    for value, fraction in zip(distinct, exact):
        if not math.isfinite(value) or not SCALE_MIN <= fraction <= SCALE_MAX:
            raise ValueError(f"an averaged score must lie in {SCALE_MIN}..{SCALE_MAX}, got {value}")
    return np.array([float(f) for f in exact], dtype=np.float64)[np.ravel(inverse)]


_LIMB = 2.0**36


def _exact_sum_of_squares(squares: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    """math.fsum of each group's squared deviations. Each deviation is a whole multiple of 2**-52
    (both terms are doubles in 1..5), so each square is a whole number of 2**-104 below 2**108: three
    36-bit limbs, summed exactly, then joined and rounded once by Python's integer division."""
    whole = squares * 2.0**104
    top = np.floor(whole / _LIMB**2)
    rest = whole - top * _LIMB**2
    middle = np.floor(rest / _LIMB)
    bottom = rest - middle * _LIMB
    limbs = [np.bincount(group, weights=limb, minlength=n_groups).astype(np.int64).astype(object)
             for limb in (top, middle, bottom)]
    total = (limbs[0] << 72) + (limbs[1] << 36) + limbs[2]
    return (total / (1 << 104)).astype(np.float64)


def _stdevs(raw: np.ndarray, group: np.ndarray, n: np.ndarray) -> np.ndarray:
    """statistics.stdev of each group's values (NaN below two): the exact variance from whole-number
    sums of the values times 2**52, and its correctly rounded square root."""
    if len(raw) and not ((raw >= 1) & (raw < 8)).all():
        raise ValueError(f"an averaged score must lie in {SCALE_MIN}..{SCALE_MAX}")
    scaled = (raw * 2.0**52).astype(np.int64).astype(object)
    order = np.argsort(group, kind="stable")
    starts = np.searchsorted(group[order], np.arange(len(n)))
    total = np.add.reduceat(scaled[order], starts) if len(order) else np.array([], dtype=object)
    squares = np.add.reduceat((scaled * scaled)[order], starts) if len(order) else np.array([], dtype=object)
    counts = n.astype(object)
    numerator = counts * squares - total * total
    denominator = counts * (counts - 1) << 104
    return np.array([_sqrt_of_fraction(p, q) if k > 1 else np.nan
                     for p, q, k in zip(numerator, denominator, n)], dtype=np.float64)


def _sqrt_of_fraction(numerator: int, denominator: int) -> float:
    """The square root of numerator / denominator, correctly rounded: statistics' own method (round
    to odd on enough bits, then one rounding to a double; https://bugs.python.org/msg407078)."""
    shift = (numerator.bit_length() - denominator.bit_length() - 109) // 2
    if shift >= 0:
        root = _isqrt_rto(numerator, denominator << 2 * shift) << shift
        return root / 1
    return _isqrt_rto(numerator << -2 * shift, denominator) / (1 << -shift)


def _isqrt_rto(numerator: int, denominator: int) -> int:
    root = math.isqrt(numerator // denominator)
    return root | (root * root * denominator != numerator)
