"""Figures of one borough's maturity over time: means across years with their 95 % interval bands
beside its region and England, and the change between consecutive assessments as a dot with its interval.

A withheld year is a gap in the borough's line and band, marked by a grey column labelled
"withheld" — never a point, so nothing can be read as a value for it. A withheld change has no dot:
its row carries the word instead.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboards import palette
from dashboards.wording import SMALL_GROUP, WITHHELD
from measures.trend import CANNOT_BE_CALCULATED, DECREASING, INCREASING, NO_SIGNIFICANT_CHANGE

BAND = "rgba(0, 114, 178, 0.18)"  # palette.AREA, translucent
WITHHELD_BAND = "rgba(150, 150, 150, 0.22)"
# Direction labels: the comparison colours, and a shape each so colour is never the only cue.
DIRECTION_STYLE = {
    INCREASING: (palette.COMPARISON_COLOURS[palette.HIGHER], "triangle-up"),
    DECREASING: (palette.COMPARISON_COLOURS[palette.LOWER], "triangle-down"),
    NO_SIGNIFICANT_CHANGE: (palette.COMPARISON_COLOURS[palette.SIMILAR], "circle"),
    CANNOT_BE_CALCULATED: (palette.COMPARISON_COLOURS[palette.NOT_COMPARED], "square"),
}
DIRECTION_OUTLINE = "#333333"  # the yellow and grey markers need an edge to stand out on white


def _grid(n_items: int) -> tuple[int, int]:
    """Columns of four (enablers: 3 × 4), or one row for a handful of items."""
    columns = min(n_items, 4)
    return math.ceil(n_items / columns), columns


def _title(name: str) -> str:
    """Long enabler names wrap so four panels' titles fit side by side."""
    return "<br>".join(textwrap.wrap(name, 26))


def _runs(published: pd.Series) -> list[list[int]]:
    """Positions of consecutive published years: each run gets its own band polygon."""
    runs: list[list[int]] = []
    for position, ok in enumerate(published):
        if ok and runs and runs[-1][-1] == position - 1:
            runs[-1].append(position)
        elif ok:
            runs.append([position])
    return runs


def _hover(rows: pd.DataFrame) -> list[str]:
    lines = []
    for row in rows.itertuples():
        if row.is_suppressed:
            figure = f"{WITHHELD} (n = {row.n_scores})"
        else:
            figure = f"mean {row.mean_score:.2f} (n = {row.n_scores})"
            if pd.notna(row.mean_ci_low):
                figure += f"<br>95% interval {row.mean_ci_low:.2f} to {row.mean_ci_high:.2f}"
            if row.is_small_group:
                figure += f"<br>{SMALL_GROUP}"
        lines.append(f"<b>{row.item_name}</b>, {row.assessment_year}<br>{figure}")
    return lines


def means_over_years(frame: pd.DataFrame, borough: str) -> go.Figure:
    """Small multiples, one per item in `frame` (queries.trends.series): the borough's mean with its
    95 % interval band, its region's mean (dashed) and England's (dotted) for each year. Withheld years
    are gaps."""
    item_ids = list(dict.fromkeys(frame["item_id"]))
    region = str(frame["region_name"].iloc[0]) if len(frame) and "region_name" in frame else "Region"
    area, areas = ("borough", "boroughs") if region == "London" else ("authority", "authorities")
    rows, columns = _grid(len(item_ids))
    names = frame.drop_duplicates("item_id").set_index("item_id")["item_name"]
    figure = make_subplots(
        rows=rows, cols=columns, subplot_titles=[_title(names[i]) for i in item_ids],
        shared_yaxes=True, horizontal_spacing=0.04, vertical_spacing=0.12 if rows > 1 else 0.1,
    )
    figure.update_annotations(font_size=12)  # the panel titles, before any other annotation
    years = sorted(frame["assessment_year"].unique())
    band_in_legend = False
    for index, item_id in enumerate(item_ids):
        row, column = divmod(index, columns)
        cell = {"row": row + 1, "col": column + 1}
        item = frame[frame["item_id"] == item_id].sort_values("assessment_year").reset_index(drop=True)
        published = ~item["is_suppressed"]
        mean = item["mean_score"].where(published)
        for run in _runs(published & item["mean_ci_low"].notna()):
            part = item.loc[run]
            x = part["assessment_year"].astype(float).tolist()
            high, low = part["mean_ci_high"].tolist(), part["mean_ci_low"].tolist()
            if len(run) == 1:  # a year between two gaps still gets its band, as a narrow column
                x, high, low = [x[0] - 0.12, x[0] + 0.12], high * 2, low * 2
            figure.add_trace(
                go.Scatter(
                    x=[*x, *x[::-1]], y=[*high, *low[::-1]],
                    fill="toself", fillcolor=BAND, line={"width": 0}, mode="lines", hoverinfo="skip",
                    name="95% interval", legendgroup="band", showlegend=not band_in_legend,
                ),
                **cell,
            )
            band_in_legend = True
        for column, name, colour, dash in (("region", region, palette.LONDON, "dash"),
                                           ("england", "England", palette.ENGLAND, "dot")):
            if column == "england" and not item[f"{column}_mean"].notna().any():
                continue
            figure.add_trace(
                go.Scatter(
                    x=item["assessment_year"], y=item[f"{column}_mean"], mode="lines+markers", name=name,
                    line={"color": colour, "dash": dash, "width": 2}, marker={"size": 5},
                    legendgroup=column, showlegend=index == 0,
                    customdata=item[f"{column}_n_areas"],
                    hovertemplate=f"{name} %{{x}}: mean of {area} means %{{y:.2f}} (%{{customdata}} {areas})"
                                  "<extra></extra>",
                ),
                **cell,
            )
        figure.add_trace(
            go.Scatter(
                x=item["assessment_year"], y=mean, mode="lines+markers", name=borough, connectgaps=False,
                line={"color": palette.AREA, "width": 3}, marker={"size": 8, "color": palette.AREA},
                legendgroup="area", showlegend=index == 0,
                text=_hover(item), hovertemplate="%{text}<extra></extra>",
            ),
            **cell,
        )
        withheld = item.loc[~published]
        for year in withheld["assessment_year"]:
            figure.add_vrect(
                x0=year - 0.4, x1=year + 0.4, fillcolor=WITHHELD_BAND, line_width=0, layer="below",
                annotation_text="withheld", annotation_position="top", annotation_font_size=10, **cell,
            )
        if not withheld.empty:
            # An invisible target across the grey column, so hovering there says "withheld".
            figure.add_trace(
                go.Scatter(
                    x=withheld["assessment_year"], y=[3] * len(withheld), mode="markers",
                    marker={"size": 30, "opacity": 0}, showlegend=False, name=WITHHELD,
                    text=_hover(withheld), hovertemplate="%{text}<extra></extra>",
                ),
                **cell,
            )
    figure.update_yaxes(range=[1, 5], tickvals=[1, 2, 3, 4, 5])
    figure.update_xaxes(tickvals=years, range=[min(years) - 0.5, max(years) + 0.5])
    figure.update_yaxes(title_text="Mean (1–5)", col=1)
    figure.update_layout(
        height=320 * rows + 80, margin={"t": 90, "b": 40, "l": 60, "r": 20},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.06, "xanchor": "left", "x": 0},
        hovermode="closest",
    )
    return figure


