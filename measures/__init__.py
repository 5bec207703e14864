"""Statistics for small groups' ratings on the 1-5 Beyond Boundaries scale: one implementation of
each measure, validated against published reference values, for the warehouse models to call.

See docs/measures-statistics.md for what each measure means and its limits with small groups.
"""

from measures.agreement import agreement
from measures.benchmark import BENCHMARK_LABELS, benchmark_label, quartile, ranks
from measures.consensus import consensus
from measures.flags import LOW_MEAN_BELOW, POLARISED_BELOW, is_low, is_polarised
from measures.intervals import Difference, Interval, mean_interval, welch_interval
from measures.permutation import minimum_achievable_p, permutation_p
from measures.scale import SCALE_MAX, SCALE_MIN, frequencies
from measures.trend import (
    ALPHA,
    CANNOT_BE_CALCULATED,
    DECREASING,
    INCREASING,
    MIN_N_PER_YEAR,
    NO_SIGNIFICANT_CHANGE,
    Slope,
    direction,
    slope,
)

__all__ = [
    "ALPHA",
    "BENCHMARK_LABELS",
    "CANNOT_BE_CALCULATED",
    "DECREASING",
    "INCREASING",
    "LOW_MEAN_BELOW",
    "MIN_N_PER_YEAR",
    "NO_SIGNIFICANT_CHANGE",
    "POLARISED_BELOW",
    "SCALE_MAX",
    "SCALE_MIN",
    "Difference",
    "Interval",
    "Slope",
    "agreement",
    "benchmark_label",
    "consensus",
    "direction",
    "frequencies",
    "is_low",
    "is_polarised",
    "mean_interval",
    "minimum_achievable_p",
    "permutation_p",
    "quartile",
    "ranks",
    "slope",
    "welch_interval",
]
