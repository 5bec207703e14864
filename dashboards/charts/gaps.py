"""Gaps between groups within one partnership (marts.group_comparison), as dots with intervals.

Each dot is a group's mean minus the mean of those it is compared with (everyone else, for a
sector; Operational, for Strategic), with its 95 % Welch interval as a bar, around a zero line: an
interval crossing zero is a gap these few people cannot distinguish from none. A split withheld for
an enabler (some part has fewer than 3 people) gets no dot, only the word, so nothing withheld is
drawn; an enabler with no group to compare says so.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards import palette
from dashboards.charts.distribution import category_rows
from dashboards.wording import WITHHELD, interval, number, signed

NO_COMPARISON = "no comparison (no group of 3 or more to compare)"


def row_state(gaps: pd.DataFrame, enabler_ids: pd.Series) -> pd.Series:
    """Per enabler: "shown", WITHHELD (the split is withheld) or NO_COMPARISON (no row at all)."""
    withheld = gaps.groupby("enabler_id")["is_suppressed"].all()
    return pd.Series(
        [("shown" if not withheld[e] else WITHHELD) if e in withheld.index else NO_COMPARISON for e in enabler_ids],
        index=list(enabler_ids),
    )


def gap_dots(gaps: pd.DataFrame, enablers: pd.DataFrame, *, height: int | None = None) -> go.Figure:
    """`gaps`: one split's rows of marts.group_comparison; `enablers`: enabler_id and label, one row
    per enabler in display order (top first), so every enabler has its line whether shown or not."""
    labels = dict(zip(enablers["enabler_id"], enablers["label"]))
    shown = gaps[~gaps["is_suppressed"].astype(bool)]
    figure = go.Figure()
    for index, (group, rows) in enumerate(shown.groupby("group_label", sort=True)):
        gap = rows["gap"].astype(float)
        low = rows["gap_ci_low"].astype(float)
        high = rows["gap_ci_high"].astype(float)
        name = f"{group} vs {rows['compared_with'].iloc[0].lower()}"
        figure.add_trace(
            go.Scatter(
                x=gap.tolist(), y=[labels[e] for e in rows["enabler_id"]], name=name, mode="markers",
                orientation="h",
                marker={"size": 10, "color": palette.GROUP_SERIES[index % len(palette.GROUP_SERIES)]},
                error_x={"type": "data", "symmetric": False, "array": (high - gap).fillna(0).tolist(),
                         "arrayminus": (gap - low).fillna(0).tolist(), "thickness": 2, "width": 4},
                customdata=[
                    [signed(r.gap), interval(r.gap_ci_low, r.gap_ci_high), int(r.n_group), int(r.n_others),
                     number(r.group_mean), number(r.others_mean)]
                    for r in rows.itertuples()
                ],
                hovertemplate=(
                    f"%{{y}}<br>{name}: gap %{{customdata[0]}} (95 % interval %{{customdata[1]}})"
                    "<br>mean %{customdata[4]} (n %{customdata[2]}) against %{customdata[5]} (n %{customdata[3]})"
                    "<extra></extra>"
                ),
            )
        )
    state = row_state(gaps, enablers["enabler_id"])
    for enabler_id, what in state.items():
        if what != "shown":
            figure.add_annotation(x=0, y=labels[enabler_id], text=what, showarrow=False,
                                  font={"color": "#4d4d4d", "size": 12}, bgcolor=palette.WITHHELD_FILL)
    ends = pd.concat([shown["gap_ci_low"], shown["gap_ci_high"], shown["gap"]]).astype(float).abs()
    reach = max(1.0, float(ends.max())) if ends.notna().any() else 1.0
    figure.add_vline(x=0, line={"color": "#4d4d4d", "width": 1})
    figure.update_layout(
        scattermode="group",
        scattergap=0.4,
        xaxis={"range": [-reach * 1.1, reach * 1.1], "zeroline": False,
               "title": {"text": "gap: the group's mean minus the others' (points on the 1–5 scale), with 95 % interval"}},
        yaxis=category_rows(list(labels.values())),
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "center", "x": 0.5},
        margin={"t": 60, "b": 60, "l": 10, "r": 20},
        height=height or 160 + 40 * len(labels),
    )
    return figure