def pair_label(frame: pd.DataFrame) -> pd.Series:
    """'Overall · 2023→2024': one row of the change chart and its table."""
    return frame["item_name"] + " · " + frame["previous_year"].astype(str) + "→" + frame["current_year"].astype(str)


def change_dots(frame: pd.DataFrame) -> go.Figure:
    """One row per pair of consecutive assessments (queries.trends.changes): the change with its 95 %
    interval as an error bar, shaped and coloured by the mart's direction label, and a zero line.
    Withheld pairs show the word, not a dot."""
    labels = pair_label(frame)
    figure = go.Figure()
    figure.add_vline(x=0, line={"color": "#000000", "width": 1})
    published = ~frame["is_suppressed"]
    for label, (colour, symbol) in DIRECTION_STYLE.items():
        part = frame[published & (frame["direction"] == label)]
        if part.empty:
            continue
        figure.add_trace(
            go.Scatter(
                x=part["change"], y=labels[part.index], mode="markers", name=label,
                marker={"color": colour, "symbol": symbol, "size": 11, "line": {"color": DIRECTION_OUTLINE, "width": 1}},
                error_x={
                    "type": "data", "symmetric": False,
                    "array": (part["change_ci_high"] - part["change"]).tolist(),
                    "arrayminus": (part["change"] - part["change_ci_low"]).tolist(),
                    "color": "#555555", "thickness": 1.5, "width": 4,
                },
                text=_change_hover(part), hovertemplate="%{text}<extra></extra>",
            )
        )
    withheld = frame[~published]
    if not withheld.empty:
        figure.add_trace(
            go.Scatter(
                x=[0] * len(withheld), y=labels[withheld.index], mode="text", text=["withheld"] * len(withheld),
                textfont={"color": "#555555", "size": 11}, name=WITHHELD, showlegend=False,
                hovertext=[f"{label}: {WITHHELD}" for label in labels[withheld.index]], hoverinfo="text",
            )
        )
    figure.update_yaxes(categoryorder="array", categoryarray=list(labels)[::-1], automargin=True)
    figure.update_xaxes(title_text="Change in mean (current − previous), with 95% interval", zeroline=False)
    figure.update_layout(
        showlegend=True, height=max(260, 26 * len(frame) + 140), margin={"t": 40, "b": 50, "l": 20, "r": 20},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0, "title": "Direction:"},
    )
    return figure


def _change_hover(part: pd.DataFrame) -> list[str]:
    return [
        f"<b>{r.item_name}</b>, {r.previous_year} → {r.current_year}<br>"
        f"{r.previous_mean:.2f} (n = {r.previous_n}) → {r.current_mean:.2f} (n = {r.current_n})<br>"
        f"change {r.change:+.2f}"
        + ("" if pd.isna(r.change_ci_low) else f", 95% interval {r.change_ci_low:+.2f} to {r.change_ci_high:+.2f}")
        + f"<br>{r.direction} (p = {r.permutation_p:.3f})"
        for r in part.itertuples()
    ]
