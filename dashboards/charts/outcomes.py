"""Figures of maturity beside outcomes: a scatter of borough-years, and one borough's outcome over
its periods beside its region and England.

Only borough-years with both a published maturity mean and an outcome value are drawn; the page
counts the others in a note and its table lists them in words. A missing outcome in the trend is a
gap in the line, marked "missing" with the publisher's reason on hover.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards import palette
from dashboards.wording import missing

OTHER_BOROUGHS = "rgba(89, 89, 89, 0.45)"  # palette.LONDON, translucent: the boroughs not chosen


def _scatter_hover(rows: pd.DataFrame, unit_suffix: str) -> list[str]:
    return [
        f"<b>{r.area_name}</b>, assessed {r.assessment_year}<br>"
        f"maturity mean {r.maturity_mean:.2f} (n = {r.maturity_n_scores})<br>"
        f"outcome {r.outcome_value:g}{unit_suffix} in {r.period_label}"
        for r in rows.itertuples()
    ]


def _unit_suffix(unit: object) -> str:
    if missing(unit) or not str(unit).strip():
        return ""
    return str(unit) if str(unit) == "%" else f" {unit}"


def _axis_title(unit: object) -> str:
    return "Outcome value" + (f" ({unit})" if _unit_suffix(unit) else "")


def maturity_scatter(shown: pd.DataFrame, area_code: str, maturity_label: str, unit: object) -> go.Figure:
    """Maturity (x) against the outcome (y), one point per borough-year with both figures
    (rows of marts.maturity_outcomes); the chosen borough's points stand out."""
    suffix = _unit_suffix(unit)
    figure = go.Figure()
    chosen = shown["area_code"] == area_code
    for rows, name, style in (
        (shown[~chosen], "Other boroughs", {"color": OTHER_BOROUGHS, "size": 8}),
        (shown[chosen], shown.loc[chosen, "area_name"].iloc[0] if chosen.any() else "", {
            "color": palette.AREA, "size": 12, "symbol": "diamond", "line": {"color": "#ffffff", "width": 1}}),
    ):
        if rows.empty:
            continue
        figure.add_trace(
            go.Scatter(
                x=rows["maturity_mean"], y=rows["outcome_value"], mode="markers", name=name, marker=style,
                text=_scatter_hover(rows, suffix), hovertemplate="%{text}<extra></extra>",
            )
        )
    figure.update_xaxes(title_text=maturity_label, range=[1, 5], tickvals=[1, 2, 3, 4, 5])
    figure.update_yaxes(title_text=_axis_title(unit))
    figure.update_layout(
        height=480, margin={"t": 40, "b": 50, "l": 60, "r": 20},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
    )
    return figure


def _series(frame: pd.DataFrame, value: str, low: str, high: str, name: str, colour: str, dash: str | None,
            suffix: str) -> go.Scatter:
    has_interval = frame[low].notna() & frame[high].notna()
    return go.Scatter(
        x=frame["period_label"], y=frame[value], mode="lines+markers", name=name, connectgaps=False,
        line={"color": colour, "width": 3 if dash is None else 2, "dash": dash}, marker={"size": 8, "color": colour},
        error_y={
            "type": "data", "symmetric": False, "color": colour, "thickness": 1.2, "width": 4,
            "array": (frame[high] - frame[value]).where(has_interval).tolist(),
            "arrayminus": (frame[value] - frame[low]).where(has_interval).tolist(),
        },
        text=[
            f"{name} {period}: {v:g}{suffix}" + ("" if missing(lo) or missing(hi) else f"<br>95% interval {lo:g} to {hi:g}")
            for period, v, lo, hi in zip(frame["period_label"], frame[value], frame[low], frame[high])
        ],
        hovertemplate="%{text}<extra></extra>",
    )


def outcome_trend(frame: pd.DataFrame, borough: str) -> go.Figure:
    """The borough's headline value per period (queries.outcomes.outcome_trend) with its 95 %
    interval where published, beside its region (dashed) and England (dotted)."""
    suffix = _unit_suffix(frame["unit"].iloc[0]) if not frame.empty else ""
    region = str(frame["region_name"].iloc[0]) if not frame.empty else "Region"
    figure = go.Figure()
    figure.add_trace(_series(frame, "england_value", "england_lower_ci", "england_upper_ci", "England", palette.ENGLAND, "dot", suffix))
    figure.add_trace(_series(frame, "region_value", "region_lower_ci", "region_upper_ci", region, palette.LONDON, "dash", suffix))
    figure.add_trace(_series(frame, "value", "lower_ci", "upper_ci", borough, palette.AREA, None, suffix))
    periods = frame["period_label"].tolist()
    for row in frame[frame["value"].isna()].itertuples():
        reason = row.missing_reason if not missing(row.missing_reason) else "no figure published"
        figure.add_annotation(
            # By position: plotly reads a label such as "202324" as a number even on a category axis.
            x=periods.index(row.period_label), y=0, yref="paper", yanchor="bottom", showarrow=False,
            text=f"{borough}: missing", hovertext=f"{borough} {row.period_label}: missing ({reason})",
            font={"size": 11, "color": "#555555"}, bgcolor=palette.WITHHELD_FILL,
        )
    figure.update_xaxes(title_text="Period", type="category")  # periods in the frame's order
    figure.update_yaxes(title_text=_axis_title(frame["unit"].iloc[0] if not frame.empty else None))
    figure.update_layout(
        height=420, margin={"t": 40, "b": 50, "l": 60, "r": 20},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
    )
    return figure
