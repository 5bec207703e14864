"""Change over time per area and enabler, theme and overall: each pair of the area's consecutive
assessments, compared as two independent groups of people (a partnership's members change from year
to year, and the tool does not link a person across years).

Every statistic comes from `measures`, the one implementation of each: the Welch interval of the
difference in means, the exact permutation p-value, the smallest p the two group sizes allow, the
Fingertips-style direction label, and the least-squares slope of the yearly means. Theme and
overall scores are per-person averages, handed to measures as exact fractions (`averaged=True`).

A pair with fewer than `min_publishable_n` scores on either side is suppressed: no means, change,
interval, p-value or slope, and the direction "cannot be calculated"."""

from collections import Counter
from fractions import Fraction
from itertools import pairwise

import pandas as pd

from measures import (
    CANNOT_BE_CALCULATED,
    direction,
    minimum_achievable_p,
    permutation_p,
    slope,
    welch_interval,
)

LEVELS = ("enabler", "theme", "overall")
# The group's sector make-up "changed" when a sector is present in one year and absent in the other,
# or when any sector's share of the group moved by at least this much.
SECTOR_SHARE_SHIFT = 0.25
NOT_GIVEN = "sector not given"
FLOATS = (
    "previous_mean", "current_mean", "change", "change_ci_low", "change_ci_high", "permutation_p",
    "minimum_achievable_p", "slope_per_year", "slope_ci_low", "slope_ci_high",
)
COLUMNS = [
    "area_code", "area_name", "level", "item_id", "previous_year", "current_year", "years_apart",
    "previous_n", "current_n", "previous_mean", "current_mean", "change", "change_ci_low",
    "change_ci_high", "permutation_p", "minimum_achievable_p", "direction", "slope_per_year",
    "slope_ci_low", "slope_ci_high", "n_years", "sector_mix_changed", "sector_mix_note",
    "is_suppressed", "is_synthetic",
]


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


def changes(people: pd.DataFrame, area_names: dict[str, str], min_n: int) -> list[dict]:
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
        sector = row.sector if isinstance(row.sector, str) and row.sector.strip() else NOT_GIVEN
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
                    permutation_p=permutation_p(before, after, averaged=averaged),
                    direction=direction(before, after, averaged=averaged),
                    n_years=len(published),
                    slope_per_year=trend.estimate if trend else None,
                    slope_ci_low=trend.low if trend else None,
                    slope_ci_high=trend.high if trend else None,
                )
            rows.append(row)
    return rows


def model(dbt, session):
    dbt.config(materialized="table")
    min_n = int(dbt.config.get("min_publishable_n"))
    people = dbt.ref("int_participant_scores_aggregated").df()
    areas = dbt.ref("stg_framework__areas").df()
    frame = pd.DataFrame(changes(people, dict(zip(areas["area_code"], areas["area_name"])), min_n), columns=COLUMNS)
    for column in FLOATS:
        frame[column] = pd.to_numeric(frame[column], errors="raise").astype("float64")
    for column in ("previous_year", "current_year", "years_apart", "previous_n", "current_n"):
        frame[column] = frame[column].astype("int64")
    frame["n_years"] = frame["n_years"].astype("Int64")
    for column in ("sector_mix_changed", "is_suppressed", "is_synthetic"):
        frame[column] = frame[column].astype("bool")
    for column in ("area_code", "area_name", "level", "item_id", "direction", "sector_mix_note"):
        frame[column] = frame[column].astype("string")  # typed VARCHAR even when there are no rows
    return frame
