"""The data-sharing questionnaire boroughs fill in: blank for real use, or prefilled for the demo.

Its About sheet is the Excel tool's, cell for cell, so that a return is identified by exactly the
rules a score workbook is; only the question sheet differs. Question wording, sections, sources and
the answer choices all come from the framework (framework/data/data_sharing.yaml).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from framework.model import Framework
from ingest.assessments import layout as L
from ingest.assessments.sheet_parts import (
    BOLD,
    HINT_FONT,
    INPUT_FILL,
    TITLE_FONT,
    WRAP,
    add_validation,
    style_header,
    write_about_rows,
    write_banner,
    write_lines,
)
from ingest.assessments.template import SYNTHETIC_HINT
from ingest.data_sharing import layout as D
from ingest.data_sharing.model import choice_list

Answers = Mapping[str, tuple[str | None, str | None]]  # question id → (answer, evidence)

GROUP_HINT = "Leave blank: one questionnaire per local authority and year"


def write_data_sharing_template(
    path: Path,
    fw: Framework,
    area_name: str | None = None,
    assessment_year: int | None = None,
    answers: Answers | None = None,
    is_synthetic: bool = False,
    completed_by: str | None = None,
) -> Path:
    """Write the questionnaire to `path` and return the path. Area and year may be left blank for
    the borough to fill in; `answers` prefills answers and evidence (the synthetic demo's returns);
    `completed_by` is recorded as the workbook's author."""
    _check_answers(answers or {}, fw)
    workbook = Workbook()
    about = workbook.active
    about.title = L.ABOUT_SHEET
    questions = workbook.create_sheet(D.QUESTIONS_SHEET)
    lists = workbook.create_sheet(L.LISTS_SHEET)

    area_list = _write_area_list(lists, fw)
    _write_about(about, fw, area_name, assessment_year, is_synthetic, area_list)
    _write_questions(questions, fw, answers or {})
    if is_synthetic:
        for sheet in (about, questions):
            write_banner(sheet)
    _set_properties(workbook, fw, is_synthetic, completed_by)

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _check_answers(answers: Answers, fw: Framework) -> None:
    """Refuse answers the questionnaire cannot hold, rather than writing a return that would be refused."""
    known = {q.id for q in fw.data_sharing_questions}
    choices = {c.answer for c in fw.data_sharing_choices}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ValueError(f"answers for questions not in the framework: {unknown}")
    wrong = {qid: answer for qid, (answer, _) in answers.items() if answer is not None and answer not in choices}
    if wrong:
        raise ValueError(f"answers that are not among the choices {sorted(choices)}: {wrong}")


def _write_area_list(sheet: Worksheet, fw: Framework) -> str:
    """The local authorities for the About sheet's drop-down, too many for an inline list."""
    sheet.cell(L.TITLE_ROW, L.AREA_LIST_COL, L.ABOUT_LABELS[L.AREA_ROW]).font = BOLD
    names = fw.area_names_offered()
    for offset, name in enumerate(names):
        sheet.cell(L.LIST_FIRST_ROW + offset, L.AREA_LIST_COL, name)
    letter = get_column_letter(L.AREA_LIST_COL)
    sheet.column_dimensions[letter].width = 32
    sheet.sheet_state = "hidden"
    return f"{L.LISTS_SHEET}!${letter}${L.LIST_FIRST_ROW}:${letter}${L.LIST_FIRST_ROW + len(names) - 1}"


def _write_about(
    sheet: Worksheet, fw: Framework, area_name: str | None, year: int | None, synthetic: bool, area_list: str
) -> None:
    sheet.cell(L.TITLE_ROW, L.ABOUT_LABEL_COL, D.TITLE).font = TITLE_FONT
    sheet.cell(L.TITLE_ROW + 1, L.ABOUT_LABEL_COL, f"Framework version {fw.version}")
    values = {
        L.AREA_ROW: area_name,
        L.YEAR_ROW: year,
        L.GROUP_ROW: None,
        L.SYNTHETIC_ROW: L.SYNTHETIC_MARK if synthetic else None,
    }
    hints = {
        L.AREA_ROW: "Choose from the list",
        L.YEAR_ROW: "The calendar year the answers describe, e.g. 2024",
        L.GROUP_ROW: GROUP_HINT,
        L.SYNTHETIC_ROW: SYNTHETIC_HINT,
    }
    write_about_rows(sheet, values, hints)
    add_validation(sheet, DataValidation(type="list", formula1=f"={area_list}"),
                   f"{get_column_letter(L.ABOUT_VALUE_COL)}{L.AREA_ROW}", "Choose the local authority from the list.")
    add_validation(sheet, DataValidation(type="whole", operator="between", formula1=str(L.YEAR_MIN),
                                         formula2=str(L.YEAR_MAX)),
                   f"{get_column_letter(L.ABOUT_VALUE_COL)}{L.YEAR_ROW}",
                   f"Type the year as a whole number, e.g. 2024 ({L.YEAR_MIN}–{L.YEAR_MAX}).")
    _write_guidance(sheet, fw, L.ABOUT_TEXT_ROW)
    sheet.column_dimensions["A"].width = 3
    sheet.column_dimensions[get_column_letter(L.ABOUT_LABEL_COL)].width = 22
    sheet.column_dimensions[get_column_letter(L.ABOUT_VALUE_COL)].width = 60
    sheet.column_dimensions[get_column_letter(L.ABOUT_HINT_COL)].width = 60


def _write_guidance(sheet: Worksheet, fw: Framework, row: int) -> None:
    """How to answer, what each answer means, and how the answers are read."""
    enablers = dict.fromkeys(q.linked_enabler_id for q in fw.data_sharing_questions)
    compared_with = " and ".join(f"{e} ({fw.enabler(e).name})" for e in enablers)
    lines = (
        f"Fill in the yellow cells on this sheet, then answer each question on the '{D.QUESTIONS_SHEET}' sheet.",
        f"Answer {choice_list(fw)} from the drop-down, for the partnership as it works today.",
        ("Give evidence for every answer: something a colleague in another agency could check. "
         "Each question suggests what evidence could include."),
        "Leave an answer blank only when nobody in the partnership knows.",
        ("One questionnaire per local authority and year. Send it back as it is: do not rename sheets or "
         "move rows and columns."),
    )
    row = write_lines(sheet, row, "How to answer", lines) + 2
    sheet.cell(row, L.ABOUT_LABEL_COL, "Answers").font = BOLD
    for choice in fw.data_sharing_choices:
        row += 1
        sheet.cell(row, L.ABOUT_LABEL_COL, choice.answer).font = BOLD
        sheet.cell(row, L.ABOUT_VALUE_COL, choice.meaning).alignment = WRAP
        sheet.cell(row, L.ABOUT_HINT_COL, f"counts as {choice.score:g}").font = HINT_FONT
    row += 2
    sheet.cell(row, L.ABOUT_LABEL_COL, "How the answers are read").font = BOLD
    sheet.cell(row + 1, L.ABOUT_LABEL_COL,
               f"Your answers are set beside your partnership's own scores for {compared_with} from the "
               "self-evaluation tool. A difference is a prompt for discussion, not a verdict.")


def _write_questions(sheet: Worksheet, fw: Framework, answers: Answers) -> None:
    sheet.cell(L.TITLE_ROW, 1, D.QUESTIONS_SHEET).font = TITLE_FONT
    sheet.cell(D.NOTE_ROW, 1, f"Choose {choice_list(fw)} for each question and give your evidence. "
                              f"What each answer means is on the '{L.ABOUT_SHEET}' sheet.")
    for col, heading in D.HEADINGS.items():
        style_header(sheet.cell(D.TABLE_HEADER_ROW, col, heading))
        sheet.column_dimensions[get_column_letter(col)].width = D.WIDTHS[col]
    sections = {s.id: s.name for s in fw.data_sharing_sections}
    for row, question in enumerate(fw.data_sharing_questions, start=D.FIRST_QUESTION_ROW):
        answer, evidence = answers.get(question.id, (None, None))
        cells = {
            D.ID_COL: question.id,
            D.SECTION_COL: sections[question.section],
            D.QUESTION_COL: question.text,
            D.ANSWER_COL: answer,
            D.EVIDENCE_COL: evidence,
            D.PROMPT_COL: question.evidence_prompt,
            D.SOURCE_COL: question.source,
        }
        for col, value in cells.items():
            sheet.cell(row, col, value).alignment = WRAP
        sheet.cell(row, D.ANSWER_COL).fill = INPUT_FILL
        sheet.cell(row, D.EVIDENCE_COL).fill = INPUT_FILL
        sheet.cell(row, D.PROMPT_COL).font = HINT_FONT

    last_row = D.FIRST_QUESTION_ROW + len(fw.data_sharing_questions) - 1
    choices = '"' + ",".join(c.answer for c in fw.data_sharing_choices) + '"'
    answer_col = get_column_letter(D.ANSWER_COL)
    add_validation(sheet, DataValidation(type="list", formula1=choices),
                   f"{answer_col}{D.FIRST_QUESTION_ROW}:{answer_col}{last_row}",
                   f"Choose {choice_list(fw)}, or leave the answer blank when nobody knows.")
    sheet.freeze_panes = f"A{D.FIRST_QUESTION_ROW}"


def _set_properties(workbook: Workbook, fw: Framework, synthetic: bool, completed_by: str | None) -> None:
    props = workbook.properties
    props.title = f"{L.SYNTHETIC_BANNER} — {D.TITLE}" if synthetic else D.TITLE
    props.subject = f"Beyond Boundaries data-sharing questionnaire, framework {fw.version}"
    props.keywords = "Beyond Boundaries; data sharing; SYNTHETIC" if synthetic else "Beyond Boundaries; data sharing"
    props.description = L.SYNTHETIC_BANNER if synthetic else f"Answer {choice_list(fw)} with evidence."
    props.creator = completed_by or "maturity-warehouse"
