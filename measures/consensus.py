"""Tastle and Wierman's (2007) consensus, Cns = 1 + sum_i p_i log2(1 - |X_i - mu| / d_X)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from measures.scale import SCALE_MAX, SCALE_MIN, valid_counts


def consensus(counts: Sequence[int], width: int = SCALE_MAX - SCALE_MIN) -> float | None:
    """Cns in [0, 1]: 1 when everyone chose the same category, 0 for an even split between the
    extremes. None when nobody scored.

    d_X is the width of the scale, never the observed range: with the observed range, two people
    scoring 2 and 3 would count as maximally split. Categories are numbered 1, 2, ... in the order
    of `counts`, as agrmt::consensus() numbers them, so with width = len(counts) - 1 the two agree.
    Empty categories are skipped: agrmt multiplies them by zero, which is NaN only when everyone
    chose one extreme (0 * log2(0)), the case it sets to 1 and this gives as 1 directly."""
    counts = valid_counts(counts, at_least=2)
    if width < len(counts) - 1:
        raise ValueError(f"width {width} is narrower than the {len(counts)} categories given")
    n = sum(counts)
    if n == 0:
        return None
    mean = sum(position * c for position, c in enumerate(counts, start=1)) / n
    return 1 + math.fsum(
        c / n * math.log2(1 - abs(position - mean) / width)
        for position, c in enumerate(counts, start=1)
        if c
    )
