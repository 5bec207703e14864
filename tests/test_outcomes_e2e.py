"""Outcomes and data sharing through the real pipeline (Dagster, dbt, DuckDB, Great Expectations):
the shared run loads the demo's Fingertips and Explore Education Statistics files and the subset's
data-sharing returns; every figure in the marts is checked against what the files say."""

from __future__ import annotations

import math

import duckdb
import pytest

from framework.model import ENGLAND_CODE, LONDON_REGION_CODE
from synthetic.data_sharing import synthetic_answers
from synthetic.outcomes import synthetic_outcomes
from synthetic.seeding import DEFAULT_SEED
from tests.support.submissions import SUBSET_AREAS, SUBSET_YEARS

LONDON, ENGLAND = LONDON_REGION_CODE, ENGLAND_CODE


def frame(home, sql: str):
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        return con.execute(sql).df()


@pytest.fixture(scope="module")
def designed(framework):
    return synthetic_outcomes(framework)


def test_outcomes_hold_every_area_value_of_both_formats_with_its_period(built_home, framework, designed):
    _, values, _ = designed
    areas = {a.code for a in framework.areas}
    mart = frame(built_home, "select * from marts.outcomes")

    assert set(mart["source"]) == {"fingertips", "ees"}
    expected = {(v.source, v.indicator_id, v.area_code, v.period.label, v.breakdown): v
                for v in values if v.area_code in areas}
    got = {(r.source, r.indicator_id, r.area_code, r.period_label, r.breakdown): r for r in mart.itertuples()}
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        row = got[key]
        assert row.period_start_year == value.period.start_year
        if value.value is None:
            assert math.isnan(row.value) and row.missing_reason == value.missing_reason
        else:
            assert row.value == pytest.approx(value.value)


def test_suppressed_outcome_values_stay_missing_with_their_reason_never_zero(built_home, designed):
    _, values, _ = designed
    withheld = [v for v in values if v.value is None and v.geography == "local_authority"]
    assert withheld, "the demo withholds some values, as publishers do"
    mart = frame(built_home, "select * from marts.outcomes where value is null")
    assert len(mart) == len(withheld)
    assert mart["missing_reason"].notna().all()


def test_london_and_england_are_benchmarks_beside_each_area_never_areas(built_home, designed):
    _, values, _ = designed
    benchmark = {(v.source, v.indicator_id, v.period.label, v.breakdown, v.area_code): v.value
                 for v in values if v.area_code in (LONDON, ENGLAND)}
    mart = frame(built_home, "select * from marts.outcomes")
    assert not set(mart["area_code"]) & {LONDON, ENGLAND}
    for row in mart.itertuples():
        assert row.region_code == LONDON  # the demo's outcome files are London's
        for code, column in ((LONDON, row.region_value), (ENGLAND, row.england_value)):
            published = benchmark.get((row.source, row.indicator_id, row.period_label, row.breakdown, code))
            if published is None:
                assert math.isnan(column)
            else:
                assert column == pytest.approx(published)
    kept = frame(built_home, "select distinct area_code, geography from marts.outcome_benchmarks")
    assert {(LONDON, "region"), (ENGLAND, "country")} <= set(kept.itertuples(index=False, name=None))


