"""Data sharing: what a borough's systems can do (its data-sharing questionnaire) beside what its
partnership said about information sharing (its own E09 rating), and how many London boroughs
have each capability.

The questionnaire and the rating answer different questions — can the systems do this; how well do
partners think they share information — so the page puts them side by side on one 0–1 scale and
gives the mart's comparison as a prompt for the discussion, never as a verdict on either.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import components
from dashboards.charts import data_sharing as charts
from dashboards.components import Context
from dashboards.queries import data_sharing as queries
from dashboards.wording import NO_RESULTS, WITHHELD, missing, number

NOT_ANSWERED = "not answered"
NOT_RATED = "not rated this year"
NOT_DUG_DEEPER = "not scored (the partnership did not dig deeper)"
ABOUT = (
    "Each borough's questionnaire answers the Early Help System Guide's case-management questions "
    "and the tool's information-sharing items yes, partly or no, with evidence. Answers score yes 1, "
    "partly 0.5 and no 0; the partnership's own rating of information sharing (E09, 1–5) is shown "
    "beside them on the same scale as (mean − 1) / 4. The comparison is a prompt for discussion: "
    "the two measure different things, and neither is the right answer."
)
LONDON_NOTE = (
    "Counts of boroughs, not people, so no small-number rule applies. “Not answered”: the borough "
    "returned the questionnaire but left the question blank; “no return”: it sent no questionnaire "
    "for the year."
)


def section_name(section: str) -> str:
    """case_management → Case management (the questionnaire's section ids are words)."""
    return section.replace("_", " ").capitalize()


def rating_text(mean: object, n: object, suppressed: bool) -> str:
    """The E09 mean with its n; WITHHELD under 3 people; NOT_RATED when there was no assessment."""
    if missing(n):
        return NOT_RATED
    return f"{number(mean, withheld=suppressed)} (n = {int(n)})"


def bar_text(on_scale: object, mean: object, n: object, suppressed: bool) -> str:
    """A rating bar's label: its 0–1 value first (what the bar's length shows), then the mean."""
    if missing(n) or suppressed:
        return rating_text(mean, n, suppressed)
    return f"{number(on_scale)} (E09 mean {number(mean)}, n = {int(n)})"


def indicator_text(mean: object, n: object) -> str:
    """The linked indicator's mean with its n, withheld under 3, or why there is none."""
    if missing(n):
        return NOT_DUG_DEEPER
    return f"{number(mean, withheld=missing(mean))} (n = {int(n)})"


def summary_table(parts: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    """The overall and section rows: the chart's numbers, with the counts behind them."""
    withheld = parts["enabler_is_suppressed"]
    return pd.DataFrame(
        {
            "Part": labels,
            "Questions answered": [f"{int(a)} of {int(q)}" for a, q in zip(parts["n_answered"], parts["n_questions"])],
            "Yes": parts["n_yes"].astype(int),
            "Partly": parts["n_partly"].astype(int),
            "No": parts["n_no"].astype(int),
            "Systems answers (0–1)": [number(v) for v in parts["mean_answer_score"]],
            "E09 rating (1–5)": [rating_text(m, n, w) for m, n, w in
                                 zip(parts["enabler_mean_score"], parts["enabler_n_scores"], withheld)],
            "E09 on the 0–1 scale": [number(v, withheld=w) if not missing(n) else NOT_RATED for v, n, w in
                                     zip(parts["enabler_on_answer_scale"], parts["enabler_n_scores"], withheld)],
            "Comparison (a prompt for discussion)": parts["comparison"],
        }
    )


def questions_table(questions: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ID": questions["item_id"],
            "Section": [section_name(s) for s in questions["section"]],
            "Question": questions["question_text"],
            "Answer": questions["answer"].fillna(NOT_ANSWERED),
            "Evidence": questions["evidence"].fillna("—"),
            "Linked indicator": questions["linked_indicator_id"].fillna("—"),
            "Indicator mean (1–5)": [indicator_text(m, n) if not missing(i) else "—" for i, m, n in
                                     zip(questions["linked_indicator_id"], questions["indicator_mean_score"],
                                         questions["indicator_n_scores"])],
            "Comparison with E09 (a prompt for discussion)": questions["comparison"],
        }
    )


def london_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ID": frame["item_id"],
            "Question": frame["question_text"],
            "Yes": frame["n_yes"],
            "Partly": frame["n_partly"],
            "No": frame["n_no"],
            "Not answered": frame["n_not_answered"],
            "No return": frame["n_not_returned"],
            "Boroughs returned": frame["n_returned"],
        }
    )


