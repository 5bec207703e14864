"""A Leeds workbook in the dashboard beside Yorkshire and The Humber and England (issue #15): the real
`maturity dashboard` on england_home (London's subset beside three West Yorkshire authorities) read
through Debian's chromium, and Leeds's take-away pack and report written by `maturity report`.

Expected values come from the snapshot with SQL written here; the words a reader should see are
written out here, so a wrong query or wording in the app cannot agree with itself.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, expect

from pipelines.cli import main
from tests.support.browser import new_page, settle
from tests.support.england import LEEDS, YORKSHIRE
from tests.support.page_reading import plots, table
from tests.support.queries import snapshot_rows
from warehouse.home import Home

WAIT_MS = 60_000
REGION = "Yorkshire and The Humber"
ENGLAND = "E92000001"
YEAR = 2024


@pytest.fixture
def open_page(browser: Browser) -> Iterator:
    with contextlib.ExitStack() as pages:

        def open_(url: str, heading: str) -> Page:
            page = pages.enter_context(new_page(browser, 1400, 3000, WAIT_MS))
            page.goto(url)
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=WAIT_MS)
            settle(page, WAIT_MS)
            return page

        yield open_


def _value(home: Home, region: str | None, year: int) -> tuple[float, int]:
    """The mean of the published overall means of the region's authorities (all England's when
    None), each once, and how many there are."""
    [(mean, n)] = snapshot_rows(
        home,
        """
        SELECT avg(m.mean_score), count(*) FROM marts.area_maturity AS m JOIN reference.areas AS a USING (area_code)
        WHERE m.assessment_year = ? AND NOT m.is_suppressed AND (? IS NULL OR a.region_code = ?)
        """,
        [year, region, region],
    )
    return mean, n


def _leeds(home: Home, year: int) -> tuple[float, int, str, int, int]:
    """Leeds's overall mean and n, and its label and rank against its region."""
    [row] = snapshot_rows(
        home,
        """
        SELECT m.mean_score, m.n_scores, b.benchmark_label, b.rank, b.n_ranked
        FROM marts.area_maturity AS m
        JOIN marts.benchmark AS b ON b.area_code = m.area_code AND b.assessment_year = m.assessment_year
            AND b.level = 'overall' AND b.comparator_type = 'region'
        WHERE m.area_code = ? AND m.assessment_year = ?
        """,
        [LEEDS, year],
    )
    return row


def test_the_overview_ranks_leeds_beside_yorkshire_and_englands_values(open_page, england_dashboard, england_home):
    page = open_page(f"{england_dashboard}/?region={YORKSHIRE}&year={YEAR}", f"{REGION} overview")
    region_mean, region_n = _value(england_home, YORKSHIRE, YEAR)
    england_mean, england_n = _value(england_home, None, YEAR)
    [(members,)] = snapshot_rows(england_home, "SELECT count(*) FROM reference.areas WHERE region_code = ? AND (first_year IS NULL OR "
                                 "first_year <= ?) AND (last_year IS NULL OR last_year >= ?)", [YORKSHIRE, YEAR, YEAR])
    expect(page.get_by_text(f"{REGION}'s value {region_mean:.2f}, from {region_n} of its {members} authorities'",
                            exact=False)).to_be_visible()
    expect(page.get_by_text(f"England's value {england_mean:.2f}, from {england_n} of its", exact=False)).to_be_visible()
    expect(page.get_by_role("heading", name=f"Authorities ranked, Overall maturity, {YEAR}")).to_be_visible()

    ranking = plots(page).first  # no tile map outside London: the ranked dot plot comes first
    mean, n, label, rank, n_ranked = _leeds(england_home, YEAR)
    points = ranking.evaluate(
        "el => el._fullData.flatMap(t => Array.from(t.y || []).map((y, i) => [y, t.x[i]])"
        ".filter(p => p[1] !== null && p[1] !== undefined))"
    )
    drawn = {y: x for y, x in points if y is not None}
    assert drawn["Leeds"] == pytest.approx(mean)
    published = {name for (name,) in snapshot_rows(england_home, """
        SELECT a.area_name FROM marts.area_maturity AS m JOIN reference.areas AS a USING (area_code)
        WHERE m.assessment_year = ? AND a.region_code = ? AND NOT m.is_suppressed""", [YEAR, YORKSHIRE])}
    assert set(drawn) == published  # only the region's published authorities are plotted
    assert ranking.evaluate("el => el.layout.shapes.map(s => s.x0)") == [pytest.approx(region_mean),
                                                                          pytest.approx(england_mean)]
    legend = ranking.locator(".legendtext").all_text_contents()
    assert f"{REGION} {region_mean:.2f}" in legend and f"England {england_mean:.2f}" in legend

    ranked = table(page, 0)
    assert f"Rank in {REGION}" in ranked and "Inner/Outer London" not in ranked
    at = ranked["Authority"].index("Leeds")
    assert ranked[f"Rank in {REGION}"][at] == f"{rank} of {n_ranked}"
    assert ranked[f"Compared with {REGION}"][at] == label
    assert ranked["Mean"][at] == f"{mean:.2f}" and ranked["n"][at] == str(n)
    # every authority of the region that year is listed, those without a return as such
    assert len(ranked["Authority"]) == members
    assert "London" not in page.locator('[data-testid="stMain"]').inner_text()


