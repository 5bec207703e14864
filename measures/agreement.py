"""Van der Eijk's agreement A, computed exactly as R's agrmt::agreement() does.

Van der Eijk (2001) splits a frequency vector into layers, each a block of equal counts over the
categories still non-empty, scores each layer's 0/1 pattern, and averages those scores weighted by
layer size. The arithmetic here is exact (fractions): every quantity is a ratio of counts, so the
only rounding is the final conversion to float.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import combinations

from measures.scale import valid_counts


def agreement(counts: Sequence[int]) -> float | None:
    """A in [-1, 1]: 1 when everyone chose the same category, 0 for an even spread over all of
    them, -1 for an even split between the two extremes. None when nobody scored (agrmt returns 0
    there, which would read as "evenly spread" rather than "no data")."""
    remainder = list(valid_counts(counts, at_least=3))
    n = sum(remainder)
    if n == 0:
        return None
    total = Fraction(0)
    while any(remainder):
        pattern = tuple(1 if r else 0 for r in remainder)
        depth = min(r for r in remainder if r)
        total += Fraction(depth * sum(pattern), n) * _pattern_agreement(pattern)
        remainder = [r - depth * p for r, p in zip(remainder, pattern)]
    return float(total)


def _pattern_agreement(pattern: tuple[int, ...]) -> Fraction:
    """A for one layer: unimodality U (van der Eijk's equation 2, agrmt's default rather than the
    `old=TRUE` variant) shrunk by how many of the K categories the layer covers."""
    k = len(pattern)
    filled = sum(pattern)
    if filled == 1:
        return Fraction(1)
    unimodal = bimodal = 0
    for i, j, m in combinations(range(k), 3):
        triple = (pattern[i], pattern[j], pattern[m])
        if triple == (1, 0, 1):
            bimodal += 1
        elif triple in ((1, 1, 0), (0, 1, 1)):
            unimodal += 1
    if unimodal + bimodal == 0:
        # Every category filled: U is 0/0, and agrmt defines the layer's A as 0 (no agreement).
        return Fraction(0)
    u = Fraction((k - 2) * unimodal - (k - 1) * bimodal, (k - 2) * (unimodal + bimodal))
    return u * (1 - Fraction(filled - 1, k - 1))
