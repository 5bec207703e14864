"""The whole path, workbook → Dagster → DuckDB → dbt → Great Expectations → published snapshot,
checked against figures computed independently from the generator's own scores."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict

import duckdb
import pandas as pd
import pytest
from scipy.stats import t as student_t

import measures
from tests.support.submissions import DERIVED_AREA, DERIVED_ENABLER_INDEX, SMALL_GROUP_AREA

MIN_N = 3
LOW_BELOW, POLARISED_BELOW = 2.5, 0.0  # the documented dbt vars low_mean_below, polarised_below
MEASURES = ("count_1", "count_2", "count_3", "count_4", "count_5", "mean_ci_low", "mean_ci_high", "is_ci_clipped",
            "agreement", "consensus", "is_low", "is_polarised", "dig_deeper")


def _interval(values: list[float]) -> tuple[float, float, bool]:
    """The 95 % t-interval, clipped to 1-5, from the textbook formula."""
    mean, n = statistics.fmean(values), len(values)
    half = student_t.ppf(0.975, n - 1) * statistics.stdev(values) / math.sqrt(n)
    low, high = mean - half, mean + half
    return max(low, 1.0), min(high, 5.0), low < 1 or high > 5


def _measured(values: list, derived: bool) -> dict:
    """Counts and interval computed here; agreement and consensus by the separately validated package."""
    mean = statistics.fmean(values)
    low, high, clipped = _interval(values)
    figures = {"mean_ci_low": low, "mean_ci_high": high, "is_ci_clipped": clipped, "is_low": mean < LOW_BELOW}
    if derived:
        figures |= {f"count_{s}": None for s in range(1, 6)}
        figures |= {"agreement": None, "consensus": None, "is_polarised": None, "dig_deeper": mean < LOW_BELOW}
        return figures
    counts = [sum(1 for v in values if v == s) for s in range(1, 6)]
    agreement = measures.agreement(counts)
    figures |= {f"count_{s}": c for s, c in enumerate(counts, start=1)}
    figures |= {
        "agreement": agreement,
        "consensus": measures.consensus(counts, width=4),
        "is_polarised": agreement < POLARISED_BELOW,
        "dig_deeper": mean < LOW_BELOW or agreement < POLARISED_BELOW,
    }
    return figures


def _derived_enabler_scores(workbooks, fw) -> dict[tuple, list]:
    """Each person's mean of their indicator scores under an enabler nobody in the area-year scored."""
    scored, means = set(), defaultdict(list)
    for workbook in workbooks:
        for person in workbook.content.participants:
            for enabler, score in person.enabler_scores.items():
                if score is not None:
                    scored.add((workbook.area_code, workbook.content.assessment_year, enabler))
    for workbook in workbooks:
        area, year = workbook.area_code, workbook.content.assessment_year
        for person in workbook.content.participants:
            for enabler in fw.enablers:
                given = [person.indicator_scores.get(i) for i in enabler.indicator_ids]
                given = [v for v in given if v is not None]
                if given and (area, year, enabler.id) not in scored:
                    means[(area, year, enabler.id)].append(statistics.fmean(given))
    return means


