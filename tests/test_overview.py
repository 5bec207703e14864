"""The London overview without a browser: its queries against the marts (expected values by SQL
written here), its chart builders, and the demo's SYNTHETIC statistical neighbours.

The browser tests of the page are in tests/test_dashboard_overview.py.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboards.charts.caterpillar import caterpillar
from dashboards.charts.cells import CELL
from dashboards.charts.heatmap import heatmap
from dashboards.charts.tile_map import ColourBy, tile_map
from dashboards.queries import overview as queries
from dashboards.snapshot import open_snapshot
from ingest.reference.neighbours import read_statistical_neighbours
from synthetic.neighbours import write_neighbours_demo
from tests.support.queries import snapshot_frame
from warehouse.home import Home

# level → (mart, item column); every one names its n and interval n_scores, mean_ci_low, mean_ci_high
MARTS = {
    "overall": ("marts.area_maturity", None),
    "theme": ("marts.theme_maturity", "theme_id"),
    "enabler": ("marts.enabler_maturity", "enabler_id"),
}


def _expected(home: Home, year: int, level: str, item_id: str) -> pd.DataFrame:
    """Each London authority's mart row and London (region) benchmark row for the year and item."""
    mart, column = MARTS[level]
    where = f"AND m.{column} = $item" if column else ""
    return snapshot_frame(
        home,
        f"""
        SELECT a.area_code, m.n_scores AS n, m.mean_score AS mean, m.mean_ci_low AS low, m.mean_ci_high AS high,
               m.is_suppressed, b.benchmark_label, b.rank, b.n_ranked, b.comparator_mean
        FROM reference.areas a
        LEFT JOIN {mart} m ON m.area_code = a.area_code AND m.assessment_year = $year {where}
        LEFT JOIN marts.benchmark b ON b.area_code = a.area_code AND b.assessment_year = $year
             AND b.level = $level AND b.item_id = $item AND b.comparator_type = 'region'
        WHERE a.region_code = 'E12000007'
        ORDER BY a.area_code
        """,
        {"year": year, "level": level, "item": item_id},
    ).set_index("area_code")


@pytest.fixture(scope="module")
def snap(published_home):
    return open_snapshot(published_home.snapshot)


@pytest.fixture(scope="module")
def withheld_cell(published_home) -> tuple[str, int, str]:
    """(area, year, enabler) of a withheld enabler figure: the Westminster small group's."""
    found = snapshot_frame(published_home, "SELECT area_code, assessment_year, enabler_id FROM marts.enabler_maturity "
                                           "WHERE is_suppressed ORDER BY ALL LIMIT 1")
    assert len(found), "published_home should hold a withheld enabler figure"
    area, year, enabler = found.iloc[0]
    return str(area), int(year), str(enabler)


def _item(snap, item_id: str) -> queries.Item:
    return next(i for i in queries.items(snap) if i.item_id == item_id)


# --- queries ---------------------------------------------------------------------------------------


def test_items_are_overall_then_themes_then_enablers_named_from_the_reference_tables(snap, published_home):
    themes = snapshot_frame(published_home, "SELECT theme_id, theme_name FROM reference.themes ORDER BY theme_order")
    enablers = snapshot_frame(published_home,
                              "SELECT enabler_id, enabler_name FROM reference.enablers ORDER BY enabler_order")
    found = queries.items(snap)
    assert [(i.level, i.item_id) for i in found] == [
        ("overall", "overall"), *(("theme", t) for t in themes["theme_id"]), *(("enabler", e) for e in enablers["enabler_id"])
    ]
    assert [i.name for i in found[1:4]] == themes["theme_name"].tolist()
    assert [i.name for i in found[4:]] == [f"{e} {n}" for e, n in zip(enablers["enabler_id"], enablers["enabler_name"])]
    assert len(found) == 16


