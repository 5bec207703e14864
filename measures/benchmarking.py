"""Each area's means against its comparator groups, for all areas, items and groups at once: the
logic of marts.benchmark (whose docstring says what the groups and figures are), as joins and grouped
reductions over whole frames.

The one-area rules are measures.benchmark's and are kept to the bit: the comparator value is
math.fsum's exact sum (measures.grouped.exact_group_sum) over the number of published means; ranks,
quartiles and labels compare values rounded to RANK_DECIMALS places by Python's own round(), applied
once per distinct value (numpy's rounding can differ from it in the last place).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from framework.icb_as_at import icbs_as_at_year
from framework.model import ENGLAND_CODE, ENGLAND_NAME
from measures.benchmark import HIGHER, LOWER, NOT_COMPARED, SIMILAR, comparable
from measures.grouped import exact_group_sum

INNER_OUTER_CODES = {"Inner London": "E13000001", "Outer London": "E13000002"}
GROUP = ["area_code", "comparator_type", "comparator_code", "comparator_name"]
COLUMNS = [
    "area_code", "area_name", "assessment_year", "level", "item_id",
    "comparator_type", "comparator_code", "comparator_name",
    "n_scores", "is_suppressed", "mean_score", "mean_ci_low", "mean_ci_high",
    "n_members", "n_areas", "comparator_mean", "difference", "rank", "n_ranked", "quartile",
    "benchmark_label", "is_synthetic",
]


def comparator_groups(areas: pd.DataFrame, icbs: pd.DataFrame, neighbours: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per (area, comparator group, member area): every group each area is compared with in
    `year` — its region, England, its Inner/Outer London (London's), its ICB as at the year, its
    statistical neighbours. Region and England hold the authorities that existed in the year (areas'
    first_year and last_year), so Cumbria is England's in 2022 and Cumberland from 2023."""
    first = pd.to_numeric(areas["first_year"], errors="coerce")
    last = pd.to_numeric(areas["last_year"], errors="coerce")
    existing = areas[(first.isna() | (first <= year)) & (last.isna() | (last >= year))]
    codes = existing[["area_code", "region_code", "region_name", "inner_outer"]]
    members = codes[["area_code"]].rename(columns={"area_code": "member"})
    region = codes.merge(codes[["area_code", "region_code"]].rename(columns={"area_code": "member"}), on="region_code")
    region = region.assign(comparator_type="region", comparator_code=region["region_code"],
                           comparator_name=region["region_name"])
    england = codes[["area_code"]].merge(members, how="cross").assign(
        comparator_type="england", comparator_code=ENGLAND_CODE, comparator_name=ENGLAND_NAME)
    halves = codes[["area_code", "inner_outer"]].dropna(subset=["inner_outer"])
    inner_outer = halves.merge(halves.rename(columns={"area_code": "member"}), on="inner_outer")
    inner_outer = inner_outer.assign(comparator_type="inner_outer",
                                     comparator_code=inner_outer["inner_outer"].map(INNER_OUTER_CODES),
                                     comparator_name=inner_outer["inner_outer"])
    icb = icbs_as_at_year(icbs, year)[["area_code", "icb_code", "icb_name"]]
    icb = icb.merge(icb.rename(columns={"area_code": "member"}), on=["icb_code", "icb_name"])
    icb = icb.rename(columns={"icb_code": "comparator_code", "icb_name": "comparator_name"}).assign(comparator_type="icb")
    return pd.concat([region, england, inner_outer, icb, _neighbour_groups(areas, neighbours)], ignore_index=True)[
        [*GROUP, "member"]]


def _neighbour_groups(areas: pd.DataFrame, neighbours: pd.DataFrame) -> pd.DataFrame:
    """The area itself and its listed neighbours by GSS code; a DfE number the framework does not
    know keeps its number (outside London: a member without a mean)."""
    listed = neighbours[["area_code", "neighbour_rank", "neighbour_dfe_code", "neighbour_area_code"]]
    known = listed.dropna(subset=["neighbour_area_code"]).drop_duplicates(["area_code", "neighbour_dfe_code"],
                                                                           keep="last")
    listed = listed.drop(columns="neighbour_area_code").merge(
        known[["area_code", "neighbour_dfe_code", "neighbour_area_code"]], on=["area_code", "neighbour_dfe_code"],
        how="left")
    listed = listed.assign(member=listed["neighbour_area_code"].where(listed["neighbour_area_code"].notna(),
                                                                       listed["neighbour_dfe_code"]))
    selves = pd.DataFrame({"area_code": listed["area_code"].unique()})
    members = pd.concat([selves.assign(member=selves["area_code"]), listed[["area_code", "member"]]],
                        ignore_index=True)
    names = dict(zip(areas["area_code"], areas["area_name"]))
    return members.assign(comparator_type="statistical_neighbours", comparator_code=members["area_code"],
                          comparator_name="Statistical neighbours of " + members["area_code"].map(names).astype(str))


def comparable_values(values: pd.Series) -> np.ndarray:
    """measures.benchmark.comparable for every value (NaN stays NaN), one round() per distinct value."""
    x = pd.to_numeric(values, errors="coerce").astype("float64").to_numpy(na_value=np.nan)
    distinct, inverse = np.unique(x, return_inverse=True)
    rounded = np.array([np.nan if np.isnan(v) else comparable(v) for v in distinct], dtype=np.float64)
    return rounded[np.ravel(inverse)] if len(x) else x


