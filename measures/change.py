"""Change over time per area and item (enabler, theme, overall), computed over whole frames: each
pair of an area's consecutive assessments compared as two independent groups of people (members
change from year to year, and the tool does not link a person across years).

The work is grouped numpy: rows are sorted once by (area, level, item, year) and every group's
statistics come from slices and `reduceat`. What stays a Python loop runs once per group or pair,
never per person, so its cost does not grow with the number of assessments. The figures are the
same, to the last bit, as the measures' own scalar functions give (tests/test_change.py compares
them): means are exact fractions rounded once, the Welch interval's sums are math.fsum's exactly
rounded ones, and squares go through the C pow that Python's `**` uses (it differs from x * x in
the last bit about once in a thousand).

A pair with fewer than `min_n` scores on either side is suppressed: no means, change, interval,
p-value or slope, and the direction "cannot be calculated"."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from fractions import Fraction

import numpy as np
import pandas as pd
from scipy.stats import t as student_t

from measures.intervals import t_bounds
from measures.permutation import fraction_tests, minimum_achievable_p
from measures.scale import SCALE_MAX, SCALE_MIN
from measures.trend import (
    ALPHA,
    CANNOT_BE_CALCULATED,
    DECREASING,
    INCREASING,
    MIN_N_PER_YEAR,
    NO_SIGNIFICANT_CHANGE,
    least_squares,
)

LEVELS = ("enabler", "theme", "overall")
LEVEL = 0.95
# The group's sector make-up "changed" when a sector is present in one year and absent in the other,
# or when any sector's share of the group moved by at least this much.
SECTOR_SHARE_SHIFT = 0.25
NOT_GIVEN = "sector not given"
KEY = ["area_code", "level", "item_id", "assessment_year"]
COLUMNS = {
    "area_code": "string", "area_name": "string", "level": "string", "item_id": "string",
    "previous_year": "int64", "current_year": "int64", "years_apart": "int64", "previous_n": "int64",
    "current_n": "int64", "previous_mean": "float64", "current_mean": "float64", "change": "float64",
    "change_ci_low": "float64", "change_ci_high": "float64", "permutation_p": "float64", "p_method": "string",
    "p_draws": "Int64", "minimum_achievable_p": "float64", "direction": "string", "slope_per_year": "float64",
    "slope_ci_low": "float64", "slope_ci_high": "float64", "n_years": "Int64", "sector_mix_changed": "bool",
    "sector_mix_note": "string", "is_suppressed": "bool", "is_synthetic": "bool",
}


def maturity_changes(people: pd.DataFrame, area_names: Mapping[str, str], min_n: int) -> pd.DataFrame:
    """marts.maturity_change from int_participant_scores_aggregated's rows (one per person, level
    and item: score_sum over n_enablers_scored, sector, is_synthetic), one row per area, item and
    pair of consecutive assessment years, typed as the mart is."""
    if people.empty:
        return pd.DataFrame({column: pd.Series(dtype=kind) for column, kind in COLUMNS.items()})
    groups, num, den = _groups(people)
    pairs = _pairs(groups, _area_years(people))
    rows = pairs.merge(_prefixed(groups, "previous"), how="left", on=["area_code", "level", "item_id", "previous_year"])
    rows = rows.merge(_prefixed(groups, "current"), how="left", on=["area_code", "level", "item_id", "current_year"])
    for side in ("previous", "current"):
        rows[f"{side}_n"] = rows[f"{side}_n"].fillna(0).astype("int64")
        rows[f"{side}_synthetic"] = rows[f"{side}_synthetic"].fillna(False).astype(bool)
    rows = rows[(rows["previous_n"] > 0) | (rows["current_n"] > 0)].reset_index(drop=True)
    rows["area_name"] = rows["area_code"].map(area_names)
    rows["is_suppressed"] = np.minimum(rows["previous_n"], rows["current_n"]) < min_n
    rows["is_synthetic"] = rows["previous_synthetic"] | rows["current_synthetic"]
    floors = {s: minimum_achievable_p(*s) for s in set(zip(rows["previous_n"], rows["current_n"]))}
    rows["minimum_achievable_p"] = [floors[s] for s in zip(rows["previous_n"], rows["current_n"])]
    rows = rows.join(_published_figures(rows, num, den))
    rows = rows.join(_slopes(rows, groups, min_n))
    rows = rows.merge(_sector_mixes(people, rows), how="left", on=["area_code", "previous_year", "current_year"])
    frame = rows.reindex(columns=list(COLUMNS))
    for column in ("previous_mean", "current_mean", "change", "change_ci_low", "change_ci_high", "permutation_p",
                   "minimum_achievable_p", "slope_per_year", "slope_ci_low", "slope_ci_high"):
        frame[column] = pd.to_numeric(frame[column], errors="raise")
    return frame.astype(COLUMNS)


def _groups(people: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """One row per (area, level, item, year) with its n, synthetic flag, exact sum of values, and
    the slice of the sorted value arrays (numerators, denominators) that holds its people."""
    # Sorted through integer codes: sorting Arrow-backed strings directly is several times slower.
    codes = [pd.factorize(people[c].to_numpy(dtype=object), sort=True)[0] for c in ("area_code", "level", "item_id")]
    codes.append(people["assessment_year"].to_numpy(dtype=np.int64))
    order = np.lexsort([pd.factorize(people["participant_key"].to_numpy(dtype=object), sort=True)[0], *codes[::-1]])
    frame = people.iloc[order].reset_index(drop=True)
    frame["assessment_year"] = frame["assessment_year"].astype("int64")
    num = frame["score_sum"].to_numpy(dtype=np.int64)
    den = np.where(frame["level"].to_numpy() == "enabler", 1, frame["n_enablers_scored"].to_numpy(dtype=np.int64))
    grouped = np.column_stack([c[order] for c in codes])
    starts = np.flatnonzero(np.append(True, (grouped[1:] != grouped[:-1]).any(axis=1)))
    groups = frame.loc[starts, KEY].reset_index(drop=True)
    groups["start"] = starts
    groups["end"] = np.append(starts[1:], len(frame))
    groups["n"] = groups["end"] - groups["start"]
    groups["synthetic"] = np.logical_or.reduceat(frame["is_synthetic"].to_numpy(dtype=bool), starts)
    groups["total"] = _exact_sums(num, den, starts)
    return groups, num, den


def _exact_sums(num: np.ndarray, den: np.ndarray, starts: np.ndarray) -> list[Fraction]:
    """Each group's sum of num/den as an exact fraction, on the group's common denominator in
    int64; a group whose denominators are too varied for 64 bits is summed in Fractions."""
    common = np.lcm.reduceat(den, starts)
    per_row = np.repeat(common, np.diff(np.append(starts, len(num))))
    fits = np.logical_and.reduceat((per_row > 0) & (per_row < 2**40) & (per_row % den == 0), starts)
    sums = np.add.reduceat(num * np.where(per_row > 0, per_row // den, 0), starts)
    ends = np.append(starts[1:], len(num))
    return [
        Fraction(int(s), int(c)) if ok else sum((Fraction(int(a), int(b)) for a, b in zip(num[i:j], den[i:j])), Fraction(0))
        for s, c, ok, i, j in zip(sums, common, fits, starts, ends)
    ]


def _area_years(people: pd.DataFrame) -> pd.DataFrame:
    """The years in which each area has an overall score: the years its pairs are built from."""
    overall = people.loc[people["level"] == "overall", ["area_code", "assessment_year"]]
    return overall.astype({"assessment_year": "int64"}).drop_duplicates().sort_values(["area_code", "assessment_year"])


def _pairs(groups: pd.DataFrame, area_years: pd.DataFrame) -> pd.DataFrame:
    """Every (area, level, item) crossed with the area's pairs of consecutive years, in the mart's
    order: area, level (enabler, theme, overall), item, year."""
    years = area_years.rename(columns={"assessment_year": "current_year"})
    years["previous_year"] = years.groupby("area_code")["current_year"].shift()
    years = years.dropna(subset=["previous_year"]).astype({"previous_year": "int64"})
    years["years_apart"] = years["current_year"] - years["previous_year"]
    items = groups[["area_code", "level", "item_id"]].drop_duplicates()
    pairs = items.merge(years, on="area_code")
    pairs["level_order"] = pairs["level"].map(LEVELS.index)
    pairs = pairs.sort_values(["area_code", "level_order", "item_id", "current_year"], ignore_index=True)
    return pairs.drop(columns="level_order")


def _prefixed(groups: pd.DataFrame, side: str) -> pd.DataFrame:
    return groups.rename(columns={
        "assessment_year": f"{side}_year", "n": f"{side}_n", "synthetic": f"{side}_synthetic",
        "start": f"{side}_start", "end": f"{side}_end", "total": f"{side}_total",
    })


def _published_figures(rows: pd.DataFrame, num: np.ndarray, den: np.ndarray) -> pd.DataFrame:
    """Means, Welch change and interval, permutation p and direction of the pairs not suppressed."""
    shown = rows.index[~rows["is_suppressed"]]
    out = pd.DataFrame(index=rows.index, columns=[
        "previous_mean", "current_mean", "change", "change_ci_low", "change_ci_high",
        "permutation_p", "p_method", "p_draws",
    ], dtype=object)
    out["direction"] = CANNOT_BE_CALCULATED
    if len(shown) == 0:
        return out
    r = rows.loc[shown]
    x = num / den  # each value correctly rounded, as float(Fraction) is
    stats = {}
    for side in ("previous", "current"):
        starts, ends = r[f"{side}_start"].astype("int64").to_numpy(), r[f"{side}_end"].astype("int64").to_numpy()
        n = ends - starts
        means = np.array([math.fsum(x[i:j]) for i, j in zip(starts, ends)]) / n
        deviations = x[np.concatenate([np.arange(i, j) for i, j in zip(starts, ends)])] - np.repeat(means, n)
        squares = deviations * deviations
        offsets = np.concatenate([[0], np.cumsum(n)])
        spread = np.array([math.fsum(squares[i:j]) for i, j in zip(offsets[:-1], offsets[1:])])
        with np.errstate(divide="ignore", invalid="ignore"):
            variance = np.where(n > 1, spread / (n - 1), np.nan)
        exact = [t / k for t, k in zip(r[f"{side}_total"], n)]
        stats[side] = (starts, ends, n, means, variance, exact)
        out.loc[shown, f"{side}_mean"] = [float(m) for m in exact]
    (a_start, a_end, n_a, mean_a, var_a, exact_a), (b_start, b_end, n_b, mean_b, var_b, exact_b) = (
        stats["previous"], stats["current"])
    out.loc[shown, "change"] = mean_b - mean_a
    out.loc[shown, ["change_ci_low", "change_ci_high"]] = _welch_bounds(mean_b - mean_a, n_a, var_a, n_b, var_b)
    numerators, denominators = num.tolist(), den.tolist()
    tests = fraction_tests(
        (numerators[i:j] + numerators[k:m], denominators[i:j] + denominators[k:m], j - i)
        for i, j, k, m in zip(a_start, a_end, b_start, b_end)
    )
    out.loc[shown, "permutation_p"] = [t.p for t in tests]
    out.loc[shown, "p_method"] = [t.method for t in tests]
    out.loc[shown, "p_draws"] = [t.draws for t in tests]
    p = np.array([t.p for t in tests])
    floor = r["minimum_achievable_p"].to_numpy(dtype=float)
    rises = np.array([b > a for a, b in zip(exact_a, exact_b)])
    label = np.where(p >= ALPHA, NO_SIGNIFICANT_CHANGE, np.where(rises, INCREASING, DECREASING))
    label = np.where((np.minimum(n_a, n_b) < MIN_N_PER_YEAR) | (floor >= ALPHA), CANNOT_BE_CALCULATED, label)
    out.loc[shown, "direction"] = label
    return out


def _welch_bounds(estimate, n_a, var_a, n_b, var_b) -> np.ndarray:
    """measures.welch_interval's bounds, clipped to [-4, 4]; NaN without two scores a side or any
    spread. The same operations in the same order, so the same bits."""
    with np.errstate(divide="ignore", invalid="ignore"):
        se2_a, se2_b = var_a / n_a, var_b / n_b
        se2 = se2_a + se2_b
        df = se2 * se2 / (se2_a * se2_a / (n_a - 1) + se2_b * se2_b / (n_b - 1))
        defined = (n_a >= 2) & (n_b >= 2) & (se2 != 0)
        half = np.full_like(estimate, np.nan)
        half[defined] = student_t.ppf((1 + LEVEL) / 2, df[defined]) * np.sqrt(se2[defined])
    low = np.maximum(estimate - half, SCALE_MIN - SCALE_MAX)
    high = np.minimum(estimate + half, SCALE_MAX - SCALE_MIN)
    return np.column_stack([np.where(defined, low, np.nan), np.where(defined, high, np.nan)])


def _slopes(rows: pd.DataFrame, groups: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """Least-squares slope of the yearly exact means with >= min_n scores up to the current year,
    for pairs not suppressed and with 3 or more such years: measures.slope's arithmetic per pair
    (a handful of years each), its t quantiles in one vectorised call."""
    published = groups[groups["n"] >= min_n]
    series: dict[tuple, list[tuple[int, float]]] = {}
    for area, level, item, year, total, n in zip(published["area_code"], published["level"], published["item_id"],
                                                 published["assessment_year"], published["total"], published["n"]):
        series.setdefault((area, level, item), []).append((int(year), float(total / n)))
    shown = rows[~rows["is_suppressed"]]
    n_years, fits = [], []
    for area, level, item, current in zip(shown["area_code"], shown["level"], shown["item_id"], shown["current_year"]):
        points = [(y, m) for y, m in series.get((area, level, item), []) if y <= current]
        n_years.append(len(points))
        fits.append(_least_squares(points) if len(points) >= 3 else (math.nan, math.nan, math.nan))
    out = pd.DataFrame(index=rows.index, columns=["n_years", "slope_per_year", "slope_ci_low", "slope_ci_high"],
                       dtype=object)
    if not fits:
        return out
    estimate, se, df = (np.array(column, dtype=float) for column in zip(*fits))
    defined = ~np.isnan(se)
    low, high = np.full_like(estimate, np.nan), np.full_like(estimate, np.nan)
    if defined.any():
        low[defined], high[defined] = t_bounds(estimate[defined], se[defined], df[defined], LEVEL)
    out.loc[shown.index, "n_years"] = n_years
    out.loc[shown.index, ["slope_per_year", "slope_ci_low", "slope_ci_high"]] = np.column_stack([estimate, low, high])
    return out


def _least_squares(points: list[tuple[int, float]]) -> tuple[float, float, float]:
    """measures.trend.least_squares on three or more years; NaN where the years are all one."""
    estimate, se, df = least_squares([float(u) for u, _ in points], [float(v) for _, v in points])
    return (math.nan, math.nan, math.nan) if estimate is None else (estimate, se, df)


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


def _sector_mixes(people: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """sector_mix for each area's pair of years, from everyone with an overall score."""
    overall = people[people["level"] == "overall"]
    sector = overall["sector"].where(overall["sector"].map(lambda s: isinstance(s, str) and bool(s.strip())), NOT_GIVEN)
    counts = pd.DataFrame({"area_code": overall["area_code"], "year": overall["assessment_year"].astype("int64"),
                           "sector": sector}).value_counts()
    mix: dict[tuple, Counter] = {}
    for (area, year, name), count in counts.items():
        mix.setdefault((area, int(year)), Counter())[name] = int(count)
    pairs = rows[["area_code", "previous_year", "current_year"]].drop_duplicates()
    notes = [sector_mix(mix[(a, p)], mix[(a, c)], p, c) for a, p, c in pairs.itertuples(index=False)]
    return pairs.assign(sector_mix_changed=[n[0] for n in notes], sector_mix_note=[n[1] for n in notes])
