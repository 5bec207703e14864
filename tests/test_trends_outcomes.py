"""The trends and outcomes pages' queries, tables and figures without a browser: each query against
the marts of the full demo's snapshot (expected values by SQL written here), the "cannot be
calculated" reasons on frames built by hand, and the figures' treatment of withheld figures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from dashboards.charts import outcomes as outcome_charts
from dashboards.charts import trends as trend_charts
from dashboards.queries import outcomes as outcome_queries
from dashboards.queries import trends as trend_queries
from dashboards.queries.trends import Level
from dashboards.snapshot import Snapshot, open_snapshot
from dashboards.views import outcomes as outcome_view
from dashboards.views import trends as trend_view
from tests.support.queries import snapshot_frame
from warehouse.home import Home

WITHHELD = "withheld (fewer than 3 people)"
CANNOT = "cannot be calculated"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def snap(demo_home: Home) -> Snapshot:
    return open_snapshot(demo_home.snapshot)


@pytest.fixture(scope="module")
def withheld_enabler(demo_home: Home) -> tuple[str, str, int]:
    """(area, enabler, year) of a withheld enabler mean in an area assessed at least three times."""
    found = snapshot_frame(
        demo_home,
        """
        SELECT area_code, enabler_id, assessment_year FROM marts.enabler_maturity AS m
        WHERE is_suppressed
          AND (SELECT count(DISTINCT assessment_year) FROM marts.area_maturity AS a WHERE a.area_code = m.area_code) >= 3
        ORDER BY ALL LIMIT 1
        """,
    )
    assert not found.empty, "the demo has no withheld enabler mean to check"
    return tuple(found.iloc[0])


def test_the_withheld_threshold_is_the_pipelines() -> None:
    project = yaml.safe_load((REPO / "dbt_project" / "dbt_project.yml").read_text())
    assert trend_queries.MIN_PUBLISHABLE_N == project["vars"]["min_publishable_n"]


@pytest.mark.parametrize("level", list(Level))
def test_series_equals_the_marts_with_the_regions_and_englands_values_beside(snap, demo_home, withheld_enabler,
                                                                             level) -> None:
    area = withheld_enabler[0]
    got = trend_queries.series(snap, area, (level,))
    mart, key = {
        Level.OVERALL: ("area_maturity", "'overall'"),
        Level.THEME: ("theme_maturity", "theme_id"),
        Level.ENABLER: ("enabler_maturity", "enabler_id"),
    }[level]
    def beside(region: str, comparator: str) -> str:
        return (
            "SELECT enabler_id AS item_id, assessment_year, mean_of_area_means AS mean, n_areas "
            f"FROM marts.regional_enabler_maturity WHERE region_code = '{region}'"
            if level is Level.ENABLER else
            f"SELECT item_id, assessment_year, comparator_mean AS mean, n_areas FROM marts.benchmark "
            f"WHERE comparator_type = '{comparator}' AND level = '{level}' AND area_code = '{area}'"
        )

    [(region,)] = snapshot_frame(demo_home, "SELECT region_code FROM reference.areas WHERE area_code = ?",
                                 [area]).itertuples(index=False)
    expected = snapshot_frame(
        demo_home,
        f"""
        SELECT {key} AS item_id, m.assessment_year, n_scores, mean_score, mean_ci_low, mean_ci_high,
               is_suppressed, l.mean AS region, l.n_areas AS region_n, e.mean AS england, e.n_areas AS england_n
        FROM marts.{mart} AS m
        LEFT JOIN ({beside(region, 'region')}) AS l ON l.item_id = {key} AND l.assessment_year = m.assessment_year
        LEFT JOIN ({beside('E92000001', 'england')}) AS e ON e.item_id = {key} AND e.assessment_year = m.assessment_year
        WHERE area_code = ? ORDER BY item_id, assessment_year
        """,
        [area],
    )
    merged = got.merge(expected, on=["item_id", "assessment_year"], suffixes=("", "_mart"), validate="1:1")
    assert len(merged) == len(got) == len(expected)
    assert (merged["n_scores"] == merged["n_scores_mart"]).all()
    assert (merged["is_suppressed"] == merged["is_suppressed_mart"]).all()
    for column, mart_column in (("mean_score", "mean_score_mart"), ("mean_ci_low", "mean_ci_low_mart"),
                                ("mean_ci_high", "mean_ci_high_mart"), ("region_mean", "region"),
                                ("region_n_areas", "region_n"), ("england_mean", "england"),
                                ("england_n_areas", "england_n")):
        pd.testing.assert_series_equal(merged[column], merged[mart_column], check_names=False, check_dtype=False)
    assert merged.loc[merged["is_suppressed"], "mean_score"].isna().all()


def test_changes_are_the_mart_rows_and_the_slope_is_the_latest_pairs(snap, demo_home, withheld_enabler) -> None:
    area = withheld_enabler[0]
    got = trend_queries.changes(snap, area, tuple(Level))
    expected = snapshot_frame(demo_home, "SELECT * FROM marts.maturity_change WHERE area_code = ?", [area])
    assert len(got) == len(expected)
    merged = got.merge(expected, on=["level", "item_id", "current_year"], suffixes=("", "_mart"), validate="1:1")
    assert (merged["direction"] == merged["direction_mart"]).all()
    pd.testing.assert_series_equal(merged["change"], merged["change_mart"], check_names=False)

    latest = trend_queries.latest_slopes(got)
    expected_latest = snapshot_frame(
        demo_home,
        """
        SELECT level, item_id, slope_per_year, n_years FROM marts.maturity_change
        WHERE area_code = ? QUALIFY current_year = max(current_year) OVER (PARTITION BY level, item_id)
        """,
        [area],
    )
    merged = latest.merge(expected_latest, on=["level", "item_id"], suffixes=("", "_mart"), validate="1:1")
    assert len(merged) == len(expected_latest)
    pd.testing.assert_series_equal(merged["slope_per_year"], merged["slope_per_year_mart"], check_names=False)
    assert list(latest["level"].drop_duplicates()) == ["overall", "theme", "enabler"]


def _pair(**changes) -> dict:
    row = {
        "previous_year": 2023, "current_year": 2024, "previous_n": 6, "current_n": 6, "is_suppressed": False,
        "minimum_achievable_p": 0.002, "direction": "no significant change",
    }
    return row | changes


def test_why_a_direction_cannot_be_calculated() -> None:
    frame = pd.DataFrame(
        [
            _pair(previous_n=2, is_suppressed=True, minimum_achievable_p=0.067, direction=CANNOT),
            _pair(current_n=1, is_suppressed=True, minimum_achievable_p=None, direction=CANNOT),
            _pair(previous_n=2, current_n=0, is_suppressed=True, minimum_achievable_p=None, direction=CANNOT),
            _pair(previous_n=3, current_n=3, minimum_achievable_p=0.1, direction=CANNOT),
            _pair(),
            _pair(direction="increasing"),
        ]
    )
    assert trend_queries.cannot_be_calculated_reason(frame).tolist() == [
        f"{WITHHELD} in 2023",
        f"{WITHHELD} in 2024",
        f"{WITHHELD} in 2023 and 2024",
        "groups of 3 and 3 people: even the largest possible difference could not reach p < 0.05 "
        "(smallest achievable p 0.100)",
        "",
        "",
    ]


def test_every_cannot_be_calculated_row_of_the_demo_says_why(snap, demo_home) -> None:
    areas = snapshot_frame(demo_home, "SELECT DISTINCT area_code FROM marts.maturity_change WHERE direction = ?", [CANNOT])
    assert not areas.empty, "the demo has no direction that cannot be calculated"
    for area in areas["area_code"]:
        table = trend_view.change_table(trend_queries.changes(snap, area, tuple(Level)))
        cannot = table["Direction"] == CANNOT
        assert (table.loc[cannot, "Why it cannot be calculated"].str.len() > 0).all()
        assert (table.loc[~cannot, "Why it cannot be calculated"] == "").all()


def test_a_withheld_pair_reads_withheld_in_the_table_and_has_no_dot(snap, withheld_enabler) -> None:
    area, enabler, year = withheld_enabler
    frame = trend_queries.changes(snap, area, (Level.ENABLER,))
    frame = frame[frame["item_id"] == enabler].reset_index(drop=True)
    withheld = frame["is_suppressed"]
    assert withheld.any()
    table = trend_view.change_table(frame)
    assert (table.loc[withheld, ["Previous mean", "Current mean", "Change", "95% interval", "Permutation p"]] == WITHHELD).all().all()
    assert (table.loc[withheld, "Direction"] == CANNOT).all()

    figure = trend_charts.change_dots(frame)
    labels = trend_charts.pair_label(frame)
    dotted = {y for trace in figure.data if trace.mode == "markers" for y in trace.y}
    worded = [trace for trace in figure.data if trace.mode == "text"]
    assert dotted == set(labels[~withheld])
    assert len(worded) == 1 and set(worded[0].y) == set(labels[withheld]) and set(worded[0].text) == {"withheld"}


def test_a_withheld_year_is_a_gap_in_the_line_never_a_point(snap, withheld_enabler) -> None:
    area, enabler, year = withheld_enabler
    frame = trend_queries.series(snap, area, (Level.ENABLER,))
    frame = frame[frame["item_id"] == enabler].reset_index(drop=True)
    figure = trend_charts.means_over_years(frame, "Borough")
    [line] = [trace for trace in figure.data if trace.name == "Borough"]
    by_year = dict(zip(line.x, line.y))
    assert pd.isna(by_year[year])
    assert all(pd.notna(v) for y, v in by_year.items() if y != year)
    bands = [trace for trace in figure.data if trace.fill == "toself"]
    assert bands and all(not (min(t.x) <= year <= max(t.x)) for t in bands)
    assert any(shape.x0 < year < shape.x1 for shape in figure.layout.shapes)
    table = trend_view.means_table(frame)
    assert table.loc[frame["assessment_year"] == year, "Mean"].tolist() == [WITHHELD]


@pytest.fixture(scope="module")
def suppressed_outcome_case(demo_home: Home) -> dict:
    """An indicator, exposure and lag with both a withheld maturity and a missing outcome."""
    found = snapshot_frame(
        demo_home,
        """
        SELECT source, indicator_id, level, item_id, lag FROM marts.maturity_outcomes
        GROUP BY ALL HAVING bool_or(maturity_is_suppressed) AND bool_or(outcome_value IS NULL)
        ORDER BY ALL LIMIT 1
        """,
    )
    assert not found.empty, "the demo has no withheld maturity beside a missing outcome"
    return found.iloc[0].to_dict()


def test_the_scatter_draws_borough_years_with_both_figures_and_counts_the_rest(snap, demo_home, suppressed_outcome_case) -> None:
    case = suppressed_outcome_case
    args = [case["source"], case["indicator_id"], case["level"], case["item_id"], int(case["lag"])]
    rows = outcome_queries.maturity_beside_outcome(snap, *args)
    counts = snapshot_frame(
        demo_home,
        """
        SELECT count(*) AS total,
               count(*) FILTER (WHERE maturity_mean IS NOT NULL AND outcome_value IS NOT NULL) AS shown,
               count(*) FILTER (WHERE maturity_is_suppressed) AS withheld,
               count(*) FILTER (WHERE outcome_value IS NULL) AS absent
        FROM marts.maturity_outcomes
        WHERE source = ? AND indicator_id = ? AND level = ? AND item_id = ? AND lag = ?
        """,
        args,
    ).iloc[0]
    assert len(rows) == counts["total"]
    shown = rows[rows["maturity_mean"].notna() & rows["outcome_value"].notna()]
    figure = outcome_charts.maturity_scatter(shown, rows["area_code"].iloc[0], "maturity", rows["unit"].iloc[0])
    assert sum(len(trace.x) for trace in figure.data) == counts["shown"]
    note = outcome_view.not_shown_note(rows)
    assert note.startswith(f"{counts['total'] - counts['shown']} of {counts['total']} borough-years not shown: ")
    assert f"{counts['withheld']} with maturity {WITHHELD}" in note
    assert f"{counts['absent']} with the outcome missing (" in note
    table = outcome_view.scatter_table(rows)
    assert (table["Maturity mean"] == WITHHELD).sum() == counts["withheld"]
    assert (table["In the chart"] == "yes").sum() == counts["shown"]


def test_the_outcome_trend_has_the_region_and_england_with_their_intervals(snap, demo_home) -> None:
    area, source, indicator = snapshot_frame(
        demo_home,
        "SELECT area_code, source, indicator_id FROM marts.outcomes WHERE value IS NULL AND is_headline ORDER BY ALL LIMIT 1",
    ).iloc[0]
    got = outcome_queries.outcome_trend(snap, area, source, indicator)
    expected = snapshot_frame(
        demo_home,
        """
        SELECT o.period_label, o.value, o.missing_reason, o.region_value, o.england_value,
               l.lower_ci AS region_lower_ci, e.upper_ci AS england_upper_ci
        FROM marts.outcomes AS o
        LEFT JOIN marts.outcome_benchmarks AS l ON l.area_code = o.region_code AND (l.source, l.indicator_id, l.period_label, l.breakdown) = (o.source, o.indicator_id, o.period_label, o.breakdown)
        LEFT JOIN marts.outcome_benchmarks AS e ON e.area_code = 'E92000001' AND (e.source, e.indicator_id, e.period_label, e.breakdown) = (o.source, o.indicator_id, o.period_label, o.breakdown)
        WHERE o.area_code = ? AND o.source = ? AND o.indicator_id = ? AND o.is_headline
        ORDER BY o.period_start_year
        """,
        [area, source, indicator],
    )
    for column in expected.columns:
        pd.testing.assert_series_equal(got[column], expected[column], check_names=False, check_dtype=False)
    table = outcome_view.trend_table(got, "B")
    reason = expected.loc[expected["value"].isna(), "missing_reason"].iloc[0]
    assert f"missing ({reason})" in table["B"].tolist()
    figure = outcome_charts.outcome_trend(got, "B")
    assert any("missing" in annotation.text for annotation in figure.layout.annotations)


def test_the_association_table_is_the_marts_with_every_caveat(snap, demo_home) -> None:
    source, indicator = snapshot_frame(
        demo_home, "SELECT source, indicator_id FROM marts.outcome_associations ORDER BY ALL LIMIT 1").iloc[0]
    expected = snapshot_frame(
        demo_home,
        "SELECT * FROM marts.outcome_associations WHERE source = ? AND indicator_id = ? ORDER BY method, level, item_id, lag",
        [source, indicator],
    )
    table = outcome_view.association_table(outcome_queries.associations(snap, source, indicator))
    assert len(table) == len(expected)
    assert sorted(table["Caveat"]) == sorted(expected["caveat"])
    assert sorted(table["Estimate"]) == sorted(f"{v:.3f}" for v in expected["estimate"])
