"""The outcomes page as an evaluation team sees it: the real `maturity dashboard` on the full demo,
read through Debian's chromium. Expected values come from the snapshot by SQL written here; the
page's whole text is scanned for causal wording, which it must never use.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from tests.support import page_reading as read
from tests.support.browser import open_settled, page_per_test
from tests.support.queries import snapshot_rows
from warehouse.home import Home

SYNTHETIC_BANNER = "SYNTHETIC DATA — generated for demonstration; not real borough returns"
NO_CAUSAL_CLAIM = (
    "These are associations between how partnerships rate themselves and published outcomes. "
    "They do not show that integration changes outcomes."
)
WITHHELD = "withheld (fewer than 3 people)"
WAIT_MS = 60_000  # the machine may be busy: a page is given a minute to settle
# Words that claim an effect. The disclaimer "not an effect" is the one use allowed.
CAUSAL = re.compile(
    r"\b(impacts?|impacted|effects?|effective|improves?|improved|improving|improvements?|leads? to|led to|"
    r"drives?|driven|driving|causes?|caused|causal|because of|results? in)\b",
    re.IGNORECASE,
)
ALLOWED = re.compile(r"\bnot an effect\b", re.IGNORECASE)


page = page_per_test(1300, 2000, WAIT_MS)  # a fresh page (browser context) for each test


def _open(page: Page, url: str, **params) -> None:
    open_settled(page, f"{url}/outcomes?{urlencode(params)}", "Outcomes", WAIT_MS)


@pytest.fixture(scope="module")
def withheld_case(demo_home: Home) -> dict:
    """An outcome, exposure and lag whose scatter has a withheld maturity and a missing outcome."""
    found = snapshot_rows(
        demo_home,
        """
        SELECT source, indicator_id, level, item_id, lag, min(area_code) FILTER (WHERE maturity_is_suppressed)
        FROM marts.maturity_outcomes
        GROUP BY ALL HAVING bool_or(maturity_is_suppressed) AND bool_or(outcome_value IS NULL)
        ORDER BY ALL LIMIT 1
        """,
    )
    if not found:
        pytest.fail("the demo has no withheld maturity beside a missing outcome to show")
    keys = ("source", "indicator_id", "level", "item_id", "lag", "area_code")
    return dict(zip(keys, found[0]))


def _params(case: dict) -> dict:
    return {
        "outcome": f"{case['source']}:{case['indicator_id']}",
        "exposure": f"{case['level']}:{case['item_id']}",
        "lag": case["lag"],
        "area": case["area_code"],
    }


def test_the_page_renders_its_charts_with_the_banner_and_the_no_causal_claim(
    page: Page, demo_dashboard: str, demo_home: Home
) -> None:
    _open(page, demo_dashboard)
    expect(page.get_by_role("alert").filter(has_text=SYNTHETIC_BANNER)).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text=NO_CAUSAL_CLAIM)).to_have_count(2)  # top, and by the estimates
    expect(read.plots(page)).to_have_count(2)  # the scatter, the borough's outcome over time
    [(first,)] = snapshot_rows(demo_home, "SELECT min(indicator_name) FROM marts.outcomes WHERE is_headline")
    expect(page.get_by_role("heading", name=first, exact=True)).to_be_visible()


def test_the_scatter_shows_borough_years_with_both_figures_and_counts_the_others(
    page: Page, demo_dashboard: str, demo_home: Home, withheld_case: dict
) -> None:
    case = withheld_case
    args = [case["source"], case["indicator_id"], case["level"], case["item_id"], case["lag"]]
    rows = snapshot_rows(
        demo_home,
        """
        SELECT area_name, assessment_year, maturity_mean, maturity_n_scores, maturity_is_suppressed, period_label,
               outcome_value, outcome_missing_reason
        FROM marts.maturity_outcomes
        WHERE source = ? AND indicator_id = ? AND level = ? AND item_id = ? AND lag = ?
        ORDER BY area_name, assessment_year
        """,
        args,
    )
    shown = [r for r in rows if r[2] is not None and r[6] is not None]
    withheld = [r for r in rows if r[4]]
    absent = [r for r in rows if r[6] is None]
    _open(page, demo_dashboard, **_params(case))

    note = page.get_by_text(re.compile(r"borough-years not shown"))
    expect(note).to_contain_text(f"{len(rows) - len(shown)} of {len(rows)} borough-years not shown: ")
    expect(note).to_contain_text(f"{len(withheld)} with maturity {WITHHELD}")
    expect(note).to_contain_text(f"{len(absent)} with the outcome missing (")

    drawn = sorted(point for trace in read.traces(read.plots(page).first) for point in zip(trace["x"], trace["y"]))
    assert len(drawn) == len(shown)
    assert drawn == sorted((r[2], r[6]) for r in shown)

    table = read.table(page, 0)
    assert table["Borough"] == [r[0] for r in rows]
    assert table["Maturity mean"] == [WITHHELD if r[4] else f"{r[2]:.2f}" for r in rows]
    assert table["n"] == [str(r[3]) for r in rows]
    assert table["Outcome value"] == [f"{r[6]:g}" if r[6] is not None else f"missing ({r[7]})" for r in rows]


def test_the_borough_trend_sits_beside_london_and_england_and_a_missing_value_says_why(
    page: Page, demo_dashboard: str, demo_home: Home
) -> None:
    [(code, source, indicator)] = snapshot_rows(  # a London borough's (marts.outcomes holds all England's)
        demo_home,
        "SELECT area_code, source, indicator_id FROM marts.outcomes WHERE value IS NULL AND is_headline "
        "AND region_code = 'E12000007' ORDER BY ALL LIMIT 1",
    )
    expected = snapshot_rows(
        demo_home,
        """
        SELECT o.period_label, o.value, o.missing_reason, o.lower_ci, o.upper_ci, o.region_value, o.england_value,
               e.lower_ci, e.upper_ci
        FROM marts.outcomes AS o
        LEFT JOIN marts.outcome_benchmarks AS e ON e.area_code = 'E92000001'
             AND (e.source, e.indicator_id, e.period_label, e.breakdown) = (o.source, o.indicator_id, o.period_label, o.breakdown)
        WHERE o.area_code = ? AND o.source = ? AND o.indicator_id = ? AND o.is_headline
        ORDER BY o.period_start_year
        """,
        [code, source, indicator],
    )
    [(name,)] = snapshot_rows(demo_home, "SELECT area_name FROM reference.areas WHERE area_code = ?", [code])
    _open(page, demo_dashboard, outcome=f"{source}:{indicator}", area=code)
    table = read.table(page, 1)

    def interval(low, high) -> str:
        return "—" if low is None or high is None else f"{low:g} to {high:g}"

    assert table["Period"] == [r[0] for r in expected]
    assert table[name] == [f"{r[1]:g}" if r[1] is not None else f"missing ({r[2]})" for r in expected]
    assert table[f"{name} 95% interval"] == [interval(r[3], r[4]) for r in expected]
    assert table["London"] == [f"{r[5]:g}" for r in expected]
    assert table["England"] == [f"{r[6]:g}" for r in expected]
    assert table["England 95% interval"] == [interval(r[7], r[8]) for r in expected]

    drawn = {t["name"]: t for t in read.traces(read.plots(page).nth(1))}
    assert drawn[name]["y"] == [None if r[1] is None else pytest.approx(r[1]) for r in expected]
    assert drawn["England"]["y"] == [pytest.approx(r[6]) for r in expected]
    expect(read.plots(page).nth(1).locator(".annotation-text", has_text="missing")).to_have_count(
        sum(r[1] is None for r in expected)
    )


def test_the_association_table_equals_the_mart_and_its_caveats_stay_visible(
    page: Page, demo_dashboard: str, demo_home: Home
) -> None:
    [(source, indicator)] = snapshot_rows(
        demo_home, "SELECT source, indicator_id FROM marts.outcome_associations ORDER BY ALL LIMIT 1"
    )
    expected = snapshot_rows(
        demo_home,
        """
        SELECT method, level, item_id, lag, estimate, ci_low, ci_high, p_value, n_areas, n_area_years, n_tests,
               estimate_meaning, association, caveat
        FROM marts.outcome_associations WHERE source = ? AND indicator_id = ?
        """,
        [source, indicator],
    )
    _open(page, demo_dashboard, outcome=f"{source}:{indicator}", exposure="overall:overall", lag=0)
    table = read.table(page, page.locator('[data-testid="stTable"]').count() - 1)  # the last: after the neighbours'
    shown = sorted(zip(table["Lag (years)"], table["Estimate"], table["95% interval"], table["Boroughs"],
                       table["Borough-years"], table["Estimates of this kind"], table["Association"], table["Caveat"]))
    assert shown == sorted(
        (str(r[3]), f"{r[4]:.3f}", f"{r[5]:.3f} to {r[6]:.3f}", str(r[8]), str(r[9]), str(r[10]), r[12], r[13])
        for r in expected
    )
    # The chosen exposure's estimates, each with its caveat in full, outside the table.
    for row in (r for r in expected if r[1] == "overall" and r[3] == 0):
        block = page.get_by_text(f"Caveat: {row[13]}", exact=True)
        expect(block).to_be_visible()
        expect(page.get_by_text(re.compile(rf"Estimate {row[4]:.3f} ")).first).to_be_visible()


def _causal_words(text: str) -> list[str]:
    return CAUSAL.findall(ALLOWED.sub("", text))


def test_the_scan_finds_causal_words() -> None:
    """The scan itself can fail: it catches the words it is meant to."""
    assert _causal_words("Maturity improves outcomes; the impact of integration drives results.") == [
        "improves", "impact", "drives"
    ]
    assert _causal_words("This is an association, not an effect.") == []


def test_no_causal_wording_anywhere_on_the_page(page: Page, demo_dashboard: str, demo_home: Home, withheld_case: dict) -> None:
    [(source, indicator)] = snapshot_rows(
        demo_home, "SELECT source, indicator_id FROM marts.outcome_associations ORDER BY ALL DESC LIMIT 1")
    for params in ({}, _params(withheld_case), {"outcome": f"{source}:{indicator}", "exposure": "theme:people_place", "lag": 2}):
        _open(page, demo_dashboard, **params)
        text = page.locator('[data-testid="stApp"]').inner_text()
        assert NO_CAUSAL_CLAIM in text
        assert _causal_words(text) == [], params


def test_a_download_returns_the_association_table_with_its_caveats(page: Page, demo_dashboard: str, demo_home: Home) -> None:
    [(source, indicator)] = snapshot_rows(
        demo_home, "SELECT source, indicator_id FROM marts.outcome_associations ORDER BY ALL LIMIT 1")
    caveats = {c for (c,) in snapshot_rows(
        demo_home, "SELECT caveat FROM marts.outcome_associations WHERE source = ? AND indicator_id = ?",
        [source, indicator])}
    _open(page, demo_dashboard, outcome=f"{source}:{indicator}")
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(r"^Download .* associations \(CSV\)$")).click()
    download = info.value
    assert download.suggested_filename.startswith("SYNTHETIC_") and download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8-sig").read())))
    assert {row["Data"] for row in rows} == {SYNTHETIC_BANNER}
    assert {row["Caveat"] for row in rows} == caveats
