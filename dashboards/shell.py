"""What every page shares — the title, the synthetic banner, provenance and the navigation — kept
out of the Streamlit entry script so a test or benchmark can run any one page in-process.

Every page reads the published snapshot only, through one `Snapshot` per published version, and
is given it in a `Context`; the header shows the synthetic banner and what the figures rest on (the
snapshot's time and run id, never a path on this machine).
"""

from __future__ import annotations

import importlib

import streamlit as st

from dashboards import snapshot
from dashboards.components import Context
from dashboards.views import PAGES
from dashboards.wording import SYNTHETIC_BANNER

TITLE = "Early years integration maturity"


def header() -> Context:
    """Title, synthetic warning and provenance; stops the app when there is nothing to read."""
    st.title(TITLE)
    try:
        snap = snapshot.open_snapshot(snapshot.snapshot_path())
    except snapshot.SnapshotMissing as missing:
        st.error(str(missing))
        st.stop()
    info = snap.info()
    if info.is_synthetic:
        st.error(f"**{SYNTHETIC_BANNER}**", icon="⚠️")
    st.caption(f"Snapshot published {info.published_at:%-d %B %Y, %H:%M} UTC · run {info.run_id}")
    return Context(snap, info)


def _renderer(module_name: str, ctx: Context):
    module = importlib.import_module(f"dashboards.views.{module_name}")

    def render() -> None:
        module.render(ctx)

    return render


def main() -> None:
    """The app: every page of PAGES in the navigation, the first as the landing page."""
    st.set_page_config(page_title=TITLE, layout="wide")
    context = header()
    st.navigation(
        [
            st.Page(_renderer(module, context), title=title, url_path=path or None, default=not path)
            for module, title, path in PAGES
        ]
    ).run()


def single_page(module_name: str) -> None:
    """One page with the shared header and no navigation (for in-process tests and benchmarks)."""
    st.set_page_config(page_title=TITLE, layout="wide")
    _renderer(module_name, header())()
