"""Figures of the data-sharing questionnaire: a borough's systems answers beside its own E09
rating on the same 0–1 scale, and London's answers question by question.

The answers score yes 1, partly 0.5, no 0, and the E09 mean is put on that scale as (mean − 1) / 4
by the mart, so the two can sit side by side. A withheld rating gets no bar: its label says
withheld. London's bars count boroughs, stacked yes → partly → no → not answered → not returned,
so every bar reaches the number of London areas and a short bar never hides a missing return.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from dashboards import palette

SYSTEMS = "Systems answers (yes 1, partly 0.5, no 0)"
RATING = "Partnership's E09 rating, as (mean − 1) / 4"
# Answers in the purple end of the score scale (5, 4), "no" in its orange end, so the three read
# as an ordered scale in any colour vision; "not answered" the scale's neutral grey, and "not
# returned" white with dots, so it is never read as an answer.
ANSWER_STYLE = {
    "n_yes": ("Yes", palette.SCORE_COLOURS[5], ""),
    "n_partly": ("Partly", palette.SCORE_COLOURS[4], ""),
    "n_no": ("No", palette.SCORE_COLOURS[2], ""),
    "n_not_answered": ("Not answered", palette.SCORE_COLOURS[3], ""),
    "n_not_returned": ("No return", "#ffffff", "."),
}
LABEL_WIDTH = 48  # characters per line of a question's axis label


def question_label(item_id: str, text: str) -> str:
    """"CM1 · Do you have …" wrapped to two lines at most; the full text is in the hover and table."""
    lines = textwrap.wrap(f"{item_id} · {text}", LABEL_WIDTH)
    return "<br>".join(lines[:2]) + ("…" if len(lines) > 2 else "")


def answers_beside_rating(rows: pd.DataFrame, labels: list[str], rating_text: list[str]) -> go.Figure:
    """`rows`: mean_answer_score, enabler_on_answer_scale, n_answered, n_questions, one row per
    bar pair (overall and sections) in display order; `labels`: each row's name; `rating_text`:
    the rating as the table words it (a number with its n, or withheld / not rated)."""
    answered = [f"{int(a)} of {int(q)} answered" for a, q in zip(rows["n_answered"], rows["n_questions"])]
    figure = go.Figure()
    figure.add_trace(go.Bar(
        y=labels, x=rows["mean_answer_score"], orientation="h", name=SYSTEMS, marker_color=palette.AREA,
        customdata=answered, texttemplate="%{x:.2f}", textposition="outside",
        hovertemplate="%{y}<br>systems answers %{x:.2f}<br>%{customdata}<extra></extra>",
    ))
    figure.add_trace(go.Bar(
        y=labels, x=rows["enabler_on_answer_scale"], orientation="h", name=RATING,
        marker_color=palette.COMPARATOR, customdata=rating_text, text=rating_text, textposition="outside",
        hovertemplate="%{y}<br>E09 rating on the answer scale: %{x:.2f}<br>%{customdata}<extra></extra>",
    ))
    figure.update_layout(
        barmode="group", height=120 + 70 * len(labels), margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0}, plot_bgcolor="#ffffff",
    )
    figure.update_xaxes(range=[0, 1.35], tickvals=[0, 0.25, 0.5, 0.75, 1], title="0 (no / 1) … 1 (yes / 5)",
                        gridcolor="#e5e5e5")
    figure.update_yaxes(autorange="reversed")
    return figure


def london_capabilities(frame: pd.DataFrame) -> go.Figure:
    """`frame`: queries.data_sharing.london_answers, one stacked bar per question (first on top)."""
    labels = [question_label(i, t) for i, t in zip(frame["item_id"], frame["question_text"])]
    figure = go.Figure()
    for column, (name, colour, pattern) in ANSWER_STYLE.items():
        figure.add_trace(go.Bar(
            y=labels, x=frame[column], orientation="h", name=name,
            marker={"color": colour, "line": {"color": "#595959", "width": 1},
                    "pattern": {"shape": pattern, "fgcolor": "#595959"}},
            customdata=list(zip(frame["item_id"], frame["question_text"])),
            hovertemplate=f"%{{customdata[0]}}: %{{customdata[1]}}<br>{name}: %{{x}} boroughs<extra></extra>",
        ))
    n_areas = int(frame["n_areas"].max()) if len(frame) else 0
    figure.update_layout(
        barmode="stack", height=140 + 60 * len(labels), margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
        plot_bgcolor="#ffffff",
    )
    figure.update_xaxes(title="boroughs", range=[0, n_areas], dtick=5, gridcolor="#e5e5e5")
    figure.update_yaxes(autorange="reversed")
    return figure