def test_the_borough_profile_of_leeds_compares_it_with_yorkshire_and_england(open_page, england_dashboard, england_home):
    page = open_page(f"{england_dashboard}/borough?area={LEEDS}&year={YEAR}&comparator=england", f"Leeds, {YEAR}")
    expect(page.get_by_role("heading", name=f"Enablers against {REGION} and England", exact=True)).to_be_visible()
    box = page.get_by_role("combobox", name=f"Compare with (beside {REGION})")
    expect(box).to_be_visible()
    box.click()
    offered = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    expected_offers = {name for (name,) in snapshot_rows(england_home, """
        SELECT DISTINCT comparator_name FROM marts.benchmark
        WHERE area_code = ? AND assessment_year = ? AND comparator_type <> 'region'""", [LEEDS, YEAR])}
    assert set(offered) == expected_offers
    assert {"England", "Statistical neighbours of Leeds"} <= expected_offers and REGION not in offered

    rows = {
        (kind, item): (mean, n_areas, label)
        for kind, item, mean, n_areas, label in snapshot_rows(england_home, """
            SELECT comparator_type, level, comparator_mean, n_areas, benchmark_label FROM marts.benchmark
            WHERE area_code = ? AND assessment_year = ? AND item_id = 'overall'""", [LEEDS, YEAR])
    }
    summary = table(page, 0)
    region_mean, region_n, region_label = rows[("region", "overall")]
    england_mean, england_n, england_label = rows[("england", "overall")]
    assert summary[f"{REGION} mean"][0] == f"{region_mean:.2f}"
    assert summary[f"{REGION} authorities"][0] == str(region_n)
    assert summary[f"Against {REGION}"][0] == region_label
    assert summary["England mean"][0] == f"{england_mean:.2f}"
    assert summary["Against England"][0] == england_label
    assert f"Rank in {REGION}" in summary
    radar = next(p for p in plots(page).all() if p.evaluate("el => el.data.some(t => t.type === 'scatterpolar')"))
    names = radar.evaluate("el => el.data.map(t => t.name)")
    assert set(names) == {f"Leeds {YEAR}", f"{REGION} mean {YEAR}", f"England mean {YEAR}"}

    # its latest outcomes beside its region's and England's
    latest = snapshot_rows(england_home, """
        SELECT indicator_name, period_label, region_value, england_value FROM marts.outcomes
        WHERE area_code = ? AND is_headline
        QUALIFY row_number() OVER (PARTITION BY source, indicator_id
                                   ORDER BY period_start_year DESC, period_end_year DESC, period_label DESC) = 1
        ORDER BY indicator_name, source, indicator_id""", [LEEDS])
    assert latest, "england_home's referrals file covers Leeds"
    found = next(table(page, i) for i in range(page.locator('[data-testid="stTable"]').count())
                 if {"Indicator", REGION, "England"} <= set(table(page, i)))
    figure = lambda v: "—" if v is None else f"{v:g}"  # noqa: E731
    assert found["Indicator"] == [r[0] for r in latest] and found["Period"] == [r[1] for r in latest]
    assert found[REGION] == [figure(r[2]) for r in latest]
    assert found["England"] == [figure(r[3]) for r in latest]


def test_the_outcomes_page_has_leeds_beside_its_region_england_and_its_neighbours(open_page, england_dashboard,
                                                                                  england_home):
    page = open_page(f"{england_dashboard}/outcomes?area={LEEDS}", "Outcomes")
    expect(page.get_by_role("heading", name=re.compile(rf"^Leeds: the outcome over time, beside {REGION} and England$"))
           ).to_be_visible()
    expect(page.get_by_role("heading", name="Leeds beside its statistical neighbours")).to_be_visible()
    neighbours = {name for (name,) in snapshot_rows(england_home, """
        SELECT a.area_name FROM reference.statistical_neighbours AS s
        JOIN reference.areas AS a ON a.area_code = s.neighbour_area_code WHERE s.area_code = ?""", [LEEDS])}
    found = next(table(page, i) for i in range(page.locator('[data-testid="stTable"]').count())
                 if "Maturity assessed" in table(page, i))
    assert set(found["Area"]) == {"Leeds", *neighbours}
    # neighbours without any maturity scores are there, with their outcome figures
    assert any(m == "no" and period != "—" for m, period in zip(found["Maturity assessed"], found["Period"]))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _framework_text_naming_london(home: Home) -> list[str]:
    """The tool's own words that name London (its challenges' descriptions): not the pack's wording."""
    return [text for (text,) in snapshot_rows(home, """
        SELECT description FROM reference.challenges UNION ALL SELECT examples FROM reference.challenges""")
            if "London" in text]