@pytest.mark.parametrize("item_id", ["overall", "people_place", "E05"])
def test_area_results_equal_the_marts_for_every_london_authority(snap, published_home, withheld_cell, item_id):
    _, year, _ = withheld_cell
    item = _item(snap, item_id)
    found = queries.area_results(snap, year, item).set_index("area_code").sort_index()
    expected = _expected(published_home, year, item.level, item_id)
    assert len(found) == 33 and found.index.tolist() == expected.index.tolist()
    returned = expected["n"].notna()
    assert found["has_return"].tolist() == returned.tolist()
    assert 0 < returned.sum() < 33  # published_home: some boroughs sent nothing
    for code, row in expected[returned].iterrows():
        got = found.loc[code]
        assert got["n_scores"] == row["n"] and bool(got["is_suppressed"]) == bool(row["is_suppressed"])
        for ours, theirs in (("mean_score", "mean"), ("mean_ci_low", "low"), ("mean_ci_high", "high"),
                             ("comparator_mean", "comparator_mean")):
            assert (pd.isna(got[ours]) and pd.isna(row[theirs])) or got[ours] == pytest.approx(row[theirs])
        assert got["benchmark_label"] == row["benchmark_label"]
        assert (pd.isna(got["rank"]) and pd.isna(row["rank"])) or got["rank"] == row["rank"]
    absent = found[~found["has_return"]]
    assert absent["mean_score"].isna().all() and not absent["is_suppressed"].any()


def test_london_value_is_the_mean_of_published_borough_means(snap, published_home, withheld_cell):
    _, year, enabler = withheld_cell
    [(mean, n_areas)] = snapshot_frame(
        published_home,
        "SELECT avg(mean_score), count(*) FROM marts.enabler_maturity "
        "WHERE assessment_year = ? AND enabler_id = ? AND NOT is_suppressed",
        [year, enabler],
    ).itertuples(index=False)
    london = queries.region_value(snap, year, _item(snap, enabler), queries.LONDON)
    assert london.mean == pytest.approx(mean) and london.n_areas == n_areas and london.n_members == 33


def test_the_enabler_grid_has_every_authority_and_enabler(snap, published_home, withheld_cell):
    area, year, enabler = withheld_cell
    grid = queries.enabler_grid(snap, year)
    assert len(grid) == 33 * 12
    cell = grid[(grid["area_code"] == area) & (grid["enabler_id"] == enabler)].iloc[0]
    assert cell["is_suppressed"] and pd.isna(cell["mean_score"]) and cell["has_return"]
    means = snapshot_frame(published_home, "SELECT area_code, enabler_id, mean_score FROM marts.enabler_maturity "
                                           "WHERE assessment_year = ? AND NOT is_suppressed", [year])
    merged = means.merge(grid, on=["area_code", "enabler_id"], suffixes=("", "_grid"))
    assert len(merged) == len(means) and (merged["mean_score"] - merged["mean_score_grid"]).abs().max() < 1e-12


def test_groups_are_inner_outer_and_icbs_as_at_the_year(snap, published_home):
    groups = {(g.kind, g.code): g for g in queries.area_groups(snap, 2024)}
    areas = snapshot_frame(published_home, "SELECT area_code, inner_outer FROM reference.areas "
                                           "WHERE region_code = 'E12000007'")
    for region, members in areas.groupby("inner_outer"):
        assert groups[("inner_outer", region)].members == set(members["area_code"])
    icbs = snapshot_frame(published_home,
                          "SELECT icb_code, list(area_code) AS members FROM reference.area_icbs "
                          "WHERE valid_from <= DATE '2024-07-01' AND (valid_to IS NULL OR valid_to >= DATE '2024-07-01') "
                          "GROUP BY icb_code")
    assert {code for kind, code in groups if kind == "icb"} == set(icbs["icb_code"])
    for row in icbs.itertuples():
        assert groups[("icb", row.icb_code)].members == set(row.members)
    assert groups[("region", "E12000007")].members == set(areas["area_code"])
    assert not any(kind == "statistical_neighbours" for kind, _ in groups)  # no file in published_home