def _expected(workbooks, grain: str, fw) -> dict[tuple, dict]:
    """Statistics per (area, year, item) straight from the generated content, in plain Python.

    A person takes part in a block of items if they scored at least one of them; their blanks in
    that block are skips. Enablers form one block; indicators form one block per enabler.
    """
    blocks = (
        [[e.id for e in fw.enablers]]
        if grain == "enabler"
        else [list(e.indicator_ids) for e in fw.enablers]
    )
    scores: dict[tuple, list] = defaultdict(list)
    skipped: dict[tuple, int] = defaultdict(int)
    for workbook in workbooks:
        area, year = workbook.area_code, workbook.content.assessment_year
        for person in workbook.content.participants:
            given = person.enabler_scores if grain == "enabler" else person.indicator_scores
            for block in blocks:
                if all(given.get(item) is None for item in block):
                    continue
                for item in block:
                    if given.get(item) is None:
                        skipped[(area, year, item)] += 1
                    else:
                        scores[(area, year, item)].append(given[item])
    derived = _derived_enabler_scores(workbooks, fw) if grain == "enabler" else {}
    for key in derived:
        skipped.pop(key, None)  # enabler-sheet blanks are not skips of a derived figure
    expected = {}
    for key, values in [*scores.items(), *derived.items()]:
        shown = len(values) >= MIN_N
        expected[key] = {
            "n_scores": len(values),
            "n_skipped": skipped.get(key, 0),
            "mean_score": statistics.fmean(values) if shown else None,
            "median_score": float(statistics.median(values)) if shown else None,
            "sd_score": statistics.stdev(values) if shown else None,
            "min_score": float(min(values)) if shown else None,
            "max_score": float(max(values)) if shown else None,
            **(_measured(values, key in derived) if shown else dict.fromkeys(MEASURES)),
            **({"is_derived": key in derived} if grain == "enabler" else {}),
        }
    return expected


def _mart(path, table: str, item_column: str) -> dict[tuple, dict]:
    with duckdb.connect(str(path), read_only=True) as con:
        frame = con.table(table).df()
    return {
        (r["area_code"], int(r["assessment_year"]), r[item_column]): r
        for r in frame.to_dict("records")
    }


@pytest.mark.parametrize("grain, table, item_column", [
    ("enabler", "marts.enabler_maturity", "enabler_id"),
    ("indicator", "marts.indicator_maturity", "indicator_id"),
])
def test_every_mart_figure_matches_the_generators_scores(built_home, submitted, framework, grain, table, item_column):
    expected = _expected(submitted, grain, framework)
    actual = _mart(built_home.warehouse, table, item_column)
    assert set(actual) == set(expected)
    for key, want in expected.items():
        got = actual[key]
        for column, value in want.items():
            if value is None:
                assert got[column] is None or got[column] is pd.NA or got[column] != got[column], (key, column)
            elif isinstance(value, bool):
                assert got[column] == value, (key, column)
            else:
                assert got[column] == pytest.approx(value, abs=1e-9), (key, column)


def test_enabler_mart_covers_every_area_year_and_enabler(built_home, submitted, framework):
    actual = _mart(built_home.warehouse, "marts.enabler_maturity", "enabler_id")
    area_years = {(w.area_code, w.content.assessment_year) for w in submitted}
    assert {(a, y) for a, y, _ in actual} == area_years
    assert len(actual) == len(area_years) * len(framework.enablers)


def test_small_groups_are_withheld_not_shown(built_home):
    with duckdb.connect(str(built_home.warehouse), read_only=True) as con:
        leaks = con.execute(
            "select count(*) from marts.indicator_maturity where n_scores < 3 and "
            "(mean_score is not null or min_score is not null or max_score is not null or median_score is not null"
            " or count_1 is not null or count_5 is not null or mean_ci_low is not null or agreement is not null"
            " or consensus is not null or is_low is not null or dig_deeper is not null)"
        ).fetchone()[0]
        suppressed = con.execute(
            "select count(*) from marts.enabler_maturity where is_suppressed and area_code = ?", [SMALL_GROUP_AREA]
        ).fetchone()[0]
    assert leaks == 0
    assert suppressed == 2  # the small group's two enablers with two scores each


def test_published_snapshot_holds_the_validated_marts(published_home):
    with duckdb.connect(str(published_home.snapshot), read_only=True) as con:
        published = con.execute("select count(*) from marts.enabler_maturity").fetchone()[0]
        synthetic = con.execute("select is_synthetic from meta.snapshot").fetchone()[0]
        areas = con.execute("select count(*) from reference.areas").fetchone()[0]
    with duckdb.connect(str(published_home.warehouse), read_only=True) as con:
        live = con.execute("select count(*) from marts.enabler_maturity").fetchone()[0]
    assert published == live > 0
    assert synthetic is True
    assert areas == 161  # every English authority, London's 33 among them


