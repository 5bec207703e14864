"""What a publishable mart must look like, as Great Expectations suites.

This is the last gate before anything is published, and the one home of the promises it states
(ids from the framework, scores within the scale, every mean inside its range, the grain of each
table, nothing shown for groups under 3): the dbt tests that run while the marts are built do not
repeat them, and column types and not-null on SQL marts are dbt model contracts (tests/test_guarantees.py
keeps each promise in exactly one place). Allowed values come from the framework, never from literals here.
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.data_context.types.base import ProgressBarsConfig

from framework.model import ENGLAND_CODE, Framework
from ingest.outcomes.model import GEOGRAPHIES, SOURCES
from ingest.outcomes.periods import LAGS
from ingest.results import FileStatus
from measures import (
    ALPHA,
    CANNOT_BE_CALCULATED,
    DECREASING,
    INCREASING,
    NO_SIGNIFICANT_CHANGE,
)
from measures.benchmark import BENCHMARK_LABELS, NOT_COMPARED

# Words that claim an effect; association tables must never use them (case-insensitive). The
# model's own terms "fixed effects" and "year effects" name adjustments, not claims, and "not an
# effect" is the disclaimer itself: both are allowed.
CAUSAL_WORDS = r"(?i)\b(?:(?<!fixed )(?<!year )(?<!not an )(?<!not )effects?|impacts?|caus\w*|leads? to|drives?|driven|improv\w*|because of)\b"
MIN_PUBLISHABLE_N = 3  # the disclosure rule; dbt's `min_publishable_n` var must agree (tested)
STATISTICS = ("mean_score", "median_score", "sd_score", "min_score", "max_score")
COUNTS = ("count_1", "count_2", "count_3", "count_4", "count_5")
MEASURES = (*COUNTS, "mean_ci_low", "mean_ci_high", "is_ci_clipped", "agreement", "consensus", "is_low",
            "is_polarised", "dig_deeper")


def region_codes(fw: Framework) -> list[str]:
    """Every region an area is in, and England (E92000001): the codes the regional marts may hold."""
    return sorted({a.region_code for a in fw.areas} | {ENGLAND_CODE})


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
    return expectations + _measures(low, high)


def _measures(low: int, high: int) -> list:
    """The measures beside each mean: counts that add up to n, an interval around the mean, agreement
    and consensus within their ranges, and nothing shown for groups under 3."""
    expectations = [
        # no row where the counts are shown but do not add up to n_scores (GE has no row-wise sum check)
        gxe.ExpectColumnValuesToBeNull(
            column="n_scores",
            row_condition="count_1.notna() and count_1 + count_2 + count_3 + count_4 + count_5 != n_scores",
            condition_parser="pandas",
        ),
        gxe.ExpectColumnValuesToBeBetween(column="agreement", min_value=-1, max_value=1),
        gxe.ExpectColumnValuesToBeBetween(column="consensus", min_value=0, max_value=1),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="mean_score", column_B="mean_ci_low", or_equal=True, ignore_row_if="either_value_is_missing"
        ),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="mean_ci_high", column_B="mean_score", or_equal=True, ignore_row_if="either_value_is_missing"
        ),
    ]
    for column in COUNTS:
        expectations.append(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0))
    for column in ("mean_ci_low", "mean_ci_high"):
        expectations.append(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high))
    for column in MEASURES:
        expectations.append(
            gxe.ExpectColumnValuesToBeNull(
                column=column, row_condition=f"n_scores < {MIN_PUBLISHABLE_N}", condition_parser="pandas"
            )
        )
    return expectations


def _response_quality(fw: Framework) -> list:
    """One row per current submission and per area-year; counts only; withheld under 3 participants."""
    withheld = ("n_same_score", "n_same_score_1", "n_same_score_2", "n_same_score_3", "n_same_score_4",
                "n_same_score_5", "share_skipped", "n_skipped_over_half")
    expectations = [
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["area_code", "assessment_year", "level", "submission_id"], ignore_row_if="never"
        ),
        gxe.ExpectColumnValuesToBeInSet(column="area_code", value_set=[a.code for a in fw.areas]),
        gxe.ExpectColumnValuesToBeInSet(column="level", value_set=["submission", "assessment"]),
        gxe.ExpectColumnValuesToBeBetween(column="n_participants", min_value=1),
        gxe.ExpectColumnValuesToBeBetween(column="share_skipped", min_value=0, max_value=1),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="n_participants", column_B="n_same_score", or_equal=True, ignore_row_if="either_value_is_missing"
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="n_same_score", row_condition="not is_suppressed", condition_parser="pandas"
        ),
    ]
    for column in withheld:
        expectations.append(
            gxe.ExpectColumnValuesToBeNull(
                column=column, row_condition=f"n_participants < {MIN_PUBLISHABLE_N}", condition_parser="pandas"
            )
        )
    return expectations


def _participant_statistics(keys: list[str], fw: Framework) -> list:
    """Theme and overall maturity: statistics of participants' own averages, within the scale, inside
    their range and interval, and nothing shown for groups under 3."""
    scale = [p.score for p in fw.scale]
    low, high = min(scale), max(scale)
    expectations = [
        gxe.ExpectCompoundColumnsToBeUnique(column_list=keys),
        gxe.ExpectColumnValuesToBeInSet(column="area_code", value_set=[a.code for a in fw.areas]),
        gxe.ExpectColumnValuesToNotBeNull(column="assessment_year"),
        gxe.ExpectColumnValuesToBeBetween(column="n_scores", min_value=1),
        gxe.ExpectColumnValuesToBeBetween(column="sd_score", min_value=0),
        gxe.ExpectColumnValuesToNotBeNull(
            column="mean_score", row_condition=f"n_scores >= {MIN_PUBLISHABLE_N}", condition_parser="pandas"
        ),
    ]
    for a, b in (("mean_score", "min_score"), ("max_score", "mean_score"), ("mean_score", "mean_ci_low"), ("mean_ci_high", "mean_score")):
        expectations.append(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=a, column_B=b, or_equal=True, ignore_row_if="either_value_is_missing"
            )
        )
    for column in ("mean_score", "median_score", "min_score", "max_score", "mean_ci_low", "mean_ci_high"):
        expectations.append(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high))
    for column in (*STATISTICS, "mean_ci_low", "mean_ci_high"):
        expectations.append(
            gxe.ExpectColumnValuesToBeNull(
                column=column, row_condition=f"n_scores < {MIN_PUBLISHABLE_N}", condition_parser="pandas"
            )
        )
    return expectations


def _maturity_change(fw: Framework) -> list:
    """Change over time: known items and labels, p-values that are probabilities, a significant label
    only with p below the level, and no figures when either year has fewer than 3 scores."""
    scale = [p.score for p in fw.scale]
    low, high = min(scale), max(scale)
    items = [e.id for e in fw.enablers] + [t.id for t in fw.themes] + ["overall"]
    small = f"previous_n < {MIN_PUBLISHABLE_N} or current_n < {MIN_PUBLISHABLE_N}"
    expectations = [
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["area_code", "level", "item_id", "current_year"]),
        gxe.ExpectColumnValuesToBeInSet(column="area_code", value_set=[a.code for a in fw.areas]),
        gxe.ExpectColumnValuesToBeInSet(column="level", value_set=["enabler", "theme", "overall"]),
        gxe.ExpectColumnValuesToBeInSet(column="item_id", value_set=items),
        gxe.ExpectColumnValuesToBeInSet(
            column="direction", value_set=[INCREASING, DECREASING, NO_SIGNIFICANT_CHANGE, CANNOT_BE_CALCULATED]
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="direction",
            value_set=[NO_SIGNIFICANT_CHANGE, CANNOT_BE_CALCULATED],
            row_condition=f"permutation_p.isna() or permutation_p >= {ALPHA}",
            condition_parser="pandas",
        ),
        gxe.ExpectColumnValuesToBeBetween(column="years_apart", min_value=1),
        gxe.ExpectColumnValuesToBeBetween(column="permutation_p", min_value=0, max_value=1, strict_min=True),
        gxe.ExpectColumnValuesToBeBetween(column="minimum_achievable_p", min_value=0, max_value=1, strict_min=True),
        gxe.ExpectColumnValuesToBeBetween(column="change", min_value=low - high, max_value=high - low),
        gxe.ExpectColumnValuesToNotBeNull(column="change", row_condition=f"not ({small})", condition_parser="pandas"),
        gxe.ExpectColumnValuesToBeInSet(
            column="direction", value_set=[CANNOT_BE_CALCULATED], row_condition=small, condition_parser="pandas"
        ),
    ]
    for column in ("previous_mean", "current_mean"):
        expectations.append(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high))
    for column in ("previous_mean", "current_mean", "change", "change_ci_low", "change_ci_high", "permutation_p",
                   "slope_per_year", "slope_ci_low", "slope_ci_high"):
        expectations.append(gxe.ExpectColumnValuesToBeNull(column=column, row_condition=small, condition_parser="pandas"))
    return expectations


def _benchmark(fw: Framework) -> list:
    """Area against comparator groups: labels only where a published mean was compared."""
    scale = [p.score for p in fw.scale]
    return [
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["area_code", "assessment_year", "level", "item_id", "comparator_type"]
        ),
        gxe.ExpectColumnValuesToBeInSet(column="area_code", value_set=[a.code for a in fw.areas]),
        gxe.ExpectColumnValuesToBeInSet(
            column="comparator_type", value_set=["region", "england", "inner_outer", "icb", "statistical_neighbours"]
        ),
        gxe.ExpectColumnValuesToBeInSet(column="level", value_set=["enabler", "theme", "overall"]),
        gxe.ExpectColumnValuesToBeInSet(
            column="item_id", value_set=[e.id for e in fw.enablers] + [t.id for t in fw.themes] + ["overall"]
        ),
        gxe.ExpectColumnValuesToBeInSet(column="benchmark_label", value_set=list(BENCHMARK_LABELS)),
        gxe.ExpectColumnValuesToBeBetween(column="comparator_mean", min_value=min(scale), max_value=max(scale)),
        gxe.ExpectColumnValuesToBeBetween(column="quartile", min_value=1, max_value=4),
        gxe.ExpectColumnValuesToBeBetween(column="n_areas", min_value=0, max_value=len(fw.areas)),
        # a withheld mean is never shown, ranked or labelled
        *(
            gxe.ExpectColumnValuesToBeNull(
                column=column, row_condition=f"n_scores < {MIN_PUBLISHABLE_N}", condition_parser="pandas"
            )
            for column in ("mean_score", "mean_ci_low", "mean_ci_high", "difference", "rank", "quartile")
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="benchmark_label", value_set=[NOT_COMPARED],
            row_condition=f"n_scores < {MIN_PUBLISHABLE_N}", condition_parser="pandas",
        ),
    ]


def _group_comparison(fw: Framework) -> list:
    """Groups within a partnership: no group (or its complement) under 3 people is ever shown."""
    return [
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["area_code", "assessment_year", "enabler_id", "split", "group_label"]
        ),
        gxe.ExpectColumnValuesToBeInSet(column="area_code", value_set=[a.code for a in fw.areas]),
        gxe.ExpectColumnValuesToBeInSet(column="enabler_id", value_set=[e.id for e in fw.enablers]),
        gxe.ExpectColumnValuesToBeInSet(column="split", value_set=["sector", "role_level"]),
        gxe.ExpectColumnValuesToBeBetween(column="n_group", min_value=MIN_PUBLISHABLE_N),
        gxe.ExpectColumnValuesToBeBetween(column="n_others", min_value=MIN_PUBLISHABLE_N),
        gxe.ExpectColumnValuesToBeBetween(column="gap", min_value=-4, max_value=4),
        *(
            gxe.ExpectColumnValuesToBeNull(column=column, row_condition="is_suppressed", condition_parser="pandas")
            for column in ("n_group", "n_others", "group_mean", "others_mean", "gap", "gap_ci_low", "gap_ci_high")
        ),
        gxe.ExpectColumnValuesToNotBeNull(column="group_mean", row_condition="~is_suppressed", condition_parser="pandas"),
    ]


def _case_study_pointers(fw: Framework) -> list:
    return [
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["area_code", "assessment_year", "enabler_id", "box"]),
        gxe.ExpectColumnValuesToBeInSet(column="area_code", value_set=[a.code for a in fw.areas]),
        gxe.ExpectColumnValuesToBeInSet(column="enabler_id", value_set=[e.id for e in fw.enablers]),
        gxe.ExpectColumnValuesToBeInSet(column="box", value_set=[c.box for c in fw.case_studies]),
        gxe.ExpectColumnValuesToBeInSet(column="reason", value_set=["low", "polarised", "low and polarised"]),
    ]


def _outcomes(fw: Framework) -> list:
    keys = ["area_code", "source", "indicator_id", "period_label", "breakdown"]
    return [
        gxe.ExpectCompoundColumnsToBeUnique(column_list=keys),
        gxe.ExpectColumnValuesToBeInSet(column="area_code", value_set=[a.code for a in fw.areas]),
        gxe.ExpectColumnValuesToBeInSet(column="source", value_set=list(SOURCES)),
        gxe.ExpectColumnValuesToNotBeNull(column="period_start_year"),
        # A withheld value is missing with its reason, never a silent null or a 0.
        gxe.ExpectColumnValuesToNotBeNull(column="missing_reason", row_condition="value.isnull()", condition_parser="pandas"),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="upper_ci", column_B="lower_ci", or_equal=True, ignore_row_if="either_value_is_missing"
        ),
    ]


def _outcome_benchmarks(fw: Framework) -> list:
    return [
        # Geography is part of the key: EES gives a unitary authority's code at two levels (docs/outcomes.md).
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["area_code", "geography", "source", "indicator_id", "period_label", "breakdown"]),
        # Benchmarks are never the framework's areas: those are in marts.outcomes.
        gxe.ExpectColumnValuesToNotBeInSet(column="area_code", value_set=[a.code for a in fw.areas]),
        gxe.ExpectColumnValuesToBeInSet(column="geography", value_set=list(GEOGRAPHIES)),
    ]


def _maturity_outcomes(fw: Framework) -> list:
    scale = [p.score for p in fw.scale]
    items = ["overall", *[t.id for t in fw.themes], *[e.id for e in fw.enablers]]
    return [
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["area_code", "assessment_year", "level", "item_id", "source", "indicator_id", "lag"]
        ),
        gxe.ExpectColumnValuesToBeInSet(column="area_code", value_set=[a.code for a in fw.areas]),
        gxe.ExpectColumnValuesToBeInSet(column="item_id", value_set=items),
        gxe.ExpectColumnValuesToBeInSet(column="lag", value_set=list(LAGS)),
        gxe.ExpectColumnValuesToBeBetween(column="maturity_mean", min_value=min(scale), max_value=max(scale)),
        gxe.ExpectColumnValuesToBeNull(
            column="maturity_mean", row_condition=f"maturity_n_scores < {MIN_PUBLISHABLE_N}", condition_parser="pandas"
        ),
    ]


def _data_sharing(fw: Framework) -> list:
    questions = [q.id for q in fw.data_sharing_questions]
    sections = sorted({q.section for q in fw.data_sharing_questions})
    return [
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["area_code", "assessment_year", "level", "item_id"]),
        gxe.ExpectColumnValuesToBeInSet(column="area_code", value_set=[a.code for a in fw.areas]),
        gxe.ExpectColumnValuesToBeInSet(column="item_id", value_set=[*questions, *sections, "all"]),
        gxe.ExpectColumnValuesToBeInSet(column="answer", value_set=[c.answer for c in fw.data_sharing_choices]),
        gxe.ExpectColumnValuesToBeBetween(column="mean_answer_score", min_value=0, max_value=1),
        gxe.ExpectColumnValuesToBeNull(
            column="enabler_mean_score", row_condition=f"enabler_n_scores < {MIN_PUBLISHABLE_N}",
            condition_parser="pandas",
        ),
    ]


# marts.data_received, column for column: a new column (an archive path, a participant's name)
# must be added here on purpose, never arrive unnoticed in the published snapshot.
DATA_RECEIVED_COLUMNS = (
    "received_at", "file_name", "file_sha256", "kind", "status", "standing", "replaced_by_file_name",
    "area_code", "area_name", "assessment_year", "group_label", "n_participants", "outcome_source",
    "n_indicators", "n_values", "detail", "n_reasons", "reasons", "is_synthetic",
)
RECEIVED_KINDS = ("assessment workbook", "paper entry", "paper resolution", "data-sharing return", "outcome file",
                  "reference file", "not identified")
STANDINGS = ("in use", "replaced", "waiting", "held", "applied", "loaded", "duplicate", "refused")
# The start of an absolute path (POSIX or Windows) after a boundary: what must never be published.
ABSOLUTE_PATH = r"(?:^|[\s'\"(=])(?:/[^/\s'\"]+/|[A-Za-z]:\\)"


def _data_received(fw: Framework) -> list:
    """What arrived: known statuses and kinds, a reason for every refusal and none otherwise, and
    nothing that names a place on the receiving machine."""
    return [
        gxe.ExpectTableColumnsToMatchSet(column_set=list(DATA_RECEIVED_COLUMNS), exact_match=True),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["received_at", "file_name"]),
        gxe.ExpectColumnValuesToBeInSet(column="status", value_set=[s.value for s in FileStatus]),
        gxe.ExpectColumnValuesToBeInSet(column="kind", value_set=list(RECEIVED_KINDS)),
        gxe.ExpectColumnValuesToBeInSet(column="standing", value_set=list(STANDINGS)),
        gxe.ExpectColumnValuesToBeInSet(column="area_code", value_set=[a.code for a in fw.areas]),
        gxe.ExpectColumnValuesToNotBeNull(column="is_synthetic"),
        gxe.ExpectColumnValuesToBeBetween(column="n_participants", min_value=0),
        gxe.ExpectColumnValuesToBeBetween(column="n_reasons", min_value=1, row_condition='status == "refused"',
                                          condition_parser="pandas"),
        gxe.ExpectColumnValuesToBeNull(column="reasons", row_condition='status != "refused"', condition_parser="pandas"),
        *[gxe.ExpectColumnValuesToNotMatchRegex(column=column, regex=ABSOLUTE_PATH)
          for column in ("file_name", "detail", "reasons", "replaced_by_file_name")],
    ]


def _outcome_associations(fw: Framework) -> list:
    return [
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["source", "indicator_id", "level", "item_id", "lag", "method"]),
        gxe.ExpectColumnValuesToBeInSet(column="item_id", value_set=["overall", *[t.id for t in fw.themes]]),
        gxe.ExpectColumnValuesToNotBeNull(column="caveat"),
        # Associations, never effects: no causal word in anything a reader sees.
        *[gxe.ExpectColumnValuesToNotMatchRegex(column=column, regex=CAUSAL_WORDS)
          for column in ("caveat", "estimate_meaning", "association", "favourable_direction")],
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="estimate", column_B="ci_low", or_equal=True, ignore_row_if="either_value_is_missing"
        ),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="ci_high", column_B="estimate", or_equal=True, ignore_row_if="either_value_is_missing"
        ),
    ]


# The narrative marts (issue #14): one row per group's text, so the group is part of every grain
# (null when the borough sent one group; a null compares equal to a null here, as in the grain).
NARRATIVE_KEY = ["area_code", "assessment_year", "group_label"]


def _narrative(fw: Framework, keys: list[str]) -> list:
    return [
        gxe.ExpectCompoundColumnsToBeUnique(column_list=[*NARRATIVE_KEY, *keys], ignore_row_if="never"),
        gxe.ExpectColumnValuesToBeInSet(column="area_code", value_set=[a.code for a in fw.areas]),
    ]


def _reflections(fw: Framework) -> list:
    """Reflections per theme and evidence per enabler, each placed on an item of the framework."""
    themes, enablers = [t.id for t in fw.themes], [e.id for e in fw.enablers]
    return [
        *_narrative(fw, ["level", "item_id", "kind"]),
        gxe.ExpectColumnValuesToBeInSet(column="level", value_set=["theme", "enabler"]),
        gxe.ExpectColumnValuesToBeInSet(column="kind", value_set=["reflection", "evidence"]),
        gxe.ExpectColumnValuesToBeInSet(column="item_id", value_set=themes, row_condition='level == "theme"',
                                        condition_parser="pandas"),
        gxe.ExpectColumnValuesToBeInSet(column="item_id", value_set=enablers, row_condition='level == "enabler"',
                                        condition_parser="pandas"),
        gxe.ExpectColumnValuesToNotBeNull(column="item_name"),
    ]


def _challenges(fw: Framework) -> list:
    """Each of the six challenges once per group, with a status of the framework's or none."""
    return [
        *_narrative(fw, ["challenge_id"]),
        gxe.ExpectColumnValuesToBeInSet(column="challenge_id", value_set=[c.id for c in fw.challenges]),
        gxe.ExpectColumnValuesToBeInSet(column="status", value_set=[s.id for s in fw.challenge_statuses]),
        gxe.ExpectColumnValuesToNotBeNull(column="challenge_name"),
        gxe.ExpectColumnValuesToNotBeNull(column="status_label", row_condition="status.notna()",
                                          condition_parser="pandas"),
    ]


