"""measures.change.maturity_changes, the vectorised maturity_change mart, against the row-by-row
computation it replaced (tests/support/change_reference.py) on generated people: every column the
same to the last bit, with the permutation p exact throughout at these group sizes; and, at larger
ones, Monte Carlo p-values that do not depend on which other comparisons the mart computes."""

from __future__ import annotations

import math
import random

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from measures.change import COLUMNS, maturity_changes
from measures.permutation import MONTE_CARLO_DRAWS, fraction_test
from tests.support.change_reference import reference_changes

THEMES = {"E01": "T1", "E02": "T1", "E03": "T1", "E04": "T2", "E05": "T2", "E06": "T3"}
SECTORS = ["Health", "Local authority", "Voluntary and community sector", None, " "]
AREAS = {"E09000001": "City of London", "E09000002": "Barking and Dagenham", "E09000003": None}


def people_frame(seed: int, max_people: int, skip_share: float) -> pd.DataFrame:
    """int_participant_scores_aggregated's rows for random people: each scores a random subset of
    the enablers, and their theme and overall rows average what they scored, as the SQL does."""
    rng = random.Random(seed)
    rows = []
    for area in rng.sample(sorted(AREAS), rng.randint(1, 3)):
        years = sorted(rng.sample(range(2021, 2027), rng.randint(1, 4)))
        for year in years:
            synthetic = rng.random() < 0.3
            for person in range(rng.randint(1, max_people)):
                given_ = {e: rng.randint(1, 5) for e in THEMES if rng.random() > skip_share}
                if not given_:
                    continue
                key, sector = f"{area}-{year}/p{person:02d}", rng.choice(SECTORS)
                groups = [("enabler", e, [s]) for e, s in given_.items()]
                for theme in sorted(set(THEMES.values())):
                    mine = [s for e, s in given_.items() if THEMES[e] == theme]
                    if mine:
                        groups.append(("theme", theme, mine))
                groups.append(("overall", "overall", list(given_.values())))
                for level, item, scores in groups:
                    rows.append((area, year, f"{area}-{year}", key, sector, level, item,
                                 sum(scores) / len(scores), sum(scores), len(scores), synthetic))
    return pd.DataFrame(rows, columns=[
        "area_code", "assessment_year", "submission_id", "participant_key", "sector", "level", "item_id",
        "score", "score_sum", "n_enablers_scored", "is_synthetic",
    ])


def same(x, y) -> bool:
    """Equal to the last bit, nulls (None, NaN, NA) equal to each other."""
    if x is None or (not isinstance(x, str) and pd.isna(x)):
        return y is None or (not isinstance(y, str) and pd.isna(y))
    if isinstance(x, float) or isinstance(y, float):
        return isinstance(y, (float, int)) and math.copysign(1, x) == math.copysign(1, y) and float(x) == float(y)
    return x == y


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32), st.integers(2, 9), st.sampled_from([0.0, 0.2, 0.5]), st.integers(1, 4))
def test_the_vectorised_mart_equals_the_row_by_row_computation(seed, max_people, skip_share, min_n):
    people = people_frame(seed, max_people, skip_share)
    want = reference_changes(people, {k: v for k, v in AREAS.items() if v}, min_n)
    got = maturity_changes(people, {k: v for k, v in AREAS.items() if v}, min_n)
    assert list(got.columns) == list(COLUMNS)
    assert len(got) == len(want)
    for row, expected in zip(got.to_dict("records"), want):
        for column in COLUMNS:
            if column in ("p_method", "p_draws"):
                continue
            assert same(expected.get(column), row[column]), (column, expected.get(column), row[column], expected)
        published = not expected["is_suppressed"]
        assert (row["p_method"] == "exact") if published else pd.isna(row["p_method"])
        assert pd.isna(row["p_draws"])


def test_typed_columns_and_an_empty_input():
    got = maturity_changes(people_frame(3, 6, 0.2), {}, 3)
    assert dict(got.dtypes.astype(str)) == {c: str(pd.Series(dtype=t).dtype) for c, t in COLUMNS.items()}
    assert got["area_name"].isna().all()
    empty = maturity_changes(people_frame(3, 6, 0.2).iloc[:0], {}, 3)
    assert empty.empty and list(empty.columns) == list(COLUMNS)
    assert dict(empty.dtypes.astype(str)) == dict(got.dtypes.astype(str))


def test_suppressed_pairs_publish_no_figures_and_no_method():
    got = maturity_changes(people_frame(11, 5, 0.3), dict(AREAS), 4)
    small = got[got["is_suppressed"]]
    assert len(small) > 0 and (small[["previous_n", "current_n"]].min(axis=1) < 4).all()
    for column in ("previous_mean", "change", "permutation_p", "p_method", "slope_per_year", "n_years"):
        assert small[column].isna().all(), column
    assert (small["direction"] == "cannot be calculated").all()


def large_groups(sizes: dict[str, list[int]], seed: int) -> pd.DataFrame:
    """Overall rows only (the level that goes past the exact budget): for each area, its years'
    groups of the given sizes, each person averaging a random 6 to 12 of 12 enablers."""
    rng = random.Random(seed)
    rows = []
    for area, counts in sizes.items():
        for year, count in zip(range(2022, 2030), counts):
            for person in range(count):
                scores = [rng.randint(1, 5) for _ in range(rng.randint(6, 12))]
                rows.append((area, year, f"{area}-{year}", f"{area}-{year}/p{person:03d}", "Health", "overall",
                             "overall", sum(scores) / len(scores), sum(scores), len(scores), False))
    return pd.DataFrame(rows, columns=[
        "area_code", "assessment_year", "submission_id", "participant_key", "sector", "level", "item_id",
        "score", "score_sum", "n_enablers_scored", "is_synthetic",
    ])


def test_monte_carlo_p_values_do_not_depend_on_the_other_comparisons():
    """Averaged scores of 40-odd people a year go past the exact budget: those rows say Monte Carlo
    with its draws, each p is the one fraction_test gives its comparison alone (two areas' 40 + 40
    share draws, which changes neither p), and dropping an area leaves the other's p as it was."""
    people = large_groups({"E09000001": [40, 40, 41], "E09000002": [40, 40]}, seed=3)
    got = maturity_changes(people, dict(AREAS), 3)
    assert (got["p_method"] == "monte carlo").all() and (got["p_draws"] == MONTE_CARLO_DRAWS).all()
    assert len(got) == 3 and got["permutation_p"].nunique() == 3
    for row in got.itertuples():
        sides = [people[(people["area_code"] == row.area_code) & (people["assessment_year"] == year)]
                 for year in (row.previous_year, row.current_year)]
        num = [int(v) for side in sides for v in side["score_sum"]]
        den = [int(d) for side in sides for d in side["n_enablers_scored"]]
        assert fraction_test(num, den, len(sides[0])).p == row.permutation_p
    alone = maturity_changes(people[people["area_code"] == "E09000002"], dict(AREAS), 3)
    assert alone["permutation_p"].tolist() == got.loc[got["area_code"] == "E09000002", "permutation_p"].tolist()
