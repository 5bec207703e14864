"""What the partnership said, on the dashboard: the borough profile's sections (reflections,
evidence, challenges, the integration model with its strip, priorities, last assessment's priorities
beside the change since) read through the real `maturity dashboard` in Debian's chromium, and the
overview's chart of how many areas see each challenge in play. An older snapshot, without the
narrative marts, is run in-process (Streamlit's AppTest): every section says it was not collected.

The snapshot is the built subset's with the narrative marts written in as partnerships fill them
(tests/support/narrative_snapshot.py). Expected values come from it with SQL written here.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from streamlit.testing.v1 import AppTest

from framework import load_framework
from tests.support import narrative_snapshot as N
from tests.support.browser import new_page, settle
from tests.support.dashboard_server import running_dashboard
from tests.support.queries import snapshot_rows
from warehouse.home import HOME_ENV, Home

WAIT_MS = 60_000
SAID = "What the partnership said"
BANNER = "SYNTHETIC DATA — generated for demonstration; not real borough returns"
WITHHELD = "withheld (fewer than 3 people)"
NOT_COLLECTED = "Not collected: this snapshot was published before the tool collected this section."
SAID_TABLES = """() => [...document.querySelectorAll('.said table')].map(t => ({
    caption: t.querySelector('caption').innerText.trim(),
    head: [...t.querySelectorAll('thead th')].map(c => c.innerText),
    rows: [...t.querySelectorAll('tbody tr')].map(r => [...r.querySelectorAll('td')].map(c => c.innerText)),
}))"""
BARS = """(names) => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')]
    .filter(el => el.data.some(t => t.type === 'bar' && names.includes(t.name)))
    .map(el => el.data.map(t => ({name: t.name, x: Array.from(t.x), y: Array.from(t.y)})))"""


@pytest.fixture(scope="module")
def home(published_home: Home, tmp_path_factory) -> Home:
    return N.narrative_home(published_home, tmp_path_factory.mktemp("narrative-dashboard") / "data")


@pytest.fixture(scope="module")
def dashboard(home: Home) -> Iterator[str]:
    with running_dashboard(home) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    with new_page(browser, 1300, 7000, WAIT_MS) as page:
        yield page


def _open(page: Page, url: str, heading: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    settle(page, WAIT_MS)


def _tables(page: Page) -> dict[str, list[dict[str, str]]]:
    """Each table of the partnership's words by the start of its caption: rows of heading → text."""
    return {t["caption"]: [dict(zip(t["head"], row)) for row in t["rows"]] for t in page.evaluate(SAID_TABLES)}


def _table(tables: dict, start: str) -> list[dict[str, str]]:
    [rows] = [rows for caption, rows in tables.items() if caption.startswith(start)]
    return rows


