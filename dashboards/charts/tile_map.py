"""The London tile map: one equal square per borough at its place on the project's grid
(reference.tiles), labelled with its short name and its value, coloured by the mean on a fixed
1–5 scale or by its comparison with London.

Equal squares, because on a real map the outer boroughs' area would outweigh the inner ones'; the
grid follows London's geography closely enough for a Londoner to find a borough without the
labels, as GLA and London Councils publications draw it. Withheld boroughs are grey and hatched
and say "withheld"; boroughs that sent no return are empty outlined squares saying "no return".
Boroughs outside the chosen group keep a faint dotted outline, so the map keeps its shape.
"""

from __future__ import annotations

from enum import StrEnum

import pandas as pd
import plotly.graph_objects as go

from dashboards.charts.borough_text import hover_text, value_text
from dashboards.charts.cells import (
    CELL,
    cells,
    grid_axes,
    mean_scale,
    no_return_cells,
    text_on_mean,
    withheld_cells,
)
from dashboards.palette import COMPARISON_COLOURS, COMPARISON_TEXT
from dashboards.wording import NO_DATA, WITHHELD
from measures.benchmark import BENCHMARK_LABELS

TILE_SIZE_PX = 84  # a tile's side on screen: room for a nine-character name and a value
NOT_SHOWN_OUTLINE = "#c8c8c8"  # dotted: a place on the map, not a borough drawn


class ColourBy(StrEnum):
    MEAN = "mean"
    LABEL = "label"


def tile_map(frame: pd.DataFrame, colour_by: ColourBy, *, grid: pd.DataFrame | None = None,
             comparator: str = "London") -> go.Figure:
    """`frame`: the boroughs to draw (dashboards.queries.overview.area_results rows); `grid`: every
    tile (tile_row, tile_col), whose squares not in `frame` are drawn as faint outlines."""
    grid = frame if grid is None else grid
    tiles = frame.assign(
        text=[f"<b>{short}</b><br>{value}" for short, value in zip(frame["short_name"], value_text(frame))],
        hover=hover_text(frame, comparator),
    )
    published = tiles[tiles["has_return"] & ~tiles["is_suppressed"]]
    figure = go.Figure()
    if colour_by is ColourBy.MEAN:
        figure.add_trace(_tiles(published, cells, name="Mean", fill=published["mean_score"],
                                text_colour=text_on_mean(published["mean_score"]), scale=mean_scale(),
                                showlegend=False))
    else:
        for label in BENCHMARK_LABELS:
            chosen = published[published["benchmark_label"] == label]
            if len(chosen):
                figure.add_trace(_tiles(chosen, cells, name=f"{label} ({comparator})",
                                        fill=COMPARISON_COLOURS[label], text_colour=COMPARISON_TEXT[label]))
    withheld = tiles[tiles["has_return"] & tiles["is_suppressed"]]
    if len(withheld):
        figure.add_trace(_tiles(withheld, withheld_cells, name=WITHHELD))
    absent = tiles[~tiles["has_return"]]
    if len(absent):
        figure.add_trace(_tiles(absent, no_return_cells, name=NO_DATA))
    for row in grid[~grid.set_index(["tile_row", "tile_col"]).index.isin(
            frame.set_index(["tile_row", "tile_col"]).index)].itertuples():
        figure.add_shape(type="rect", x0=row.tile_col - CELL / 2, x1=row.tile_col + CELL / 2,
                         y0=row.tile_row - CELL / 2, y1=row.tile_row + CELL / 2,
                         line={"color": NOT_SHOWN_OUTLINE, "width": 1, "dash": "dot"}, layer="below")
    rows, cols = int(grid["tile_row"].max()), int(grid["tile_col"].max())
    grid_axes(figure, rows=rows, cols=cols, square=True)
    figure.update_layout(
        height=rows * TILE_SIZE_PX + 90, width=cols * TILE_SIZE_PX + 160,
        margin={"t": 10, "b": 10, "l": 10, "r": 10},
        legend={"orientation": "h", "yanchor": "top", "y": 0, "xanchor": "left", "x": 0},
        hoverlabel={"align": "left"},
    )
    return figure


def _tiles(tiles: pd.DataFrame, draw, **style) -> go.Bar:
    return draw(tiles["tile_col"], tiles["tile_row"], text=tiles["text"], hover=tiles["hover"],
                customdata=tiles["area_code"], **style)
