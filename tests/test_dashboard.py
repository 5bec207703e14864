"""The borough profile as a user sees it: a real `maturity dashboard` read through Debian's chromium.

Expected values come straight from the snapshot with SQL written here, so a wrong query in the
app cannot agree with itself.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from streamlit.testing.v1 import AppTest

from tests.support.browser import WAIT_MS, new_page
from tests.support.dashboard_server import APP
from tests.support.queries import snapshot_rows
from tests.support.submissions import SMALL_GROUP_AREA, SUBSET_YEARS
from warehouse.home import HOME_ENV, Home

SCREENSHOT = Path("/tmp/dashboard.png")
TITLE = "Early years integration maturity"
SYNTHETIC_BANNER = "SYNTHETIC DATA — generated for demonstration; not real borough returns"
WITHHELD = "withheld (fewer than 3 people)"
SMALL_GROUP = "small group (fewer than 5 people)"
COMPARATOR_BOX = "Compare with (beside London)"
SETTLED = """() => {
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    return !document.querySelector('[data-testid="stStatusWidgetRunningIcon"], [data-stale="true"]')
        && charts.length > 0 && charts.every(c => c.querySelector('.js-plotly-plot .main-svg'));
}"""
TABLES = """() => [...document.querySelectorAll('[data-testid="stTable"] table')].map(t => ({
    head: [...t.querySelectorAll('thead th')].map(c => c.innerText.trim()),
    rows: [...t.querySelectorAll('tbody tr')].map(r => [...r.querySelectorAll('td')].map(c => c.innerText.trim())),
}))"""
FIGURES = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')].map(el => ({
    traces: el.data.map(t => ({name: t.name, type: t.type, r: t.r ?? null, theta: t.theta ?? null,
                               x: t.x ? [...t.x] : null, y: t.y ? [...t.y] : null})),
    notes: (el.layout.annotations || []).map(a => ({y: a.y, text: a.text})),
}))"""
CHART_DRAWN = """([type, name]) => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')]
    .filter(el => el.querySelector('.main-svg')
        && (el.data || []).some(t => t.type === type && (name === null || t.name === name)))
    .length === 1"""


@pytest.fixture
def dashboard(browser: Browser, published_dashboard: str) -> Iterator[Page]:
    """A fresh session on the borough page, once its default borough has rendered."""
    with new_page(browser, 1300, 4000) as page:
        page.goto(f"{published_dashboard}/borough")
        expect(page.get_by_role("heading", name=re.compile(r", \d{4}$"))).to_be_visible()
        _settle(page)
        yield page


def _areas(home: Home) -> list[tuple[str, str, list[int]]]:
    """(code, name, years newest first) for every borough with results, in name order."""
    rows = snapshot_rows(
        home,
        """
        SELECT area_code, area_name, list(DISTINCT assessment_year ORDER BY assessment_year DESC)
        FROM marts.enabler_maturity GROUP BY ALL ORDER BY area_name
        """,
    )
    return [(code, name, list(years)) for code, name, years in rows]


def _expected(home: Home, code: str, year: int, comparator_type: str) -> list[dict]:
    """Per enabler in tool order: the mart's figures and the benchmark's London (region) and comparator."""
    rows = snapshot_rows(
        home,
        """
        SELECT m.enabler_id, m.enabler_name, m.mean_score, m.n_scores, m.n_skipped, m.is_suppressed,
               m.is_small_group, m.count_1, m.count_2, m.count_3, m.count_4, m.count_5,
               lo.comparator_mean, lo.benchmark_label, co.comparator_mean, co.comparator_name
        FROM marts.enabler_maturity AS m
        JOIN marts.benchmark AS lo ON lo.area_code = m.area_code AND lo.assessment_year = m.assessment_year
            AND lo.level = 'enabler' AND lo.item_id = m.enabler_id AND lo.comparator_type = 'region'
        JOIN marts.benchmark AS co ON co.area_code = m.area_code AND co.assessment_year = m.assessment_year
            AND co.level = 'enabler' AND co.item_id = m.enabler_id AND co.comparator_type = ?
        WHERE m.area_code = ? AND m.assessment_year = ?
        ORDER BY m.enabler_order
        """,
        [comparator_type, code, year],
    )
    keys = ("id", "name", "mean", "n", "skipped", "suppressed", "small", "c1", "c2", "c3", "c4", "c5",
            "london", "london_label", "comparator", "comparator_name")
    return [dict(zip(keys, row)) for row in rows]


