"""Debian's chromium as the browser tests, the screenshot script and the benchmark drive it.

Playwright's own browser download does not work on these machines; chromium runs headless without
the background services that would try (and fail) to reach the network.
"""

from __future__ import annotations

from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SETTLE_MS = 30_000


def _ready(page: Page) -> bool:
    return page.evaluate(
        """() => {
            const busy = document.querySelector('[data-testid="stStatusWidget"], [data-testid="stSkeleton"]');
            const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
            return !busy && charts.every(c => c.querySelector('.main-svg'));
        }"""
    )


def settle(page: Page, timeout_ms: int = SETTLE_MS, quiet_ms: int = 750) -> None:
    """Wait until Streamlit has finished running the page: nothing running or still a skeleton,
    every plotly chart drawn, and the page's text unchanged for `quiet_ms`."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    waited, last = 0, None
    while waited < timeout_ms:
        text = page.inner_text("body") if _ready(page) else None
        if text is not None and text == last:
            return
        last = text
        page.wait_for_timeout(quiet_ms)
        waited += quiet_ms
    raise TimeoutError(f"the page did not settle within {timeout_ms} ms")
