"""One borough's enabler profile for one year, beside London."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import snapshot
from dashboards.charts import radar
from dashboards.components import Context

SUPPRESSED = "suppressed (fewer than 3 scores)"
SMALL_GROUP = "small group (fewer than 5 scores)"
NOTES = (
    "Means of participants' ratings on the tool's 1–5 scale: a description of how the partnership "
    "sees itself, not a measure of outcomes. The London mean is the mean of borough means for the "
    "year, each borough weighted equally. Statistics are withheld where fewer than 3 people scored "
    "an enabler (a gap in the chart), and flagged as a small group where fewer than 5 did."
)


def _mean(row) -> str:
    return SUPPRESSED if row.is_suppressed else f"{row.mean_score:.2f}"


def table(rows: pd.DataFrame) -> pd.DataFrame:
    """Text, not numbers, in the mean column so a suppressed cell can never be read as a value."""
    return pd.DataFrame(
        {
            "Enabler": [f"{r.enabler_id} {r.enabler_name}" for r in rows.itertuples()],
            "Mean": [_mean(r) for r in rows.itertuples()],
            "n scores": rows["n_scores"].astype(int),
            "n skipped": rows["n_skipped"].astype(int),
            "London mean": ["—" if pd.isna(m) else f"{m:.2f}" for m in rows["london_mean"]],
            "Boroughs in London mean": rows["london_n_areas"].astype(int),
            "Note": [
                SMALL_GROUP if r.is_small_group and not r.is_suppressed else ""
                for r in rows.itertuples()
            ],
        }
    )


def render(ctx: Context) -> None:
    path = ctx.snap
    areas = snapshot.areas(path)
    if areas.empty:
        st.info("The published snapshot holds no borough results yet.")
        return
    names = dict(zip(areas["area_code"], areas["area_name"]))
    left, right = st.columns([3, 1])
    code = left.selectbox("Borough", list(names), format_func=names.__getitem__)
    year = right.selectbox("Assessment year", snapshot.years(path, code))
    rows = snapshot.borough_year(path, code, year)

    st.subheader(f"{names[code]}, {year}")
    st.plotly_chart(radar.radar(rows, names[code], year), config={"displaylogo": False})
    st.table(table(rows), hide_index=True)
    st.caption(NOTES)
