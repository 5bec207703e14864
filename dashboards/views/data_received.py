"""Data received: what a borough's figures rest on — every file that arrived for its year, what the
ingest said when it came (accepted, superseded, unchanged, refused, waiting, held) and where it
stands now — with the snapshot's publication time and run id, London's files for the year, the
outcome files loaded and the refused files that could not be put to any borough.

Reasons are shown as the ingest recorded them ("location: reason"); the mart has already taken
every directory out of them, so no page shows where a file lay on the machine that received it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import components
from dashboards.charts import data_received as charts
from dashboards.components import Context
from dashboards.queries import data_received as queries
from dashboards.wording import NO_RESULTS, missing

STATUS_NOTE = (
    "**Status when received** is what the ingest said at the time: *accepted*; *superseded* (this "
    "file replaced an earlier one for the same borough, year and group); *unchanged* (the same "
    "bytes had arrived before); *refused*; *waiting* or *held* (paper entries: waiting for the "
    "second typing, or held until disagreements between the two typings are settled). **Now** is "
    "where the file stands today: *in use* (the figures use it), *replaced*, *waiting*, *held*, "
    "*duplicate* or *refused*."
)
NOT_IDENTIFIED_NOTE = (
    "A refused file is refused before anything in it is read, including who sent it, so it cannot "
    "be put to a borough. No value from a refused file reaches any figure."
)


def _when(value: object) -> str:
    return "—" if missing(value) else f"{pd.Timestamp(value):%Y-%m-%d %H:%M:%S}"


def _text(value: object) -> str:
    return "—" if missing(value) else str(value)


def _count(value: object) -> str:
    return "—" if missing(value) else str(int(value))


def _what_was_said(frame: pd.DataFrame) -> list[str]:
    """The reasons of a refused file, else the ingest's detail (a replacing file's detail names the
    file it replaces, so a replaced file's row needs no second file name to fit on the page)."""
    return [_text(r) if not missing(r) else _text(d) for r, d in zip(frame["reasons"], frame["detail"])]


def files_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One borough's files for the year, in order of arrival; the Group column only when the
    borough split its partnership across workbooks."""
    return pd.DataFrame(
        {
            "Received (UTC)": [_when(v) for v in frame["received_at"]],
            "File": frame["file_name"],
            "Kind": frame["kind"],
            "Status when received": frame["status"],
            "Now": frame["standing"],
            **({"Group": [_text(v) for v in frame["group_label"]]} if frame["group_label"].notna().any() else {}),
            "People": [_count(v) for v in frame["n_participants"]],
            "Detail or reasons": _what_was_said(frame),
        }
    )


def refused_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Received (UTC)": [_when(v) for v in frame["received_at"]],
            "File": frame["file_name"],
            "Kind": frame["kind"],
            "Problems": frame["n_reasons"].astype(int),
            "Reasons (location: reason)": [_text(v) for v in frame["reasons"]],
            "Detail": [_text(v) for v in frame["detail"]],
        }
    )


def outcome_files_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Received (UTC)": [_when(v) for v in frame["received_at"]],
            "File": frame["file_name"],
            "Source": [_text(v) for v in frame["outcome_source"]],
            "Indicators": [_count(v) for v in frame["n_indicators"]],
            "Values": [_count(v) for v in frame["n_values"]],
            "Status when received": frame["status"],
            "Detail": [_text(v) for v in frame["detail"]],
        }
    )


def london_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Borough": frame["area_name"],
            "Files": frame["n_files"],
            **{name: frame[column] for column, name, _, _ in charts.STANDING_STYLE},
            "Participants in the files in use": frame["n_participants_in_use"],
            "Data-sharing return": ["yes" if r else "no" for r in frame["has_return"]],
            "Last received (UTC)": [_when(v) for v in frame["last_received_at"]],
        }
    )


def _borough(ctx: Context) -> int | None:
    left, right = st.columns(2)
    area = components.choose_area(ctx, container=left)
    if area is None:
        st.info(NO_RESULTS)
        return None
    area_code, area_name = area
    years = queries.received_years(ctx.snap, area_code)
    if not years:
        st.info(f"Nothing has been received for {area_name} yet.")
        return None
    year = components.choose("Assessment year", "year", years, container=right)
    files = queries.received(ctx.snap, area_code, year)
    summary = queries.london_year(ctx.snap, year).set_index("area_code").loc[area_code]

    st.subheader(f"{area_name}, {year}")
    columns = st.columns(5)
    columns[0].metric("Files received", int(summary["n_files"]))
    columns[1].metric("In use", int(summary["n_in_use"]))
    columns[2].metric("Replaced by a later file", int(summary["n_replaced"]))
    columns[3].metric("Participants in the files in use", int(summary["n_participants_in_use"]))
    columns[4].metric("Data-sharing return", "yes" if summary["has_return"] else "no")
    pending = files[files["standing"].isin(["waiting", "held"])]
    if pending.empty:
        st.caption("No paper entries are waiting or held for this year.")
    else:
        st.warning(
            "**Paper entries not yet in the figures**:\n"
            + "\n".join(f"- {r.file_name}: {r.standing} — {_text(r.detail)}" for r in pending.itertuples())
        )
    components.table(files_table(files), f"{area_name} {year} files received", ctx, key="received-files")
    st.caption(STATUS_NOTE)
    return year


def _london(ctx: Context, year: int) -> None:
    st.subheader(f"London, {year}: files by borough")
    frame = queries.london_year(ctx.snap, year)
    sent = int((frame["n_files"] > 0).sum())
    st.markdown(f"**{sent} of {len(frame)} boroughs** sent files for {year}.")
    components.chart(charts.files_by_borough(frame), london_table(frame), f"London {year} files received", ctx,
                     key="received-london")


def render(ctx: Context) -> None:
    st.header("Data received")
    st.info(
        f"These figures rest on the snapshot published **{ctx.info.published_at:%-d %B %Y, %H:%M} UTC** "
        f"by run **{ctx.info.run_id}**: the files below, as they stood when it was built.",
        icon=":material/inventory_2:",
    )
    year = _borough(ctx)
    if year is not None:
        st.divider()
        _london(ctx, year)

    st.divider()
    st.subheader("Refused files not identified to a borough")
    refused = queries.not_identified(ctx.snap)
    st.caption(NOT_IDENTIFIED_NOTE)
    if refused.empty:
        st.caption("No file has been refused.")
    else:
        components.table(refused_table(refused), "refused files not identified", ctx, key="received-refused")

    st.subheader("Outcome files loaded")
    outcomes = queries.outcome_files(ctx.snap)
    if outcomes.empty:
        st.caption("No outcome file has been loaded.")
    else:
        st.caption("Outcome files cover every borough; a later file's figure for the same indicator, area, "
                   "period and breakdown replaces the earlier one.")
        components.table(outcome_files_table(outcomes), "outcome files loaded", ctx, key="received-outcomes")