def _borough(ctx: Context) -> None:
    left, right = st.columns(2)
    area = components.choose_area(ctx, container=left)
    if area is None:
        st.info(NO_RESULTS)
        return
    area_code, area_name = area
    years = queries.return_years(ctx.snap, area_code)
    if not years:
        st.info(f"{area_name} has sent no data-sharing questionnaire yet.")
        return
    year = components.choose("Year of the questionnaire", "year", years, container=right)
    rows = queries.borough_return(ctx.snap, area_code, year)
    overall = rows[rows["level"] == queries.OVERALL].iloc[0]
    parts = rows[rows["level"] != queries.QUESTION].reset_index(drop=True)
    questions = rows[rows["level"] == queries.QUESTION].reset_index(drop=True)
    enabler = queries.enabler_name(ctx.snap, overall["linked_enabler_id"])

    st.subheader(f"{area_name}, {year}")
    rating = rating_text(overall["enabler_mean_score"], overall["enabler_n_scores"], overall["enabler_is_suppressed"])
    st.markdown(
        f"- **Systems answers**: {number(overall['mean_answer_score'])} on the 0–1 scale — "
        f"{int(overall['n_answered'])} of {int(overall['n_questions'])} questions answered: "
        f"{int(overall['n_yes'])} yes, {int(overall['n_partly'])} partly, {int(overall['n_no'])} no\n"
        f"- **The partnership's rating of {overall['linked_enabler_id']} {enabler}**: {rating}"
        + ("" if missing(overall["enabler_on_answer_scale"])
           else f", {number(overall['enabler_on_answer_scale'])} on the 0–1 scale")
        + f"\n- **For discussion**: {overall['comparison']}"
    )
    labels = ["All questions" if level == queries.OVERALL else section_name(section)
              for level, section in zip(parts["level"], parts["section"])]
    texts = [bar_text(v, m, n, w) for v, m, n, w in zip(parts["enabler_on_answer_scale"], parts["enabler_mean_score"],
                                                        parts["enabler_n_scores"], parts["enabler_is_suppressed"])]
    components.chart(charts.answers_beside_rating(parts, labels, texts), summary_table(parts, labels),
                     f"{area_name} {year} data sharing beside E09", ctx, key="sharing-summary")
    if overall["enabler_is_suppressed"]:
        st.caption(f"The {overall['linked_enabler_id']} rating is {WITHHELD}: it has no bar.")

    st.markdown("#### Answers, question by question")
    components.table(questions_table(questions), f"{area_name} {year} data-sharing answers", ctx,
                     key="sharing-answers")


def _london(ctx: Context) -> None:
    st.subheader("London: which boroughs have each capability")
    years = queries.return_years(ctx.snap)
    sections = queries.sections(ctx.snap)
    if not years:
        st.info("No data-sharing questionnaire has been received yet.")
        return
    left, right = st.columns(2)
    year = components.choose("Year", "sharing_year", years, container=left)
    section = components.choose("Questions", "section", sections, section_name, container=right)
    frame = queries.london_answers(ctx.snap, year, section)
    n_returned, n_areas = int(frame["n_returned"].max()), int(frame["n_areas"].max())
    st.markdown(f"**{n_returned} of {n_areas} boroughs returned** a questionnaire for {year}.")
    st.caption(LONDON_NOTE)
    components.chart(charts.london_capabilities(frame), london_table(frame),
                     f"London {year} {section_name(section)} answers", ctx, key="sharing-london")


def render(ctx: Context) -> None:
    st.header("Data sharing")
    st.caption(ABOUT)
    _borough(ctx)
    st.divider()
    _london(ctx)
