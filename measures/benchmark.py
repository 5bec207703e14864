"""Benchmarking an area against a comparator, in the style of OHID's Fingertips.

The label compares the area's 95 % interval with the comparator's value (not the comparator's own
interval): Higher when the interval lies wholly above it, Lower when wholly below, Similar when it
contains it. A mean that is withheld, or has no interval, is "Not compared".

Every comparison here (label, rank, quartile) is made on values rounded to RANK_DECIMALS places, both
sides the same way, so that the same data give the same answer on every build: a mean summed in a
different order can differ in its last bits (0.1 + 0.2 is not 0.3 in floating point), and an exact
comparison of two such means would then flip a rank or a label between identical builds. Nine places
are far finer than any figure is shown (two) and far coarser than that noise (about 1e-15 on 1-5).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

HIGHER, SIMILAR, LOWER, NOT_COMPARED = "Higher", "Similar", "Lower", "Not compared"
BENCHMARK_LABELS = (HIGHER, SIMILAR, LOWER, NOT_COMPARED)
RANK_DECIMALS = 9


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def comparable(value: float) -> float:
    """`value` as every benchmark comparison sees it: rounded to RANK_DECIMALS places."""
    return round(float(value), RANK_DECIMALS)


def benchmark_label(low: float | None, high: float | None, comparator: float | None) -> str:
    """Higher / Similar / Lower from the area's interval [low, high] against the comparator value;
    a comparator equal to an interval end (to RANK_DECIMALS places) is inside it: Similar."""
    if _missing(low) or _missing(high) or _missing(comparator):
        return NOT_COMPARED
    if comparable(low) > comparable(comparator):
        return HIGHER
    if comparable(high) < comparable(comparator):
        return LOWER
    return SIMILAR


def ranks(means: Sequence[float]) -> list[int]:
    """1 = highest mean; means equal to RANK_DECIMALS places are tied and share the best rank
    ("1, 2, 2, 4"), whatever order the means come in."""
    rounded = [comparable(mean) for mean in means]
    return [1 + sum(other > mean for other in rounded) for mean in rounded]


def quartile(rank: int, n: int) -> int:
    """1 = the highest quarter of the n ranked areas … 4 = the lowest; one area is in quartile 1."""
    if not 1 <= rank <= n:
        raise ValueError(f"rank {rank} is not within 1..{n}")
    return 4 * (rank - 1) // n + 1


def comparator_mean(means: Sequence[float]) -> float | None:
    """The mean of the group's means, summed exactly (math.fsum) so that it does not depend on the
    order the group's members come in; None for an empty group."""
    return math.fsum(means) / len(means) if means else None
