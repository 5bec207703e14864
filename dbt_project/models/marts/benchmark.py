"""Each area's means against comparator groups of London boroughs, in the style of Fingertips.

Grain: area_code × assessment_year × level × item_id × comparator_type. Levels: enabler
(enabler_maturity, item_id E01…), theme (theme_maturity, item_id the theme) and overall
(area_maturity, item_id "overall"); every level's mart names the count behind its mean n_scores
and its interval mean_ci_low / mean_ci_high (for themes and overall the count is of people, each
with their own theme or overall score). Comparators: London, the area's Inner/Outer London,
its ICB as at the assessment year (framework.icb_as_at: the membership on 1 July of the year, the
2022 footprint before then), and its DfE statistical neighbours when
reference.statistical_neighbours holds them.

Comparator value: the mean of the published borough means in the group, each borough counted once,
the area itself included (as Fingertips includes an area in England's value). Withheld boroughs are
left out, so no withheld mean can be recovered; n_areas says how many means it rests on. Rank
(1 = highest) and quartile are within the group's published means. The label (measures.benchmark)
compares the area's 95 % interval (mean_ci_low / mean_ci_high, from measures.mean_interval) with
the comparator value.

Same data, same table: the comparator value is summed exactly (measures.benchmark.comparator_mean),
ranks and labels compare values rounded to measures.benchmark.RANK_DECIMALS places, and rows come
out sorted by the grain, so no value depends on the order DuckDB hands rows to pandas.
"""

import pandas as pd

from framework.icb_as_at import icbs_as_at_year
from measures.benchmark import (
    NOT_COMPARED,
    benchmark_label,
    comparator_mean,
    quartile,
    ranks,
)

OVERALL = "overall"
LONDON = ("london", "E12000007", "London")
INNER_OUTER_CODES = {"Inner London": "E13000001", "Outer London": "E13000002"}
GRAIN = ["area_code", "assessment_year", "level", "item_id", "comparator_type"]
COLUMNS = [
    "area_code", "area_name", "assessment_year", "level", "item_id",
    "comparator_type", "comparator_code", "comparator_name",
    "n_scores", "is_suppressed", "mean_score", "mean_ci_low", "mean_ci_high",
    "n_members", "n_areas", "comparator_mean", "difference", "rank", "n_ranked", "quartile",
    "benchmark_label", "is_synthetic",
]


def _groups(areas: pd.DataFrame, icbs: pd.DataFrame, neighbours: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per (area, comparator group, member area): every group each area is compared with."""
    codes = areas["area_code"].tolist()
    names = dict(zip(areas["area_code"], areas["area_name"]))
    rows = []
    for area in codes:
        rows += [(area, *LONDON, member) for member in codes]
    for region, members in areas.groupby("inner_outer"):
        for area in members["area_code"]:
            rows += [(area, "inner_outer", INNER_OUTER_CODES[region], region, m) for m in members["area_code"]]
    for (code, name), members in icbs_as_at_year(icbs, year).groupby(["icb_code", "icb_name"]):
        for area in members["area_code"]:
            rows += [(area, "icb", code, name, m) for m in members["area_code"]]
    for area, listed in neighbours.groupby("area_code"):
        label = f"Statistical neighbours of {names[area]}"
        members = [area, *listed.sort_values("neighbour_rank")["neighbour_dfe_code"]]
        # Neighbours by GSS code (a DfE number the framework does not know keeps its number); those
        # outside London have no maturity data, so they count as members without a mean.
        by_dfe = {d: g for d, g in zip(listed["neighbour_dfe_code"], listed["neighbour_area_code"]) if pd.notna(g)}
        rows += [(area, "statistical_neighbours", area, label, by_dfe.get(m, m)) for m in members]
    return pd.DataFrame(rows, columns=["area_code", "comparator_type", "comparator_code", "comparator_name", "member"])


def benchmark(
    maturity: pd.DataFrame, areas: pd.DataFrame, icbs: pd.DataFrame, neighbours: pd.DataFrame, level: str
) -> pd.DataFrame:
    """`maturity`: area_code, assessment_year, item_id, n_scores, is_suppressed, mean_score,
    mean_ci_low, mean_ci_high, is_synthetic — one row per area, year and item."""
    out = []
    for year, of_year in maturity.groupby("assessment_year"):
        groups = _groups(areas, icbs, neighbours, int(year))
        for item, of_item in of_year.groupby("item_id"):
            published = of_item[~of_item["is_suppressed"] & of_item["mean_score"].notna()]
            means = dict(zip(published["area_code"], published["mean_score"]))
            synthetic = dict(zip(of_item["area_code"], of_item["is_synthetic"]))
            for (area, kind, code, name), group in groups[groups["area_code"].isin(of_item["area_code"])].groupby(
                ["area_code", "comparator_type", "comparator_code", "comparator_name"], sort=False
            ):
                members = group["member"].tolist()
                with_data = [m for m in members if m in means]
                comparator = comparator_mean([means[m] for m in with_data])
                row = of_item[of_item["area_code"] == area].iloc[0]
                compared = area in means and comparator is not None
                label = benchmark_label(row["mean_ci_low"], row["mean_ci_high"], comparator) if compared else NOT_COMPARED
                rank = n_ranked = quart = None
                if area in means:
                    group_means = [means[m] for m in with_data]
                    rank = ranks(group_means)[with_data.index(area)]
                    n_ranked = len(group_means)
                    quart = quartile(rank, n_ranked)
                out.append((
                    area, year, level, item, kind, code, name,
                    row["n_scores"], row["is_suppressed"],
                    row["mean_score"] if area in means else None,
                    row["mean_ci_low"] if area in means else None,
                    row["mean_ci_high"] if area in means else None,
                    len(members), len(with_data), comparator,
                    means[area] - comparator if compared else None,
                    rank, n_ranked, quart, label,
                    bool(synthetic[area]) or any(bool(synthetic.get(m, False)) for m in with_data),
                ))
    frame = pd.DataFrame([r[:1] + (None,) + r[1:] for r in out], columns=COLUMNS)
    frame["area_name"] = frame["area_code"].map(dict(zip(areas["area_code"], areas["area_name"])))
    for column in ("assessment_year", "n_scores", "n_members", "n_areas"):
        frame[column] = frame[column].astype("int64")
    for column in ("rank", "n_ranked", "quartile"):
        frame[column] = frame[column].astype("Int64")
    for column in ("mean_score", "mean_ci_low", "mean_ci_high", "comparator_mean", "difference"):
        frame[column] = frame[column].astype("Float64")
    frame["is_suppressed"] = frame["is_suppressed"].astype("bool")
    return frame


def model(dbt, session):
    dbt.config(materialized="table")
    groups = {
        "areas": dbt.ref("stg_framework__areas").df(),
        "icbs": dbt.source("framework", "area_icbs").df(),
        "neighbours": dbt.source("reference", "statistical_neighbours").df(),
    }
    enablers = dbt.ref("enabler_maturity").df().rename(columns={"enabler_id": "item_id"})
    themes = dbt.ref("theme_maturity").df().rename(columns={"theme_id": "item_id"})
    overall = dbt.ref("area_maturity").df().assign(item_id=OVERALL)
    return pd.concat(
        [
            benchmark(enablers, level="enabler", **groups),
            benchmark(themes, level="theme", **groups),
            benchmark(overall, level="overall", **groups),
        ],
        ignore_index=True,
    ).sort_values(GRAIN, ignore_index=True)
