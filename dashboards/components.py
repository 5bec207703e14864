"""The pieces every page is built from, so that every chart has its table and every table its
download, and a borough or year chosen on one page is still chosen on the next.

Choices live in `st.session_state` and in the page's query string (`?area=E09000007&year=2024`), so
a view can be bookmarked or sent to a colleague, as Fingertips' links can.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards import snapshot
from dashboards.exports.neutralise import csv_bytes
from dashboards.snapshot import Snapshot, SnapshotInfo
from dashboards.wording import SYNTHETIC_BANNER, SYNTHETIC_FILE_PREFIX

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["sendDataToCloud"]}


@dataclass(frozen=True)
class Context:
    """What a page is given: the snapshot version to read and its provenance."""

    snap: Snapshot
    info: SnapshotInfo


def file_name(name: str, ctx: Context, suffix: str = ".csv") -> str:
    """A download's file name: a slug of `name`, SYNTHETIC_ first when the data are synthetic."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "table"
    return f"{SYNTHETIC_FILE_PREFIX if ctx.info.is_synthetic else ''}{slug}{suffix}"


def labelled(table: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """The table a download holds: when synthetic, a first column saying so on every row."""
    if not ctx.info.is_synthetic:
        return table
    return pd.concat([pd.DataFrame({"Data": [SYNTHETIC_BANNER] * len(table)}, index=table.index), table], axis=1)


def table(frame: pd.DataFrame, name: str, ctx: Context, *, key: str | None = None) -> None:
    """An accessible HTML table (the same numbers as its chart) and a CSV download of it."""
    st.table(frame, hide_index=True)
    st.download_button(
        f"Download {name} (CSV)",
        data=csv_bytes(labelled(frame, ctx)),
        file_name=file_name(name, ctx),
        mime="text/csv",
        key=key or f"download-{name}",
        on_click="ignore",
    )


def chart(figure: go.Figure, frame: pd.DataFrame, name: str, ctx: Context, *, key: str | None = None) -> None:
    """A chart with its table beneath it: the table carries every number the chart draws."""
    st.plotly_chart(figure, config=PLOTLY_CONFIG, key=f"chart-{key or name}")
    with st.container():
        st.caption(f"Table: {name}")
        table(frame, name, ctx, key=key and f"download-{key}")


def _remembered(param: str, options: list, default_index: int = 0):
    """The option held in the query string or session for `param`, else the default."""
    wanted = st.query_params.get(param, st.session_state.get(f"chosen-{param}"))
    as_text = {str(option): option for option in options}
    return as_text.get(str(wanted), options[default_index] if options else None)


def choose(label: str, param: str, options: list, format_func=str, *, container=st, default_index: int = 0):
    """A select box whose choice is remembered across pages and written to the query string."""
    if not options:
        return None
    current = _remembered(param, options, default_index)
    chosen = container.selectbox(label, options, index=options.index(current), format_func=format_func,
                                 key=f"select-{param}")
    st.session_state[f"chosen-{param}"] = chosen
    st.query_params[param] = str(chosen)
    return chosen


def choose_area(ctx: Context, *, container=st, label: str = "Borough") -> tuple[str, str] | None:
    """(area_code, area_name) of an area with results, remembered across pages."""
    areas = snapshot.areas(ctx.snap)
    names = dict(zip(areas["area_code"], areas["area_name"]))
    code = choose(label, "area", list(names), names.__getitem__, container=container)
    return (code, names[code]) if code else None


def choose_year(ctx: Context, area_code: str | None = None, *, container=st,
                label: str = "Assessment year") -> int | None:
    """An assessment year with results (for the area, when given), newest first, remembered."""
    return choose(label, "year", snapshot.years(ctx.snap, area_code), container=container)
