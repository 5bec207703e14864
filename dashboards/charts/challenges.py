"""How many areas see each of the six challenges in play (marts.challenge_prevalence), as stacked bars.

One bar per challenge, in the tool's order (first on top), counting areas, not people: in play,
partly in play, not in play, each area once at the most "in play" its groups said. Colour is never
the only cue: "partly" and "not in play" are also patterned, the hover gives each count and mean,
and the table beneath holds every number with the mean maturity of the areas in play and not in play.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards import palette
from dashboards.wording import number

# (the mart's count column, the status id it counts, colour, pattern); labels come from the framework.
STATUS_STYLE = (
    ("n_in_play", "in_play", palette.HIGHLIGHT, ""),
    ("n_partly", "partly", palette.COMPARATOR, "/"),
    ("n_not_in_play", "not_in_play", palette.GROUP_SERIES[4], "."),
)
ROW_PX = 44


def _mean(row, status: str) -> str:
    """The hover's mean maturity of the areas with `status`, with its n (in_play / not_in_play only)."""
    if status == "partly":
        return ""
    n = int(getattr(row, f"n_maturity_{status}"))
    mean = getattr(row, f"mean_maturity_{status}")
    return f"<br>mean overall maturity of these areas {number(mean)} (n {n} areas)"


def prevalence_bars(frame: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """`frame`: one region-year of marts.challenge_prevalence in challenge order; `labels`: status id →
    the framework's label ("In play", …)."""
    figure = go.Figure()
    for column, status, colour, pattern in STATUS_STYLE:
        name = labels[status]
        figure.add_trace(go.Bar(
            y=frame["challenge_name"].tolist(), x=frame[column].astype(int).tolist(), orientation="h", name=name,
            marker={"color": colour, "line": {"color": "#595959", "width": 0.5},
                    "pattern": {"shape": pattern, "fgcolor": "#000000", "fgopacity": 0.35,
                                                "fillmode": "overlay"}},
            customdata=[_mean(r, status) for r in frame.itertuples()],
            hovertemplate=f"%{{y}}<br>{name}: %{{x}} areas%{{customdata}}<extra></extra>",
        ))
    most = int(frame["n_areas_answered"].max()) if len(frame) else 0
    figure.update_layout(
        barmode="stack", height=140 + ROW_PX * len(frame), margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
        plot_bgcolor="#ffffff",
    )
    figure.update_xaxes(title="areas", dtick=1 if most <= 12 else None, gridcolor="#e5e5e5", rangemode="tozero")
    figure.update_yaxes(autorange="reversed")
    return figure
