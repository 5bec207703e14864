"""Group comparisons (marts.group_comparison) and their disclosure rule: no group of fewer than 3
people is published, nor any figure from which one could be recovered."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from measures import welch_interval
from tests.support.submissions import SMALL_GROUP_AREA

MIN_N = 3
MODEL = Path(__file__).resolve().parents[1] / "dbt_project" / "models" / "marts" / "group_comparison.py"
ROLES = ("Strategic", "Operational")


def _compare(people: list[tuple[str | None, str | None, int]]) -> pd.DataFrame:
    """people: (sector, role_level, score) for one area, year and enabler."""
    spec = importlib.util.spec_from_file_location("group_comparison_model", MODEL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    frame = pd.DataFrame(
        [("E09000007", 2024, "E01", score, sector, role, False) for sector, role, score in people],
        columns=["area_code", "assessment_year", "enabler_id", "score", "sector", "role_level", "is_synthetic"],
    )
    return module.compare(frame, ROLES, MIN_N).set_index(["split", "group_label"])


def test_each_sector_is_compared_with_everyone_else_with_a_welch_interval():
    health = [("Health", "Strategic", s) for s in (4, 5, 4)]
    council = [("Local authority", "Operational", s) for s in (2, 3, 2, 1)]
    out = _compare(health + council)
    row = out.loc[("sector", "Health")]
    expected = welch_interval([2, 3, 2, 1], [4, 5, 4])
    assert (row["n_group"], row["n_others"], row["compared_with"]) == (3, 4, "Everyone else")
    assert row["gap"] == pytest.approx(13 / 3 - 2) == pytest.approx(expected.estimate)
    assert (row["gap_ci_low"], row["gap_ci_high"]) == pytest.approx((expected.low, expected.high))
    strategic = out.loc[("role_level", "Strategic")]
    assert (strategic["compared_with"], strategic["n_group"], strategic["n_others"]) == ("Operational", 3, 4)
    assert not out["is_suppressed"].any()


def test_a_small_sector_withholds_the_whole_split_and_never_gets_a_row():
    """Health 4, council 4, voluntary sector 2: publishing Health and the council beside the total
    would give the voluntary sector's mean, so nothing of the split is published."""
    people = ([("Health", None, s) for s in (4, 5, 4, 3)] + [("Local authority", None, s) for s in (2, 3, 2, 1)]
              + [("Voluntary", None, s) for s in (5, 5)])
    out = _compare(people).loc["sector"]
    assert set(out.index) == {"Health", "Local authority"}  # no row for the group of 2
    assert out["is_suppressed"].all()
    assert out[["n_group", "n_others", "group_mean", "others_mean", "gap", "gap_ci_low"]].isna().all().all()


def test_role_split_is_withheld_when_crossing_it_with_sectors_would_isolate_one_or_two_people():
    # Sectors 3 and 3, roles 3 and 3, but Local authority × Operational is one person.
    people = [("Local authority", "Strategic", 4), ("Local authority", "Strategic", 5),
              ("Local authority", "Operational", 1), ("Health", "Strategic", 3),
              ("Health", "Operational", 2), ("Health", "Operational", 2)]
    out = _compare(people)
    assert not out.loc["sector"]["is_suppressed"].any()
    assert out.loc["role_level"]["is_suppressed"].all()
    assert out.loc["role_level"]["n_group"].isna().all()


def test_both_splits_are_published_when_every_sector_role_cell_has_3_or_more():
    people = [("Local authority", "Strategic", s) for s in (4, 5, 4)] + [("Health", "Operational", s) for s in (2, 2, 3)]
    out = _compare(people)
    assert not out["is_suppressed"].any()
    assert set(out.index.get_level_values("split")) == {"sector", "role_level"}


def test_people_who_did_not_say_count_as_a_part_of_the_split():
    """Strategic 3, Operational 3, role not stated 2: total − Strategic − Operational = the 2."""
    people = ([("A", "Strategic", s) for s in (4, 5, 4)] + [("A", "Operational", s) for s in (2, 3, 2)]
              + [("A", None, s) for s in (1, 1)])
    out = _compare(people)
    assert out.loc[("role_level", "Strategic"), "is_suppressed"]
    # everyone is sector A, so a sector comparison has nobody to compare with: no row
    assert "sector" not in out.index.get_level_values("split")


def test_a_two_way_split_with_one_side_under_3_is_withheld():
    people = [("A", "Strategic", s) for s in (4, 5, 4, 4)] + [("B", "Operational", s) for s in (2, 3)]
    out = _compare(people)
    assert list(out.index) == [("sector", "A"), ("role_level", "Strategic")]
    assert out["is_suppressed"].all() and out["n_group"].isna().all()


# --- the published snapshot ------------------------------------------------------------------------


def test_no_group_under_3_appears_in_any_published_table(published_home):
    """Every published table with a group-size column: none below 3."""
    checked = 0
    with duckdb.connect(str(published_home.snapshot), read_only=True) as con:
        tables = con.execute("select table_schema, table_name from information_schema.tables").fetchall()
        for schema, table in tables:
            columns = {c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
                [schema, table]).fetchall()}
            for column in sorted(columns & {"n_group", "n_others"}):
                checked += 1
                small = con.execute(f'select count(*) from {schema}."{table}" where "{column}" < {MIN_N}').fetchone()[0]
                assert small == 0, f"{schema}.{table}.{column}"
    assert checked >= 2


def test_published_splits_have_no_part_under_3_so_nothing_withheld_is_recoverable(built_home, published_home):
    """Recompute every split's parts from the warehouse's participants: wherever any figure of a
    split is published, every part of it (including "not stated") has at least 3 people, and the
    published group and others together are everyone in the area's published total."""
    with duckdb.connect(str(built_home.warehouse), read_only=True) as con:
        people = con.sql("""
            select s.area_code, s.assessment_year, s.item_id as enabler_id, s.score,
                   coalesce(nullif(trim(p.sector), ''), 'Not stated') as sector,
                   coalesce(nullif(trim(p.role_level), ''), 'Not stated') as role_level
            from intermediate.int_scores_joined_to_assessments s
            join staging.stg_raw__participants p on s.participant_key = p.submission_id || '/' || p.participant_id
            where s.grain = 'enabler' and s.score is not null
        """).df()
    with duckdb.connect(str(published_home.snapshot), read_only=True) as con:
        published = con.table("marts.group_comparison").df()
        totals = con.table("marts.enabler_maturity").df().set_index(["area_code", "assessment_year", "enabler_id"])
    shown = published[~published["is_suppressed"]]
    assert len(shown) > 0 and published["is_suppressed"].any()  # the fixture exercises both
    for row in shown.itertuples():
        key = (row.area_code, row.assessment_year, row.enabler_id)
        mine = people[(people["area_code"] == row.area_code) & (people["assessment_year"] == row.assessment_year)
                      & (people["enabler_id"] == row.enabler_id)]
        parts = mine.groupby(row.split).size()
        assert (parts >= MIN_N).all(), (key, row.split, parts.to_dict())
        assert parts[row.group_label] == row.n_group
        if row.split == "sector":
            assert row.n_group + row.n_others == totals.loc[key, "n_scores"]
    # the small group of three in Westminster: no part reaches 3, so nothing is published
    westminster = published[published["area_code"] == SMALL_GROUP_AREA]
    assert westminster["is_suppressed"].all()
