"""Write a PNG of every dashboard page from a built home (the demo's, by default) with Debian's
chromium, for the README: a newcomer sees the product before installing it.

    .venv/bin/python scripts/screenshots.py [--home data] [--out docs/screenshots]

It starts the real `maturity dashboard` on a free port, opens each page of dashboards.views.PAGES
for one borough and year (query string `?area=…&year=…`), waits until the page has finished
running and every chart has drawn, and saves a screenshot of the whole page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from dashboards.views import PAGES  # noqa: E402
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, settle  # noqa: E402
from tests.support.dashboard_server import running_dashboard  # noqa: E402
from warehouse.home import Home  # noqa: E402

AREA, YEAR = "E09000007", 2025  # Camden, the demo's latest year
WIDTH, HEIGHT = 1400, 1000
MAX_HEIGHT = 12_000  # pixels: the longest page, whole


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--home", default="data")
    args.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    args.add_argument("--area", default=AREA)
    args.add_argument("--year", type=int, default=YEAR)
    options = args.parse_args(argv)
    home = Home.resolve(options.home)
    if not home.snapshot.exists():
        print(f"no published snapshot in {home.root}: run `make demo` first", file=sys.stderr)
        return 2
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    with running_dashboard(home) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        for module, title, path in PAGES:
            page.goto(f"{url}/{path}?area={options.area}&year={options.year}")
            settle(page)
            # Streamlit scrolls inside its main block, so the window is made as tall as the page.
            height = page.evaluate('document.querySelector(\'[data-testid="stMain"]\').scrollHeight')
            page.set_viewport_size({"width": WIDTH, "height": min(max(height, HEIGHT), MAX_HEIGHT)})
            settle(page)
            target = out / f"{module}.png"
            page.screenshot(path=str(target))
            page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
            print(f"{title}: {target}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