def test_a_regions_and_englands_mean_is_the_mean_of_their_published_area_means(built_home):
    with duckdb.connect(str(built_home.warehouse), read_only=True) as con:
        rows = con.execute("""
            select r.region_code, r.assessment_year, r.enabler_id, r.mean_of_area_means, r.n_areas,
                   avg(b.mean_score), count(b.mean_score)
            from marts.regional_enabler_maturity r
            join marts.enabler_maturity b using (assessment_year, enabler_id)
            join framework.areas a on a.area_code = b.area_code
            where r.region_code in (a.region_code, 'E92000001')
            group by all
        """).fetchall()
    assert {code for code, *_ in rows} == {"E12000007", "E92000001"}  # the subset is London's
    for _, _, _, mean, n_areas, recomputed, n in rows:
        assert mean == pytest.approx(recomputed) and n_areas == n


def test_an_enabler_scored_only_through_its_indicators_is_derived(built_home, framework):
    enabler = framework.enablers[DERIVED_ENABLER_INDEX].id
    with duckdb.connect(str(built_home.warehouse), read_only=True) as con:
        rows = con.execute(
            "select area_code, enabler_id, n_scores, agreement from marts.enabler_maturity where is_derived"
        ).fetchall()
    assert rows == [(DERIVED_AREA, enabler, 3, None)]


def _same_score_people(workbooks, fw) -> dict[tuple, list[int]]:
    found = defaultdict(list)
    for workbook in workbooks:
        for person in workbook.content.participants:
            given = [person.enabler_scores.get(e.id) for e in fw.enablers]
            if None not in given and len(set(given)) == 1:
                found[(workbook.area_code, workbook.content.assessment_year)].append(given[0])
    return found


def test_response_quality_counts_match_the_generators_participants(built_home, submitted, framework):
    n_enablers = len(framework.enablers)
    people, skipped, over_half, by_submission = defaultdict(int), defaultdict(int), defaultdict(int), defaultdict(list)
    for workbook in submitted:
        key = (workbook.area_code, workbook.content.assessment_year)
        taking_part = sum(1 for p in workbook.content.participants if any(v is not None for v in p.enabler_scores.values()))
        if taking_part:
            by_submission[key].append(taking_part)
        for person in workbook.content.participants:
            blanks = sum(1 for e in framework.enablers if person.enabler_scores.get(e.id) is None)
            if blanks == n_enablers:
                continue
            people[key] += 1
            skipped[key] += blanks
            over_half[key] += blanks > n_enablers / 2
    same = _same_score_people(submitted, framework)
    assert sum(len(v) for v in same.values()) >= 1  # the generator makes a few "all the same" scorers
    with duckdb.connect(str(built_home.warehouse), read_only=True) as con:
        frame = con.execute("select * from marts.response_quality where level = 'assessment'").df()
        per_submission = con.execute(
            "select area_code, assessment_year, n_participants, n_same_score from marts.response_quality "
            "where level = 'submission'"
        ).fetchall()
    actual = {(r["area_code"], int(r["assessment_year"])): r for r in frame.to_dict("records")}
    assert set(actual) == set(people)
    for key, row in actual.items():
        assert row["n_participants"] == people[key]
        withheld = people[key] < MIN_N or (len(by_submission[key]) > 1 and min(by_submission[key]) < MIN_N)
        assert row["is_suppressed"] == withheld, key
        if withheld:
            assert pd.isna(row["n_same_score"]) and pd.isna(row["share_skipped"]), key
            continue
        assert row["n_same_score"] == len(same.get(key, []))
        for score in range(1, 6):
            assert row[f"n_same_score_{score}"] == same.get(key, []).count(score)
        assert row["share_skipped"] == pytest.approx(skipped[key] / (people[key] * n_enablers))
        assert row["n_skipped_over_half"] == over_half[key]
    assert sorted((a, int(y), n) for a, y, n, _ in per_submission) == sorted(
        (a, y, n) for (a, y), ns in by_submission.items() for n in ns
    )
    assert any(row["n_same_score"] and not row["is_suppressed"] for row in actual.values())
