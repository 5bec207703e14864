"""Theme and overall maturity, and change over time, through the real pipeline on boroughs whose
designed stories (synthetic.stories) say which way they should move: three improving and three
declining boroughs over four years, plus a stalling one with a year missing. Figures are checked
against independent recomputations from the generator's own scores (brute-force permutation
p-values, scipy's Welch interval), not against `measures`."""

from __future__ import annotations

import itertools
import random
import statistics
from collections import Counter, defaultdict
from fractions import Fraction
from math import comb

import duckdb
import pandas as pd
import pytest
from scipy import stats

from ingest.assessments.template import write_template
from measures import minimum_achievable_p, permutation_p
from pipelines.cli import main
from synthetic.generator import generate
from synthetic.stories import DEFAULT_YEARS, stories
from warehouse.home import Home

MIN_N = 3
ALPHA = 0.05
GAP_YEARS = (DEFAULT_YEARS[0], DEFAULT_YEARS[1], DEFAULT_YEARS[3])  # the stalling borough skips a year


@pytest.fixture(scope="module")
def designed(framework) -> dict[str, list[str]]:
    plot = stories(framework)
    by = {t: sorted(code for code, story in plot.items() if story.trajectory == t) for t in ("improving", "declining", "stalling")}
    return {"improving": by["improving"][:3], "declining": by["declining"][:3], "gap": by["stalling"][:1]}


@pytest.fixture(scope="module")
def change_workbooks(framework, designed):
    return [
        *generate(framework, area_codes=designed["improving"] + designed["declining"]),
        *generate(framework, area_codes=designed["gap"], years=GAP_YEARS),
    ]


@pytest.fixture(scope="module")
def change_home(tmp_path_factory, framework, change_workbooks) -> Home:
    home = Home(tmp_path_factory.mktemp("change") / "data").ensure()
    for workbook in change_workbooks:
        write_template(home.inbox / workbook.file_name, framework, workbook.content)
    assert main(["run", "--home", str(home.root)]) == 0
    return home


def _table(path, table: str) -> list[dict]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.table(table).df().to_dict("records")


def _null(value) -> bool:
    return value is None or bool(pd.isna(value))


def _people(workbooks, fw) -> dict[tuple, list[Fraction]]:
    """Each participant's score per (area, year, level, item), from the generated content: enabler
    scores as given; theme and overall as the mean of the enabler scores they gave."""
    theme_of = {e.id: e.theme_id for e in fw.enablers}
    out: dict[tuple, list] = defaultdict(list)
    for wb in workbooks:
        area, year = wb.story.area_code, wb.content.assessment_year
        for person in wb.content.participants:
            given = {e: s for e, s in person.enabler_scores.items() if s is not None}
            if not given:
                continue
            for e, s in given.items():
                out[(area, year, "enabler", e)].append(Fraction(s))
            for theme in {theme_of[e] for e in given}:
                mine = [s for e, s in given.items() if theme_of[e] == theme]
                out[(area, year, "theme", theme)].append(Fraction(sum(mine), len(mine)))
            out[(area, year, "overall", "overall")].append(Fraction(sum(given.values()), len(given)))
    return out


def _brute_p(a: list, b: list) -> float:
    pooled, n_a = a + b, len(a)
    observed = abs(sum(b) / len(b) - sum(a) / n_a)
    hits = total = 0
    for chosen in itertools.combinations(range(len(pooled)), n_a):
        x = [pooled[i] for i in chosen]
        y = [pooled[i] for i in range(len(pooled)) if i not in set(chosen)]
        total += 1
        hits += abs(sum(y) / len(y) - sum(x) / len(x)) >= observed
    return hits / total


