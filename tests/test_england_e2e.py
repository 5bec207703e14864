"""Issue #15 end to end: workbooks from outside London (Leeds, Bradford, Wakefield) go through the
whole pipeline into every per-area mart, benchmarked against Yorkshire and The Humber, England, their
DfE statistical neighbours (DfE's real May 2025 file) and their ICB (an ONS-style lookup); DfE's real
children-in-need file gives every authority's outcomes beside its region's and England's; and a
workbook for Cumbria in 2024, a year after it was replaced, is refused naming its successors."""

from __future__ import annotations

import pytest

from pipelines.checks import PUBLISHED_MARTS
from tests.support.england import BRADFORD, CUMBRIA, LEEDS, WAKEFIELD, WRITTEN, YORKSHIRE
from tests.support.queries import snapshot_rows

ENGLAND = "E92000001"
WEST_YORKSHIRE = "QWO"
# The marts with one row (or more) per area and assessment year; the regional ones are checked below.
PER_AREA = ("enabler_maturity", "indicator_maturity", "theme_maturity", "area_maturity", "response_quality",
            "benchmark", "maturity_change", "group_comparison", "case_study_pointers", "maturity_outcomes",
            "reflections")
NOT_PER_AREA = {"regional_enabler_maturity", "challenge_prevalence", "outcomes", "outcome_benchmarks",
                "outcome_associations", "data_received", "data_sharing", "challenges", "integration_model",
                "priorities"}


def test_every_published_mart_is_either_checked_per_area_or_below():
    assert set(PER_AREA) | NOT_PER_AREA == set(PUBLISHED_MARTS)


# Which of the three each mart must hold: Leeds (two years, ten people, indicator scores) reaches all;
# Bradford's and Wakefield's single workbooks reach those their content gives rows in.
EXPECTED = {mart: {LEEDS, BRADFORD, WAKEFIELD} for mart in PER_AREA} | {
    "maturity_change": {LEEDS},  # the only one assessed twice
    "indicator_maturity": {LEEDS, BRADFORD},  # Wakefield's people scored no indicators
    "group_comparison": {LEEDS},
    "case_study_pointers": {LEEDS},
}


@pytest.mark.parametrize("mart", PER_AREA)
def test_the_west_yorkshire_workbooks_reach_every_per_area_mart(england_home, mart):
    found = {code for (code,) in snapshot_rows(england_home, f"select distinct area_code from marts.{mart}")}
    assert EXPECTED[mart] <= found
    assert CUMBRIA not in found


def test_enabler_means_are_the_workbooks_scores(england_home, framework):
    from tests.support.england import england_submissions

    leeds_2024 = next(s for s in england_submissions(framework) if s.area_code == LEEDS
                      and s.content.assessment_year == 2024)
    enabler = framework.enablers[0].id
    scores = [p.enabler_scores[enabler] for p in leeds_2024.content.participants
              if p.enabler_scores.get(enabler) is not None]
    [(mean, n)] = snapshot_rows(england_home, "select mean_score, n_scores from marts.enabler_maturity "
                                "where area_code = ? and assessment_year = 2024 and enabler_id = ?", [LEEDS, enabler])
    assert n == len(scores) and mean == pytest.approx(sum(scores) / len(scores))


def test_leeds_is_benchmarked_against_its_region_england_its_icb_and_its_neighbours(england_home):
    rows = snapshot_rows(england_home, """
        select comparator_type, comparator_code, comparator_name, n_members, n_areas
        from marts.benchmark where area_code = ? and assessment_year = 2024 and level = 'overall'
        order by comparator_type""", [LEEDS])
    found = {row[0]: row[1:] for row in rows}
    assert set(found) == {"region", "england", "icb", "statistical_neighbours"}  # no Inner/Outer London
    assert found["region"][:2] == (YORKSHIRE, "Yorkshire and The Humber")
    assert found["region"][2] == 15  # Yorkshire and The Humber's 15 current authorities
    assert found["region"][3] == 3  # Leeds, Bradford and Wakefield were assessed in 2024
    assert found["england"][:2] == (ENGLAND, "England")
    assert found["england"][2] == 153
    [(assessed,)] = snapshot_rows(england_home, "select count(*) from marts.area_maturity "
                                  "where assessment_year = 2024 and not is_suppressed")
    assert found["england"][3] == assessed  # every authority assessed that year, London's and Yorkshire's
    assert found["icb"][:2] == (WEST_YORKSHIRE, "NHS West Yorkshire Integrated Care Board")
    assert found["icb"][3] == 3
    assert found["statistical_neighbours"][2] == 11  # Leeds and its ten DfE neighbours