def test_neighbour_groups_are_the_borough_and_its_london_neighbours(demo_home):
    groups = [g for g in queries.area_groups(open_snapshot(demo_home.snapshot), 2025)
              if g.kind == "statistical_neighbours"]
    listed = snapshot_frame(demo_home, "SELECT s.area_code, list(n.area_code) AS london, "
                                       "count(*) FILTER (WHERE n.area_code IS NULL) AS outside "
                                       "FROM reference.statistical_neighbours s "
                                       "JOIN reference.areas a ON a.area_code = s.area_code "
                                       "AND a.region_code = 'E12000007' "
                                       "LEFT JOIN reference.areas n ON n.area_code = s.neighbour_area_code "
                                       "AND n.region_code = 'E12000007' "
                                       "GROUP BY s.area_code")
    assert len(groups) == len(listed) == 33
    by_area = {g.code: g for g in groups}
    for row in listed.itertuples():
        london = {c for c in row.london if isinstance(c, str)}
        assert by_area[row.area_code].members == {row.area_code} | london
        assert by_area[row.area_code].outside_london == row.outside
    assert any(g.outside_london for g in groups) and any(not g.outside_london for g in groups)


# --- the demo's synthetic neighbours -----------------------------------------------------------


def test_synthetic_neighbours_are_in_dfes_layout_marked_synthetic_and_deterministic(tmp_path, framework):
    first = write_neighbours_demo(tmp_path / "a" / "statistical_neighbours.xlsx", framework)
    again = write_neighbours_demo(tmp_path / "b" / "statistical_neighbours.xlsx", framework)
    frame = pd.DataFrame(read_statistical_neighbours(first, framework))
    assert frame.equals(pd.DataFrame(read_statistical_neighbours(again, framework)))
    assert len(frame) == 33 * 10 and frame.groupby("area_code")["neighbour_rank"].apply(list).map(
        lambda ranks: ranks == list(range(1, 11))).all()
    assert (frame["area_code"] != frame["neighbour_area_code"]).all()
    sheet = load_workbook(first, read_only=True)["LA SN Groups"]
    title = next(sheet.iter_rows(max_row=1, values_only=True))[0]
    assert title.startswith("SYNTHETIC") and "NOT DfE" in title
    inner = {a.code for a in framework.london_areas if a.inner_outer == "Inner London"}
    outside = frame[~frame["neighbour_area_code"].isin({a.code for a in framework.london_areas})]
    assert outside["neighbour_area_code"].notna().all()  # GSS codes from the England list
    assert not outside["area_code"].isin(inner).any()  # only outer boroughs border the rest of England
    assert 0 < outside["area_code"].nunique() < 33 - len(inner)


def test_the_demo_benchmarks_against_its_synthetic_neighbours(demo_home):
    assert (demo_home.root / "reference" / "statistical_neighbours.xlsx").is_file()  # written by `maturity demo`
    counts = snapshot_frame(demo_home, "SELECT level, count(*) AS n, min(n_members) AS members FROM marts.benchmark "
                                       "WHERE comparator_type = 'statistical_neighbours' GROUP BY level").set_index("level")
    areas_years = snapshot_frame(demo_home, "SELECT count(*) AS n FROM marts.area_maturity")["n"].iloc[0]
    assert counts.loc["overall", "n"] == areas_years
    assert counts.loc["theme", "n"] == 3 * areas_years and counts.loc["enabler", "n"] == 12 * areas_years
    assert (counts["members"] == 11).all()  # the borough and its ten neighbours


# --- chart builders ---------------------------------------------------------------------------


def _bars(figure) -> list[dict]:
    """Every cell drawn, with the trace it is in."""
    return [
        {"trace": t.name, "x": x, "base": b, "text": text, "hover": hover, "key": key}
        for t in figure.data if t.type == "bar"
        for x, b, text, hover, key in zip(t.x, t.base, t.text, t.hovertext, t.customdata)
    ]


