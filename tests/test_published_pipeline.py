"""The real published outcome files through the whole pipeline (issue #11): one `maturity run` on the
synthetic subset's workbooks plus every file in /work/shared/data/published/ that is an outcome file
(SOURCES.md), so the figures a reader takes from them are shown to arrive exactly in marts.outcomes
and, where a period meets an assessment year, in marts.maturity_outcomes. test_published_outcomes
checks the same files as far as raw.outcome_values without the minutes a build takes."""

from __future__ import annotations

import gzip
import shutil

import duckdb
import pytest

from ingest.assessments.template import write_template
from pipelines.cli import main
from tests.test_published_outcomes import (
    CAMDEN,
    CAMPYLOBACTER,
    CIN,
    CLA,
    CPP,
    EYFSP,
    EYFSP_FULL,
    HACKNEY,
    LINES,
    LOOKED_AFTER,
    PUBLISHED,
    REFERRALS,
    SUICIDE,
)
from warehouse.home import Home

BARNET, HAMMERSMITH, SUTTON = "E09000003", "E09000013", "E09000029"
FULL_CSV = EYFSP_FULL.removesuffix(".gz")

# (source, indicator, area, period, breakdown) → (figure, file that holds it or None), each read from the
# authority's row of the raw file. Both EYFSP files hold the same authority rows, so either may be current.
FIGURES = {
    ("ees", "gld_percentage", CAMDEN, "202122", ""): (65.3, None),
    ("ees", "gld_percentage", BARNET, "202122", ""): (64.9, None),  # its district row says 64.5
    ("ees", "gld_percentage", SUTTON, "202122", ""): (70.2, None),  # its district row says 70.4
    ("ees", "children_number", CAMDEN, "202122", ""): (1520, None),  # its district row says 1519
    ("ees", "referral_count", CAMDEN, "2025", ""): (2086, REFERRALS),
    ("ees", "referral_count", HACKNEY, "2024", ""): (3782, REFERRALS),
    ("ees", "referral_count", SUTTON, "2024", ""): (2070, REFERRALS),
    ("ees", "Anypoint_child", CAMDEN, "2025", ""): (2890, CIN),
    ("ees", "Anypoint_child", BARNET, "2024", ""): (3936, CIN),
    ("ees", "CPP_subsequent_percent", CAMDEN, "2024", ""): (32, CPP),
    ("ees", "CPP_subsequent_percent", SUTTON, "2024", ""): (30.6, CPP),
    ("ees", "rate_per_10000", CAMDEN, "2025", LOOKED_AFTER): (58, CLA),
    ("ees", "rate_per_10000", HACKNEY, "2024", LOOKED_AFTER): (70, CLA),
    ("ees", "rate_per_10000", HAMMERSMITH, "2024", LOOKED_AFTER): (64, CLA),
    ("fingertips", "93356", CAMDEN, "2016", "Age=All ages"): (116.174684480118, CAMPYLOBACTER),
    ("fingertips", "41001", CAMDEN, "2015 - 17", ""): (13.1646040373325, SUICIDE),
    ("fingertips", "91404", CAMDEN, "2012 - 14", ""): (25.5742953985138, SUICIDE),
}
# The same key's figure on the borough's Local authority district row (FULL file): never the borough's.
DISTRICT_FIGURES = {
    ("ees", "gld_percentage", BARNET, "202122", ""): 64.5,
    ("ees", "gld_percentage", SUTTON, "202122", ""): 70.4,
    ("ees", "children_number", CAMDEN, "202122", ""): 1519,
}

pytestmark = pytest.mark.skipif(not PUBLISHED.is_dir(), reason="the published files are not on this machine")


@pytest.fixture(scope="module")
def home(tmp_path_factory, framework, submitted) -> Home:
    """One `maturity run`: the subset's workbooks (as built_home writes them) and every published
    outcome file, the gzip one unpacked under its .csv name, the only form the inbox takes."""
    home = Home(tmp_path_factory.mktemp("published_pipeline") / "data").ensure()
    for workbook in submitted:
        write_template(home.inbox / workbook.file_name, framework, workbook.content)
    for name in LINES:
        if name == EYFSP_FULL:
            (home.inbox / FULL_CSV).write_bytes(gzip.decompress((PUBLISHED / name).read_bytes()))
        else:
            shutil.copyfile(PUBLISHED / name, home.inbox / name)
    assert main(["run", "--home", str(home.root)]) == 0
    return home


def query(home: Home, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(home.snapshot), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_every_published_file_is_loaded_and_none_refused(home, submitted):
    with duckdb.connect(str(home.warehouse), read_only=True) as con:  # the audit schema is not published
        events = dict(con.execute("select file_name, status from audit.file_events").fetchall())
    published = {FULL_CSV if name == EYFSP_FULL else name for name in LINES}
    # The untrimmed EYFSP file holds every figure of the trimmed one, so it revises them (loaded after).
    expected = {name: "superseded" if name == FULL_CSV else "accepted" for name in published}
    assert {name: events.get(name) for name in published} == expected
    assert {events.get(w.file_name) for w in submitted} == {"accepted"}


def test_named_figures_arrive_exactly_in_marts_outcomes(home):
    for (source, indicator, area, period, breakdown), (figure, file_name) in FIGURES.items():
        [(value, headline, held_by)] = query(home, """
            select value, is_headline, file_name from marts.outcomes
            where source = ? and indicator_id = ? and area_code = ? and period_label = ? and breakdown = ?""",
            (source, indicator, area, period, breakdown))
        assert (value, headline) == (figure, True), (indicator, area, period)
        assert held_by == file_name or (file_name is None and held_by in (EYFSP, FULL_CSV)), (indicator, area)


def test_a_district_rows_figure_is_never_the_boroughs(home):
    for (source, indicator, area, period, breakdown), district in DISTRICT_FIGURES.items():
        shown = query(home, """
            select value from marts.outcomes
            where source = ? and indicator_id = ? and area_code = ? and period_label = ? and breakdown = ?""",
            (source, indicator, area, period, breakdown))
        assert shown == [(FIGURES[(source, indicator, area, period, breakdown)][0],)] != [(district,)]


def test_a_reporting_year_headline_meets_the_assessment_year_it_starts_in(home):
    """A looked-after "2024" (reporting year) runs April 2023 to March 2024, so it meets 2023's
    assessment at lag 0; there is no 2026 for 2024 at lag 1; 2021/22's EYFSP figures meet no subset
    year (2023, 2024) at all."""
    rows = query(home, """
        select assessment_year, lag, period_label, outcome_value from marts.maturity_outcomes
        where area_code = ? and level = 'overall' and source = 'ees' and indicator_id = 'rate_per_10000'
        order by assessment_year, lag""", (HAMMERSMITH,))
    assert rows == [(2023, 0, "2024", 64), (2023, 1, "2025", 62), (2024, 0, "2025", 62)]  # H&F 2025: 'CSV'!N414
    camden = query(home, """
        select outcome_value from marts.maturity_outcomes
        where area_code = ? and level = 'overall' and assessment_year = 2024 and lag = 0
          and indicator_id = 'rate_per_10000'""", (CAMDEN,))
    assert camden == [(58,)]
    assert not query(home, "select 1 from marts.maturity_outcomes where indicator_id = 'gld_percentage'")
