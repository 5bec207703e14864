"""Every page renders for any borough and year of the demo: each page is run in-process by
Streamlit's AppTest (the app's own shell, header and page code, on the demo's published snapshot)
for every borough × year the snapshot holds, and a few properties every page must have are checked
in a real browser: the synthetic banner, no developer toolbar, no path on this machine.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect
from streamlit.testing.v1 import AppTest

from dashboards.views import PAGES
from tests.support.browser import new_page, settle
from tests.support.queries import snapshot_rows
from warehouse.home import HOME_ENV, Home

SYNTHETIC_BANNER = "SYNTHETIC DATA — generated for demonstration; not real borough returns"
PAGE_IDS = [module for module, _, _ in PAGES]


def _script(module_name: str) -> None:
    from dashboards.shell import single_page

    single_page(module_name)


def _borough_years(home: Home) -> list[tuple[str, int]]:
    return snapshot_rows(home, "SELECT DISTINCT area_code, assessment_year FROM marts.enabler_maturity ORDER BY ALL")


@pytest.mark.parametrize("module_name", PAGE_IDS)
def test_the_page_renders_for_every_borough_and_year_of_the_demo(
    module_name: str, demo_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(HOME_ENV, str(demo_home.root))
    pairs = _borough_years(demo_home)
    assert len(pairs) == 33 * 4
    app = AppTest.from_function(_script, args=(module_name,), default_timeout=60)
    failures = []
    for area, year in pairs:
        app.query_params["area"], app.query_params["year"] = area, str(year)
        app.run()
        errors = [e.value for e in app.error if SYNTHETIC_BANNER not in e.value]
        if app.exception or errors:
            failures.append((area, year, [e.message for e in app.exception], errors))
    assert not failures, failures[:3]


@pytest.mark.parametrize(("module_name", "title", "path"), PAGES, ids=PAGE_IDS)
def test_every_page_is_labelled_synthetic_shows_no_path_and_no_developer_menu(
    browser: Browser, demo_dashboard: str, demo_home: Home, module_name: str, title: str, path: str
) -> None:
    with new_page(browser, 1300, 1000) as page:
        page.goto(f"{demo_dashboard}/{path}")
        settle(page)
        expect(page.get_by_role("alert").filter(has_text=SYNTHETIC_BANNER)).to_be_visible()
        expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()  # the navigation
        text = page.inner_text("body")
        assert str(demo_home.root) not in text and "/tmp/" not in text and "Traceback" not in text
        assert not re.search(r"\bDeploy\b", text)
        page.get_by_test_id("stMainMenuButton").click()
        menu = page.get_by_test_id("stMainMenuPopover")
        expect(menu).to_be_visible()
        assert not re.search(r"Deploy|Clear cache|Rerun", menu.inner_text())  # a viewer's menu only