def _integration_model(fw: Framework) -> list:
    """Overall and per theme, models of the framework's spectrum or none."""
    models = [m.id for m in fw.integration_models]
    return [
        *_narrative(fw, ["scope"]),
        gxe.ExpectColumnValuesToBeInSet(column="scope", value_set=["overall", *[t.id for t in fw.themes]]),
        gxe.ExpectColumnValuesToBeInSet(column="current_model", value_set=models),
        gxe.ExpectColumnValuesToBeInSet(column="aspired_model", value_set=models),
        gxe.ExpectColumnValuesToNotBeNull(column="scope_name"),
    ]


def _priorities(fw: Framework) -> list:
    """A row per priority and named enabler, each enabler once; the next assessment after this one;
    the change figures withheld with the change, as marts.maturity_change withholds them."""
    scale = [p.score for p in fw.scale]
    spread = max(scale) - min(scale)
    return [
        *_narrative(fw, ["priority_no", "enabler_id"]),
        gxe.ExpectColumnValuesToBeBetween(column="priority_no", min_value=1),
        gxe.ExpectColumnValuesToBeInSet(column="enabler_id", value_set=[e.id for e in fw.enablers]),
        gxe.ExpectColumnValuesToNotBeNull(column="enabler_name", row_condition="enabler_id.notna()",
                                          condition_parser="pandas"),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="next_year", column_B="assessment_year", ignore_row_if="either_value_is_missing"
        ),
        gxe.ExpectColumnValuesToBeBetween(column="next_previous_n", min_value=0),
        gxe.ExpectColumnValuesToBeBetween(column="next_current_n", min_value=0),
        gxe.ExpectColumnValuesToBeBetween(column="change", min_value=-spread, max_value=spread),
        gxe.ExpectColumnValuesToBeInSet(
            column="direction", value_set=[INCREASING, DECREASING, NO_SIGNIFICANT_CHANGE, CANNOT_BE_CALCULATED]
        ),
        *(
            gxe.ExpectColumnValuesToBeNull(column=column, row_condition="change_is_suppressed == True",
                                           condition_parser="pandas")
            for column in ("change", "change_ci_low", "change_ci_high")
        ),
        *(
            gxe.ExpectColumnValuesToBeNull(column=column, row_condition="next_year.isna()", condition_parser="pandas")
            for column in ("next_previous_n", "next_current_n", "change", "direction", "change_is_suppressed")
        ),
    ]