def test_maturity_meets_each_outcome_at_lags_0_1_2_by_period_start_year(built_home):
    joined = frame(built_home, "select * from marts.maturity_outcomes")
    outcomes = frame(built_home, "select * from marts.outcomes where is_headline")
    overall = frame(built_home, "select area_code, assessment_year, mean_score, n_scores from marts.area_maturity")

    assert set(joined["lag"]) == {0, 1, 2}
    assert (joined["period_start_year"] == joined["assessment_year"] + joined["lag"]).all()
    assert set(joined["period_type"]) <= {"financial", "academic", "calendar", "financial_or_academic"}
    published = {(r.area_code, r.source, r.indicator_id, r.period_label): r.value for r in outcomes.itertuples()}
    for row in joined.itertuples():
        value = published[(row.area_code, row.source, row.indicator_id, row.period_label)]
        assert (math.isnan(row.outcome_value) and math.isnan(value)) or row.outcome_value == pytest.approx(value)
    rows = joined[joined["level"] == "overall"].merge(overall, on=["area_code", "assessment_year"])
    assert len(rows) == len(joined[joined["level"] == "overall"])
    assert (rows["maturity_n_scores"] == rows["n_scores"]).all()
    assert ((rows["maturity_mean"] - rows["mean_score"]).abs().fillna(0) < 1e-9).all()
    # Every assessed area-year meets every aligned outcome period the files hold.
    periods = outcomes[outcomes["period_type"].isin(["financial", "academic", "calendar", "financial_or_academic"])]
    for (source, indicator), years in periods.groupby(["source", "indicator_id"])["period_start_year"]:
        for lag in (0, 1, 2):
            wanted = {(a, y) for a, y in overall[["area_code", "assessment_year"]].itertuples(index=False)
                      if y + lag in set(years) and a in set(periods[periods["indicator_id"] == indicator]["area_code"])}
            have = joined[(joined["source"] == source) & (joined["indicator_id"] == indicator)
                          & (joined["lag"] == lag) & (joined["level"] == "overall")]
            assert set(have[["area_code", "assessment_year"]].itertuples(index=False, name=None)) == wanted


def test_withheld_maturity_stays_withheld_beside_outcomes(built_home):
    joined = frame(built_home, "select * from marts.maturity_outcomes where maturity_n_scores < 3")
    assert joined["maturity_mean"].isna().all()


def test_data_sharing_answers_sit_beside_the_partnerships_own_e09_rating(built_home, framework):
    mart = frame(built_home, "select * from marts.data_sharing")
    e09 = frame(built_home, "select area_code, assessment_year, mean_score, n_scores from marts.enabler_maturity "
                            "where enabler_id = 'E09'")
    scores = {c.answer: c.score for c in framework.data_sharing_choices}
    questions = [q.id for q in framework.data_sharing_questions]

    assert set(mart[["area_code", "assessment_year"]].drop_duplicates().itertuples(index=False, name=None)) == {
        (a, y) for a in SUBSET_AREAS for y in SUBSET_YEARS}
    for (area, year), rows in mart.groupby(["area_code", "assessment_year"]):
        answers = synthetic_answers(framework, DEFAULT_SEED, area, year)
        by_question = rows[rows["level"] == "question"].set_index("item_id")
        assert sorted(by_question.index) == sorted(questions)
        for qid, (answer, _) in answers.items():
            assert (by_question.loc[qid, "answer"] if isinstance(by_question.loc[qid, "answer"], str) else None) == answer
        given = [scores[a] for a, _ in answers.values() if a is not None]
        overall = rows[rows["level"] == "overall"].iloc[0]
        assert overall["n_answered"] == len(given)
        assert overall["mean_answer_score"] == pytest.approx(sum(given) / len(given))
        rating = e09[(e09["area_code"] == area) & (e09["assessment_year"] == year)]
        expected = rating["mean_score"].iloc[0] if len(rating) else float("nan")
        assert (math.isnan(expected) and math.isnan(overall["enabler_mean_score"])) or \
            overall["enabler_mean_score"] == pytest.approx(expected)
        if not math.isnan(expected):
            assert overall["enabler_on_answer_scale"] == pytest.approx((expected - 1) / 4)


def test_associations_are_not_estimated_from_a_handful_of_boroughs(built_home):
    """The shared run has 5 boroughs: too few for any association to be estimated, and it says so."""
    table = frame(built_home, "select * from marts.outcome_associations")
    assert len(table) > 0
    assert (table["association"] == "not estimated").all()
    assert table["estimate"].isna().all()
    assert table["caveat"].str.len().gt(40).all()


def test_the_snapshot_publishes_outcomes_data_sharing_and_associations(published_home):
    with duckdb.connect(str(published_home.snapshot), read_only=True) as con:
        tables = {name for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'").fetchall()}
    assert {"outcomes", "outcome_benchmarks", "maturity_outcomes", "data_sharing", "outcome_associations"} <= tables
