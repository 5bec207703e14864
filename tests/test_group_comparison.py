"""Group comparisons (marts.group_comparison) and their disclosure rule: no group of fewer than 3
people is published, nor any figure from which one could be recovered."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from measures import welch_interval
from measures.group_comparison import COLUMNS, EVERYONE_ELSE, NOT_STATED, compare
from tests.support.submissions import SMALL_GROUP_AREA

MIN_N = 3
ROLES = ("Strategic", "Operational")


def _compare(people: list[tuple[str | None, str | None, int]]) -> pd.DataFrame:
    """people: (sector, role_level, score) for one area, year and enabler."""
    frame = pd.DataFrame(
        [("E09000007", 2024, "E01", score, sector, role, False) for sector, role, score in people],
        columns=["area_code", "assessment_year", "enabler_id", "score", "sector", "role_level", "is_synthetic"],
    )
    return compare(frame, ROLES, MIN_N).set_index(["split", "group_label"])


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


# --- the whole-frame comparison against the former per-enabler loop --------------------------------

def _compare_per_enabler(scores: pd.DataFrame, role_levels: tuple[str, ...], min_n: int) -> pd.DataFrame:
    """The former implementation of marts.group_comparison, enabler by enabler: the oracle."""
    rows = []
    given = scores[scores["score"].notna()].copy()
    keys = ["area_code", "assessment_year", "enabler_id"]
    for split in ("sector", "role_level"):
        given[split + "_part"] = given[split].where(
            given[split].notna() & (given[split].astype(str).str.strip() != ""), NOT_STATED)
    sector_sizes = given.groupby([*keys, "sector_part"]).size()
    cell_sizes = given.groupby([*keys, "sector_part", "role_level_part"]).size()
    sector_published = (sector_sizes >= min_n).groupby(level=[0, 1, 2]).all()
    small_cells = (cell_sizes < min_n).groupby(level=[0, 1, 2]).any()
    linked = set(sector_published[sector_published & small_cells].index)
    for split in ("sector", "role_level"):
        given["part"] = given[split + "_part"]
        for (area, year, enabler), people in given.groupby(keys, sort=True):
            parts = {p: g["score"].astype(int).tolist() for p, g in people.groupby("part")}
            withheld = any(len(v) < min_n for v in parts.values()) or (
                split == "role_level" and (area, year, enabler) in linked)
            synthetic = bool(people["is_synthetic"].any())
            if split == "sector":
                pairs = [(p, EVERYONE_ELSE, v, [s for q, w in parts.items() if q != p for s in w])
                         for p, v in parts.items() if p != NOT_STATED]
            else:
                first, second = role_levels
                pairs = [(first, second, parts[first], parts[second])] if first in parts and second in parts else []
            for label, other_label, group, others in pairs:
                if len(group) < min_n or not others:
                    continue
                if withheld:
                    rows.append((area, year, enabler, split, label, other_label,
                                 None, None, None, None, None, None, None, True, synthetic))
                    continue
                gap = welch_interval(others, group)
                rows.append((area, year, enabler, split, label, other_label, len(group), len(others),
                             sum(group) / len(group), sum(others) / len(others),
                             gap.estimate, gap.low, gap.high, False, synthetic))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["assessment_year"] = frame["assessment_year"].astype("int64")
    for column in ("n_group", "n_others"):
        frame[column] = frame[column].astype("Int64")
    for column in ("group_mean", "others_mean", "gap", "gap_ci_low", "gap_ci_high"):
        frame[column] = frame[column].astype("Float64")
    for column in ("is_suppressed", "is_synthetic"):
        frame[column] = frame[column].astype("bool")
    return frame


person = st.tuples(
    st.sampled_from(["E01", "E02", "E03"]),
    st.sampled_from(["Health", "Local authority", "Voluntary sector", None, " "]),
    st.sampled_from(["Strategic", "Operational", "Other", None]),
    st.one_of(st.integers(1, 5), st.none()),
    st.booleans(),
)


@settings(derandomize=True, max_examples=100, deadline=None)
@given(st.lists(person, min_size=1, max_size=60))
def test_the_whole_frame_comparison_equals_the_per_enabler_loop(people):
    frame = pd.DataFrame(
        [("E09000007", 2024, e, float(s) if s is not None else None, sector, role, synthetic)
         for e, sector, role, s, synthetic in people],
        columns=["area_code", "assessment_year", "enabler_id", "score", "sector", "role_level", "is_synthetic"],
    )
    want = _compare_per_enabler(frame, ROLES, MIN_N)
    got = compare(frame.sample(frac=1, random_state=2), ROLES, MIN_N)
    assert list(got.columns) == list(want.columns)
    if len(want):
        assert got.dtypes.tolist() == want.dtypes.tolist()
    assert pd.util.hash_pandas_object(got, index=False).tolist() == pd.util.hash_pandas_object(
        want, index=False).tolist()
