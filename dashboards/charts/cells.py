"""Equal square cells on a grid, drawn as bars: the tile map's boroughs and the heat map's cells.

Plotly's heat map cannot hatch a cell, and a withheld figure must never read as a low value, so it
is drawn grey and hatched (palette.WITHHELD_FILL, WITHHELD_PATTERN). A bar of height CELL standing
on row − CELL/2 at column x is a cell that takes a colour or a colour scale, a fill pattern, text
inside and a hover. Each kind of cell (a comparison label, withheld, no return) is its own trace, so
the legend names it and a test can read every cell from the chart's data.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.colors
import plotly.graph_objects as go

from dashboards.palette import MEAN_RANGE, MEAN_SCALE, WITHHELD_FILL, WITHHELD_PATTERN

CELL = 0.92  # a cell's side, in grid steps: the rest is the gap between cells
OUTLINE = "#ffffff"
NO_RETURN_OUTLINE = "#7f7f7f"
WITHHELD_HATCH = "#8c8c8c"
DARK_TEXT, LIGHT_TEXT = "#000000", "#ffffff"
TEXT_SIZE = 11
CONTRAST_SWITCH = 0.179  # the luminance at which black and white text contrast equally (WCAG)


def cells(
    x: Sequence, y: Sequence, *, name: str, text: Sequence[str], hover: Sequence[str],
    customdata: Sequence, fill: str | Sequence, text_colour: str | Sequence[str],
    outline: str = OUTLINE, hatched: bool = False, scale: dict | None = None, showlegend: bool = True,
) -> go.Bar:
    """One trace of cells centred on (x, y); `scale` the marker's colour-scale settings when `fill`
    holds values rather than colours."""
    marker = {"color": list(fill) if not isinstance(fill, str) else fill,
              "line": {"color": outline, "width": 1.5}, **(scale or {})}
    if hatched:
        marker["pattern"] = {"shape": WITHHELD_PATTERN, "fgcolor": WITHHELD_HATCH, "bgcolor": WITHHELD_FILL,
                             "size": 8, "solidity": 0.15}
    return go.Bar(
        x=list(x), y=[CELL] * len(x), base=[row - CELL / 2 for row in y], width=CELL,
        name=name, marker=marker, showlegend=showlegend,
        text=list(text), textposition="inside", insidetextanchor="middle", textangle=0,
        constraintext="none", textfont={"color": text_colour if isinstance(text_colour, str) else list(text_colour),
                                        "size": TEXT_SIZE},
        hovertext=list(hover), hovertemplate="%{hovertext}<extra></extra>", customdata=list(customdata),
    )


def withheld_cells(x, y, **kwargs) -> go.Bar:
    """Grey and hatched, so no reader takes a withheld figure for a low one."""
    return cells(x, y, fill=WITHHELD_FILL, text_colour=DARK_TEXT, hatched=True, **kwargs)


def no_return_cells(x, y, **kwargs) -> go.Bar:
    """An empty outlined square: the borough sent nothing, which is not the same as withheld."""
    return cells(x, y, fill="#ffffff", text_colour=NO_RETURN_OUTLINE, outline=NO_RETURN_OUTLINE, **kwargs)


def mean_scale(*, colorbar_title: str = "Mean (1–5)") -> dict:
    """The fixed 1–5 cividis scale every mean is drawn on, so colours compare across choices."""
    low, high = MEAN_RANGE
    return {"colorscale": MEAN_SCALE, "cmin": low, "cmax": high, "showscale": True,
            "colorbar": {"title": {"text": colorbar_title}, "tickvals": [1, 2, 3, 4, 5], "thickness": 14}}


def text_on_mean(means: Sequence[float]) -> list[str]:
    """Black on the light (high) end of the mean scale, white on the dark: readable either way."""
    low, high = MEAN_RANGE
    points = [min(max((m - low) / (high - low), 0.0), 1.0) for m in means]
    colours = plotly.colors.sample_colorscale(MEAN_SCALE, points) if points else []
    return [DARK_TEXT if _luminance(c) > CONTRAST_SWITCH else LIGHT_TEXT for c in colours]


def _luminance(rgb: str) -> float:
    """Relative luminance (WCAG) of "rgb(r, g, b)"."""
    channels = [int(float(v)) / 255 for v in rgb[rgb.index("(") + 1:-1].split(",")]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def grid_axes(figure: go.Figure, *, rows: int, cols: int, square: bool) -> go.Figure:
    """Rows from the top, columns from the left, no axis furniture; cells square when `square`."""
    figure.update_layout(barmode="overlay", bargap=0, plot_bgcolor="#ffffff")
    figure.update_xaxes(range=[0.5, cols + 0.5], showgrid=False, zeroline=False, fixedrange=True)
    figure.update_yaxes(range=[rows + 0.5, 0.5], showgrid=False, zeroline=False, fixedrange=True)
    if square:
        figure.update_yaxes(scaleanchor="x", scaleratio=1)
        figure.update_xaxes(visible=False)
        figure.update_yaxes(visible=False)
    return figure
