"""Where everything sits in the data-sharing questionnaire.

The writer and the reader both import these positions, as the Excel tool's do from ingest.assessments.layout.
The About sheet is the Excel tool's own (ingest.assessments.layout), so identification reads it unchanged; the
sheet named QUESTIONS_SHEET is what marks a workbook as this questionnaire.
"""

from __future__ import annotations

QUESTIONS_SHEET = "Data sharing"
TITLE = "Beyond Boundaries: data-sharing questionnaire"

NOTE_ROW = 3  # one line on how to answer, under the sheet's title
TABLE_HEADER_ROW = 5
FIRST_QUESTION_ROW = 6

# Columns of the question table (1-based), left to right.
ID_COL = 1
SECTION_COL = 2
QUESTION_COL = 3
ANSWER_COL = 4
EVIDENCE_COL = 5
PROMPT_COL = 6
SOURCE_COL = 7
HEADINGS = {
    ID_COL: "Question ID",
    SECTION_COL: "Section",
    QUESTION_COL: "Question",
    ANSWER_COL: "Answer",
    EVIDENCE_COL: "Evidence",
    PROMPT_COL: "Evidence could include",
    SOURCE_COL: "Source",
}
WIDTHS = {ID_COL: 11, SECTION_COL: 22, QUESTION_COL: 70, ANSWER_COL: 12, EVIDENCE_COL: 60, PROMPT_COL: 50,
          SOURCE_COL: 40}