def _challenge_prevalence(fw: Framework) -> list:
    """Counts of areas that add up, and means of published area means within the scale."""
    scale = [p.score for p in fw.scale]
    expectations = [
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["region_code", "assessment_year", "challenge_id"]),
        gxe.ExpectColumnValuesToBeInSet(column="challenge_id", value_set=[c.id for c in fw.challenges]),
        gxe.ExpectColumnValuesToBeInSet(column="region_code", value_set=region_codes(fw)),
        gxe.ExpectColumnValuesToBeBetween(column="n_areas_answered", min_value=0, max_value=len(fw.areas)),
        # no row whose status counts do not add up to the areas answering (GE has no row-wise sum check)
        gxe.ExpectColumnValuesToBeNull(
            column="n_areas_answered", row_condition="n_in_play + n_partly + n_not_in_play != n_areas_answered",
            condition_parser="pandas",
        ),
    ]
    for status in ("in_play", "not_in_play"):
        expectations += [
            gxe.ExpectColumnValuesToBeBetween(column=f"mean_maturity_{status}", min_value=min(scale), max_value=max(scale)),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A=f"n_{status}", column_B=f"n_maturity_{status}",
                                                        or_equal=True),
            gxe.ExpectColumnValuesToBeNull(column=f"mean_maturity_{status}", row_condition=f"n_maturity_{status} == 0",
                                           condition_parser="pandas"),
            gxe.ExpectColumnValuesToNotBeNull(column=f"mean_maturity_{status}", row_condition=f"n_maturity_{status} > 0",
                                              condition_parser="pandas"),
        ]
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
        "response_quality": _response_quality(fw),
        "theme_maturity": [
            *_participant_statistics(["area_code", "assessment_year", "theme_id"], fw),
            gxe.ExpectColumnValuesToBeInSet(column="theme_id", value_set=[t.id for t in fw.themes]),
        ],
        "area_maturity": _participant_statistics(["area_code", "assessment_year"], fw),
        "maturity_change": _maturity_change(fw),
        "benchmark": _benchmark(fw),
        "group_comparison": _group_comparison(fw),
        "case_study_pointers": _case_study_pointers(fw),
        "outcomes": _outcomes(fw),
        "outcome_benchmarks": _outcome_benchmarks(fw),
        "maturity_outcomes": _maturity_outcomes(fw),
        "data_sharing": _data_sharing(fw),
        "outcome_associations": _outcome_associations(fw),
        "data_received": _data_received(fw),
        "reflections": _reflections(fw),
        "challenges": _challenges(fw),
        "integration_model": _integration_model(fw),
        "priorities": _priorities(fw),
        "challenge_prevalence": _challenge_prevalence(fw),
        "regional_enabler_maturity": [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["region_code", "assessment_year", "enabler_id"]),
            gxe.ExpectColumnValuesToBeInSet(column="region_code", value_set=region_codes(fw)),
            gxe.ExpectColumnValuesToBeInSet(column="enabler_id", value_set=enabler_ids),
            gxe.ExpectColumnValuesToBeBetween(column="n_areas", min_value=1, max_value=len(fw.areas)),
            gxe.ExpectColumnValuesToBeBetween(
                column="mean_of_area_means", min_value=min(p.score for p in fw.scale), max_value=max(p.score for p in fw.scale)
            ),
        ],
    }


