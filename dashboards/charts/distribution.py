"""How a partnership's scores spread over 1–5, per enabler, as a diverging stacked bar.

A mean of 3 can be everyone agreeing on 3 or two camps at 1 and 5; the workshop needs to see which.
Scores 1–2 extend left of the centre line and 4–5 right, the neutral 3 is split across the centre
(Robbins & Heiberger's convention for Likert scales), so a bar's lean reads at a glance and two
camps show as a bar reaching far both ways. Bars are counts of people, not shares, because the
groups are small and every person matters. A row with no counts (withheld, or scored only through
its indicators) gets no bar and says why in words.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboards import palette
from dashboards.wording import WITHHELD, missing, number

SCORES = (1, 2, 3, 4, 5)
NO_COUNTS = "scored only through its indicators: no score counts"
LOW = "low mean"
POLARISED = "polarised"


def flags(row) -> str:
    """The tool's dig-deeper reasons for a row, in words ("" when neither applies)."""
    return " · ".join(word for word, on in ((LOW, row.is_low), (POLARISED, row.is_polarised))
                      if not missing(on) and bool(on))


def no_bar_reason(row) -> str | None:
    """Why a row has no bar: withheld, or no whole-number scores to count; None when it has one."""
    if row.is_suppressed:
        return WITHHELD
    if missing(row.count_1):
        return NO_COUNTS
    return None


def diverging_distribution(frame: pd.DataFrame, labels: pd.Series, scale: Mapping[int, str] | None = None,
                           *, height: int | None = None) -> go.Figure:
    """`frame`: count_1 … count_5, agreement, consensus, n_scores, is_low, is_polarised,
    is_suppressed, one row per bar in display order (top first); `labels`: each row's axis label.
    `scale`: the tool's words for each score, for the legend and hover."""
    rows = frame.assign(label=list(labels)).reset_index(drop=True)
    drawn = rows[[no_bar_reason(r) is None for r in rows.itertuples()]]
    counts = {s: drawn[f"count_{s}"].astype(float) for s in SCORES}
    names = {s: f"{s} {scale[s]}" if scale and s in scale else f"Score {s}" for s in SCORES}
    details = [
        f"n {int(r.n_scores)} · agreement {number(r.agreement)} · consensus {number(r.consensus)}"
        for r in drawn.itertuples()
    ]
    figure = go.Figure()

    def segment(score: int, x: pd.Series, *, legend: bool) -> None:
        figure.add_trace(
            go.Bar(
                y=drawn["label"].tolist(), x=x.tolist(), orientation="h", name=names[score],
                legendgroup=str(score), showlegend=legend, legendrank=score,
                marker={"color": palette.SCORE_COLOURS[score], "line": {"color": "#ffffff", "width": 1}},
                customdata=list(zip(counts[score].astype(int), details)),
                hovertemplate=f"%{{y}}<br>{names[score]}: %{{customdata[0]}} people"
                              f"{' (half drawn each side)' if score == 3 else ''}"
                              f"<br>%{{customdata[1]}}<extra></extra>",
            )
        )

    # Relative stacking grows outward from 0 in trace order: the half 3s first, then 2 and 4, then 1 and 5.
    segment(3, -counts[3] / 2, legend=True)
    segment(2, -counts[2], legend=True)
    segment(1, -counts[1], legend=True)
    segment(3, counts[3] / 2, legend=False)
    segment(4, counts[4], legend=True)
    segment(5, counts[5], legend=True)

    left = (drawn["count_1"] + drawn["count_2"] + drawn["count_3"] / 2).astype(float)
    right = (drawn["count_4"] + drawn["count_5"] + drawn["count_3"] / 2).astype(float)
    reach = max([1.0, *left.tolist(), *right.tolist()])
    ticks = _ticks(reach)
    for row in rows.itertuples():
        reason = no_bar_reason(row)
        if reason:
            figure.add_annotation(x=0, y=row.label, text=reason, showarrow=False, xanchor="center",
                                  font={"color": "#4d4d4d", "size": 12}, bgcolor=palette.WITHHELD_FILL)
        elif flags(row):
            figure.add_annotation(x=1.0, xref="paper", xanchor="left", y=row.label, showarrow=False,
                                  text=f"◆ {flags(row)}", font={"color": palette.HIGHLIGHT, "size": 12})
    figure.add_vline(x=0, line={"color": "#4d4d4d", "width": 1})
    figure.update_layout(
        barmode="relative",
        bargap=0.3,
        xaxis={"range": [-reach * 1.05, reach * 1.05], "tickvals": [-t for t in ticks[:0:-1]] + ticks,
               "ticktext": [str(t) for t in ticks[:0:-1]] + [str(t) for t in ticks],
               "title": {"text": "people  ·  ← scores 1–2 (and half the 3s)   |   (half the 3s and) scores 4–5 →"},
               "zeroline": False},
        yaxis=category_rows(list(rows["label"])),
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "center", "x": 0.5,
                "traceorder": "normal"},
        margin={"t": 60, "b": 60, "l": 10, "r": 170},
        height=height or 140 + 38 * len(rows),
    )
    return figure


def category_rows(labels: list[str]) -> dict:
    """A y axis with one line per label, the first at the top, including labels with nothing
    drawn (a withheld row keeps its line and its words)."""
    return {"type": "category", "categoryorder": "array", "categoryarray": labels,
            "range": [len(labels) - 0.5, -0.5], "autorange": False}


def _ticks(reach: float) -> list[int]:
    """Whole-person ticks from 0 to `reach`, at most about five of them."""
    step = max(1, math.ceil(reach / 5))
    return list(range(0, int(reach) + 1, step))
