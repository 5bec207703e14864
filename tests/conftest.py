"""Shared fixtures: one real pipeline run (real Dagster, dbt, DuckDB and Great Expectations) on a
small synthetic subset, reused by every test that needs a built warehouse or a published snapshot."""

from __future__ import annotations

import pytest

from framework import load_framework
from ingest.home import Home
from ingest.template import write_template
from pipelines.cli import main
from synthetic.data_sharing import write_data_sharing_demo
from synthetic.generator import generate
from synthetic.outcomes import write_outcome_demo
from tests.support.submissions import SUBSET_AREAS, SUBSET_YEARS, Submitted, indicators_only, small_group


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
def demo_home(tmp_path_factory) -> Home:
    """A home after the full `maturity demo` (33 boroughs × 4 years; about 100 s), shared by the
    association tests and the dashboard and report tests, which must work for any borough and year."""
    home = Home(tmp_path_factory.mktemp("demo") / "data")
    assert main(["demo", "--home", str(home.root)]) == 0
    return home