def test_theme_and_area_maturity_match_participant_averages(change_home, change_workbooks, framework):
    people = _people(change_workbooks, framework)
    for table, level, key in (("marts.theme_maturity", "theme", "theme_id"), ("marts.area_maturity", "overall", None)):
        rows = _table(change_home.warehouse, table)
        expected = {k: v for k, v in people.items() if k[2] == level}
        got = {(r["area_code"], int(r["assessment_year"]), level, r[key] if key else "overall"): r for r in rows}
        assert set(got) == set(expected)
        for k, values in expected.items():
            row, x = got[k], [float(v) for v in values]
            assert row["n_scores"] == len(x)
            assert row["is_suppressed"] == (len(x) < MIN_N)
            assert row["is_small_group"] == (len(x) < 5)
            if len(x) < MIN_N:
                assert all(_null(row[c]) for c in ("mean_score", "median_score", "sd_score", "mean_ci_low", "mean_ci_high"))
                continue
            assert row["mean_score"] == pytest.approx(statistics.fmean(x), abs=1e-12)
            assert row["median_score"] == pytest.approx(statistics.median(x), abs=1e-12)
            assert row["sd_score"] == pytest.approx(statistics.stdev(x), abs=1e-12)
            assert (row["min_score"], row["max_score"]) == pytest.approx((min(x), max(x)))
            low, high = stats.t.interval(0.95, len(x) - 1, loc=statistics.fmean(x), scale=stats.sem(x))
            assert row["mean_ci_low"] == pytest.approx(max(low, 1), abs=1e-9)
            assert row["mean_ci_high"] == pytest.approx(min(high, 5), abs=1e-9)


def test_overall_slopes_follow_the_designed_stories(change_home, designed):
    rows = _table(change_home.warehouse, "marts.maturity_change")
    last = {
        r["area_code"]: r for r in rows
        if r["level"] == "overall" and r["current_year"] == DEFAULT_YEARS[-1] and not r["is_suppressed"]
    }
    improving = [last[c]["slope_per_year"] for c in designed["improving"] if c in last]
    declining = [last[c]["slope_per_year"] for c in designed["declining"] if c in last]
    assert sum(s > 0 for s in improving) >= 2, improving
    assert sum(s < 0 for s in declining) >= 2, declining
    assert all(last[c]["n_years"] == len(DEFAULT_YEARS) for c in designed["improving"] + designed["declining"] if c in last)


def test_direction_labels_agree_with_p_values(change_home):
    rows = _table(change_home.warehouse, "marts.maturity_change")
    assert {r["direction"] for r in rows} >= {"increasing", "decreasing", "no significant change"}
    for r in rows:
        label, p, floor = r["direction"], r["permutation_p"], r["minimum_achievable_p"]
        if r["is_suppressed"]:
            assert label == "cannot be calculated" and _null(p) and _null(r["change"]), r
            continue
        assert 0 < p <= 1
        assert floor == pytest.approx(minimum_achievable_p(r["previous_n"], r["current_n"]))
        if floor >= ALPHA:
            assert label == "cannot be calculated", r
        elif p < ALPHA:
            assert label == ("increasing" if r["change"] > 0 else "decreasing"), r
        else:
            assert label == "no significant change", r
        if r["n_years"] >= 3:
            assert not _null(r["slope_per_year"])
        else:
            assert _null(r["slope_per_year"])


def test_change_rows_recomputed_by_brute_force(change_home, change_workbooks, framework):
    people = _people(change_workbooks, framework)
    rows = _table(change_home.warehouse, "marts.maturity_change")
    checked = Counter()
    for r in sorted(rows, key=lambda r: (r["area_code"], r["level"], r["item_id"], r["current_year"])):
        if r["is_suppressed"]:
            continue
        a = people[(r["area_code"], r["previous_year"], r["level"], r["item_id"])]
        b = people[(r["area_code"], r["current_year"], r["level"], r["item_id"])]
        assert (r["previous_n"], r["current_n"]) == (len(a), len(b))
        assert r["change"] == pytest.approx(float(sum(b) / len(b) - sum(a) / len(a)), abs=1e-12)
        if comb(len(a) + len(b), len(a)) > 20_000 or checked[r["level"]] >= 6:
            continue
        assert r["permutation_p"] == pytest.approx(_brute_p(a, b), abs=1e-12), r
        welch = stats.ttest_ind([float(v) for v in b], [float(v) for v in a], equal_var=False)
        low, high = welch.confidence_interval(0.95)
        if not _null(r["change_ci_low"]):
            assert r["change_ci_low"] == pytest.approx(max(low, -4), abs=1e-9)
            assert r["change_ci_high"] == pytest.approx(min(high, 4), abs=1e-9)
        checked[r["level"]] += 1
    assert all(checked[level] >= 3 for level in ("enabler", "theme", "overall")), checked


