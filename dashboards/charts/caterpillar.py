"""The ranked dot plot ("caterpillar"): boroughs from the highest mean to the lowest, each with its
95 % interval, coloured by its comparison with London, and London's value as a dashed line.

The intervals are the point: with eight or so people per borough most of them overlap London's
value, and a ranking without them would suggest differences the data cannot support. Boroughs
whose figure is withheld, and those with no return, are listed at the foot under those words and
drawn at no value at all.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards.charts.borough_text import WITHHELD_SHORT, hover_text
from dashboards.palette import COMPARISON_COLOURS, ENGLAND, LONDON, MEAN_RANGE
from dashboards.wording import NO_DATA
from measures.benchmark import BENCHMARK_LABELS

ROW_PX = 24
NOT_PLOTTED = "#7f7f7f"


def ranked(frame: pd.DataFrame) -> pd.DataFrame:
    """Published areas by rank against their region (ties by name), then withheld, then no return, by name."""
    published = frame["has_return"] & ~frame["is_suppressed"]
    return pd.concat([
        frame[published].sort_values(["rank", "area_name"]),
        frame[frame["has_return"] & frame["is_suppressed"]].sort_values("area_name"),
        frame[~frame["has_return"]].sort_values("area_name"),
    ])


def caterpillar(frame: pd.DataFrame, london: float | None, *, london_name: str = "London",
                england: float | None = None) -> go.Figure:
    """`frame`: dashboards.queries.overview.area_results rows; `london`: the value of the region the
    areas are compared with, named `london_name` (None: none); `england`: England's value, drawn as
    a second (dotted) line when given."""
    order = ranked(frame)
    order = order.assign(hover=hover_text(order, london_name))
    published = order[order["has_return"] & ~order["is_suppressed"]]
    figure = go.Figure()
    for label in BENCHMARK_LABELS:
        chosen = published[published["benchmark_label"] == label]
        if chosen.empty:
            continue
        figure.add_trace(go.Scatter(
            x=chosen["mean_score"], y=chosen["area_name"], mode="markers", name=f"{label} ({london_name})",
            marker={"color": COMPARISON_COLOURS[label], "size": 11, "line": {"color": "#333333", "width": 1}},
            error_x={"type": "data", "symmetric": False, "array": chosen["mean_ci_high"] - chosen["mean_score"],
                     "arrayminus": chosen["mean_score"] - chosen["mean_ci_low"], "color": "#555555",
                     "thickness": 1.5, "width": 4},
            hovertext=chosen["hover"], hovertemplate="%{hovertext}<extra></extra>",
            customdata=chosen["area_code"],
        ))
    not_plotted = order[~(order["has_return"] & ~order["is_suppressed"])]
    if len(not_plotted):
        # No x: the names take their place on the axis, and the words say why there is no dot.
        figure.add_trace(go.Scatter(x=[None] * len(not_plotted), y=not_plotted["area_name"], mode="markers",
                                    name="not plotted", showlegend=False, hoverinfo="skip",
                                    customdata=not_plotted["area_code"]))
        for row in not_plotted.itertuples():
            figure.add_annotation(
                x=0.01, xref="paper", y=row.area_name, yref="y", xanchor="left", showarrow=False,
                text=f"<i>{WITHHELD_SHORT if row.has_return else NO_DATA}</i>", font={"color": NOT_PLOTTED},
                hovertext=row.hover,
            )
    if london is not None:
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=f"{london_name} {london:.2f}",
                                    line={"color": LONDON, "dash": "dash", "width": 2}))
        figure.add_vline(x=london, line={"color": LONDON, "dash": "dash", "width": 2})
    if england is not None:
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=f"England {england:.2f}",
                                    line={"color": ENGLAND, "dash": "dot", "width": 2}))
        figure.add_vline(x=england, line={"color": ENGLAND, "dash": "dot", "width": 2})
    figure.update_xaxes(range=list(MEAN_RANGE), dtick=0.5, title="Mean (1–5) with 95 % interval", showgrid=True,
                        gridcolor="#eeeeee", zeroline=False)
    figure.update_yaxes(categoryorder="array", categoryarray=list(order["area_name"]), autorange="reversed",
                        type="category", title=None)
    figure.update_layout(
        height=max(len(order), 3) * ROW_PX + 150, margin={"t": 30, "b": 60, "l": 10, "r": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
        plot_bgcolor="#ffffff", hoverlabel={"align": "left"},
    )
    return figure
