"""Benchmarking an area against a comparator, in the style of OHID's Fingertips.

The label compares the area's 95 % interval with the comparator's value (not the comparator's own
interval): Higher when the interval lies wholly above it, Lower when wholly below, Similar when it
contains it. A mean that is withheld, or has no interval, is "Not compared".
"""

from __future__ import annotations

import math
from collections.abc import Sequence

HIGHER, SIMILAR, LOWER, NOT_COMPARED = "Higher", "Similar", "Lower", "Not compared"
BENCHMARK_LABELS = (HIGHER, SIMILAR, LOWER, NOT_COMPARED)


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def benchmark_label(low: float | None, high: float | None, comparator: float | None) -> str:
    """Higher / Similar / Lower from the area's interval [low, high] against the comparator value."""
    if _missing(low) or _missing(high) or _missing(comparator):
        return NOT_COMPARED
    if low > comparator:
        return HIGHER
    if high < comparator:
        return LOWER
    return SIMILAR


def ranks(means: Sequence[float]) -> list[int]:
    """1 = highest mean; tied means share the best rank ("1, 2, 2, 4")."""
    return [1 + sum(other > mean for other in means) for mean in means]


def quartile(rank: int, n: int) -> int:
    """1 = the highest quarter of the n ranked areas … 4 = the lowest; one area is in quartile 1."""
    if not 1 <= rank <= n:
        raise ValueError(f"rank {rank} is not within 1..{n}")
    return 4 * (rank - 1) // n + 1