def test_consecutive_means_the_previous_year_present_and_sector_mix_is_noted(change_home, change_workbooks, designed):
    rows = _table(change_home.warehouse, "marts.maturity_change")
    gap = designed["gap"][0]
    pairs = {(r["previous_year"], r["current_year"], r["years_apart"]) for r in rows if r["area_code"] == gap}
    assert pairs == {(GAP_YEARS[0], GAP_YEARS[1], 1), (GAP_YEARS[1], GAP_YEARS[2], 2)}
    sectors: dict[tuple, Counter] = defaultdict(Counter)
    for wb in change_workbooks:
        for person in wb.content.participants:
            if any(s is not None for s in person.enabler_scores.values()):
                sectors[(wb.story.area_code, wb.content.assessment_year)][person.sector or "sector not given"] += 1
    for r in rows:
        if r["level"] != "overall":
            continue
        before, after = sectors[(r["area_code"], r["previous_year"])], sectors[(r["area_code"], r["current_year"])]
        names = set(before) | set(after)
        shifted = set(before) != set(after) or any(
            abs(before[s] / sum(before.values()) - after[s] / sum(after.values())) >= 0.25 for s in names
        )
        assert r["sector_mix_changed"] == shifted
        if shifted:
            for s in names:
                assert f"{s} {before[s]}" in r["sector_mix_note"].split(" → ")[0]
                assert f"{s} {after[s]}" in r["sector_mix_note"].split(" → ")[1]
        else:
            assert _null(r["sector_mix_note"])


def test_the_new_marts_are_published(change_home):
    with duckdb.connect(str(change_home.snapshot), read_only=True) as con:
        for table in ("theme_maturity", "area_maturity", "maturity_change"):
            assert con.execute(f"select count(*) from marts.{table}").fetchone()[0] > 0


# --- measures on per-person averages (theme and overall scores) -----------------------------------


@pytest.mark.parametrize("seed", range(12))
def test_permutation_p_on_averages_equals_brute_force(seed):
    rng = random.Random(seed)

    def person():
        k = rng.randint(1, 12)
        return Fraction(sum(rng.randint(1, 5) for _ in range(k)), k)

    a = [person() for _ in range(rng.randint(2, 6))]
    b = [person() for _ in range(rng.randint(2, 6))]
    want = _brute_p(a, b)
    assert permutation_p(a, b, averaged=True) == pytest.approx(want, abs=1e-12)
    assert permutation_p([float(v) for v in a], [float(v) for v in b], averaged=True) == pytest.approx(want, abs=1e-12)


def test_whole_score_measures_still_refuse_averages():
    with pytest.raises(ValueError):
        permutation_p([1.5, 2, 3], [4, 5, 5])
    with pytest.raises(ValueError):
        permutation_p([0.5, 2, 3], [4, 5, 5], averaged=True)


def test_the_designed_polarised_enablers_come_out_polarised(change_home, designed, framework):
    """Where the generator split a group into low and high camps, the marts show less agreement."""
    plot = stories(framework)
    rows = [r for r in _table(change_home.warehouse, "marts.enabler_maturity") if not _null(r["agreement"])]
    split = [r for r in rows if r["enabler_id"] in plot[r["area_code"]].polarised_in(r["assessment_year"])]
    others = [r for r in rows if r not in split]
    assert len(split) >= 5, "the subset has too few designed polarised cells to judge"

    def share_flagged(cells):
        return sum(bool(r["is_polarised"]) for r in cells) / len(cells)

    assert statistics.fmean(r["agreement"] for r in split) < statistics.fmean(r["agreement"] for r in others) - 0.2
    assert share_flagged(split) > 2 * share_flagged(others)
    assert all(r["dig_deeper"] for r in split if r["is_polarised"])