def _settle(page: Page) -> None:
    """Streamlit has finished the rerun: nothing running, nothing stale, every chart drawn."""
    for _ in range(2):  # twice, apart, so a rerun that had not yet begun is not taken for done
        page.wait_for_timeout(400)
        page.wait_for_function(SETTLED, timeout=WAIT_MS)


def _choose(page: Page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()


def _show(page: Page, name: str, year: int, comparator: str | None = None) -> None:
    """Pick borough, then year (then comparator), waiting for each rerun so each list belongs to
    the choice before it."""
    _choose(page, "Borough", name)
    expect(page.get_by_role("heading", name=re.compile(rf"^{re.escape(name)}, \d{{4}}$"))).to_be_visible()
    _settle(page)
    _choose(page, "Assessment year", str(year))
    expect(page.get_by_role("heading", name=f"{name}, {year}", exact=True)).to_be_visible()
    _settle(page)
    if comparator:
        _choose(page, COMPARATOR_BOX, comparator)
        expect(page.get_by_role("heading", name=re.compile(rf"Enablers against London and {re.escape(comparator)}$"))
               ).to_be_visible()
        _settle(page)


def _table(page: Page, *headings: str) -> list[dict[str, str]]:
    """The rows (heading → cell text) of the one table shown with all of `headings`."""
    found = [t for t in page.evaluate(TABLES) if all(h in t["head"] for h in headings)]
    assert len(found) == 1, f"{len(found)} tables have the headings {headings}"
    return [dict(zip(found[0]["head"], row)) for row in found[0]["rows"]]


def _figure(page: Page, trace_type: str, name: str | None = None) -> dict:
    """The one chart holding a trace of `trace_type` (named `name`, when given), once it has drawn:
    under load a chart lower on the page can still be arriving after the rerun looks settled."""
    with contextlib.suppress(PlaywrightTimeoutError):  # the assertion below says what was there instead
        page.wait_for_function(CHART_DRAWN, arg=[trace_type, name], timeout=WAIT_MS)
    found = [f for f in page.evaluate(FIGURES)
             if any(t["type"] == trace_type and (name is None or t["name"] == name) for t in f["traces"])]
    assert len(found) == 1, f"{len(found)} charts have a {trace_type} trace {name or ''}"
    return found[0]


def _squash(text: str) -> str:
    """Wrapped spoke labels lose their spaces at line breaks."""
    return re.sub(r"\s+|<br>", "", text)


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _assert_profile(page: Page, name: str, year: int, expected: list[dict]) -> None:
    """Radar (borough, London, comparator), enabler table and diverging bars all say what the marts say."""
    comparator = expected[0]["comparator_name"]
    radar = _figure(page, "scatterpolar", f"London mean {year}")
    lines = {t["name"]: t for t in radar["traces"] if t["type"] == "scatterpolar"}
    assert set(lines) == {f"{name} {year}", f"London mean {year}", f"{comparator} mean {year}"}
    borough = lines[f"{name} {year}"]
    assert [_squash(t) for t in borough["theta"][:12]] == [_squash(r["name"]) for r in expected]
    assert borough["r"][:12] == [None if r["suppressed"] else pytest.approx(r["mean"]) for r in expected]
    assert lines[f"London mean {year}"]["r"][:12] == [pytest.approx(r["london"]) for r in expected]
    assert lines[f"{comparator} mean {year}"]["r"][:12] == [pytest.approx(r["comparator"]) for r in expected]

    rows = _table(page, "Enabler", "Mean", "n skipped", "Rank in London")
    assert len(rows) == 12
    for row, want in zip(rows, expected):
        assert row["Enabler"] == f"{want['id']} {want['name']}"
        assert row["Mean"] == (WITHHELD if want["suppressed"] else f"{want['mean']:.2f}")
        assert (row["n scores"], row["n skipped"]) == (str(want["n"]), str(want["skipped"]))
        assert row["London mean"] == _number(want["london"])
        assert row["Against London"] == (WITHHELD if want["suppressed"] else want["london_label"])
        assert row["Note"] == (WITHHELD if want["suppressed"] else SMALL_GROUP if want["small"] else "")

    bars = _figure(page, "bar")
    for want in expected:
        label = f"{want['id']} {want['name']}"
        left = sum(x for t in bars["traces"] for y, x in zip(t["y"], t["x"]) if y == label and x < 0)
        right = sum(x for t in bars["traces"] for y, x in zip(t["y"], t["x"]) if y == label and x > 0)
        if want["suppressed"]:
            assert (left, right) == (0, 0), f"{label} is withheld: no bar"
            assert {"y": label, "text": WITHHELD} in bars["notes"]
        elif want["c1"] is not None:
            assert left == pytest.approx(-(want["c1"] + want["c2"] + want["c3"] / 2))
            assert right == pytest.approx(want["c4"] + want["c5"] + want["c3"] / 2)


def test_title_synthetic_banner_and_publication_time(dashboard: Page, published_home: Home) -> None:
    [(published_at, run_id, is_synthetic)] = snapshot_rows(
        published_home, "SELECT published_at, run_id, is_synthetic FROM meta.snapshot"
    )
    assert is_synthetic, "these tests expect the demo (synthetic) snapshot"
    expect(dashboard).to_have_title(TITLE)
    expect(dashboard.get_by_role("alert").filter(has_text=SYNTHETIC_BANNER)).to_be_visible()
    expect(dashboard.get_by_text(f"Snapshot published {published_at:%-d %B %Y, %H:%M} UTC · run {run_id}")).to_be_visible()


def test_choosing_a_borough_year_and_comparator_shows_its_profile(dashboard: Page, published_home: Home) -> None:
    areas = _areas(published_home)
    # Not the first borough nor the newest year, which the page shows before anyone chooses.
    code, name, years = max(areas[1:] or areas, key=lambda area: len(area[2]))
    year = years[-1]
    [(icb,)] = snapshot_rows(published_home, "SELECT DISTINCT comparator_name FROM marts.benchmark WHERE area_code = ? "
                                             "AND assessment_year = ? AND comparator_type = 'icb'", [code, year])
    _show(dashboard, name, year, icb)
    _assert_profile(dashboard, name, year, _expected(published_home, code, year, "icb"))

    [(overall, n, label, rank, ranked)] = snapshot_rows(published_home, """
        SELECT m.mean_score, m.n_scores, b.benchmark_label, b.rank, b.n_ranked
        FROM marts.area_maturity AS m JOIN marts.benchmark AS b USING (area_code, assessment_year)
        WHERE area_code = ? AND assessment_year = ? AND b.level = 'overall' AND b.comparator_type = 'region'
        """, [code, year])
    summary = _table(dashboard, "n people", "Rank in London")[0]
    assert (summary["Mean"], summary["n people"], summary["Against London"], summary["Rank in London"]) == (
        f"{overall:.2f}", str(n), label, f"{rank} of {ranked}")
    dashboard.screenshot(path=str(SCREENSHOT), full_page=True)


def test_choosing_another_borough_updates_the_page(dashboard: Page, published_home: Home) -> None:
    areas = _areas(published_home)
    assert len(areas) >= 2, "published_home needs at least two boroughs"
    (first_code, first_name, first_years), (code, name, years) = areas[0], areas[-1]
    # The first comparator beside London is the borough's inner or outer London group.
    _assert_profile(dashboard, first_name, first_years[0],
                    _expected(published_home, first_code, first_years[0], "inner_outer"))
    expected = _expected(published_home, code, years[0], "inner_outer")
    assert expected != _expected(published_home, first_code, first_years[0], "inner_outer")
    _show(dashboard, name, years[0])
    _assert_profile(dashboard, name, years[0], expected)


def test_withheld_figures_show_as_withheld_never_as_numbers(dashboard: Page, published_home: Home) -> None:
    """The small group: enablers scored by 2 people are the word withheld in the table, a hatched
    gap in the radar, and no bar; its splits are withheld and never drawn as dots."""
    year = SUBSET_YEARS[-1]
    [(name,)] = snapshot_rows(published_home, "SELECT area_name FROM reference.areas WHERE area_code = ?",
                              [SMALL_GROUP_AREA])
    expected = _expected(published_home, SMALL_GROUP_AREA, year, "inner_outer")
    withheld = [r for r in expected if r["suppressed"]]
    assert withheld, "published_home's small group should have withheld enablers"
    _show(dashboard, name, year)
    _assert_profile(dashboard, name, year, expected)

    radar = _figure(dashboard, "scatterpolar", f"London mean {year}")
    [hatch] = [t for t in radar["traces"] if t["type"] == "barpolar"]
    assert hatch["name"] == WITHHELD
    assert [_squash(t) for t in hatch["theta"]] == [_squash(r["name"]) for r in withheld]

    counts = {row["Enabler"]: row for row in _table(dashboard, "Enabler", "Scored 1", "Agreement")}
    for row in withheld:
        cells = counts[f"{row['id']} {row['name']}"]
        assert [cells[f"Scored {s}"] for s in range(1, 6)] == [WITHHELD] * 5
        assert cells["Agreement"] == WITHHELD

    assert not snapshot_rows(published_home, "SELECT * FROM marts.group_comparison WHERE area_code = ? "
                                             "AND assessment_year = ? AND NOT is_suppressed", [SMALL_GROUP_AREA, year])
    for figure in dashboard.evaluate(FIGURES):
        assert not [t for t in figure["traces"] if t["type"] == "scatter"], "no gap of the small group is drawn"
    expect(dashboard.get_by_text(WITHHELD).first).to_be_visible()


def test_a_small_group_is_flagged(dashboard: Page, published_home: Home) -> None:
    found = snapshot_rows(published_home, """
        SELECT area_code, area_name, assessment_year FROM marts.area_maturity
        WHERE is_small_group AND NOT is_suppressed ORDER BY ALL LIMIT 1""")
    assert found, "published_home should have a small group"
    [(code, name, year)] = found
    _show(dashboard, name, year)
    summary = _table(dashboard, "n people", "Rank in London")
    assert summary[0]["Note"] == SMALL_GROUP


def _labels(home: Home, sql: str, params: list) -> set[str]:
    return {f"{e} {n}" for e, n in snapshot_rows(home, sql, params)}


def test_indicators_and_gaps_are_drawn_where_the_marts_have_them(dashboard: Page, published_home: Home) -> None:
    """Gaps published are dots; a withheld split is the word withheld on its enabler's line, no dot."""
    [(code, name, year)] = snapshot_rows(published_home, """
        SELECT g.area_code, a.area_name, g.assessment_year
        FROM marts.group_comparison AS g JOIN reference.areas AS a USING (area_code)
        WHERE g.split = 'role_level' GROUP BY ALL
        ORDER BY bool_or(g.is_suppressed) AND bool_or(NOT g.is_suppressed) DESC,
                 count(*) FILTER (NOT g.is_suppressed) DESC, 1, 3 LIMIT 1""")
    _show(dashboard, name, year)
    gaps = """
        SELECT g.enabler_id, e.enabler_name FROM marts.group_comparison AS g JOIN reference.enablers AS e USING (enabler_id)
        WHERE g.area_code = ? AND g.assessment_year = ? AND g.split = ? AND {}"""
    for split, trace in (("role_level", "Strategic vs operational"), ("sector", None)):
        shown = _labels(published_home, gaps.format("NOT g.is_suppressed"), [code, year, split])
        hidden = _labels(published_home, gaps.format("g.is_suppressed"), [code, year, split])
        charts = [f for f in dashboard.evaluate(FIGURES) if any(t["type"] == "scatter" and t["name"] == trace
                                                               for t in f["traces"])] if shown else []
        if shown:
            [chart] = charts
            dots = [(y, x) for t in chart["traces"] if t["type"] == "scatter" for y, x in zip(t["y"], t["x"])]
            assert {y for y, _ in dots} == shown and len(dots) == len(shown)
            assert {n["y"] for n in chart["notes"] if n["text"] == WITHHELD} == hidden
        if hidden:
            withheld_rows = [r for t in dashboard.evaluate(TABLES) if "Compared with" in t["head"]
                             for r in (dict(zip(t["head"], row)) for row in t["rows"]) if r["Gap"] == WITHHELD]
            assert hidden <= {r["Enabler"] for r in withheld_rows}

    [(enabler, indicators, n_shown)] = snapshot_rows(published_home, """
        SELECT enabler_id, count(*), count(*) FILTER (NOT is_suppressed) FROM marts.indicator_maturity
        WHERE area_code = ? AND assessment_year = ? GROUP BY enabler_id ORDER BY enabler_id LIMIT 1""", [code, year])
    rows = _table(dashboard, "Indicator", "Text", "Mean")
    assert len(rows) == indicators and all(row["Indicator"].startswith(enabler) for row in rows)
    assert sum(row["Mean"] != WITHHELD for row in rows) == n_shown
    if indicators >= 3:
        spokes = _figure(dashboard, "scatterpolar", f"{name} {year}: indicator means")
        [line] = [t for t in spokes["traces"] if t["name"] == f"{name} {year}: indicator means"]
        assert sum(r is not None for r in line["r"][:indicators]) == n_shown


def test_a_table_downloads_as_a_synthetic_labelled_csv(dashboard: Page, published_home: Home) -> None:
    code, name, years = _areas(published_home)[0]
    expected = _expected(published_home, code, years[0], "inner_outer")
    with dashboard.expect_download() as caught:
        dashboard.get_by_role("button", name="Download enabler means (CSV)").click()
    download = caught.value
    assert download.suggested_filename == "SYNTHETIC_enabler-means.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Data,Enabler,Mean")
    assert len(lines) == 13 and all(line.startswith(SYNTHETIC_BANNER) for line in lines[1:])
    for line, row in zip(lines[1:], expected):
        assert (WITHHELD if row["suppressed"] else f"{row['mean']:.2f}") in line


def test_the_workshop_pack_and_report_download(dashboard: Page, published_home: Home) -> None:
    code, name, years = _areas(published_home)[0]
    stem = re.sub(r"[^a-z0-9]+", "-", f"{name} {years[0]} borough profile".lower()).strip("-")
    with dashboard.expect_download(timeout=60_000) as caught:
        dashboard.get_by_role("button", name="Download workshop pack (Excel)").click()
    pack = caught.value
    assert pack.suggested_filename == f"SYNTHETIC_{stem}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(pack.path()).read_bytes()))
    assert book.sheetnames and any(ws._charts for ws in book.worksheets)

    with dashboard.expect_download(timeout=60_000) as caught:
        dashboard.get_by_role("button", name="Download report (HTML)").click()
    report = caught.value
    assert report.suggested_filename == f"SYNTHETIC_{stem}.html"
    html = Path(report.path()).read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and name in html and SYNTHETIC_BANNER in html


def test_without_a_snapshot_the_app_says_what_to_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HOME_ENV, str(tmp_path))
    app = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not app.exception
    assert [e.value for e in app.error] == ["No published snapshot yet; run `maturity demo` or `maturity run` first"]
    assert not app.selectbox
