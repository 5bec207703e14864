"""The trends page as a commissioner sees it: the real `maturity dashboard` on the full demo (four
years, so slopes exist) read through Debian's chromium. Expected values come from the snapshot by
SQL written here, formatted here, so a wrong query or formatter in the app cannot agree with itself.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from tests.support import page_reading as read
from tests.support.browser import open_settled, page_per_test, settle
from tests.support.queries import snapshot_rows
from warehouse.home import Home

SYNTHETIC_BANNER = "SYNTHETIC DATA — generated for demonstration; not real borough returns"
WITHHELD = "withheld (fewer than 3 people)"
SMALL_GROUP = "small group (fewer than 5 people)"
CANNOT = "cannot be calculated"
WAIT_MS = 60_000  # the machine may be busy: a page is given a minute to settle


page = page_per_test(1300, 2000, WAIT_MS)  # a fresh page (browser context) for each test


def _open(page: Page, url: str, **params) -> None:
    open_settled(page, f"{url}/trends?{urlencode(params)}", "Trends", WAIT_MS)


def _choose(page: Page, label: str, option: str) -> None:
    """Type to filter the select box (its list only renders the options in view), then pick."""
    page.get_by_role("combobox", name=label).click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    settle(page, WAIT_MS)


def _f(value, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _withheld_enabler(home: Home) -> tuple[str, str, str, int]:
    found = snapshot_rows(
        home,
        """
        SELECT area_code, area_name, enabler_id, assessment_year FROM marts.enabler_maturity AS m
        WHERE is_suppressed AND (SELECT count(DISTINCT assessment_year) FROM marts.area_maturity AS a
                                 WHERE a.area_code = m.area_code) >= 3
        ORDER BY ALL LIMIT 1
        """,
    )
    if not found:
        pytest.fail("the demo has no withheld enabler mean to show")
    return found[0]


def test_the_page_renders_its_charts_with_the_synthetic_banner(page: Page, demo_dashboard: str, demo_home: Home) -> None:
    [(code, name)] = snapshot_rows(demo_home, "SELECT area_code, area_name FROM marts.area_maturity ORDER BY area_name LIMIT 1")
    _open(page, demo_dashboard, area=code, trend="summary")
    expect(page.get_by_role("alert").filter(has_text=SYNTHETIC_BANNER)).to_be_visible()
    expect(page.get_by_role("heading", name=f"{name}: Overall and the themes")).to_be_visible()
    expect(read.plots(page)).to_have_count(2)  # means across years, change between assessments
    titles = read.plots(page).first.locator(".annotation-text").all_text_contents()
    themes = [t for (t,) in snapshot_rows(demo_home, "SELECT theme_name FROM reference.themes ORDER BY theme_order")]
    assert [t for t in titles if t != "withheld"] == ["Overall", *themes]
    expect(page.locator('[data-testid="stTable"]')).to_have_count(3)  # means, change, slope


def test_choosing_a_borough_and_enablers_updates_the_page(page: Page, demo_dashboard: str, demo_home: Home) -> None:
    areas = snapshot_rows(demo_home, "SELECT DISTINCT area_code, area_name FROM marts.area_maturity ORDER BY area_name")
    _open(page, demo_dashboard, area=areas[0][0], trend="summary")
    code, name = areas[-1]
    _choose(page, "Borough", name)
    _choose(page, "Show", "All enablers")
    expect(page.get_by_role("heading", name=f"{name}: All enablers")).to_be_visible()
    settle(page, WAIT_MS)
    [(n_rows,)] = snapshot_rows(demo_home, "SELECT count(*) FROM marts.enabler_maturity WHERE area_code = ?", [code])
    assert len(read.table(page, 0)["Item"]) == n_rows


def test_the_means_table_equals_the_marts_and_a_withheld_year_is_withheld(
    page: Page, demo_dashboard: str, demo_home: Home
) -> None:
    code, name, enabler, withheld_year = _withheld_enabler(demo_home)
    expected = snapshot_rows(
        demo_home,
        """
        SELECT m.assessment_year, m.mean_score, m.mean_ci_low, m.mean_ci_high, m.n_scores, m.is_suppressed,
               m.is_small_group, l.mean_of_area_means, l.n_areas
        FROM marts.enabler_maturity AS m
        JOIN marts.regional_enabler_maturity AS l USING (assessment_year, enabler_id)
        WHERE m.area_code = ? AND m.enabler_id = ? AND l.region_code = 'E12000007' ORDER BY m.assessment_year
        """,
        [code, enabler],
    )
    _open(page, demo_dashboard, area=code, trend=enabler)
    table = read.table(page, 0)
    assert table["Year"] == [str(row[0]) for row in expected]
    assert table["Mean"] == [WITHHELD if row[5] else _f(row[1]) for row in expected]
    assert table["95% interval"] == [WITHHELD if row[5] else f"{row[2]:.2f} to {row[3]:.2f}" for row in expected]
    assert table["n"] == [str(row[4]) for row in expected]
    assert table["Note"] == [SMALL_GROUP if row[6] and not row[5] else "" for row in expected]
    assert table["London mean"] == [_f(row[7]) for row in expected]
    assert table["Boroughs in London mean"] == [str(row[8]) for row in expected]

    line = next(t for t in read.traces(read.plots(page).first) if t["name"] == name)
    points = dict(zip(line["x"], line["y"]))
    assert points[withheld_year] is None  # a gap, never a point
    assert [points[row[0]] for row in expected if not row[5]] == [pytest.approx(row[1]) for row in expected if not row[5]]
    expect(read.plots(page).first.locator(".annotation-text", has_text="withheld")).to_have_count(sum(row[5] for row in expected))


def test_the_change_table_gives_the_marts_direction_and_why_it_cannot_be_calculated(
    page: Page, demo_dashboard: str, demo_home: Home
) -> None:
    # A borough with both kinds of "cannot be calculated": a withheld year, and groups too small.
    found = snapshot_rows(
        demo_home,
        """
        SELECT area_code FROM marts.maturity_change WHERE level = 'enabler' AND direction = ?
        GROUP BY area_code HAVING bool_or(is_suppressed) AND bool_or(NOT is_suppressed)
        ORDER BY area_code LIMIT 1
        """,
        [CANNOT],
    )
    if not found:
        pytest.fail("the demo has no borough with both kinds of 'cannot be calculated'")
    [(code,)] = found
    expected = snapshot_rows(
        demo_home,
        """
        SELECT c.direction, c.is_suppressed, c.change, c.change_ci_low, c.change_ci_high, c.permutation_p,
               c.minimum_achievable_p, c.previous_n, c.current_n, c.previous_year, c.current_year
        FROM marts.maturity_change AS c JOIN reference.enablers AS e ON e.enabler_id = c.item_id
        WHERE c.area_code = ? AND c.level = 'enabler' ORDER BY e.enabler_order, c.current_year
        """,
        [code],
    )
    _open(page, demo_dashboard, area=code, trend="enablers")
    table = read.table(page, 1)
    assert table["Direction"] == [row[0] for row in expected]
    assert table["Change"] == [WITHHELD if row[1] else f"{row[2]:+.2f}" for row in expected]
    assert table["Permutation p"] == [WITHHELD if row[1] else f"{row[5]:.3f}" for row in expected]
    assert table["Minimum achievable p"] == [_f(row[6], 3) for row in expected]
    assert table["Previous n"] == [str(row[7]) for row in expected]
    for reason, row in zip(table["Why it cannot be calculated"], expected):
        direction, suppressed, min_p = row[0], row[1], row[6]
        if direction != CANNOT:
            assert reason == ""
        elif suppressed:
            small = [str(year) for n, year in ((row[7], row[9]), (row[8], row[10])) if n < 3]
            assert reason == f"{WITHHELD} in " + " and ".join(small)
        else:
            assert min_p >= 0.05
            assert reason.startswith(f"groups of {row[7]} and {row[8]} people") and f"{min_p:.3f}" in reason

    dots = [t["name"] for t in read.traces(read.plots(page).nth(1)) if t["mode"] == "markers"]
    assert set(dots) == {row[0] for row in expected if not row[1]}  # one trace per direction shown


def test_the_slope_table_equals_the_marts_latest_slope(page: Page, demo_dashboard: str, demo_home: Home) -> None:
    [(code,)] = snapshot_rows(demo_home, "SELECT area_code FROM marts.maturity_change WHERE n_years >= 3 ORDER BY ALL LIMIT 1")
    expected = snapshot_rows(
        demo_home,
        """
        SELECT item_id, slope_per_year, slope_ci_low, slope_ci_high, n_years, is_suppressed
        FROM marts.maturity_change WHERE area_code = ? AND level IN ('overall', 'theme')
        QUALIFY current_year = max(current_year) OVER (PARTITION BY level, item_id)
        ORDER BY level = 'theme', item_id
        """,
        [code],
    )
    _open(page, demo_dashboard, area=code, trend="summary")
    table = read.table(page, 2)
    by_item = dict(zip(table["Item"], zip(table["Slope per year"], table["95% interval"], table["Years with a published mean"])))
    names = dict(snapshot_rows(
        demo_home, "SELECT 'overall', 'Overall' UNION ALL SELECT theme_id, theme_name FROM reference.themes"))
    assert len(by_item) == len(expected)
    for item, slope, low, high, n_years, _ in expected:
        shown = by_item[names[item]]
        assert shown[0] == ("—" if slope is None else f"{slope:+.3f}")
        assert shown[1] == ("—" if low is None else f"{low:.3f} to {high:.3f}")
        assert shown[2] == ("—" if n_years is None else str(n_years))


def test_the_sector_mix_note_is_shown_when_the_group_changed(page: Page, demo_dashboard: str, demo_home: Home) -> None:
    found = snapshot_rows(
        demo_home,
        """
        SELECT area_code, list(sector_mix_note ORDER BY current_year) FROM marts.maturity_change
        WHERE level = 'overall' AND sector_mix_changed GROUP BY ALL ORDER BY ALL LIMIT 1
        """,
    )
    if not found:
        pytest.fail("the demo has no change of sector make-up to show")
    [(code, notes)] = found
    _open(page, demo_dashboard, area=code, trend="overall")
    warning = page.get_by_role("alert").filter(has_text="sector make-up changed")
    expect(warning).to_be_visible()
    for note in notes:
        expect(warning).to_contain_text(note)


def test_a_download_returns_the_table_as_a_synthetic_labelled_file(page: Page, demo_dashboard: str, demo_home: Home) -> None:
    code, name, enabler, withheld_year = _withheld_enabler(demo_home)
    _open(page, demo_dashboard, area=code, trend=enabler)
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(r"^Download .* means by year \(CSV\)$")).click()
    download = info.value
    assert download.suggested_filename.startswith("SYNTHETIC_") and download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8-sig").read())))
    [(n_years,)] = snapshot_rows(
        demo_home, "SELECT count(*) FROM marts.enabler_maturity WHERE area_code = ? AND enabler_id = ?", [code, enabler])
    assert len(rows) == n_years
    assert {row["Data"] for row in rows} == {SYNTHETIC_BANNER}
    assert next(row for row in rows if row["Year"] == str(withheld_year))["Mean"] == WITHHELD
