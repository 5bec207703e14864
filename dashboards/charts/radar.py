"""Figures for the dashboard, built from snapshot frames so they can be checked without a browser."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

BOROUGH_COLOUR = "#1f5fa8"
LONDON_COLOUR = "#6b6b6b"


def _spoke_label(name: str) -> str:
    """Long enabler names are wrapped so twelve of them fit round the circle."""
    return "<br>".join(textwrap.wrap(name, 18))


def _closed(values: list) -> list:
    """Scatterpolar draws an open path; repeating the first spoke closes the ring."""
    return values + values[:1]


def radar(rows: pd.DataFrame, borough: str, year: int) -> go.Figure:
    """The borough's enabler means beside the London mean, E01…E12 clockwise from the top.

    Suppressed means are left as gaps: drawing them at any radius would imply a value.
    """
    labels = [_spoke_label(name) for name in rows["enabler_name"]]
    means = [None if row.is_suppressed else row.mean_score for row in rows.itertuples()]
    hover = [
        "suppressed (fewer than 3 scores)" if mean is None else f"{mean:.2f}" for mean in means
    ]
    figure = go.Figure()
    figure.add_trace(
        go.Scatterpolar(
            r=_closed(rows["london_mean"].tolist()),
            theta=_closed(labels),
            name=f"London mean {year}",
            mode="lines",
            line={"color": LONDON_COLOUR, "dash": "dash", "width": 2},
            hovertemplate="%{theta}<br>London mean %{r:.2f}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatterpolar(
            r=_closed(means),
            theta=_closed(labels),
            name=f"{borough} {year}",
            mode="lines+markers",
            line={"color": BOROUGH_COLOUR, "width": 3},
            marker={"size": 8},
            text=_closed(hover),
            hovertemplate=f"%{{theta}}<br>{borough} %{{text}}<extra></extra>",
        )
    )
    figure.update_layout(
        polar={
            "radialaxis": {"range": [1, 5], "tickvals": [1, 2, 3, 4, 5], "angle": 90, "tickangle": 90},
            "angularaxis": {"direction": "clockwise", "rotation": 90},
        },
        legend={"orientation": "h", "yanchor": "top", "y": -0.1, "xanchor": "center", "x": 0.5},
        margin={"t": 40, "b": 40, "l": 90, "r": 90},
        height=560,
    )
    return figure
