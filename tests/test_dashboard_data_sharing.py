"""The Data sharing page as a user sees it, through `maturity dashboard` and Debian's chromium.

Expected values come from marts.data_sharing with SQL written here, never from the app's queries.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import new_page, settle
from tests.support.page_reading import rows_under
from tests.support.queries import snapshot_rows

BANNER = "SYNTHETIC DATA — generated for demonstration; not real borough returns"
WITHHELD = "withheld (fewer than 3 people)"


@pytest.fixture(scope="module")
def chosen(published_home) -> tuple[str, int]:
    """A borough and year whose return links to a withheld rating (an indicator scored by 1–2)."""
    rows = snapshot_rows(published_home, """
        SELECT area_code, assessment_year FROM marts.data_sharing
        WHERE level = 'question' AND (enabler_is_suppressed OR indicator_n_scores BETWEEN 1 AND 2)
        ORDER BY area_code, assessment_year DESC LIMIT 1""")
    assert rows, "the test home has no withheld rating beside a data-sharing return"
    return rows[0]


@pytest.fixture(scope="module")
def page(browser: Browser, published_dashboard: str, chosen) -> Iterator[Page]:
    """The chosen borough's page, opened once for this module and read by each of its tests."""
    area, year = chosen
    with new_page(browser, 1400, 2400) as page:
        page.goto(f"{published_dashboard}/data-sharing?area={area}&year={year}")
        settle(page)
        yield page


def test_the_page_renders_with_its_charts_and_the_synthetic_banner(page):
    expect(page.get_by_role("heading", name="Data sharing", exact=True)).to_be_visible()
    expect(page.get_by_text(BANNER)).to_be_visible()
    assert page.locator('[data-testid="stPlotlyChart"] .main-svg').count() >= 2


def test_the_boroughs_answers_and_rating_equal_the_mart(published_home, chosen, page):
    area, year = chosen
    (name, answered, questions, yes, partly, no, score, comparison, e09, n_e09, withheld), = snapshot_rows(
        published_home, """
        SELECT area_name, n_answered, n_questions, n_yes, n_partly, n_no, mean_answer_score, comparison,
               enabler_mean_score, enabler_n_scores, enabler_is_suppressed
        FROM marts.data_sharing WHERE area_code = ? AND assessment_year = ? AND level = 'overall'""", [area, year])
    expect(page.get_by_role("heading", name=f"{name}, {year}")).to_be_visible()
    body = page.inner_text("body")
    assert (f"{score:.2f} on the 0–1 scale — {answered} of {questions} questions answered: "
            f"{yes} yes, {partly} partly, {no} no") in body
    rating = WITHHELD if withheld else f"{e09:.2f}"
    assert f"{rating} (n = {n_e09})" in body
    assert f"For discussion: {comparison}" in body

    answers = snapshot_rows(published_home, """
        SELECT item_id, coalesce(answer, 'not answered'), evidence,
               CASE WHEN indicator_n_scores BETWEEN 1 AND 2 THEN true ELSE false END
        FROM marts.data_sharing WHERE area_code = ? AND assessment_year = ? AND level = 'question'
        ORDER BY question_order""", [area, year])
    shown = {row[0]: row for row in rows_under(page, "Evidence")}
    assert list(shown) == [item for item, *_ in answers]
    for item, answer, evidence, indicator_withheld in answers:
        assert shown[item][3] == answer and shown[item][4] == (evidence or "—")
        assert (WITHHELD in shown[item][6]) == indicator_withheld
    assert any(withheld for *_, withheld in answers) or withheld


def test_the_london_counts_of_boroughs_equal_the_mart(published_home, page):
    (year,), = snapshot_rows(published_home, "SELECT max(assessment_year) FROM marts.data_sharing")
    (section,), = snapshot_rows(published_home, """
        SELECT section FROM marts.data_sharing WHERE level = 'question'
        GROUP BY section ORDER BY min(question_order) LIMIT 1""")
    expected = snapshot_rows(published_home, """
        WITH q AS (
            SELECT item_id, min(question_order) AS o,
                   count(*) FILTER (WHERE answer = 'yes') AS yes, count(*) FILTER (WHERE answer = 'partly') AS partly,
                   count(*) FILTER (WHERE answer = 'no') AS no, count(*) FILTER (WHERE answer IS NULL) AS blank,
                   count(DISTINCT area_code) AS returned
            FROM marts.data_sharing WHERE level = 'question' AND assessment_year = ? AND section = ?
            GROUP BY item_id)
        SELECT item_id, yes, partly, no, blank, 33 - returned, returned
        FROM q ORDER BY o""", [year, section])
    body = page.inner_text("body")
    returned, n_areas = expected[0][-1], 33  # London's boroughs, not every English authority
    assert f"{returned} of {n_areas} boroughs returned a questionnaire for {year}" in body
    shown = [[row[0], *row[2:]] for row in rows_under(page, "No return")]
    assert shown == [[item, *map(str, counts)] for item, *counts in expected]


def test_a_download_returns_the_table_as_a_synthetic_csv(page, tmp_path):
    with page.expect_download() as info:
        page.get_by_role("button", name="Download London").click()
    download = info.value
    assert download.suggested_filename.startswith("SYNTHETIC_") and download.suggested_filename.endswith(".csv")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Data,ID,Question,Yes,Partly,No")
    assert BANNER in text


def test_no_local_path_appears_on_the_page(published_home, page):
    assert str(published_home.root) not in page.inner_text("body")
