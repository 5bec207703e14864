"""Exact two-sided permutation test for a difference in mean scores between two small groups.

Exact rather than a t-test p-value: with 3-12 people and five possible scores the t distribution is
a poor guide, while the permutation distribution is the real one under "the year made no
difference". Rather than enumerating the C(n_a + n_b, n_a) relabellings one by one, it counts them
by the sum they give group a: the difference in means is a linear function of that sum, and on a
1-5 scale only a few dozen sums exist, so the count is exact, in integers, and instant.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from fractions import Fraction
from math import comb, lcm

from measures.scale import valid_ratings


def permutation_p(a: Iterable[object], b: Iterable[object], *, averaged: bool = False) -> float | None:
    """P(|mean(b*) - mean(a*)| >= |mean(b) - mean(a)|) over every relabelling of the pooled scores
    into groups of the same sizes, the observed one included, so p > 0. None if a group is empty.

    Ties are compared exactly: in integers, mean(b) - mean(a) = (n_a*T - N*s) / (n_a*n_b) for a
    group-a sum s, pooled total T and N = n_a + n_b, so no floating-point tolerance is needed.

    With `averaged`, the values are per-person averages (theme or overall scores): exact fractions,
    put on one common denominator so that the same integer counting applies unchanged."""
    xa, xb = _on_one_denominator(valid_ratings(a, averaged), valid_ratings(b, averaged))
    n_a, n_b = len(xa), len(xb)
    if n_a == 0 or n_b == 0:
        return None
    pooled = xa + xb
    total, n = sum(pooled), n_a + n_b
    observed = abs(n_a * total - n * sum(xa))
    ways = _ways_by_sum(pooled, n_a)
    extreme = sum(w for s, w in ways.items() if abs(n_a * total - n * s) >= observed)
    return float(Fraction(extreme, comb(n, n_a)))


def minimum_achievable_p(n_a: int, n_b: int) -> float | None:
    """The smallest p permutation_p can return for groups of these sizes, whatever the scores.

    Only the observed labelling can be as extreme as itself when the groups differ in size (all of
    the smaller group on 1 and the other on 5 achieves it), so the floor is 1 / C(N, n_a). With
    equal sizes swapping the groups wholesale is another labelling with the same |difference|, so
    it is 2 / C(N, n_a). A design whose floor is not below the significance level can never show
    a significant change, so its trend "cannot be calculated". None if a group is empty."""
    if n_a < 0 or n_b < 0:
        raise ValueError(f"group sizes cannot be negative: {n_a}, {n_b}")
    if n_a == 0 or n_b == 0:
        return None
    return float(Fraction(2 if n_a == n_b else 1, comb(n_a + n_b, n_a)))


def _on_one_denominator(a: list, b: list) -> tuple[list[int], list[int]]:
    """Whole scores as they are; exact fractions (per-person averages) multiplied by the common
    denominator of both groups together. Every difference in means scales by the same factor, so
    which relabellings are at least as extreme does not change."""
    if all(isinstance(v, int) for v in a + b):
        return a, b
    scale = lcm(*(Fraction(v).denominator for v in a + b))
    return [int(Fraction(v) * scale) for v in a], [int(Fraction(v) * scale) for v in b]


def _ways_by_sum(values: list[int], size: int) -> Counter[int]:
    """How many size-element subsets of `values` (by position, as relabellings are) give each sum.

    Built over distinct values: taking j of a value held by m people can be done C(m, j) ways."""
    table: list[Counter[int]] = [Counter() for _ in range(size + 1)]
    table[0][0] = 1
    for value, held in Counter(values).items():
        grown: list[Counter[int]] = [Counter() for _ in range(size + 1)]
        for k, sums in enumerate(table):
            for s, w in sums.items():
                for j in range(min(held, size - k) + 1):
                    grown[k + j][s + j * value] += w * comb(held, j)
        table = grown
    return table[size]