def benchmark(
    maturity: pd.DataFrame, areas: pd.DataFrame, icbs: pd.DataFrame, neighbours: pd.DataFrame, level: str
) -> pd.DataFrame:
    """`maturity`: area_code, assessment_year, item_id, n_scores, is_suppressed, mean_score,
    mean_ci_low, mean_ci_high, is_synthetic — one row per area, year and item. One row per area,
    year, item and comparator group."""
    own = maturity.assign(is_suppressed=maturity["is_suppressed"].astype(bool),
                          is_synthetic=maturity["is_synthetic"].astype(bool))
    own = own.assign(published=~own["is_suppressed"] & own["mean_score"].notna())
    years = sorted(own["assessment_year"].unique())
    groups = pd.concat([comparator_groups(areas, icbs, neighbours, int(y)).assign(assessment_year=y) for y in years],
                       ignore_index=True) if years else pd.DataFrame(columns=[*GROUP, "member", "assessment_year"])
    pairs = own.merge(groups, on=["area_code", "assessment_year"])
    members = own[["assessment_year", "item_id", "area_code", "published", "mean_score", "is_synthetic"]].rename(
        columns={"area_code": "member", "published": "member_published", "mean_score": "member_mean",
                 "is_synthetic": "member_synthetic"})
    pairs = pairs.merge(members, on=["assessment_year", "item_id", "member"], how="left")
    with_data = pairs["member_published"].fillna(False).astype(bool).to_numpy()
    keys = ["assessment_year", "item_id", *GROUP]
    grouped = pairs.groupby(keys, sort=True)
    group = grouped.ngroup().to_numpy()
    out = grouped.first()[["n_scores", "is_suppressed", "mean_score", "mean_ci_low", "mean_ci_high",
                           "is_synthetic", "published"]].reset_index()
    n = len(out)
    member_mean = pairs["member_mean"].astype("float64").to_numpy(na_value=np.nan)
    n_areas = np.bincount(group[with_data], minlength=n)
    total = exact_group_sum(member_mean[with_data], group[with_data], n)
    with np.errstate(invalid="ignore", divide="ignore"):
        comparator = np.where(n_areas > 0, total / n_areas, np.nan)
    published = out["published"].to_numpy()
    compared = published & (n_areas > 0)
    own_mean = out["mean_score"].astype("float64").to_numpy(na_value=np.nan)
    above = with_data & (comparable_values(pairs["member_mean"]) > comparable_values(
        pd.Series(own_mean[group])))
    rank = 1 + np.bincount(group[above], minlength=n)
    synthetic = out["is_synthetic"].to_numpy() | (
        np.bincount(group[with_data], weights=pairs["member_synthetic"].to_numpy()[with_data].astype(bool),
                    minlength=n) > 0)
    frame = out[["area_code", "assessment_year", "item_id", *GROUP[1:], "n_scores", "is_suppressed"]].assign(
        level=level, area_name=out["area_code"].map(dict(zip(areas["area_code"], areas["area_name"]))))
    frame["mean_score"] = pd.array(np.where(published, own_mean, np.nan), dtype="Float64")
    for column in ("mean_ci_low", "mean_ci_high"):
        values = out[column].astype("float64").to_numpy(na_value=np.nan)
        frame[column] = pd.array(np.where(published, values, np.nan), dtype="Float64")
    frame["n_members"] = grouped.size().to_numpy()
    frame["n_areas"] = n_areas
    frame["comparator_mean"] = pd.array(comparator, dtype="Float64")
    frame["difference"] = pd.array(np.where(compared, own_mean - comparator, np.nan), dtype="Float64")
    frame["rank"] = pd.array(rank, dtype="Int64")
    frame["n_ranked"] = pd.array(n_areas, dtype="Int64")
    frame["quartile"] = pd.array(4 * (rank - 1) // np.maximum(n_areas, 1) + 1, dtype="Int64")
    for column in ("rank", "n_ranked", "quartile"):
        frame.loc[~published, column] = pd.NA
    frame["benchmark_label"] = _labels(out, comparator, compared)
    frame["is_synthetic"] = synthetic
    for column in ("assessment_year", "n_scores", "n_members", "n_areas"):
        frame[column] = frame[column].astype("int64")
    frame["is_suppressed"] = frame["is_suppressed"].astype("bool")
    return frame[COLUMNS]


def _labels(out: pd.DataFrame, comparator: np.ndarray, compared: np.ndarray) -> np.ndarray:
    """measures.benchmark_label for every row: Higher / Lower / Similar, Not compared when the area's
    mean is withheld, an interval end is missing, or there is no comparator."""
    low, high = comparable_values(out["mean_ci_low"]), comparable_values(out["mean_ci_high"])
    value = comparable_values(pd.Series(comparator))
    missing = ~compared | np.isnan(low) | np.isnan(high) | np.isnan(value)
    return np.select([missing, low > value, high < value], [NOT_COMPARED, HIGHER, LOWER], SIMILAR).astype(object)
