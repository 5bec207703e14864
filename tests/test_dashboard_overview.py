"""The London overview as a user sees it: the real `maturity dashboard` read through Debian's
chromium, on the full demo (33 boroughs × 4 years, with its SYNTHETIC statistical neighbours) and
on published_home (a few boroughs, so most send no return, and a small group with withheld cells).

Expected values come from the snapshot with SQL written here, and the words a reader should see
are written out here, so a wrong query or wording in the app cannot agree with itself.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.support.browser import new_page, settle
from tests.support.queries import snapshot_rows
from warehouse.home import Home

WAIT_MS = 60_000  # generous: the machine running the suite may be busy
SYNTHETIC_BANNER = "SYNTHETIC DATA — generated for demonstration; not real borough returns"
WITHHELD = "withheld (fewer than 3 people)"
SMALL_GROUP = "small group (fewer than 5 people)"
NO_RETURN = "no return"
TILES, RANKING, HEATMAP = 0, 1, 2  # the page's charts and tables, in order
MARTS = {  # level → (mart, item column); every one names its n and interval alike
    "overall": ("marts.area_maturity", None),
    "theme": ("marts.theme_maturity", "theme_id"),
    "enabler": ("marts.enabler_maturity", "enabler_id"),
}


@pytest.fixture
def open_page(browser: Browser) -> Iterator:
    """Open the overview at `url` with a query string, once it has settled."""
    with contextlib.ExitStack() as pages:

        def open_(url: str, query: str = "") -> Page:
            page = pages.enter_context(new_page(browser, 1400, 2200, WAIT_MS))
            page.goto(f"{url}/{query}")
            expect(page.get_by_role("heading", name="London overview", exact=True)).to_be_visible()
            settle(page, WAIT_MS)
            return page

        yield open_


# --- expected values, by SQL ------------------------------------------------------------------


def _expected(home: Home, year: int, level: str, item_id: str) -> list[dict]:
    """Every London authority, by name: its mart figures and its London benchmark row."""
    mart, column = MARTS[level]
    where = f"AND m.{column} = $item" if column else ""
    rows = snapshot_rows(
        home,
        f"""
        SELECT a.area_code, a.area_name, a.inner_outer, t.short_name,
               m.n_scores, m.mean_score, m.mean_ci_low, m.mean_ci_high, m.is_suppressed, m.is_small_group,
               b.benchmark_label, b.rank, b.n_ranked, b.comparator_mean
        FROM reference.areas a JOIN reference.tiles t USING (area_code)
        LEFT JOIN {mart} m ON m.area_code = a.area_code AND m.assessment_year = $year {where}
        LEFT JOIN marts.benchmark b ON b.area_code = a.area_code AND b.assessment_year = $year
             AND b.level = $level AND b.item_id = $item AND b.comparator_type = 'region'
        WHERE a.region_code = 'E12000007'
        ORDER BY a.area_name
        """,
        {"year": year, "level": level, "item": item_id},
    )
    keys = ("code", "name", "inner_outer", "short", "n", "mean", "low", "high", "withheld", "small",
            "label", "rank", "n_ranked", "london")
    return [dict(zip(keys, row)) for row in rows]


def _london(home: Home, year: int, level: str, item_id: str) -> float:
    """The mean of the published borough means, each borough once."""
    mart, column = MARTS[level]
    where = f"AND {column} = ?" if column else ""
    [(mean,)] = snapshot_rows(home, f"SELECT avg(mean_score) FROM {mart} WHERE assessment_year = ? {where} "
                                    "AND NOT is_suppressed", [year, *([item_id] if column else [])])
    return mean


def _cells(row: dict) -> list[str]:
    """The table row a reader should see for one borough."""
    if row["n"] is None:
        return [row["name"], row["inner_outer"], *[NO_RETURN] * 5, ""]
    if row["withheld"]:
        return [row["name"], row["inner_outer"], WITHHELD, str(row["n"]), WITHHELD, row["label"], WITHHELD, ""]
    return [
        row["name"], row["inner_outer"], f"{row['mean']:.2f}", str(row["n"]),
        f"{row['low']:.2f} to {row['high']:.2f}", row["label"], f"{row['rank']} of {row['n_ranked']}",
        SMALL_GROUP if row["small"] else "",
    ]


def _ranked(rows: list[dict]) -> list[dict]:
    """By London rank (ties by name), then withheld, then no return."""
    published = sorted((r for r in rows if r["n"] is not None and not r["withheld"]), key=lambda r: (r["rank"], r["name"]))
    return [*published, *(r for r in rows if r["n"] is not None and r["withheld"]), *(r for r in rows if r["n"] is None)]


# --- reading the page -------------------------------------------------------------------------


def _plot(page: Page, index: int) -> Locator:
    return page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').nth(index)


def _cells_drawn(plot: Locator) -> dict[str, dict]:
    """Every tile or heat-map cell in the chart's data, by its key (area, or area and enabler)."""
    traces = plot.evaluate(
        "el => el._fullData.filter(t => t.type === 'bar').map(t => ({name: t.name, x: Array.from(t.x),"
        " base: Array.from(t.base), text: t.text, hover: t.hovertext, key: t.customdata,"
        " pattern: t.marker.pattern ? t.marker.pattern.shape : null}))"
    )
    return {
        key: {"trace": t["name"], "x": x, "base": base, "text": text, "hover": hover, "pattern": t["pattern"]}
        for t in traces for key, x, base, text, hover in zip(t["key"], t["x"], t["base"], t["text"], t["hover"])
    }


