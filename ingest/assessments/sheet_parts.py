"""Small pieces every workbook this project writes shares: styles, the synthetic banner, header
cells and drop-down checks, so that each kind of workbook (the Excel tool, paper transcription,
data-sharing questionnaire) looks and behaves like the others.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ingest.assessments import layout as L

BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
BANNER_FONT = Font(bold=True, color="FFFFFF", size=12)
BANNER_FILL = PatternFill("solid", fgColor="C00000")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
WRAP = Alignment(wrap_text=True, vertical="top")
HINT_FONT = Font(italic=True, color="595959")
BANNER_COLUMNS = 8  # how far the banner is merged across, enough to be seen on any screen


def write_banner(sheet: Worksheet) -> None:
    """The red SYNTHETIC banner across the top of a sheet."""
    cell = sheet.cell(L.BANNER_ROW, 1, L.SYNTHETIC_BANNER)
    cell.font, cell.fill = BANNER_FONT, BANNER_FILL
    sheet.merge_cells(start_row=L.BANNER_ROW, start_column=1, end_row=L.BANNER_ROW, end_column=BANNER_COLUMNS)


def style_header(cell: Cell) -> None:
    cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, Alignment(wrap_text=True, vertical="center")


def add_validation(sheet: Worksheet, validation: DataValidation, cells: str, message: str, prompt: bool = True) -> None:
    """Attach a drop-down or range check that allows a blank cell and says what is expected; score
    cells get no pop-up prompt (prompt=False), which would nag on every click."""
    validation.allow_blank = True
    validation.error = message
    validation.errorTitle = "Not one of the choices"
    validation.showErrorMessage = True
    if prompt:
        validation.prompt = message
        validation.showInputMessage = True
    sheet.add_data_validation(validation)
    validation.add(cells)


def write_about_rows(sheet: Worksheet, values: dict[int, object], hints: dict[int, str]) -> None:
    """The About sheet's identification rows (label, answer cell, hint), where every reader of our
    workbooks looks for them."""
    for row, label in L.ABOUT_LABELS.items():
        sheet.cell(row, L.ABOUT_LABEL_COL, label).font = BOLD
        sheet.cell(row, L.ABOUT_VALUE_COL, values[row]).fill = INPUT_FILL
        sheet.cell(row, L.ABOUT_HINT_COL, hints[row]).font = HINT_FONT


def write_lines(sheet: Worksheet, row: int, heading: str, lines: Sequence[str]) -> int:
    """A bold heading in the About sheet's label column at `row`, its lines below; the last row written."""
    sheet.cell(row, L.ABOUT_LABEL_COL, heading).font = BOLD
    for line in lines:
        row += 1
        sheet.cell(row, L.ABOUT_LABEL_COL, line)
    return row
