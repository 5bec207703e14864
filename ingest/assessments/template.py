"""The Excel tool boroughs fill in: blank for real use, or filled for demos and tests.

Writing the filled version with the same code as the blank one means the synthetic demo and the
tests exercise exactly the layout boroughs receive. All framework wording comes from `fw`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from framework.model import Framework
from ingest.assessments import layout as L
from ingest.assessments.model import ParticipantEntry, WorkbookContent
from ingest.assessments.narrative_template import check_narrative, narrative_lists, write_narrative_sheets
from ingest.assessments.sheet_parts import (
    BOLD,
    INPUT_FILL,
    TITLE_FONT,
    WRAP,
    add_validation,
    style_header,
    write_about_rows,
    write_banner,
    write_lines,
)

TITLE = "Beyond Boundaries: early years integration self-evaluation"
INSTRUCTIONS = (
    "Fill in the yellow cells on this sheet, then one column per participant on 'Enabler scores'.",
    "Each participant rates every enabler from 1 to 5 using the scale below.",
    "Where scores are low or polarised, dig deeper: rate the indicators on 'Indicator scores'.",
    f"Up to {L.CAPACITY} participants per workbook. Partners scoring separately (by agency, or strategic and "
    "operational staff) can each use a workbook with the same local authority and year and their own Group.",
    "Send the completed workbook back as it is: do not rename sheets or move rows and columns.",
)
SCORE_SHEET_NOTES = {
    "enabler": "One column per participant: choose 1–5 for each enabler. Leave a cell blank to skip.",
    "indicator": "Optional — dig deeper: score the indicators of the enablers you want to explore. "
    "Leave the rest blank.",
}
GROUP_HINT = "Optional: e.g. 'Health partners' when the partnership scores in separate workbooks"
SYNTHETIC_HINT = f"Leave blank for real returns ('{L.SYNTHETIC_MARK}' marks demonstration data)"

RIGHT = Alignment(horizontal="right")
DESCRIPTIVE_WIDTHS = {
    "Theme": 20, "Enabler ID": 10, "Enabler": 28, "Statement": 60, "Indicator ID": 11, "Indicator": 70,
}
PARTICIPANT_WIDTH = 14


def write_template(path: Path, fw: Framework, content: WorkbookContent | None = None) -> Path:
    """Write the tool to `path` (blank when content is None) and return the path."""
    if content is not None:
        _check_content(content, fw)
    synthetic = content is not None and content.is_synthetic
    workbook = Workbook()
    about = workbook.active
    about.title = L.ABOUT_SHEET
    enablers = workbook.create_sheet(L.ENABLER_SHEET.name)
    indicators = workbook.create_sheet(L.INDICATOR_SHEET.name)
    scale = workbook.create_sheet(L.SCALE_SHEET)
    lists = workbook.create_sheet(L.LISTS_SHEET)

    list_ranges = _write_lists(lists, fw)
    _write_about(about, fw, content, list_ranges)
    _write_score_sheet(enablers, L.ENABLER_SHEET, fw, _enabler_rows(fw), content, list_ranges)
    _write_score_sheet(indicators, L.INDICATOR_SHEET, fw, _indicator_rows(fw), content, list_ranges)
    _write_scale(scale, fw)
    write_narrative_sheets(workbook, fw, content.narrative if content else None, list_ranges)
    workbook.move_sheet(lists, offset=len(workbook.sheetnames) - 1 - workbook.sheetnames.index(L.LISTS_SHEET))
    if synthetic:
        for sheet in workbook.worksheets:
            write_banner(sheet)
    _set_properties(workbook, fw, synthetic)

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _check_content(content: WorkbookContent, fw: Framework) -> None:
    """Refuse content the layout cannot hold, rather than silently dropping scores."""
    if len(content.participants) > L.CAPACITY:
        raise ValueError(f"{len(content.participants)} participants; the workbook holds {L.CAPACITY}")
    enabler_ids = {e.id for e in fw.enablers}
    indicator_ids = {i.id for i in fw.indicators}
    for entry in content.participants:
        unknown = (set(entry.enabler_scores) - enabler_ids) | (set(entry.indicator_scores) - indicator_ids)
        if unknown:
            raise ValueError(f"participant {entry.label!r} has scores for unknown items {sorted(unknown)}")
    if content.narrative is not None:
        check_narrative(content.narrative, fw)


def _write_lists(sheet: Worksheet, fw: Framework) -> dict[str, str]:
    """Write each drop-down's choices in a column and return the absolute range per header row."""
    columns = {
        L.AREA_LIST_COL: (L.ABOUT_LABELS[L.AREA_ROW], fw.area_names_offered()),
        L.SECTOR_LIST_COL: (L.HEADER_LABELS[L.SECTOR_ROW], list(fw.sectors)),
        L.ROLE_LIST_COL: (L.HEADER_LABELS[L.ROLE_ROW], list(fw.role_levels)),
        **narrative_lists(fw),
    }
    ranges = {}
    for col, (heading, values) in columns.items():
        sheet.cell(L.TITLE_ROW, col, heading).font = BOLD
        for offset, value in enumerate(values):
            sheet.cell(L.LIST_FIRST_ROW + offset, col, value)
        letter = get_column_letter(col)
        last = L.LIST_FIRST_ROW + len(values) - 1
        ranges[heading] = f"{L.LISTS_SHEET}!${letter}${L.LIST_FIRST_ROW}:${letter}${last}"
        sheet.column_dimensions[letter].width = 32
    sheet.sheet_state = "hidden"
    return ranges


