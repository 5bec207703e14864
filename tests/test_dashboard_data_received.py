"""The Data received page as a user sees it, on the full demo (which sends a late correction and a
deliberately broken workbook), through `maturity dashboard` and Debian's chromium.

Expected values come from the snapshot and the warehouse's audit tables with SQL written here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from synthetic.received_examples import BROKEN_NAME, CORRECTED_AREA, CORRECTED_YEAR
from tests.support.browser import new_page, settle
from tests.support.page_reading import rows_under
from tests.support.queries import database_rows, snapshot_rows

BANNER = "SYNTHETIC DATA — generated for demonstration; not real borough returns"


@pytest.fixture(scope="module")
def page(browser: Browser, demo_dashboard: str) -> Iterator[Page]:
    """The corrected borough's page, opened once for this module and read by each of its tests."""
    with new_page(browser, 1400, 2400) as page:
        page.goto(f"{demo_dashboard}/data-received?area={CORRECTED_AREA}&year={CORRECTED_YEAR}")
        settle(page)
        yield page


def test_the_page_renders_with_its_chart_the_banner_and_what_the_figures_rest_on(demo_home, page):
    expect(page.get_by_role("heading", name="Data received", exact=True)).to_be_visible()
    expect(page.get_by_text(BANNER)).to_be_visible()
    assert page.locator('[data-testid="stPlotlyChart"] .main-svg').count() >= 1
    (run_id,), = snapshot_rows(demo_home, "SELECT run_id FROM meta.snapshot")
    assert f"by run {run_id}" in page.inner_text("body")


def test_the_boroughs_files_equal_the_mart(demo_home, page):
    expected = snapshot_rows(demo_home, """
        SELECT file_name, kind, status, standing, coalesce(n_participants::VARCHAR, '—')
        FROM marts.data_received WHERE area_code = ? AND assessment_year = ?
        ORDER BY received_at, file_name""", [CORRECTED_AREA, CORRECTED_YEAR])
    shown = [(r[1], r[2], r[3], r[4], r[5]) for r in rows_under(page, "Status when received")
             if r[1] in {name for name, *_ in expected}]
    assert shown == expected
    # the demo's late correction: the first workbook replaced, the corrected one in use
    standings = {(status, standing) for _, kind, status, standing, _ in expected if kind == "assessment workbook"}
    assert standings == {("accepted", "replaced"), ("superseded", "in use")}


def test_a_refused_files_reason_appears_as_recorded(demo_home, page):
    reasons = database_rows(
        demo_home.warehouse,
        "SELECT string_agg(location || ': ' || reason, '; ') FROM audit.rejections WHERE file_name = ?",
        [BROKEN_NAME],
    )[0][0]
    assert reasons
    refused = {row[1]: row for row in rows_under(page, "Reasons (location: reason)")}
    assert refused[BROKEN_NAME][4] == reasons


def test_a_download_returns_the_files_table(page, tmp_path):
    with page.expect_download() as info:
        page.get_by_role("button", name="files received (CSV)").first.click()
    download = info.value
    assert download.suggested_filename.startswith("SYNTHETIC_") and download.suggested_filename.endswith(".csv")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert "Status when received" in text.splitlines()[0] and BANNER in text


def test_no_local_path_appears_on_the_page(demo_home, page):
    text = page.inner_text("body")
    assert str(demo_home.root) not in text and "/archive/" not in text and "/quarantine/" not in text