def validate_frames(frames: dict[str, pd.DataFrame], suites: dict[str, list]) -> dict[str, tuple[bool, list[str]]]:
    """Run each table's suite on its frame in one Great Expectations context (a context costs about
    0.2 s to build, and the gate checks every published mart); returns, per table, success and a
    readable line per failed expectation. Tables are first validated for success alone (BOOLEAN_ONLY: GE then
    computes no unexpected lists or counts, half the gate's time); only a table that fails is
    validated again with the summary its failure lines quote."""
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("marts")
    outcomes = {}
    for name, frame in frames.items():
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("whole_table").get_batch(
            batch_parameters={"dataframe": frame})
        suite = context.suites.add(gx.ExpectationSuite(name=f"{name}_suite", expectations=suites[name]))
        if batch.validate(suite, result_format="BOOLEAN_ONLY").success:
            outcomes[name] = True, []
            continue
        result = batch.validate(suite, result_format="SUMMARY")
        outcomes[name] = result.success, [
            f"{r.expectation_config.type} {dict(r.expectation_config.kwargs)}: "
            f"{r.result.get('unexpected_count', '')} unexpected, e.g. {r.result.get('partial_unexpected_list', [])[:3]}"
            for r in result.results
            if not r.success
        ]
    return outcomes


def validate_frame(name: str, frame: pd.DataFrame, expectations: list) -> tuple[bool, list[str]]:
    """Run one suite on one table (a table checked on its own, as tests do)."""
    return validate_frames({name: frame}, {name: expectations})[name]
