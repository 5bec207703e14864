"""`borough_report` against the published snapshot: every figure it hands the page and the take-away
pack equals the mart's, with SQL written here, and withheld figures stay null with their flag."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboards.queries.borough import Comparator, borough_report
from dashboards.snapshot import open_snapshot
from tests.support.queries import snapshot_frame
from tests.support.submissions import SMALL_GROUP_AREA, SUBSET_YEARS
from warehouse.home import Home


def _assessments(home: Home) -> list[tuple[str, int]]:
    rows = snapshot_frame(home, "SELECT DISTINCT area_code, assessment_year FROM marts.enabler_maturity ORDER BY ALL")
    return list(rows.itertuples(index=False, name=None))


def _same(actual: pd.DataFrame, expected: pd.DataFrame, keys: list[str]) -> None:
    """Equal on every column of `expected`, rows matched by `keys`, nulls equal to nulls."""
    assert len(actual) == len(expected), f"{len(actual)} rows, the mart has {len(expected)}"
    missing = set(expected.columns) - set(actual.columns)
    assert not missing, f"columns missing from the report: {missing}"
    left = actual[list(expected.columns)].sort_values(keys).reset_index(drop=True)
    right = expected.sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(left.astype(object).where(left.notna(), None),
                                  right.astype(object).where(right.notna(), None), check_dtype=False)


@pytest.fixture(scope="module")
def snap(published_home: Home):
    return open_snapshot(published_home.snapshot)


@pytest.fixture(scope="module")
def assessments(published_home: Home) -> list[tuple[str, int]]:
    found = _assessments(published_home)
    assert len(found) >= 5, "published_home should hold several boroughs and years"
    return found


def _benchmark(home: Home, code: str, year: int, comparator_type: str, level: str) -> pd.DataFrame:
    return snapshot_frame(
        home,
        """
        SELECT item_id, comparator_mean, n_areas, benchmark_label, rank, n_ranked
        FROM marts.benchmark
        WHERE area_code = ? AND assessment_year = ? AND comparator_type = ? AND level = ?
        """,
        [code, year, comparator_type, level],
    )


def _with_benchmarks(home, frame, code, year, comparator_type, level, key) -> pd.DataFrame:
    region = _benchmark(home, code, year, "region", level).rename(columns={
        "item_id": key, "comparator_mean": "region_mean", "n_areas": "region_n_areas",
        "benchmark_label": "region_label"})
    group = _benchmark(home, code, year, comparator_type, level)[["item_id", "comparator_mean", "n_areas", "benchmark_label"]]
    group = group.rename(columns={"item_id": key, "n_areas": "comparator_n_areas", "benchmark_label": "comparator_label"})
    return frame.merge(region, on=key, how="left").merge(group, on=key, how="left")


def test_summary_is_area_and_theme_maturity_beside_the_benchmarks(snap, published_home: Home, assessments) -> None:
    for code, year in assessments:
        report = borough_report(snap, code, year, "icb")
        overall = snapshot_frame(published_home, """
            SELECT 'overall' AS item_id, n_scores, mean_score, mean_ci_low, mean_ci_high, is_small_group, is_suppressed
            FROM marts.area_maturity WHERE area_code = ? AND assessment_year = ?""", [code, year])
        themes = snapshot_frame(published_home, """
            SELECT theme_id AS item_id, n_scores, mean_score, mean_ci_low, mean_ci_high, is_small_group, is_suppressed
            FROM marts.theme_maturity WHERE area_code = ? AND assessment_year = ?""", [code, year])
        expected = pd.concat([
            _with_benchmarks(published_home, overall, code, year, "icb", "overall", "item_id"),
            _with_benchmarks(published_home, themes, code, year, "icb", "theme", "item_id"),
        ])
        _same(report.summary, expected, ["item_id"])
        assert report.summary["item_id"].iloc[0] == "overall"
        assert report.comparator.comparator_type == "icb"


def test_enablers_are_the_mart_rows_in_tool_order_with_the_region_and_the_comparator(
    snap, published_home: Home, assessments
) -> None:
    order = snapshot_frame(published_home, "SELECT enabler_id FROM reference.enablers ORDER BY enabler_order")["enabler_id"]
    for code, year in assessments:
        report = borough_report(snap, code, year, "inner_outer")
        assert report.enablers["enabler_id"].tolist() == order.tolist()
        mart = snapshot_frame(published_home, """
            SELECT enabler_id, n_scores, n_skipped, mean_score, median_score, sd_score, min_score, max_score,
                count_1, count_2, count_3, count_4, count_5, mean_ci_low, mean_ci_high, agreement, consensus,
                is_low, is_polarised, dig_deeper, is_derived, is_small_group, is_suppressed
            FROM marts.enabler_maturity WHERE area_code = ? AND assessment_year = ?""", [code, year])
        expected = _with_benchmarks(published_home, mart, code, year, "inner_outer", "enabler", "enabler_id")
        scored = report.enablers[report.enablers["enabler_id"].isin(mart["enabler_id"])]
        _same(scored, expected, ["enabler_id"])


def test_a_withheld_enabler_stays_null_with_its_flag(snap, published_home: Home) -> None:
    withheld = snapshot_frame(published_home, """
        SELECT enabler_id FROM marts.enabler_maturity
        WHERE area_code = ? AND assessment_year = ? AND is_suppressed""", [SMALL_GROUP_AREA, SUBSET_YEARS[-1]])
    assert not withheld.empty, "the small group should have withheld enablers"
    report = borough_report(snap, SMALL_GROUP_AREA, SUBSET_YEARS[-1], "icb")
    rows = report.enablers[report.enablers["enabler_id"].isin(withheld["enabler_id"])]
    measures = ["mean_score", "median_score", "sd_score", "count_1", "count_5", "mean_ci_low", "agreement", "consensus"]
    assert rows["is_suppressed"].all() and rows[measures].isna().all().all()
    assert (rows["n_scores"] < 3).all()


def test_indicators_change_gaps_quality_and_case_studies_are_the_marts(snap, published_home: Home, assessments) -> None:
    cases = [
        ("indicators", "SELECT * FROM marts.indicator_maturity WHERE area_code = ? AND assessment_year = ?", ["indicator_id"]),
        ("change", "SELECT * FROM marts.maturity_change WHERE area_code = ? AND current_year = ?", ["level", "item_id"]),
        ("gaps", "SELECT * FROM marts.group_comparison WHERE area_code = ? AND assessment_year = ?",
         ["split", "group_label", "enabler_id"]),
        ("response_quality", "SELECT * FROM marts.response_quality WHERE area_code = ? AND assessment_year = ?",
         ["level", "submission_id"]),
        ("case_studies", """
            SELECT p.enabler_id, p.reason, p.box, p.title, p.boroughs, c.issues
            FROM marts.case_study_pointers AS p JOIN reference.case_studies AS c USING (box)
            WHERE p.area_code = ? AND p.assessment_year = ?""", ["enabler_id", "box"]),
    ]
    seen = {name: 0 for name, _, _ in cases}
    for code, year in assessments:
        report = borough_report(snap, code, year)
        for name, sql, keys in cases:
            expected = snapshot_frame(published_home, sql, [code, year])
            _same(getattr(report, name), expected, keys)
            seen[name] += len(expected)
    assert all(seen.values()), f"published_home should have rows of every kind: {seen}"


def test_withheld_gaps_and_indicators_stay_null(snap, assessments) -> None:
    gaps = pd.concat([borough_report(snap, c, y).gaps for c, y in assessments])
    hidden = gaps[gaps["is_suppressed"]]
    assert not hidden.empty
    assert hidden[["n_group", "n_others", "group_mean", "others_mean", "gap", "gap_ci_low"]].isna().all().all()
    indicators = pd.concat([borough_report(snap, c, y).indicators for c, y in assessments])
    hidden = indicators[indicators["is_suppressed"]]
    assert not hidden.empty and hidden[["mean_score", "count_1", "mean_ci_low"]].isna().all().all()


def test_comparators_challenges_and_provenance(snap, published_home: Home, assessments) -> None:
    code, year = assessments[-1]
    groups = snapshot_frame(published_home, """
        SELECT DISTINCT comparator_type, comparator_code, comparator_name FROM marts.benchmark
        WHERE area_code = ? AND assessment_year = ?""", [code, year])
    report = borough_report(snap, code, year)
    assert report.comparator is None and report.comparators[0].comparator_type == "region"
    assert [c.comparator_type for c in report.comparators][:2] == ["region", "england"]
    assert set(report.comparators) == {Comparator(*row) for row in groups.itertuples(index=False)}
    assert borough_report(snap, code, year, "region").comparator is None
    [(region_code, region_name)] = snapshot_frame(
        published_home, "SELECT region_code, region_name FROM reference.areas WHERE area_code = ?", [code]
    ).itertuples(index=False)
    assert (report.region_code, report.region_name) == (region_code, region_name)
    challenges = snapshot_frame(published_home, "SELECT challenge_id, challenge_name, description, examples "
                                                "FROM reference.challenges ORDER BY challenge_order")
    pd.testing.assert_frame_equal(report.challenges[list(challenges.columns)].reset_index(drop=True), challenges)
    [(run_id, synthetic)] = snapshot_frame(
        published_home, "SELECT run_id, is_synthetic FROM meta.snapshot").itertuples(index=False)
    assert report.run_id == run_id and report.is_synthetic == synthetic
    name = snapshot_frame(
        published_home, "SELECT area_name FROM reference.areas WHERE area_code = ?", [code])["area_name"][0]
    assert (report.area_code, report.area_name, report.year) == (code, name, year)


def test_an_unknown_year_or_area_raises_lookup_error(snap, published_home: Home) -> None:
    code = SMALL_GROUP_AREA
    years = set(snapshot_frame(
        published_home, "SELECT DISTINCT assessment_year FROM marts.enabler_maturity WHERE area_code = ?",
        [code])["assessment_year"])
    missing_year = min(years) - 1
    with pytest.raises(LookupError):
        borough_report(snap, code, missing_year)
    with pytest.raises(LookupError):
        borough_report(snap, "E09999999", max(years))
