"""The heat map: boroughs (rows) × the 12 enablers (columns) for one year, each cell coloured by
the mean on the fixed 1–5 scale and showing it; withheld cells grey, hatched and saying
"withheld", cells of boroughs with no return empty and saying "no return".

It shows at a glance which enablers London rates low across the board and which boroughs differ
from the pattern, which no single-item view can.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards.charts.borough_text import hover_text, value_text
from dashboards.charts.cells import cells, grid_axes, mean_scale, no_return_cells, text_on_mean, withheld_cells
from dashboards.wording import NO_DATA, WITHHELD

ROW_PX = 30
COLUMN_PX = 64


def heatmap(grid: pd.DataFrame) -> go.Figure:
    """`grid`: dashboards.queries.overview.enabler_grid rows (boroughs in the order to draw them,
    enablers in the tool's order)."""
    boroughs = list(dict.fromkeys(grid["area_name"]))
    enablers = grid.drop_duplicates("enabler_id").sort_values("enabler_order")
    column = {e: k for k, e in enumerate(enablers["enabler_id"], start=1)}
    drawn = grid.assign(
        x=grid["enabler_id"].map(column),
        y=grid["area_name"].map({name: k for k, name in enumerate(boroughs, start=1)}),
        text=value_text(grid),
        hover=[f"{h}<br>{e} {name}" for h, e, name in
               zip(hover_text(grid), grid["enabler_id"], grid["enabler_name"])],
        key=grid["area_code"] + " " + grid["enabler_id"],
    )
    published = drawn[drawn["has_return"] & ~drawn["is_suppressed"]]
    withheld = drawn[drawn["has_return"] & drawn["is_suppressed"]]
    absent = drawn[~drawn["has_return"]]
    figure = go.Figure()
    figure.add_trace(_cells(published, cells, name="Mean", fill=published["mean_score"],
                            text_colour=text_on_mean(published["mean_score"]), scale=mean_scale(),
                            showlegend=False))
    if len(withheld):
        figure.add_trace(_cells(withheld, withheld_cells, name=WITHHELD))
    if len(absent):
        figure.add_trace(_cells(absent, no_return_cells, name=NO_DATA))
    grid_axes(figure, rows=len(boroughs), cols=len(column), square=False)
    figure.update_xaxes(side="top", tickvals=list(column.values()), ticktext=list(column), ticks="")
    figure.update_yaxes(tickvals=list(range(1, len(boroughs) + 1)), ticktext=boroughs, ticks="")
    figure.update_layout(
        height=len(boroughs) * ROW_PX + 120, width=len(column) * COLUMN_PX + 320,
        margin={"t": 40, "b": 10, "l": 10, "r": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.01, "xanchor": "left", "x": 0},
        hoverlabel={"align": "left"},
    )
    return figure


def _cells(frame: pd.DataFrame, draw, **style) -> go.Bar:
    return draw(frame["x"], frame["y"], text=frame["text"], hover=frame["hover"], customdata=frame["key"], **style)
