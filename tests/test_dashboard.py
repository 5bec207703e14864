"""The dashboard as a user sees it: a real Streamlit server read through Debian's chromium.

Expected values come straight from the snapshot with SQL written here, so a wrong query in the
app cannot agree with itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright
from streamlit.testing.v1 import AppTest

from ingest.home import HOME_ENV, Home
from tests.support.dashboard_server import APP, running_dashboard

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WAIT_MS = 20_000
SCREENSHOT = Path("/tmp/dashboard.png")
TITLE = "Early years integration maturity"
SYNTHETIC_BANNER = "SYNTHETIC DATA — generated for demonstration; not real borough returns"
SUPPRESSED = "suppressed (fewer than 3 scores)"
SMALL_GROUP = "small group (fewer than 5 scores)"


@pytest.fixture(scope="module")
def dashboard_url(published_home: Home) -> Iterator[str]:
    with running_dashboard(published_home) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def dashboard(browser: Browser, dashboard_url: str) -> Iterator[Page]:
    """A fresh session on the first page, once its default borough has rendered."""
    expect.set_options(timeout=WAIT_MS)
    context = browser.new_context(viewport={"width": 1300, "height": 1800})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(dashboard_url)
    expect(page.get_by_role("heading", name=re.compile(r", \d{4}$"))).to_be_visible()
    yield page
    context.close()


def _sql(home: Home, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(home.snapshot), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _areas(home: Home) -> list[tuple[str, str, list[int]]]:
    """(code, name, years newest first) for every borough with results, in name order."""
    rows = _sql(
        home,
        """
        SELECT area_code, area_name, list(DISTINCT assessment_year ORDER BY assessment_year DESC)
        FROM marts.enabler_maturity GROUP BY ALL ORDER BY area_name
        """,
    )
    return [(code, name, list(years)) for code, name, years in rows]


def _expected(home: Home, code: str, year: int) -> list[dict]:
    rows = _sql(
        home,
        """
        SELECT m.enabler_id, m.enabler_name, m.mean_score, m.n_scores, m.n_skipped,
               m.is_suppressed, m.is_small_group, l.mean_of_area_means, l.n_areas
        FROM marts.enabler_maturity AS m
        JOIN marts.london_enabler_maturity AS l USING (assessment_year, enabler_id)
        WHERE m.area_code = ? AND m.assessment_year = ?
        ORDER BY m.enabler_order
        """,
        [code, year],
    )
    keys = ("id", "name", "mean", "n", "skipped", "suppressed", "small", "london", "areas")
    return [dict(zip(keys, row)) for row in rows]


def _cells(row: dict) -> list[str]:
    """The table row a reader should see, with the app's wording written out independently."""
    return [
        f"{row['id']} {row['name']}",
        SUPPRESSED if row["suppressed"] else f"{row['mean']:.2f}",
        str(row["n"]),
        str(row["skipped"]),
        "—" if row["london"] is None else f"{row['london']:.2f}",
        str(row["areas"]),
        SMALL_GROUP if row["small"] and not row["suppressed"] else "",
    ]