@pytest.mark.parametrize("colour_by", list(ColourBy))
def test_the_tile_map_draws_33_tiles_at_distinct_places_withheld_never_at_a_value(
    snap, published_home, withheld_cell, colour_by
):
    area, year, enabler = withheld_cell
    frame = queries.area_results(snap, year, _item(snap, enabler))
    bars = _bars(tile_map(frame, colour_by))
    tiles = snapshot_frame(published_home, "SELECT area_code, short_name, tile_row, tile_col FROM reference.tiles")
    assert len(bars) == 33 and len({(b["x"], b["base"]) for b in bars}) == 33
    by_area = {b["key"]: b for b in bars}
    for row in tiles.itertuples():
        assert by_area[row.area_code]["x"] == row.tile_col
        assert math.isclose(by_area[row.area_code]["base"], row.tile_row - CELL / 2)
        assert by_area[row.area_code]["text"].startswith(f"<b>{row.short_name}</b><br>")
    withheld = by_area[area]
    assert withheld["trace"] == "withheld (fewer than 3 people)" and withheld["text"].endswith("withheld")
    assert "withheld (fewer than 3 people)" in withheld["hover"]
    expected = _expected(published_home, year, "enabler", enabler)
    for code, row in expected[expected["n"].notna() & ~expected["is_suppressed"].eq(True)].iterrows():
        assert by_area[code]["text"].endswith(f"{row['mean']:.2f}")
        assert f"(n {int(row['n'])})" in by_area[code]["hover"]
    assert all(b["text"].endswith("no return") for code, b in by_area.items() if pd.isna(expected.loc[code, "n"]))
    figure = tile_map(frame, colour_by)
    hatched = [t for t in figure.data if t.marker.pattern.shape]
    assert [t.name for t in hatched] == ["withheld (fewer than 3 people)"]


def test_tiles_outside_the_chosen_group_are_outlines_only(snap, withheld_cell):
    _, year, enabler = withheld_cell
    frame = queries.area_results(snap, year, _item(snap, enabler))
    inner = frame[frame["inner_outer"] == "Inner London"]
    figure = tile_map(inner, ColourBy.MEAN, grid=frame)
    assert {b["key"] for b in _bars(figure)} == set(inner["area_code"])
    assert len(figure.layout.shapes) == 33 - len(inner)


def test_the_caterpillar_follows_the_london_rank_and_lists_withheld_last_without_a_value(
    snap, published_home, withheld_cell
):
    area, year, enabler = withheld_cell
    frame = queries.area_results(snap, year, _item(snap, enabler))
    london = queries.region_value(snap, year, _item(snap, enabler), queries.LONDON)
    figure = caterpillar(frame, london.mean)
    ranked = snapshot_frame(
        published_home,
        "SELECT a.area_name FROM marts.benchmark b JOIN reference.areas a USING (area_code) "
        "WHERE b.assessment_year = ? AND b.item_id = ? AND b.comparator_type = 'region' AND b.rank IS NOT NULL "
        "ORDER BY b.rank, a.area_name",
        [year, enabler],
    )["area_name"].tolist()
    order = list(figure.layout.yaxis.categoryarray)
    assert order[: len(ranked)] == ranked
    withheld_name = frame.loc[frame["area_code"] == area, "area_name"].iloc[0]
    assert order[len(ranked)] == withheld_name
    plotted = {y: x for t in figure.data for x, y in zip(t.x, t.y) if x is not None}
    assert set(plotted) == set(ranked)
    assert [a.text for a in figure.layout.annotations if a.y == withheld_name] == ["<i>withheld</i>"]
    assert [s.x0 for s in figure.layout.shapes] == [pytest.approx(london.mean)]


def test_the_heatmap_has_a_cell_per_borough_and_enabler_withheld_hatched(snap, withheld_cell):
    area, year, enabler = withheld_cell
    grid = queries.enabler_grid(snap, year)
    figure = heatmap(grid)
    bars = _bars(figure)
    assert len(bars) == 33 * 12 and len({(b["x"], b["base"]) for b in bars}) == 33 * 12
    cell = next(b for b in bars if b["key"] == f"{area} {enabler}")
    assert cell["trace"] == "withheld (fewer than 3 people)" and cell["text"] == "withheld"
    means = next(t for t in figure.data if t.name == "Mean")
    assert len(means.marker.color) == int((grid["has_return"] & ~grid["is_suppressed"]).sum())
    assert all(isinstance(v, float) and 1 <= v <= 5 for v in means.marker.color)
    assert [t.name for t in figure.data if t.marker.pattern.shape] == ["withheld (fewer than 3 people)"]
