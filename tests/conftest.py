"""Shared fixtures: one real pipeline run (real Dagster, dbt, DuckDB and Great Expectations) on a
small synthetic subset, reused by every test that needs a built warehouse or a published snapshot;
the full demo; and, for the browser tests, one Debian chromium and one running dashboard per home."""

from __future__ import annotations

import contextlib
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from framework import load_framework
from ingest.assessments.template import write_template
from pipelines.cli import main
from synthetic.data_sharing import write_data_sharing_demo
from synthetic.generator import generate
from synthetic.outcomes import write_outcome_demo
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.dashboard_server import running_dashboard
from tests.support.demo import DEMO_OUTPUT_NAME
from tests.support.england import ICB_LOOKUP, england_submissions
from tests.support.submissions import SUBSET_AREAS, SUBSET_YEARS, Submitted, indicators_only, small_group
from warehouse.home import Home

PUBLISHED = Path("/work/shared/data/published")  # DfE's files as published (read, never copied into the project)
NEIGHBOURS_2025, REFERRALS = "dfe_sn_may_2025.xlsx", "ees_cin_referrals_rereferrals_2013_to_2025.csv"


@pytest.fixture(scope="session")
def framework():
    return load_framework()


@pytest.fixture(scope="session")
def submitted(framework) -> list[Submitted]:
    generated = [
        Submitted(w.file_name, w.story.area_code, w.content)
        for w in generate(framework, area_codes=SUBSET_AREAS, years=SUBSET_YEARS)
    ]
    return [*generated, small_group(framework), indicators_only(framework)]


@pytest.fixture(scope="session")
def built_home(tmp_path_factory, framework, submitted) -> Home:
    """A home after `maturity run` on the synthetic subset, with its data-sharing returns and the
    demo's outcome files (Fingertips and Explore Education Statistics layouts, all 33 boroughs)."""
    home = Home(tmp_path_factory.mktemp("home") / "data").ensure()
    for workbook in submitted:
        write_template(home.inbox / workbook.file_name, framework, workbook.content)
    write_data_sharing_demo(home.inbox, framework, area_codes=SUBSET_AREAS, years=SUBSET_YEARS)
    write_outcome_demo(home.inbox, framework)
    assert main(["run", "--home", str(home.root)]) == 0
    return home


@pytest.fixture(scope="session")
def published_home(built_home) -> Home:
    assert built_home.snapshot.exists()
    return built_home


@pytest.fixture(scope="session")
def england_home(tmp_path_factory, framework, submitted) -> Home:
    """A home after `maturity run` on London's synthetic subset beside three West Yorkshire
    authorities' workbooks (tests.support.england) and a dissolved Cumbria's, with DfE's real
    statistical neighbours for all England, DfE's real children-in-need referrals file (every
    authority, region and England) and an ONS-style LAD → ICB lookup for West Yorkshire."""
    home = Home(tmp_path_factory.mktemp("england") / "data").ensure()
    for workbook in [*submitted, *england_submissions(framework)]:
        write_template(home.inbox / workbook.file_name, framework, workbook.content)
    for name in (NEIGHBOURS_2025, REFERRALS):
        shutil.copyfile(PUBLISHED / name, home.inbox / name)
    (home.root / "reference").mkdir(exist_ok=True)
    (home.root / "reference" / "icb_lookup.csv").write_text(ICB_LOOKUP, encoding="utf-8")
    assert main(["run", "--home", str(home.root)]) == 1  # the dissolved authority's workbook is refused
    assert home.snapshot.exists()
    return home


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory) -> Home:
    """A home after the full `maturity demo` (33 boroughs × 4 years; about 100 s), shared by the
    association tests and the dashboard and report tests, which must work for any borough and year."""
    home = Home(tmp_path_factory.mktemp("demo") / "data")
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        code = main(["demo", "--home", str(home.root)])
    (home.root.parent / DEMO_OUTPUT_NAME).write_text(printed.getvalue(), encoding="utf-8")
    assert code == 0, printed.getvalue()
    return home


# --- the browser tests ----------------------------------------------------------------------------
# One dashboard server per home for the whole run: no test changes a home or its snapshot while its
# server runs (the tests that change a home change a copy of it), and each test opens its own
# browser context, so its own Streamlit session. `maturity dashboard` runs without the file watcher,
# so an edit in the checkout during the run cannot stall a page on "File change, rerun?".


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Debian chromium for the whole run. While it is open the main thread counts as inside
    Playwright's event loop, so code under test there cannot call asyncio.run()."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def published_dashboard(published_home) -> Iterator[str]:
    """The base URL of `maturity dashboard` reading published_home."""
    with running_dashboard(published_home) as url:
        yield url


@pytest.fixture(scope="session")
def demo_dashboard(demo_home) -> Iterator[str]:
    """The base URL of `maturity dashboard` reading the full demo."""
    with running_dashboard(demo_home) as url:
        yield url


@pytest.fixture(scope="session")
def england_dashboard(england_home) -> Iterator[str]:
    """The base URL of `maturity dashboard` reading england_home (London's subset beside West Yorkshire)."""
    with running_dashboard(england_home) as url:
        yield url
