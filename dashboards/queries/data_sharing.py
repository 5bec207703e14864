"""What the Data sharing page reads from marts.data_sharing: one borough's questionnaire beside its
E09 rating, and London's answers question by question.

Frames keep the mart's column names. The London counts are counts of boroughs, not of people, so
no small-number rule applies to them; "not returned" counts the framework's areas that sent no
questionnaire for the year, so the four answers and "not returned" always add up to every area.
"""

from __future__ import annotations

import pandas as pd

from dashboards.snapshot import Snapshot
from framework.model import LONDON_REGION_CODE

QUESTION, SECTION, OVERALL = "question", "section", "overall"


def return_years(snap: Snapshot, area_code: str | None = None) -> list[int]:
    """Years with a questionnaire (for the area, when given), newest first."""
    frame = snap.query(
        """
        SELECT DISTINCT assessment_year
        FROM marts.data_sharing
        WHERE ? IS NULL OR area_code = ?
        ORDER BY assessment_year DESC
        """,
        [area_code, area_code],
    )
    return [int(year) for year in frame["assessment_year"]]


def sections(snap: Snapshot) -> list[str]:
    """The questionnaire's sections, in the order of their first question."""
    frame = snap.query(
        """
        SELECT section
        FROM marts.data_sharing
        WHERE level = 'question'
        GROUP BY section
        ORDER BY min(question_order)
        """
    )
    return list(frame["section"])


def borough_return(snap: Snapshot, area_code: str, year: int) -> pd.DataFrame:
    """Every row of one borough's return: overall first, then each section, then the questions in
    the questionnaire's order (sections ordered by their first question)."""
    return snap.query(
        """
        WITH section_order AS (
            SELECT section, min(question_order) AS first_question
            FROM marts.data_sharing
            WHERE level = 'question'
            GROUP BY section
        )
        SELECT d.*
        FROM marts.data_sharing AS d
        LEFT JOIN section_order AS s ON s.section = d.section
        WHERE d.area_code = ? AND d.assessment_year = ?
        ORDER BY CASE d.level WHEN 'overall' THEN 0 WHEN 'section' THEN 1 ELSE 2 END,
                 s.first_question, d.question_order
        """,
        [area_code, year],
    )


def london_answers(snap: Snapshot, year: int, section: str) -> pd.DataFrame:
    """One row per question of `section` in `year`: how many of London's boroughs answered yes,
    partly or no, left it unanswered, or sent no return (n_not_returned), with n_returned and n_areas
    (London's 33: reference.areas holds every English authority)."""
    return snap.query(
        """
        WITH london AS (
            SELECT area_code FROM reference.areas WHERE region_code = ? AND last_year IS NULL
        ),
        returned AS (
            SELECT count(DISTINCT area_code) AS n_returned
            FROM marts.data_sharing
            WHERE assessment_year = ? AND area_code IN (SELECT area_code FROM london)
        ),
        areas AS (
            SELECT count(*) AS n_areas FROM london
        ),
        questions AS (
            SELECT
                item_id,
                min(question_order) AS question_order,
                min(question_text) AS question_text,
                sum(n_yes) AS n_yes,
                sum(n_partly) AS n_partly,
                sum(n_no) AS n_no,
                sum(n_questions - n_answered) AS n_not_answered
            FROM marts.data_sharing
            WHERE level = 'question' AND assessment_year = ? AND section = ?
                AND area_code IN (SELECT area_code FROM london)
            GROUP BY item_id
        )
        SELECT
            q.item_id,
            q.question_order,
            q.question_text,
            q.n_yes::INTEGER AS n_yes,
            q.n_partly::INTEGER AS n_partly,
            q.n_no::INTEGER AS n_no,
            q.n_not_answered::INTEGER AS n_not_answered,
            (a.n_areas - r.n_returned)::INTEGER AS n_not_returned,
            r.n_returned::INTEGER AS n_returned,
            a.n_areas::INTEGER AS n_areas
        FROM questions AS q, returned AS r, areas AS a
        ORDER BY q.question_order
        """,
        [LONDON_REGION_CODE, year, year, section],
    )


def enabler_name(snap: Snapshot, enabler_id: str) -> str:
    """The tool's name of the enabler the questionnaire is compared with (E09)."""
    frame = snap.query("SELECT enabler_name FROM reference.enablers WHERE enabler_id = ?", [enabler_id])
    return str(frame["enabler_name"].iloc[0]) if len(frame) else enabler_id
