"""Each area's means against comparator groups of areas, in the style of Fingertips.

Grain: area_code × assessment_year × level × item_id × comparator_type. Levels: enabler
(enabler_maturity, item_id E01…), theme (theme_maturity, item_id the theme) and overall
(area_maturity, item_id "overall"); every level's mart names the count behind its mean n_scores
and its interval mean_ci_low / mean_ci_high (for themes and overall the count is of people, each
with their own theme or overall score). Comparators: London, the area's Inner/Outer London,
its ICB as at the assessment year (framework.icb_as_at: the membership on 1 July of the year, the
2022 footprint before then), and its DfE statistical neighbours when
reference.statistical_neighbours holds them.

Comparator value: the mean of the published area means in the group, each area counted once,
the area itself included (as Fingertips includes an area in England's value). Withheld areas are
left out, so no withheld mean can be recovered; n_areas says how many means it rests on. Rank
(1 = highest) and quartile are within the group's published means. The label (measures.benchmark)
compares the area's 95 % interval (mean_ci_low / mean_ci_high, from measures.mean_interval) with
the comparator value.

Same data, same table: the comparator value is summed exactly (measures.benchmark.comparator_mean),
ranks and labels compare values rounded to measures.benchmark.RANK_DECIMALS places, and rows come
out sorted by the grain, so no value depends on the order DuckDB hands rows to pandas. The logic is
measures.benchmarking.benchmark, over whole frames.
"""

import pandas as pd

from measures.benchmarking import benchmark

OVERALL = "overall"
GRAIN = ["area_code", "assessment_year", "level", "item_id", "comparator_type"]


def model(dbt, session):
    dbt.config(materialized="table")
    groups = {
        "areas": dbt.ref("stg_framework__areas").df(),
        "icbs": dbt.ref("int_area_icbs_combined").df(),
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