def test_the_borough_page_shows_what_the_partnership_said(page: Page, dashboard: str, home: Home) -> None:
    [(name,)] = snapshot_rows(home, "SELECT area_name FROM reference.areas WHERE area_code = ?", [N.CAMDEN])
    _open(page, f"{dashboard}/borough?area={N.CAMDEN}&year={N.YEAR}", f"{name}, {N.YEAR}")
    expect(page.get_by_role("heading", name=SAID, exact=True)).to_be_visible()
    tables = _tables(page)

    # Typed markdown, HTML and line breaks are shown as typed: nothing of them is drawn as markup.
    reflections = snapshot_rows(home, """
        SELECT item_name, text FROM marts.reflections WHERE area_code = ? AND assessment_year = ?
        AND kind = 'reflection' ORDER BY item_order""", [N.CAMDEN, N.YEAR])
    assert [(r["Theme"], r["Reflection"]) for r in _table(tables, "Reflections")] == [tuple(r) for r in reflections]
    assert page.locator(".said b, .said a, .said h1, .said script").count() == 0
    assert page.get_by_text(N.MARKUP, exact=True).count() == 1
    evidence = {r["Enabler"]: r["What is working well, and the evidence"] for r in _table(tables, "What is working")}
    assert evidence["E01 Senior leadership"] == "'" + N.FORMULA  # as the spreadsheet-safe snapshot would hold it

    statuses = dict(snapshot_rows(home, """
        SELECT challenge_name, coalesce(status_label, 'not answered') FROM marts.challenges
        WHERE area_code = ? AND assessment_year = ?""", [N.CAMDEN, N.YEAR]))
    assert {r["Challenge"]: r["In play?"] for r in _table(tables, "The six challenges")} == statuses

    [(current, aspired)] = snapshot_rows(home, """
        SELECT current_model_name, aspired_model_name FROM marts.integration_model
        WHERE area_code = ? AND assessment_year = ? AND scope = 'overall'""", [N.CAMDEN, N.YEAR])
    assert page.locator(".said .strip li.today").inner_text().splitlines() == [current, "Today"]
    assert page.locator(".said .strip li.aim").inner_text().splitlines() == [aspired, "Aiming for"]

    this_year = _table(tables, f"Priorities for action set in {N.YEAR}")
    assert [r["Priority for action"] for r in this_year] == [
        ("'" if p.text.startswith(("=", "+", "-", "@")) else "") + p.text
        for p in N.CAMDEN_PRIORITIES if p.year == N.YEAR]
    last = _table(tables, f"Priorities set in {N.PREVIOUS}")
    change = dict(snapshot_rows(home, """
        SELECT item_id, CASE WHEN is_suppressed THEN NULL ELSE change END FROM marts.maturity_change
        WHERE area_code = ? AND level = 'enabler' AND previous_year = ? AND current_year = ?""",
        [N.CAMDEN, N.PREVIOUS, N.YEAR]))
    shown = {r["Enabler"].split(" ")[0]: r["Change"] for r in last}
    named = [e for p in N.CAMDEN_PRIORITIES if p.year == N.PREVIOUS for e in p.enabler_ids]
    assert {e: shown[e] for e in named} == {e: WITHHELD if change[e] is None else f"{change[e]:+.2f}" for e in named}
    assert shown["none"] == "—"

    with page.expect_download() as caught:
        page.get_by_role("button", name="Download reflections (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(caught.value.path()).read_text(encoding="utf-8-sig"))))
    assert caught.value.suggested_filename.startswith("SYNTHETIC_")
    assert [(r["Data"], r["Reflection"]) for r in rows] == [(BANNER, t) for _, t in reflections]


def test_each_groups_words_are_labelled_with_the_group(page: Page, dashboard: str, home: Home) -> None:
    [(name,)] = snapshot_rows(home, "SELECT area_name FROM reference.areas WHERE area_code = ?", [N.HAMMERSMITH])
    _open(page, f"{dashboard}/borough?area={N.HAMMERSMITH}&year={N.PREVIOUS}", f"{name}, {N.PREVIOUS}")
    tables = _tables(page)
    expected = set(snapshot_rows(home, """
        SELECT group_label, text FROM marts.reflections WHERE area_code = ? AND assessment_year = ?""",
        [N.HAMMERSMITH, N.PREVIOUS]))
    assert {(r["Group"], r["Reflection"]) for r in _table(tables, "Reflections")} == expected
    strips = page.locator(".said .strip > strong").all_inner_texts()
    assert sorted(strips) == [f"Overall — {group}" for group in sorted(N.GROUPS)]


def test_the_overview_shows_how_many_areas_see_each_challenge_in_play(page: Page, dashboard: str, home: Home) -> None:
    _open(page, f"{dashboard}/?year={N.YEAR}", "London overview")
    expect(page.get_by_role("heading", name=f"Challenges in play across areas, {N.YEAR}")).to_be_visible()
    labels = {s.id: s.label for s in load_framework().challenge_statuses}
    [traces] = page.evaluate(BARS, list(labels.values()))
    expected = snapshot_rows(home, """
        SELECT challenge_name, n_in_play, n_partly, n_not_in_play FROM marts.challenge_prevalence
        WHERE assessment_year = ? AND region_code = 'E12000007' ORDER BY challenge_order""", [N.YEAR])
    by_name = {t["name"]: t for t in traces}
    assert set(by_name) == {labels["in_play"], labels["partly"], labels["not_in_play"]}
    for index, status in enumerate(("in_play", "partly", "not_in_play"), start=1):
        assert by_name[labels[status]]["y"] == [row[0] for row in expected]
        assert by_name[labels[status]]["x"] == [row[index] for row in expected]
    assert sum(row[1] for row in expected) > 0
    table = page.locator('[data-testid="stTable"] table').filter(has_text="Areas answering")
    expect(table).to_have_count(1)
    assert re.search(r"\(n \d+\)", table.inner_text())  # each mean maturity with its n


def _script(module_name: str) -> None:
    from dashboards.shell import single_page

    single_page(module_name)


def test_an_older_snapshot_says_the_sections_were_not_collected(
    published_home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = Home(tmp_path / "data").ensure()
    shutil.copyfile(published_home.snapshot, old.snapshot)
    N.without_narrative(old.snapshot)
    monkeypatch.setenv(HOME_ENV, str(old.root))
    borough = AppTest.from_function(_script, args=("borough",), default_timeout=60)
    borough.query_params["area"], borough.query_params["year"] = N.CAMDEN, str(N.YEAR)
    borough.run()
    assert not borough.exception
    said = " ".join(e.value for e in borough.html if 'class="said"' in e.value)
    assert said.count(NOT_COLLECTED) == 6
    overview = AppTest.from_function(_script, args=("overview",), default_timeout=60)
    overview.query_params["year"] = str(N.YEAR)
    overview.run()
    assert not overview.exception
    assert NOT_COLLECTED in [m.value for m in overview.markdown]