def _choose(page: Page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()


def _show(page: Page, name: str, year: int) -> None:
    """Pick borough then year, waiting for each rerun so the year list belongs to the borough."""
    _choose(page, "Borough", name)
    expect(page.get_by_role("heading", name=re.compile(rf"^{re.escape(name)}, \d{{4}}$"))).to_be_visible()
    _choose(page, "Assessment year", str(year))
    expect(page.get_by_role("heading", name=f"{name}, {year}", exact=True)).to_be_visible()


def _plot(page: Page) -> Locator:
    return page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')


def _squash(text: str) -> str:
    """Wrapped spoke labels lose their spaces at line breaks in the SVG text."""
    return re.sub(r"\s+", "", text)


def _assert_profile(page: Page, name: str, year: int, expected: list[dict]) -> None:
    plot = _plot(page)
    expect(plot.locator(".legendtext")).to_have_text([f"London mean {year}", f"{name} {year}"])
    spokes = plot.locator(".angularaxistick text")
    expect(spokes).to_have_count(12)
    assert [_squash(t) for t in spokes.all_text_contents()] == [_squash(r["name"]) for r in expected]

    traces = plot.evaluate("el => el.data.map(t => ({name: t.name, r: t.r.slice(0, 12)}))")
    borough = next(t for t in traces if t["name"] == f"{name} {year}")
    assert borough["r"] == [None if r["suppressed"] else pytest.approx(r["mean"]) for r in expected]

    rows = page.locator('[data-testid="stTable"] tbody tr')
    expect(rows).to_have_count(12)
    for index, row in enumerate(expected):
        expect(rows.nth(index).locator("td")).to_have_text(_cells(row))


def test_title_synthetic_banner_and_publication_time(dashboard: Page, published_home: Home) -> None:
    [(published_at, run_id, is_synthetic)] = _sql(
        published_home, "SELECT published_at, run_id, is_synthetic FROM meta.snapshot"
    )
    assert is_synthetic, "these tests expect the demo (synthetic) snapshot"
    expect(dashboard).to_have_title(TITLE)
    expect(dashboard.get_by_role("alert").filter(has_text=SYNTHETIC_BANNER)).to_be_visible()
    expect(dashboard.get_by_text(f"Snapshot published {published_at:%-d %B %Y, %H:%M}")).to_contain_text(run_id)


def test_choosing_a_borough_and_year_shows_its_radar_and_table(dashboard: Page, published_home: Home) -> None:
    areas = _areas(published_home)
    # Not the first borough nor the newest year, which the page shows before anyone chooses.
    code, name, years = max(areas[1:] or areas, key=lambda area: len(area[2]))
    year = years[-1]
    _show(dashboard, name, year)
    _assert_profile(dashboard, name, year, _expected(published_home, code, year))
    dashboard.screenshot(path=str(SCREENSHOT), full_page=True)


def test_choosing_another_borough_updates_the_page(dashboard: Page, published_home: Home) -> None:
    areas = _areas(published_home)
    assert len(areas) >= 2, "published_home needs at least two boroughs"
    (first_code, first_name, first_years), (code, name, years) = areas[0], areas[-1]
    _assert_profile(dashboard, first_name, first_years[0], _expected(published_home, first_code, first_years[0]))

    expected = _expected(published_home, code, years[0])
    assert expected != _expected(published_home, first_code, first_years[0])
    _show(dashboard, name, years[0])
    _assert_profile(dashboard, name, years[0], expected)


@pytest.mark.parametrize(
    ("condition", "column", "shown"),
    [("is_suppressed", 1, SUPPRESSED), ("is_small_group AND NOT is_suppressed", 6, SMALL_GROUP)],
    ids=["suppressed", "small-group"],
)
def test_a_flagged_cell_is_shown_in_words(
    dashboard: Page, published_home: Home, condition: str, column: int, shown: str
) -> None:
    """Suppressed means appear only as words (and a gap in the radar); small groups are marked."""
    found = _sql(
        published_home,
        f"""
        SELECT area_code, area_name, assessment_year, enabler_order
        FROM marts.enabler_maturity WHERE {condition} ORDER BY ALL LIMIT 1
        """,
    )
    if not found:
        pytest.fail(f"published_home has no cell where {condition} to check")
    [(code, name, year, order)] = found
    _show(dashboard, name, year)
    _assert_profile(dashboard, name, year, _expected(published_home, code, year))

    row = dashboard.locator('[data-testid="stTable"] tbody tr').nth(order - 1)
    expect(row.locator("td").nth(column)).to_have_text(shown)


def test_without_a_snapshot_the_app_says_what_to_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HOME_ENV, str(tmp_path))
    app = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not app.exception
    assert [e.value for e in app.error] == [
        f"No published snapshot at {Home(tmp_path).snapshot}; run `maturity demo` or `maturity run` first"
    ]
    assert not app.selectbox
