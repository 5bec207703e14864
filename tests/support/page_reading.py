"""Reading a Streamlit page the way a person does — its tables cell by cell and its plotly charts'
drawn numbers — for the dashboard's browser tests."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

ROWS_JS = "t => [...t.querySelectorAll('tbody tr')].map(r => [...r.querySelectorAll('td')].map(c => c.innerText.trim()))"
HEAD_JS = "t => [...t.querySelectorAll('thead th')].map(c => c.innerText.trim())"
# Plotly holds a numpy-built trace's numbers as a typed array (kept in `_inputArray`); NaN, a gap
# in a line, is returned as None.
TRACES_JS = """el => {
    const values = v => Array.from(v?._inputArray ?? v ?? []);
    return el.data.map(t => ({
        name: t.name,
        mode: t.mode,
        x: values(t.x),
        y: values(t.y).map(v => (v === null || Number.isNaN(v)) ? null : v),
    }));
}"""


def table(page: Page, index: int) -> dict[str, list[str]]:
    """The page's index-th table (st.table) as {column header: cells, top to bottom}."""
    found = page.locator('[data-testid="stTable"]').nth(index)
    headers, rows = found.evaluate(HEAD_JS), found.evaluate(ROWS_JS)
    return {header: [row[i] for row in rows] for i, header in enumerate(headers)}


def rows_under(page: Page, header: str) -> list[list[str]]:
    """The body rows of the first table whose header row contains `header`, as cell texts."""
    found = page.locator("table").filter(has=page.locator("th", has_text=header)).first
    return [[cell.strip() for cell in row.locator("td, th").all_inner_texts()]
            for row in found.locator("tbody tr").all()]


def plots(page: Page) -> Locator:
    """Every plotly chart on the page, in page order."""
    return page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')


def traces(plot: Locator) -> list[dict]:
    """name, mode, x and y of each trace as drawn."""
    return plot.evaluate(TRACES_JS)
