"""Times the dashboard as a user meets it: the real `maturity dashboard` server on a built home (the
demo's, by default), driven by Debian's chromium. Figures are recorded in docs/benchmarks.md;
nothing here is asserted in tests.

    .venv/bin/python benchmarks/dashboard.py [--home data] [--repeat 5]

For every page of dashboards.views.PAGES, after one warm-up visit (the server has imported
everything and the page has run once):
- **first chart**: milliseconds from navigation start until the first plotly chart has drawn
  (`.main-svg` inside `stPlotlyChart`), median of `--repeat` loads, for a *new visitor* (a fresh
  browser context: nothing cached, so Streamlit's 4.7 MB plotly bundle is fetched and compiled)
  and a *returning* one (one context whose HTTP cache is warm);
- **redraw**: the page's borough (or, where it has none, year) is changed in its select box;
  milliseconds from the click until the page shows different text with every chart drawn and
  nothing running, median over `--repeat` changes;
- **queries**: every query the pages sent to DuckDB during the run (the snapshot reader logs them
  when `MATURITY_QUERY_LOG` is set): count, median and maximum milliseconds. Repeated reads are
  answered from the snapshot reader's memo and never reach DuckDB, so they are not in the count.

Beside the figures: the **floor**, the same two first-chart figures for a one-line Streamlit app
drawing one three-point plotly chart, served with the same flags in the same run — what any
Streamlit page with a plotly chart costs on this machine before our code does anything; the
server's CPU seconds over the run (user + system, from /proc); and the load average before and
after, because a busy machine slows every figure.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# benchmarks/ingest.py is named like the `ingest` package: keep this folder from shadowing it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(REPO))

from playwright.sync_api import (  # noqa: E402
    Page,
    TimeoutError,  # noqa: E402,A004
    sync_playwright,
)

from dashboards.snapshot import QUERY_LOG_ENV  # noqa: E402
from dashboards.views import PAGES  # noqa: E402
from pipelines.cli import STREAMLIT_FLAGS  # noqa: E402
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, settle  # noqa: E402
from tests.support.dashboard_server import _free_port, _healthy, dashboard_process  # noqa: E402
from warehouse.home import Home  # noqa: E402

FLOOR_APP = (
    "import plotly.graph_objects as go\nimport streamlit as st\n"
    "st.title('floor')\nst.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])))\n"
)
CHANGERS = ("Borough", "Assessment year", "Year")  # the select box a user changes, first found
# milliseconds since navigation start, once the first chart has drawn (checked every frame)
FIRST_CHART = """() => document.querySelector('[data-testid="stPlotlyChart"] .main-svg') ? performance.now() : 0"""
CHANGED = """(before) => {
    const busy = document.querySelector('[data-testid="stStatusWidget"], [data-testid="stSkeleton"]');
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    return !busy && charts.every(c => c.querySelector('.main-svg'))
        && document.body.innerText !== before;
}"""


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _first_chart_ms(opener, url: str) -> float | None:
    """`opener`: a browser (each page a new context, nothing cached) or a context (shared cache)."""
    page = opener.new_page()
    page.set_viewport_size({"width": 1400, "height": 1000})
    try:
        page.goto(url)
        return page.wait_for_function(FIRST_CHART, polling="raf", timeout=30_000).json_value()
    except TimeoutError:
        return None  # a page without a chart
    finally:
        page.close()


def _first_charts(browser, url: str, repeat: int) -> tuple[float, float]:
    """Median first-chart ms for a new visitor and for a returning one."""
    returning = browser.new_context()
    _first_chart_ms(returning, url)  # fills the context's cache
    new = [_first_chart_ms(browser, url) for _ in range(repeat)]
    warm = [_first_chart_ms(returning, url) for _ in range(repeat)]
    returning.close()
    return tuple(statistics.median([t for t in times if t is not None] or [float("nan")]) for times in (new, warm))


@contextlib.contextmanager
def _floor_server():
    """The one-chart app, served like `maturity dashboard` serves ours."""
    with tempfile.TemporaryDirectory() as folder:
        app = Path(folder) / "floor.py"
        app.write_text(FLOOR_APP)
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port), *STREAMLIT_FLAGS],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            while not _healthy(url):
                time.sleep(0.2)
            yield url
        finally:
            server.terminate()
            server.wait()


def _redraw_ms(page: Page, repeat: int) -> tuple[str | None, list[float]]:
    """Change the page's first changeable select box `repeat` times, alternating two options."""
    for label in CHANGERS:
        box = page.get_by_role("combobox", name=label, exact=True)
        if box.count():
            break
    else:
        return None, []
    times = []
    for attempt in range(repeat):
        box.first.click()
        options = page.get_by_role("option")
        target = options.nth(1 if attempt % 2 == 0 else 0)
        before = page.inner_text("body")
        started = time.perf_counter()
        target.click()
        page.wait_for_function(CHANGED, arg=before, timeout=30_000, polling="raf")
        times.append((time.perf_counter() - started) * 1000)
        settle(page)
    return label, times


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--home", default="data")
    options.add_argument("--repeat", type=int, default=5)
    args = options.parse_args()
    home = Home.resolve(args.home)
    if not home.snapshot.exists():
        sys.exit(f"no published snapshot in {home.root}: run `make demo` first")

    log = Path(tempfile.mkstemp(prefix="dashboard-queries-", suffix=".jsonl")[1])
    rows = []
    load_before = os.getloadavg()
    with dashboard_process(home, env={QUERY_LOG_ENV: str(log)}) as (url, server), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        cpu_start = _cpu_seconds(server.pid)
        for _, title, path in PAGES:
            warm = browser.new_page(viewport={"width": 1400, "height": 1000})
            warm.goto(f"{url}/{path}")
            settle(warm)
            log.write_text("")  # count this page's queries from here on
            firsts = _first_charts(browser, f"{url}/{path}", args.repeat)
            label, redraws = _redraw_ms(warm, args.repeat)
            warm.close()
            queries = [json.loads(line)["seconds"] * 1000 for line in log.read_text().splitlines()]
            rows.append((title, firsts, label, redraws, queries))
        cpu = _cpu_seconds(server.pid) - cpu_start
        with _floor_server() as floor_url:
            _first_chart_ms(browser, floor_url)  # the floor server's first run
            floor = _first_charts(browser, floor_url, args.repeat)
        browser.close()
    load_after = os.getloadavg()
    log.unlink()

    print(f"home {home.root}; {args.repeat} loads and {args.repeat} changes per page")
    print(f"{'page':<18} {'first chart ms':>15} {'(returning)':>11} {'redraw ms':>10}  {'changed':<16} "
          f"{'queries':>7} {'median ms':>9} {'max ms':>7}")
    for title, (new, warm), label, redraws, queries in rows:
        print(
            f"{title:<18} {new:>15.0f} {warm:>11.0f} "
            f"{statistics.median(redraws) if redraws else float('nan'):>10.0f}  {label or '-':<16} "
            f"{len(queries):>7} {statistics.median(queries) if queries else 0:>9.1f} {max(queries, default=0):>7.1f}"
        )
    print(f"{'floor (1 chart)':<18} {floor[0]:>15.0f} {floor[1]:>11.0f}")
    print(f"server CPU {cpu:.1f} s over the run; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")


if __name__ == "__main__":
    main()
