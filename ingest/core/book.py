"""A workbook opened once for reading, whatever reader ends up handling it.

Readers probe several sheets to decide whether a file is theirs; opening the file once and caching
each sheet's cells keeps that probing cheap. python-calamine is used because it reads an order of
magnitude faster than openpyxl, and because it reads .xlsx, .xlsm, .xls and .ods alike as data
only: a macro-enabled workbook's macros are never run. A .csv file is read as a one-sheet book, so
that readers need not know which kind of file they were given.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Self

from python_calamine import CalamineWorkbook

from ingest.core.formulas import Formula, WorkbookFormulas
from ingest.core.problems import Problem, Refused

CSV_SHEET = "CSV"  # a .csv file's one sheet, as problems name it: "'CSV'!D7"
CSV_ENCODINGS = ("utf-8-sig", "cp1252")  # Excel on Windows saves "CSV" in the latter
CSV_DELIMITERS = ",;\t"


class Book:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._rows: dict[str, list[list[object]]] = {}
        self._workbook: CalamineWorkbook | None = None
        self._formulas = WorkbookFormulas(self.path)
        if self.path.suffix.lower() == ".csv":
            self._rows[CSV_SHEET] = _csv_rows(self.path)
            return
        try:
            self._workbook = CalamineWorkbook.from_path(str(self.path))
        except Exception as exc:  # calamine raises a different type per container format
            raise Refused([Problem("file", f"not a readable Excel workbook ({exc})")]) from exc

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.close()
        self._formulas.close()

    @property
    def sheet_names(self) -> list[str]:
        return list(self._workbook.sheet_names) if self._workbook is not None else [CSV_SHEET]

    def rows(self, sheet: str) -> list[list[object]]:
        """Every cell from A1, so that list positions are sheet positions; empty cells are ''."""
        if sheet not in self._rows:
            assert self._workbook is not None  # a .csv book holds its one sheet from the start
            self._rows[sheet] = self._workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        return self._rows[sheet]

    def formulas(self, sheet: str) -> dict[tuple[int, int], Formula]:
        """The sheet's formula cells by (0-based row, column), as `rows` positions them; calamine gives
        their saved values only, so a reader asks here whether an empty cell is a formula never saved."""
        return self._formulas.of(sheet)

    def value(self, sheet: str, row: int, col: int) -> object | None:
        """The value at a 1-based position; None when empty or beyond the sheet's used range."""
        rows = self.rows(sheet)
        if row > len(rows) or col > len(rows[row - 1]):
            return None
        found = rows[row - 1][col - 1]
        return None if found == "" else found

    def text(self, sheet: str, row: int, col: int) -> str | None:
        return cell_text(self.value(sheet, row, col))

    @staticmethod
    def column_letters(col: int) -> str:
        """4 → "D", 27 → "AA"."""
        letters = ""
        while col:
            col, remainder = divmod(col - 1, 26)
            letters = chr(65 + remainder) + letters
        return letters

    @staticmethod
    def ref(row: int, col: int) -> str:
        """(7, 4) → "D7"."""
        return f"{Book.column_letters(col)}{row}"

    @staticmethod
    def location(sheet: str, row: int, col: int) -> str:
        """How problems name a cell: "'Enabler scores'!D7"."""
        return f"'{sheet}'!{Book.ref(row, col)}"


def cell_text(value: object) -> str | None:
    """A cell as the person who typed it would read it: 2024.0 → "2024", blank → None."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def decode_csv(data: bytes) -> str | None:
    """A CSV file's text in the first encoding that fits (see CSV_ENCODINGS); None when none does."""
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _csv_rows(path: Path) -> list[list[object]]:
    """The file's fields as text, every row padded to the widest so that positions are columns."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Refused([Problem("file", f"could not be read: {exc}")]) from exc
    text = decode_csv(data)
    if text is None:
        raise Refused([Problem("file", "not a readable CSV file (not UTF-8 or Windows text)")])
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=CSV_DELIMITERS)
    except csv.Error:  # one column, or too little text to tell: commas
        dialect = csv.excel
    try:
        rows: list[list[object]] = [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise Refused([Problem("file", f"not a readable CSV file ({exc})")]) from exc
    width = max(map(len, rows), default=0)
    return [row + [""] * (width - len(row)) for row in rows]
