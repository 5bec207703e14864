"""Debian's chromium as the browser tests, the screenshot script and the benchmark drive it.

Playwright's own browser download does not work on these machines; chromium runs headless without
the background services that would try (and fail) to reach the network.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SETTLE_MS = 30_000
WAIT_MS = 30_000  # what a browser test waits for a locator or an expectation, unless it says more


@contextlib.contextmanager
def new_page(browser: Browser, width: int = 1280, height: int = 720, wait_ms: int = WAIT_MS,
             **context_options) -> Iterator[Page]:
    """A page of its own (a fresh browser context, so a fresh dashboard session) at a viewport of
    `width` × `height`, taking downloads, whose locators and expectations wait up to `wait_ms`; the
    context is closed on the way out. `context_options` go to `browser.new_context` (e.g. offline)."""
    expect.set_options(timeout=wait_ms)
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True,
                                  **context_options)
    try:
        page = context.new_page()
        page.set_default_timeout(wait_ms)
        yield page
    finally:
        context.close()


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


def page_per_test(width: int, height: int, wait_ms: int = WAIT_MS):
    """A `page` fixture for a test module: each test its own `new_page` at this viewport, on the
    session's `browser`. Assign it as `page = page_per_test(...)`."""

    @pytest.fixture
    def page(browser: Browser) -> Iterator[Page]:
        with new_page(browser, width, height, wait_ms) as page:
            yield page

    return page


def open_settled(page: Page, url: str, heading: str, wait_ms: int = WAIT_MS) -> None:
    """Go to `url` and wait for Streamlit to settle; then the page's `heading` must be showing."""
    page.goto(url)
    settle(page, wait_ms)
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
