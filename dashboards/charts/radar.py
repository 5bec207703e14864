"""Radar (spider) charts: one area's means on a 1–5 scale against any number of reference series.

The workshop tool this replaces "generates radar diagrams", so partnerships expect one; it is drawn
at enabler level (12 spokes) and at indicator level (the indicators under one enabler). A withheld
spoke is never drawn at any radius, which would imply a value: the area's line breaks there and a
hatched grey wedge covers the spoke, its hover saying the figure is withheld.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from dashboards import palette
from dashboards.wording import WITHHELD, number

SCALE = (1, 5)


@dataclass(frozen=True)
class Series:
    """One ring of the radar: a value per spoke (None where there is none to draw)."""

    name: str
    values: Sequence[float | None]
    colour: str
    dash: str = "solid"
    # Per spoke, whether the value is withheld (the area's series only): those spokes get the
    # hatched wedge and a hover saying so, rather than silently missing.
    withheld: Sequence[bool] | None = None
    # Per spoke, what the hover adds after the value (e.g. "n 4 · small group").
    notes: Sequence[str] | None = None


def spoke_label(name: str, width: int = 18) -> str:
    """Long names are wrapped so a dozen of them fit round the circle."""
    return "<br>".join(textwrap.wrap(name, width))


def _closed(values: Sequence) -> list:
    """Scatterpolar draws an open path; repeating the first spoke closes the ring."""
    values = list(values)
    return values + values[:1]


def _hover_text(series: Series) -> list[str]:
    withheld = series.withheld or [False] * len(series.values)
    notes = series.notes or [""] * len(series.values)
    return [
        number(value, withheld=hidden) + (f" · {note}" if note and not hidden else "")
        for value, hidden, note in zip(series.values, withheld, notes)
    ]


def radar(spokes: Sequence[str], area: Series, references: Sequence[Series] = (), *,
          title: str | None = None, height: int = 560) -> go.Figure:
    """`area` against `references` (London, a comparator, …), spokes clockwise from the top.

    References are drawn first (dashed, beneath) so the area's line stays on top; the legend lists
    the area first."""
    labels = [spoke_label(name) for name in spokes]
    figure = go.Figure()
    withheld = list(area.withheld or [False] * len(spokes))
    if any(withheld):
        hidden = [label for label, flag in zip(labels, withheld) if flag]
        figure.add_trace(
            go.Barpolar(
                r=[SCALE[1] - SCALE[0]] * len(hidden),
                base=SCALE[0],
                theta=hidden,
                name=WITHHELD,
                marker={
                    "color": palette.WITHHELD_FILL,
                    "line": {"color": "#9e9e9e", "width": 1},
                    "pattern": {"shape": palette.WITHHELD_PATTERN, "fgcolor": "#9e9e9e", "size": 8},
                },
                opacity=0.8,
                hovertemplate=f"%{{theta}}<br>{area.name}: {WITHHELD}<extra></extra>",
                legendrank=3000,
            )
        )
    for rank, reference in enumerate(references, start=2):
        figure.add_trace(
            go.Scatterpolar(
                r=_closed(reference.values),
                theta=_closed(labels),
                name=reference.name,
                mode="lines",
                line={"color": reference.colour, "dash": reference.dash, "width": 2},
                text=_closed(_hover_text(reference)),
                hovertemplate=f"%{{theta}}<br>{reference.name}: %{{text}}<extra></extra>",
                legendrank=1000 + rank,
            )
        )
    figure.add_trace(
        go.Scatterpolar(
            r=_closed([None if hidden else value for value, hidden in zip(area.values, withheld)]),
            theta=_closed(labels),
            name=area.name,
            mode="lines+markers",
            line={"color": area.colour, "width": 3},
            marker={"size": 8},
            text=_closed(_hover_text(area)),
            hovertemplate=f"%{{theta}}<br>{area.name}: %{{text}}<extra></extra>",
            legendrank=1000,
        )
    )
    figure.update_layout(
        title=title,
        polar={
            "radialaxis": {"range": list(SCALE), "tickvals": list(range(SCALE[0], SCALE[1] + 1)),
                           "angle": 90, "tickangle": 90},
            # The spokes' order is the tool's, whichever trace names a spoke first.
            "angularaxis": {"direction": "clockwise", "rotation": 90, "categoryorder": "array",
                            "categoryarray": labels},
            "bargap": 0.15,
        },
        legend={"orientation": "h", "yanchor": "top", "y": -0.1, "xanchor": "center", "x": 0.5},
        margin={"t": 100 if title else 70, "b": 40, "l": 110, "r": 110},
        height=height,
    )
    return figure