def _write_about(sheet: Worksheet, fw: Framework, content: WorkbookContent | None, lists: dict[str, str]) -> None:
    sheet.cell(L.TITLE_ROW, L.ABOUT_LABEL_COL, TITLE).font = TITLE_FONT
    sheet.cell(L.TITLE_ROW + 1, L.ABOUT_LABEL_COL, f"Framework version {fw.version}")
    values = {
        L.AREA_ROW: content.area_name if content else None,
        L.YEAR_ROW: content.assessment_year if content else None,
        L.GROUP_ROW: content.group_label if content else None,
        L.SYNTHETIC_ROW: L.SYNTHETIC_MARK if content and content.is_synthetic else None,
    }
    hints = {
        L.AREA_ROW: "Choose from the list",
        L.YEAR_ROW: "The calendar year of the assessment, e.g. 2024",
        L.GROUP_ROW: GROUP_HINT,
        L.SYNTHETIC_ROW: SYNTHETIC_HINT,
    }
    write_about_rows(sheet, values, hints)

    area_ref = _ref(L.AREA_ROW, L.ABOUT_VALUE_COL)
    add_validation(sheet, DataValidation(type="list", formula1=f"={lists[L.ABOUT_LABELS[L.AREA_ROW]]}"), area_ref,
              "Choose the local authority from the list.")
    add_validation(sheet, DataValidation(type="whole", operator="between", formula1=str(L.YEAR_MIN),
                                    formula2=str(L.YEAR_MAX)), _ref(L.YEAR_ROW, L.ABOUT_VALUE_COL),
              f"Type the year as a whole number, e.g. 2024 ({L.YEAR_MIN}–{L.YEAR_MAX}).")

    write_guidance(sheet, fw, L.ABOUT_TEXT_ROW, INSTRUCTIONS)

    sheet.column_dimensions["A"].width = 3
    sheet.column_dimensions[get_column_letter(L.ABOUT_LABEL_COL)].width = 22
    sheet.column_dimensions[get_column_letter(L.ABOUT_VALUE_COL)].width = 34
    sheet.column_dimensions[get_column_letter(L.ABOUT_HINT_COL)].width = 70


def write_guidance(sheet: Worksheet, fw: Framework, row: int, instructions: Sequence[str]) -> None:
    """How to use the workbook, the scale, the skip rule and the tool's "average 3" warning, from
    `row` down: the same words on every workbook this project sends out."""
    row = write_lines(sheet, row, "How to use this workbook", instructions) + 2
    sheet.cell(row, L.ABOUT_LABEL_COL, "Scale").font = BOLD
    for point in fw.scale:
        row += 1
        sheet.cell(row, L.ABOUT_LABEL_COL, point.score).alignment = Alignment(horizontal="left")
        sheet.cell(row, L.ABOUT_VALUE_COL, point.label)
    row += 1
    sheet.cell(row, L.ABOUT_LABEL_COL, f"Full descriptors are on the '{L.SCALE_SHEET}' sheet.")
    row += 2
    sheet.cell(row, L.ABOUT_LABEL_COL, fw.skip_guidance)
    sheet.cell(row + 1, L.ABOUT_LABEL_COL, fw.scoring_warning).font = Font(bold=True, color="C00000")