def test_the_region_and_england_means_are_the_means_of_published_area_means(england_home):
    rows = snapshot_rows(england_home, """
        select r.region_code, r.n_areas, r.mean_of_area_means,
            (select avg(e.mean_score) from marts.enabler_maturity e join reference.areas a using (area_code)
             where e.assessment_year = r.assessment_year and e.enabler_id = r.enabler_id and not e.is_suppressed
               and (r.region_code = a.region_code or r.region_code = ?)),
            (select count(*) from marts.enabler_maturity e join reference.areas a using (area_code)
             where e.assessment_year = r.assessment_year and e.enabler_id = r.enabler_id and not e.is_suppressed
               and (r.region_code = a.region_code or r.region_code = ?))
        from marts.regional_enabler_maturity r where r.assessment_year = 2024""", [ENGLAND, ENGLAND])
    assert {row[0] for row in rows} == {"E12000007", YORKSHIRE, ENGLAND}
    for _, n_areas, mean, recomputed, n in rows:
        assert n_areas == n and mean == pytest.approx(recomputed)


def test_challenge_prevalence_has_yorkshire_beside_london_and_england(england_home):
    regions = {code for (code,) in snapshot_rows(england_home, "select distinct region_code from marts.challenge_prevalence")}
    assert {YORKSHIRE, ENGLAND} <= regions


def test_every_authoritys_outcomes_sit_beside_its_regions_and_englands(england_home):
    """DfE's referrals file covers every authority: all of them are areas now, each with its region's figure."""
    areas = snapshot_rows(england_home, "select count(distinct area_code) from marts.outcomes")[0][0]
    assert areas >= 150
    rows = snapshot_rows(england_home, """
        select o.value, o.region_code, o.region_value, o.england_value, r.value, e.value
        from marts.outcomes o
        join marts.outcome_benchmarks r on r.area_code = o.region_code and r.source = o.source
            and r.indicator_id = o.indicator_id and r.period_label = o.period_label and r.breakdown = o.breakdown
        join marts.outcome_benchmarks e on e.area_code = ? and e.source = o.source
            and e.indicator_id = o.indicator_id and e.period_label = o.period_label and e.breakdown = o.breakdown
        where o.area_code = ?""", [ENGLAND, LEEDS])
    assert rows
    for _, region, region_value, england_value, published_region, published_england in rows:
        assert region == YORKSHIRE
        assert region_value == published_region and england_value == published_england


def test_a_neighbours_outcomes_are_there_even_without_maturity_scores(england_home):
    neighbours = snapshot_rows(england_home, """
        select n.neighbour_area_code, count(o.value)
        from reference.statistical_neighbours n
        left join marts.outcomes o on o.area_code = n.neighbour_area_code
        where n.area_code = ? group by all""", [LEEDS])
    assert len(neighbours) == 10
    assessed = {code for (code,) in snapshot_rows(england_home, "select distinct area_code from marts.area_maturity")}
    unassessed = [(code, n) for code, n in neighbours if code not in assessed]
    assert unassessed and all(n > 0 for _, n in unassessed)


def test_the_dissolved_authoritys_workbook_is_refused_naming_its_successors(england_home):
    [(status,)] = snapshot_rows(england_home, "select status from marts.data_received where file_name like '%Cumbria%'")
    assert status == "refused"
    rows = [r for (r,) in _warehouse(england_home, "select reason from audit.rejections where file_name like '%Cumbria%'")]
    assert len(rows) == 1
    assert "was replaced on 1 April 2023 by Cumberland (E06000063) and Westmorland and Furness (E06000064)" in rows[0]
    assert list((england_home.root / "quarantine").rglob("*Cumbria*"))


def test_every_written_workbook_was_identified_as_its_authority(england_home):
    rows = _warehouse(england_home, "select area_code, assessment_year from raw.submissions")
    for code, _, year, _ in WRITTEN:
        assert (code, year) in rows


def _warehouse(home, sql):
    import duckdb

    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()
