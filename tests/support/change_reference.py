"""The row-by-row maturity_change computation as it stood before issue #13 (the dbt model's loop
over pandas rows, and the exact permutation count over a dictionary of sums on one common
denominator), kept only as the reference the vectorised measures.change is tested against. Its
direction label applies measures.direction's rules to its own p-value, so that no part of the
reference goes through the code under test; it shares only the scalar measures (welch_interval, slope,
minimum_achievable_p) that the vectorised code must reproduce."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from fractions import Fraction
from itertools import pairwise
from math import comb, lcm

import pandas as pd

from measures import CANNOT_BE_CALCULATED, minimum_achievable_p, slope, welch_interval
from measures.scale import valid_ratings
from measures.trend import ALPHA, DECREASING, INCREASING, MIN_N_PER_YEAR, NO_SIGNIFICANT_CHANGE

LEVELS = ("enabler", "theme", "overall")
SECTOR_SHARE_SHIFT = 0.25
NOT_GIVEN = "sector not given"


def reference_permutation_p(a: Iterable[object], b: Iterable[object], *, averaged: bool = False) -> float | None:
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


def _direction(before: list, after: list, averaged: bool) -> str:
    """measures.direction's rules over the reference p-value."""
    a, b = valid_ratings(before, averaged), valid_ratings(after, averaged)
    if min(len(a), len(b)) < MIN_N_PER_YEAR or minimum_achievable_p(len(a), len(b)) >= ALPHA:
        return CANNOT_BE_CALCULATED
    if reference_permutation_p(a, b, averaged=averaged) >= ALPHA:
        return NO_SIGNIFICANT_CHANGE
    return INCREASING if sum(b) * len(a) > sum(a) * len(b) else DECREASING


def _value(row) -> object:
    """A whole score at enabler level; an exact fraction for a person's theme or overall average."""
    if row.level == "enabler":
        return int(row.score_sum)
    return Fraction(int(row.score_sum), int(row.n_enablers_scored))


def _mean(values: list) -> float:
    return float(sum(Fraction(v) for v in values) / len(values))


def sector_mix(previous: Counter, current: Counter, previous_year: int, current_year: int) -> tuple[bool, str | None]:
    """Whether the group's sector make-up changed between the years, and a note saying how."""
    sectors = sorted(set(previous) | set(current), key=lambda s: (s == NOT_GIVEN, s))
    n_prev, n_curr = sum(previous.values()), sum(current.values())
    changed = set(previous) != set(current) or any(
        abs(previous[s] / n_prev - current[s] / n_curr) >= SECTOR_SHARE_SHIFT for s in sectors
    )
    if not changed:
        return False, None

    def listed(counts: Counter) -> str:
        return ", ".join(f"{s} {counts[s]}" for s in sectors)

    return True, f"{previous_year}: {listed(previous)} → {current_year}: {listed(current)}"


def reference_changes(people: pd.DataFrame, area_names: dict[str, str], min_n: int) -> list[dict]:
    """One dict per mart row, in the mart's order, computed one person-row at a time."""
    people = people.sort_values(["area_code", "assessment_year", "level", "item_id", "participant_key"])
    values: dict[tuple, list] = {}
    synthetic: dict[tuple, bool] = {}
    for row in people.itertuples(index=False):
        key = (row.area_code, row.level, row.item_id, int(row.assessment_year))
        values.setdefault(key, []).append(_value(row))
        synthetic[key] = synthetic.get(key, False) or bool(row.is_synthetic)
    overall = people[people["level"] == "overall"]
    mix: dict[tuple, Counter] = {}
    for row in overall.itertuples(index=False):
        sector = row.sector if isinstance(row.sector, str) and row.sector.strip() else "sector not given"
        mix.setdefault((row.area_code, int(row.assessment_year)), Counter())[sector] += 1
    years_of: dict[str, list[int]] = {}
    for area, year in sorted(mix):
        years_of.setdefault(area, []).append(year)
    items = sorted({(a, lv, i) for a, lv, i, _ in values}, key=lambda k: (k[0], LEVELS.index(k[1]), k[2]))

    rows = []
    for area, level, item in items:
        years = years_of.get(area, [])
        averaged = level != "enabler"
        for previous_year, current_year in pairwise(years):
            before = values.get((area, level, item, previous_year), [])
            after = values.get((area, level, item, current_year), [])
            if not before and not after:
                continue
            suppressed = min(len(before), len(after)) < min_n
            changed, note = sector_mix(mix[(area, previous_year)], mix[(area, current_year)], previous_year, current_year)
            row = {
                "area_code": area,
                "area_name": area_names.get(area),
                "level": level,
                "item_id": item,
                "previous_year": previous_year,
                "current_year": current_year,
                "years_apart": current_year - previous_year,
                "previous_n": len(before),
                "current_n": len(after),
                "minimum_achievable_p": minimum_achievable_p(len(before), len(after)),
                "direction": CANNOT_BE_CALCULATED,
                "sector_mix_changed": changed,
                "sector_mix_note": note,
                "is_suppressed": suppressed,
                "is_synthetic": synthetic.get((area, level, item, previous_year), False)
                or synthetic.get((area, level, item, current_year), False),
            }
            if not suppressed:
                difference = welch_interval(before, after, averaged=averaged)
                published = [
                    (y, _mean(values[(area, level, item, y)]))
                    for y in years
                    if y <= current_year and len(values.get((area, level, item, y), [])) >= min_n
                ]
                trend = slope([y for y, _ in published], [m for _, m in published]) if len(published) >= 3 else None
                row.update(
                    previous_mean=_mean(before),
                    current_mean=_mean(after),
                    change=float(difference.estimate),
                    change_ci_low=difference.low,
                    change_ci_high=difference.high,
                    permutation_p=reference_permutation_p(before, after, averaged=averaged),
                    direction=_direction(before, after, averaged=averaged),
                    n_years=len(published),
                    slope_per_year=trend.estimate if trend else None,
                    slope_ci_low=trend.low if trend else None,
                    slope_ci_high=trend.high if trend else None,
                )
            rows.append(row)
    return rows