def _rows(page: Page, index: int) -> list[list[str]]:
    return page.locator('[data-testid="stTable"]').nth(index).evaluate(
        "t => [...t.querySelectorAll('tbody tr')].map(r => [...r.querySelectorAll('td')].map(c => c.innerText.trim()))"
    )


def _choose(page: Page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()


def _assert_tiles(page: Page, expected: list[dict]) -> None:
    """33 tiles, each at its borough's square with its short name and the mart's figures."""
    drawn = _cells_drawn(_plot(page, TILES))
    assert set(drawn) == {r["code"] for r in expected}
    assert len({(c["x"], c["base"]) for c in drawn.values()}) == len(expected)
    for row in expected:
        tile = drawn[row["code"]]
        assert tile["text"].startswith(f"<b>{row['short']}</b><br>")
        assert row["name"] in tile["hover"]
        if row["n"] is None:
            assert tile["text"].endswith(NO_RETURN) and tile["trace"] == NO_RETURN
        elif row["withheld"]:
            assert tile["text"].endswith("withheld") and WITHHELD in tile["hover"] and "Mean" not in tile["hover"]
            assert tile["pattern"] == "/"
        else:
            assert tile["text"].endswith(f"{row['mean']:.2f}")
            assert f"Mean {row['mean']:.2f} (n {row['n']})" in tile["hover"]
            assert f"95 % interval {row['low']:.2f} to {row['high']:.2f}" in tile["hover"]
            assert f"Compared with London: {row['label']}" in tile["hover"]
    assert _rows(page, TILES) == [_cells(r) for r in expected]


def _assert_ranking(page: Page, expected: list[dict], london: float) -> None:
    order = _ranked(expected)
    plot = _plot(page, RANKING)
    assert plot.evaluate("el => el.layout.yaxis.categoryarray") == [r["name"] for r in order]
    # _fullData: the arrays as plotly.js decoded them (el.data may hold them base64-encoded)
    points = plot.evaluate(
        "el => el._fullData.flatMap(t => Array.from(t.y || []).map((y, i) => [y, t.x[i]])"
        ".filter(p => p[1] !== null && p[1] !== undefined))"
    )
    published = [r for r in order if r["n"] is not None and not r["withheld"]]
    assert {y: pytest.approx(x) for y, x in points} == {r["name"]: pytest.approx(r["mean"]) for r in published}
    assert plot.evaluate("el => el.layout.shapes.map(s => s.x0)") == [pytest.approx(london)]
    expect(plot.locator(".legendtext").filter(has_text=re.compile(r"^London "))).to_have_text(f"London {london:.2f}")
    # the ranking's table leads with the rank: the borough table's columns with "Rank in London" first
    assert _rows(page, RANKING) == [[c[6], *c[:6], c[7]] for c in map(_cells, order)]


# --- tests ------------------------------------------------------------------------------------


def test_the_page_renders_its_four_charts_with_tables_and_the_synthetic_banner(open_page, demo_dashboard, demo_home):
    page = open_page(demo_dashboard)
    expect(page.get_by_role("alert").filter(has_text=SYNTHETIC_BANNER)).to_be_visible()
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(4)  # the fourth: challenges in play
    expect(page.locator('[data-testid="stTable"]')).to_have_count(4)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    for note in ("not a measure of outcomes", "fewer than 3 people scored", "each borough counted once"):
        expect(page.get_by_text(note, exact=False).first).to_be_visible()


def test_the_tile_map_shows_33_boroughs_with_the_marts_figures(open_page, demo_dashboard, demo_home):
    [(year,)] = snapshot_rows(demo_home, "SELECT max(assessment_year) FROM marts.area_maturity")
    page = open_page(demo_dashboard)
    expect(page.get_by_role("heading", name=f"Overall maturity, {year}", exact=True)).to_be_visible()
    expected = _expected(demo_home, year, "overall", "overall")
    assert len(expected) == 33 and all(r["n"] is not None for r in expected)
    _assert_tiles(page, expected)
    labels = _plot(page, TILES).locator("g.trace.bars .bartext")
    expect(labels).to_have_count(33)
    shown = [re.sub(r"\s+", "", t) for t in labels.all_text_contents()]
    assert sorted(shown) == sorted(re.sub(r"\s+", "", f"{r['short']}{r['mean']:.2f}") for r in expected)
    _assert_ranking(page, expected, _london(demo_home, year, "overall", "overall"))


def test_changing_year_and_item_redraws_the_map_and_the_ranking(open_page, demo_dashboard, demo_home):
    [(year, enabler, name)] = snapshot_rows(
        demo_home,
        "SELECT min(assessment_year), 'E03', (SELECT enabler_name FROM reference.enablers WHERE enabler_id = 'E03') "
        "FROM marts.enabler_maturity",
    )
    page = open_page(demo_dashboard)
    before = _cells_drawn(_plot(page, TILES))
    _choose(page, "Assessment year", str(year))
    _choose(page, "Item", f"Enabler {enabler} {name}")
    expect(page.get_by_role("heading", name=f"{enabler} {name}, {year}", exact=True)).to_be_visible()
    settle(page, WAIT_MS)
    expected = _expected(demo_home, year, "enabler", enabler)
    assert _cells_drawn(_plot(page, TILES)) != before
    _assert_tiles(page, expected)
    _assert_ranking(page, expected, _london(demo_home, year, "enabler", enabler))

    _choose(page, "Colour tiles by", "Compared with London")
    settle(page, WAIT_MS)
    drawn = _cells_drawn(_plot(page, TILES))
    for row in expected:
        if row["n"] is not None and not row["withheld"]:
            assert drawn[row["code"]]["trace"] == f"{row['label']} (London)"


def test_a_withheld_figure_is_hatched_and_worded_never_a_number(open_page, published_dashboard, published_home):
    [(area, name, year, enabler)] = snapshot_rows(
        published_home,
        "SELECT area_code, area_name, assessment_year, enabler_id FROM marts.enabler_maturity "
        "WHERE is_suppressed ORDER BY ALL LIMIT 1",
    )
    assert name == "Westminster"  # the small group: three people, one of whom skipped two enablers
    page = open_page(published_dashboard, f"?year={year}&item={enabler}")
    expected = _expected(published_home, year, "enabler", enabler)
    assert any(r["n"] is None for r in expected)  # published_home: most boroughs sent nothing
    _assert_tiles(page, expected)
    tile = _cells_drawn(_plot(page, TILES))[area]
    assert tile["trace"] == WITHHELD and tile["pattern"] == "/"
    assert _plot(page, TILES).locator("pattern").count() > 0  # the hatch is drawn
    _assert_ranking(page, expected, _london(published_home, year, "enabler", enabler))
    ranking = _plot(page, RANKING)
    assert ranking.evaluate(
        "(el, name) => el.layout.annotations.filter(a => a.y === name).map(a => a.text)", name
    ) == ["<i>withheld</i>"]

    cell = _cells_drawn(_plot(page, HEATMAP))[f"{area} {enabler}"]
    assert cell["text"] == "withheld" and cell["pattern"] == "/" and WITHHELD in cell["hover"]
    [header] = page.locator('[data-testid="stTable"]').nth(HEATMAP).evaluate(
        "t => [[...t.querySelectorAll('thead th')].map(c => c.innerText.trim())]"
    )
    [row] = [r for r in _rows(page, HEATMAP) if r[0] == name]
    column = next(i for i, h in enumerate(header) if h.startswith(f"{enabler} "))
    assert row[column] == WITHHELD
    assert not re.search(r"\d\.\d\d", row[column])


def test_inner_london_restricts_every_chart_and_table_and_keeps_londons_line(open_page, demo_dashboard, demo_home):
    [(year,)] = snapshot_rows(demo_home, "SELECT max(assessment_year) FROM marts.area_maturity")
    inner = {name for (name,) in snapshot_rows(
        demo_home, "SELECT area_name FROM reference.areas WHERE inner_outer = 'Inner London'")}
    page = open_page(demo_dashboard)
    _choose(page, "Boroughs shown", "Inner London")
    expect(page.get_by_text(f"Showing Inner London: {len(inner)} boroughs.", exact=False)).to_be_visible()
    settle(page, WAIT_MS)
    expected = [r for r in _expected(demo_home, year, "overall", "overall") if r["name"] in inner]
    _assert_tiles(page, expected)
    _assert_ranking(page, expected, _london(demo_home, year, "overall", "overall"))
    assert {r[0] for r in _rows(page, HEATMAP)} == inner
    assert {key.split()[0] for key in _cells_drawn(_plot(page, HEATMAP))} == {r["code"] for r in expected}


def test_a_boroughs_statistical_neighbours_and_those_outside_london(open_page, demo_dashboard, demo_home):
    [(area, name, london, outside)] = snapshot_rows(
        demo_home,
        """
        SELECT s.area_code, a.area_name, list(n.area_name ORDER BY n.area_name) FILTER (WHERE n.area_name IS NOT NULL),
               count(*) FILTER (WHERE n.area_code IS NULL)
        FROM reference.statistical_neighbours s JOIN reference.areas a USING (area_code)
        LEFT JOIN reference.areas n ON n.area_code = s.neighbour_area_code AND n.region_code = 'E12000007'
        GROUP BY ALL HAVING count(*) FILTER (WHERE n.area_code IS NULL) > 0
        ORDER BY a.area_name LIMIT 1
        """,
    )
    page = open_page(demo_dashboard, f"?shown=statistical_neighbours&area={area}")
    expect(page.get_by_text(f"{outside} of its 10 neighbours are outside London and have no data here",
                            exact=False)).to_be_visible()
    assert sorted(r[0] for r in _rows(page, TILES)) == sorted([name, *london])
    assert sorted(r[1] for r in _rows(page, RANKING)) == sorted([name, *london])


def test_a_table_download_holds_the_tables_rows_labelled_synthetic(open_page, demo_dashboard, demo_home):
    page = open_page(demo_dashboard)
    shown = _rows(page, RANKING)
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile(r"^Download London overview .* ranking \(CSV\)$")).click()
    saved = download.value
    assert saved.suggested_filename.startswith("SYNTHETIC_") and saved.suggested_filename.endswith(".csv")
    with open(saved.path(), encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(io.StringIO(handle.read())))
    assert header[0] == "Data" and header[1:3] == ["Rank in London", "Borough"]
    assert {r[0] for r in rows} == {SYNTHETIC_BANNER}
    assert [r[1:] for r in rows] == shown
