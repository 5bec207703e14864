"""What a publishable mart must look like, as Great Expectations suites.

This is the last gate before anything is published, independent of the dbt tests that ran while
the marts were built: a second, differently-implemented look at the same promises (ids from the
framework, scores within the scale, every mean inside its range, nothing shown for groups under 3).
Allowed values come from the framework, never from literals here.
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.data_context.types.base import ProgressBarsConfig

from framework.model import Framework

MIN_PUBLISHABLE_N = 3  # the disclosure rule; dbt's `min_publishable_n` var must agree (tested)
STATISTICS = ("mean_score", "median_score", "sd_score", "min_score", "max_score")


def _group_statistics(keys: list[str], item_column: str, item_ids: list[str], fw: Framework) -> list:
    scale = [p.score for p in fw.scale]
    low, high = min(scale), max(scale)
    expectations = [
        gxe.ExpectCompoundColumnsToBeUnique(column_list=keys),
        gxe.ExpectColumnValuesToBeInSet(column="area_code", value_set=[a.code for a in fw.areas]),
        gxe.ExpectColumnValuesToBeInSet(column=item_column, value_set=item_ids),
        gxe.ExpectColumnValuesToNotBeNull(column="assessment_year"),
        gxe.ExpectColumnValuesToBeBetween(column="n_scores", min_value=1),
        gxe.ExpectColumnValuesToBeBetween(column="n_skipped", min_value=0),
        gxe.ExpectColumnValuesToBeBetween(column="sd_score", min_value=0),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="mean_score", column_B="min_score", or_equal=True, ignore_row_if="either_value_is_missing"
        ),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="max_score", column_B="mean_score", or_equal=True, ignore_row_if="either_value_is_missing"
        ),
    ]
    for column in ("mean_score", "median_score", "min_score", "max_score"):
        expectations.append(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high))
    for column in STATISTICS:
        expectations.append(
            gxe.ExpectColumnValuesToBeNull(
                column=column, row_condition=f"n_scores < {MIN_PUBLISHABLE_N}", condition_parser="pandas"
            )
        )
    expectations.append(
        gxe.ExpectColumnValuesToNotBeNull(
            column="mean_score", row_condition=f"n_scores >= {MIN_PUBLISHABLE_N}", condition_parser="pandas"
        )
    )
    return expectations


def mart_suites(fw: Framework) -> dict[str, list]:
    """Expectations per published mart, keyed by table name in the `marts` schema."""
    enabler_ids = [e.id for e in fw.enablers]
    return {
        "enabler_maturity": [
            *_group_statistics(["area_code", "assessment_year", "enabler_id"], "enabler_id", enabler_ids, fw),
            gxe.ExpectColumnValuesToBeInSet(column="theme_id", value_set=[t.id for t in fw.themes]),
        ],
        "indicator_maturity": _group_statistics(
            ["area_code", "assessment_year", "indicator_id"], "indicator_id", [i.id for i in fw.indicators], fw
        ),
        "london_enabler_maturity": [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["assessment_year", "enabler_id"]),
            gxe.ExpectColumnValuesToBeInSet(column="enabler_id", value_set=enabler_ids),
            gxe.ExpectColumnValuesToBeBetween(column="n_areas", min_value=1, max_value=len(fw.areas)),
            gxe.ExpectColumnValuesToBeBetween(
                column="mean_of_area_means", min_value=min(p.score for p in fw.scale), max_value=max(p.score for p in fw.scale)
            ),
        ],
    }


def validate_frame(name: str, frame: pd.DataFrame, expectations: list) -> tuple[bool, list[str]]:
    """Run one suite on one table; returns success and a readable line per failed expectation."""
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch_definition = (
        context.data_sources.add_pandas(f"marts_{name}")
        .add_dataframe_asset(name)
        .add_batch_definition_whole_dataframe("whole_table")
    )
    suite = context.suites.add(gx.ExpectationSuite(name=f"{name}_suite", expectations=expectations))
    result = batch_definition.get_batch(batch_parameters={"dataframe": frame}).validate(suite)
    failures = [
        f"{r.expectation_config.type} {dict(r.expectation_config.kwargs)}: "
        f"{r.result.get('unexpected_count', '')} unexpected, e.g. {r.result.get('partial_unexpected_list', [])[:3]}"
        for r in result.results
        if not r.success
    ]
    return result.success, failures
