"""The rating scale and the checks every measure applies to its input.

Scores arrive from the warehouse, where a blank (a skip, which the tool allows) is null. Anything
else off the 1-5 scale means upstream data is wrong, and a statistic computed over it would mislead
quietly, so it is refused here rather than absorbed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction
from numbers import Integral, Real

SCALE_MIN = 1
SCALE_MAX = 5
CATEGORIES = SCALE_MAX - SCALE_MIN + 1


def _whole(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{what} must be a whole number, got {value!r}")
    if isinstance(value, Integral):
        return int(value)
    if not math.isfinite(value) or value != int(value):
        raise ValueError(f"{what} must be a whole number, got {value!r}")
    return int(value)


def _is_skip(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def valid_scores(values: Iterable[object]) -> list[int]:
    """The scores with skips (None or NaN) removed; raises ValueError for anything off the scale."""
    scores = [_whole(v, "a score") for v in values if not _is_skip(v)]
    for score in scores:
        if not SCALE_MIN <= score <= SCALE_MAX:
            raise ValueError(f"a score must lie in {SCALE_MIN}..{SCALE_MAX}, got {score}")
    return scores


# A person's theme or overall score is the mean of the whole scores they gave: a fraction whose
# denominator is the number of items they scored (at most the 55 indicators). Read back from a
# double, the nearest fraction with a denominator up to this bound is that exact fraction.
MAX_AVERAGED_DENOMINATOR = 1000


def valid_averages(values: Iterable[object]) -> list[Fraction]:
    """Per-person averages of whole scores (e.g. a participant's theme score), skips removed, as
    exact fractions within 1..5; raises ValueError for anything off the scale."""
    averages = []
    for value in values:
        if _is_skip(value):
            continue
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
            raise ValueError(f"an averaged score must be a finite number, got {value!r}")
        exact = value if isinstance(value, Fraction) else Fraction(value).limit_denominator(MAX_AVERAGED_DENOMINATOR)
        if not SCALE_MIN <= exact <= SCALE_MAX:
            raise ValueError(f"an averaged score must lie in {SCALE_MIN}..{SCALE_MAX}, got {value}")
        averages.append(exact)
    return averages


def valid_ratings(values: Iterable[object], averaged: bool = False) -> list:
    """Whole scores (`valid_scores`) or, with `averaged`, per-person averages (`valid_averages`)."""
    return valid_averages(values) if averaged else valid_scores(values)


def valid_counts(values: Iterable[object], *, at_least: int) -> tuple[int, ...]:
    """A frequency vector: non-negative whole numbers, one per ordered category."""
    counts = tuple(_whole(v, "a count") for v in values)
    if len(counts) < at_least:
        raise ValueError(f"need a count for each of at least {at_least} categories, got {len(counts)}")
    if any(c < 0 for c in counts):
        raise ValueError(f"counts cannot be negative: {counts}")
    return counts


def frequencies(scores: Iterable[object]) -> tuple[int, ...]:
    """How many people gave each score 1..5, the input the agreement and consensus measures take.

    Every category is present even when empty: an empty middle category is what separates a
    polarised group from a merely spread one."""
    counts = [0] * CATEGORIES
    for score in valid_scores(scores):
        counts[score - SCALE_MIN] += 1
    return tuple(counts)