@pytest.mark.parametrize("kind", ["excel", "html"])
def test_a_leeds_report_says_yorkshire_and_the_humber_not_london(england_home, tmp_path, kind):
    out = tmp_path / f"leeds.{'xlsx' if kind == 'excel' else 'html'}"
    assert main(["report", kind, str(out), "--area", "Leeds", "--year", str(YEAR), "--home", str(england_home.root),
                 "--comparator", "england"]) == 0
    [written] = [p for p in tmp_path.iterdir()]
    if kind == "excel":
        book = openpyxl.load_workbook(written)
        texts = [str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    else:
        parser = _Text()
        parser.feed(written.read_text(encoding="utf-8"))
        texts = parser.parts
    joined = "\n".join(texts)
    assert f"Against {REGION}" in joined and f"Rank in {REGION} (1 = highest)" in joined
    assert f"{REGION}; England" in joined  # what the pack is compared with
    assert "SYNTHETIC" in joined
    framework_words = _framework_text_naming_london(england_home)
    naming_london = [t for t in texts if "London" in t and not any(t.strip() in w or w in t for w in framework_words)]
    assert naming_london == []
    [(mean,)] = snapshot_rows(england_home, """
        SELECT comparator_mean FROM marts.benchmark WHERE area_code = ? AND assessment_year = ?
        AND level = 'overall' AND comparator_type = 'region'""", [LEEDS, YEAR])
    if kind == "excel":
        summary = book["Summary"]
        heads = [c.value for row in summary.iter_rows() for c in row if c.value == f"{REGION} mean"]
        assert heads
        values = [c.value for row in summary.iter_rows() for c in row if isinstance(c.value, float)]
        assert any(v == pytest.approx(mean) for v in values)
    else:
        assert f"{mean:.2f}" in joined


def test_a_report_for_a_london_borough_still_says_london(england_home, tmp_path):
    """London keeps its words: Camden's pack is against London, with Inner London beside it."""
    assert main(["report", "excel", str(tmp_path), "--area", "Camden", "--year", str(YEAR),
                 "--home", str(england_home.root), "--comparator", "inner_outer"]) == 0
    [written] = list(tmp_path.iterdir())
    book = openpyxl.load_workbook(written)
    texts = {str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)}
    assert {"Against London", "Boroughs in London mean", "Rank in London (1 = highest)", "London; Inner London"} <= texts


def test_the_overview_offers_london_first_then_the_other_regions_then_england(england_home):
    from dashboards.queries import overview as queries
    from dashboards.snapshot import open_snapshot

    snap = open_snapshot(england_home.snapshot)
    regions = queries.regions(snap)
    assessed = {code for (code,) in snapshot_rows(england_home, """
        SELECT DISTINCT a.region_code FROM marts.area_maturity JOIN reference.areas AS a USING (area_code)""")}
    assert [r.code for r in regions] == ["E12000007", *sorted(assessed - {"E12000007"},
                                                             key=lambda c: next(r.name for r in regions if r.code == c)),
                                         ENGLAND]
    overall = queries.items(snap)[0]
    england = queries.area_results(snap, YEAR, overall, ENGLAND)
    expected = snapshot_rows(england_home, """
        SELECT m.area_code, b.rank FROM marts.area_maturity AS m
        JOIN marts.benchmark AS b ON b.area_code = m.area_code AND b.assessment_year = m.assessment_year
            AND b.level = 'overall' AND b.comparator_type = 'england'
        WHERE m.assessment_year = ?""", [YEAR])
    got = {code: (None if rank != rank else int(rank)) for code, rank in zip(england["area_code"], england["rank"])}
    assert got == {code: rank for code, rank in expected}  # every assessed authority, ranked within England
    value = queries.region_value(snap, YEAR, overall, ENGLAND)
    mean, n = _value(england_home, None, YEAR)
    assert value.name == "England" and value.mean == pytest.approx(mean) and value.n_areas == n
