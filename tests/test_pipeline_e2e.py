"""The whole path, workbook → Dagster → DuckDB → dbt → Great Expectations → published snapshot,
checked against figures computed independently from the generator's own scores."""

from __future__ import annotations

import statistics
from collections import defaultdict

import duckdb
import pytest

from tests.support.submissions import SMALL_GROUP_AREA

MIN_N = 3


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
    expected = {}
    for key, values in scores.items():
        shown = len(values) >= MIN_N
        expected[key] = {
            "n_scores": len(values),
            "n_skipped": skipped.get(key, 0),
            "mean_score": statistics.fmean(values) if shown else None,
            "median_score": float(statistics.median(values)) if shown else None,
            "sd_score": statistics.stdev(values) if shown else None,
            "min_score": float(min(values)) if shown else None,
            "max_score": float(max(values)) if shown else None,
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
                assert got[column] is None or got[column] != got[column], (key, column)  # null / NaN
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
            "(mean_score is not null or min_score is not null or max_score is not null or median_score is not null)"
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
    assert areas == 33


def test_london_mean_is_the_mean_of_published_borough_means(built_home):
    with duckdb.connect(str(built_home.warehouse), read_only=True) as con:
        rows = con.execute("""
            select l.assessment_year, l.enabler_id, l.mean_of_area_means, l.n_areas,
                   avg(b.mean_score), count(b.mean_score)
            from marts.london_enabler_maturity l
            join marts.enabler_maturity b using (assessment_year, enabler_id)
            group by all
        """).fetchall()
    assert rows
    for _, _, london, n_areas, recomputed, n in rows:
        assert london == pytest.approx(recomputed) and n_areas == n
