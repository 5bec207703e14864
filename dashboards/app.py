"""Entry point for `streamlit run dashboards/app.py`: the header every page shares, then the page."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboards import snapshot
from dashboards.views import borough

TITLE = "Early years integration maturity"
SYNTHETIC_BANNER = "SYNTHETIC DATA — generated for demonstration; not real borough returns"


def header() -> Path:
    """Title, synthetic warning and provenance; stops the app when there is nothing to read."""
    st.title(TITLE)
    try:
        path = snapshot.snapshot_path()
    except snapshot.SnapshotMissing as missing:
        st.error(str(missing))
        st.stop()
    meta = snapshot.info(path)
    if meta.is_synthetic:
        st.error(f"**{SYNTHETIC_BANNER}**", icon="⚠️")
    st.caption(
        f"Snapshot published {meta.published_at:%-d %B %Y, %H:%M} · run {meta.run_id}"
        f" · source {meta.source}"
    )
    return path


st.set_page_config(page_title=TITLE, layout="wide")
snapshot_file = header()
st.navigation(
    [st.Page(lambda: borough.render(snapshot_file), title="Borough profile", url_path="borough", default=True)]
).run()
