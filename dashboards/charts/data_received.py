"""What arrived across London in one year: the files of each borough by where they stand now.

One stacked bar per borough, in name order, counting files (not people): in use, replaced by a
later file, paper entries waiting or held, duplicates and refusals. Colour is never the only cue:
the states that need attention are also patterned, and the table beneath has every count.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards import palette

# (column, legend name, colour, pattern): Okabe–Ito colours; attention states patterned.
STANDING_STYLE = (
    ("n_in_use", "In use", palette.AREA, ""),
    ("n_replaced", "Replaced by a later file", "#999999", "/"),
    ("n_waiting", "Paper entry waiting", palette.COMPARATOR, "."),
    ("n_held", "Paper entry held", palette.HIGHLIGHT, "x"),
    ("n_duplicate", "Duplicate (sent again)", "#dddddd", ""),
    ("n_refused", "Refused", "#000000", "\\"),
)


def files_by_borough(frame: pd.DataFrame) -> go.Figure:
    """`frame`: queries.data_received.london_year, one row per borough (first on top)."""
    figure = go.Figure()
    for column, name, colour, pattern in STANDING_STYLE:
        figure.add_trace(go.Bar(
            y=frame["area_name"], x=frame[column], orientation="h", name=name,
            marker={"color": colour, "line": {"color": "#595959", "width": 0.5},
                    "pattern": {"shape": pattern, "fgcolor": "#ffffff" if colour == "#000000" else "#333333"}},
            hovertemplate=f"%{{y}}<br>{name}: %{{x}} files<extra></extra>",
        ))
    figure.update_layout(
        barmode="stack", height=120 + 22 * len(frame), margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "traceorder": "normal"}, plot_bgcolor="#ffffff",
    )
    figure.update_xaxes(title="files", dtick=1, gridcolor="#e5e5e5", rangemode="tozero")
    figure.update_yaxes(autorange="reversed")
    return figure
