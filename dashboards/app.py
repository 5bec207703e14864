"""Entry point for `streamlit run dashboards/app.py`: the header every page shares, then the page.

Every page reads the published snapshot only, through one `Snapshot` per published version, and
is given it in a `Context`; the header shows the synthetic banner and what the figures rest on (the
snapshot's time and run id, never a path on this machine).
"""

from __future__ import annotations

import streamlit as st

from dashboards import snapshot
from dashboards.components import Context
from dashboards.views import borough, data_received, data_sharing, outcomes, overview, trends
from dashboards.wording import SYNTHETIC_BANNER

TITLE = "Early years integration maturity"
PAGES = (
    # (module, title, url path); the first is the landing page
    (overview, "London overview", "overview"),
    (borough, "Borough profile", "borough"),
    (trends, "Trends", "trends"),
    (outcomes, "Outcomes", "outcomes"),
    (data_sharing, "Data sharing", "data-sharing"),
    (data_received, "Data received", "data-received"),
)


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


def _page(module, ctx: Context):
    def render() -> None:
        module.render(ctx)

    return render


st.set_page_config(page_title=TITLE, layout="wide")
context = header()
st.navigation(
    [
        st.Page(_page(module, context), title=title, url_path=path, default=index == 0)
        for index, (module, title, path) in enumerate(PAGES)
    ]
).run()