def _ref(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def _enabler_rows(fw: Framework) -> list[tuple[str, ...]]:
    return [(fw.theme(e.theme_id).name, e.id, e.name, e.statement) for e in fw.enablers]


def _indicator_rows(fw: Framework) -> list[tuple[str, ...]]:
    return [(i.enabler_id, i.id, i.text) for i in fw.indicators]


def _write_score_sheet(
    sheet: Worksheet,
    spec: L.ScoreSheet,
    fw: Framework,
    item_rows: list[tuple[str, ...]],
    content: WorkbookContent | None,
    lists: dict[str, str],
) -> None:
    first, last = spec.first_participant_column, spec.last_participant_column
    sheet.cell(L.TITLE_ROW, 1, spec.name).font = TITLE_FONT
    sheet.cell(L.TITLE_ROW + 1, 1, f"{SCORE_SHEET_NOTES[spec.grain]} {fw.skip_guidance}")
    for row, label in L.HEADER_LABELS.items():
        cell = sheet.cell(row, spec.label_column, label)
        cell.font, cell.alignment = BOLD, RIGHT
        for col in range(first, last + 1):
            sheet.cell(row, col).fill = INPUT_FILL
    for col, heading in enumerate(spec.columns, start=1):
        style_header(sheet.cell(L.TABLE_HEADER_ROW, col, heading))
        sheet.column_dimensions[get_column_letter(col)].width = DESCRIPTIVE_WIDTHS[heading]
    for position, col in enumerate(range(first, last + 1), start=1):
        style_header(sheet.cell(L.TABLE_HEADER_ROW, col, L.participant_id(position)))
        sheet.column_dimensions[get_column_letter(col)].width = PARTICIPANT_WIDTH
    for offset, values in enumerate(item_rows):
        for col, value in enumerate(values, start=1):
            sheet.cell(L.FIRST_ITEM_ROW + offset, col, value).alignment = WRAP

    last_row = L.FIRST_ITEM_ROW + len(item_rows) - 1
    participants = f"{get_column_letter(first)}{{row}}:{get_column_letter(last)}{{row}}"
    add_validation(sheet, DataValidation(type="list", formula1=f"={lists[L.HEADER_LABELS[L.SECTOR_ROW]]}"),
              participants.format(row=L.SECTOR_ROW), "Choose the participant's organisation or sector.")
    add_validation(sheet, DataValidation(type="list", formula1=f"={lists[L.HEADER_LABELS[L.ROLE_ROW]]}"),
              participants.format(row=L.ROLE_ROW), "Choose strategic or operational.")
    score_choices = '"' + ",".join(str(point.score) for point in fw.scale) + '"'
    add_validation(sheet, DataValidation(type="list", formula1=score_choices),
              f"{get_column_letter(first)}{L.FIRST_ITEM_ROW}:{get_column_letter(last)}{last_row}",
              "Choose a score from 1 to 5, or leave the cell blank to skip.", prompt=False)
    sheet.freeze_panes = f"{get_column_letter(first)}{L.FIRST_ITEM_ROW}"

    if content is not None:
        ids = [values[spec.id_column - 1] for values in item_rows]
        for position, entry in enumerate(content.participants, start=1):
            _write_participant(sheet, spec, first + position - 1, entry, ids)


def _write_participant(sheet: Worksheet, spec: L.ScoreSheet, col: int, entry: ParticipantEntry, ids: list[str]) -> None:
    sheet.cell(L.PARTICIPANT_ROW, col, entry.label)
    sheet.cell(L.SECTOR_ROW, col, entry.sector)
    sheet.cell(L.ROLE_ROW, col, entry.role_level)
    scores = entry.enabler_scores if spec.grain == "enabler" else entry.indicator_scores
    for offset, item_id in enumerate(ids):
        sheet.cell(L.FIRST_ITEM_ROW + offset, col, scores.get(item_id))


def _write_scale(sheet: Worksheet, fw: Framework) -> None:
    sheet.cell(L.TITLE_ROW, 1, "Scale").font = TITLE_FONT
    header_row = L.TITLE_ROW + 2
    for col, heading in enumerate(("Score", "Label", "Descriptor"), start=1):
        style_header(sheet.cell(header_row, col, heading))
    for offset, point in enumerate(fw.scale, start=1):
        for col, value in enumerate((point.score, point.label, point.descriptor), start=1):
            sheet.cell(header_row + offset, col, value).alignment = WRAP
    notes_row = header_row + len(fw.scale) + 2
    sheet.cell(notes_row, 1, fw.skip_guidance)
    sheet.cell(notes_row + 1, 1, fw.scoring_warning).font = Font(bold=True, color="C00000")
    for letter, width in (("A", 8), ("B", 36), ("C", 90)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{header_row + 1}"


def _set_properties(workbook: Workbook, fw: Framework, synthetic: bool) -> None:
    props = workbook.properties
    props.title = f"{L.SYNTHETIC_BANNER} — {TITLE}" if synthetic else TITLE
    props.subject = f"Beyond Boundaries self-evaluation tool, framework {fw.version}"
    props.keywords = "Beyond Boundaries; early years; SYNTHETIC" if synthetic else "Beyond Boundaries; early years"
    props.description = L.SYNTHETIC_BANNER if synthetic else INSTRUCTIONS[0]
    props.creator = "maturity-warehouse"
