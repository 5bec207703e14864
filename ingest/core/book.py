"""A workbook opened once for reading, whatever reader ends up handling it.

Readers probe several sheets to decide whether a file is theirs; opening the file once and caching
each sheet's cells keeps that probing cheap. python-calamine is used because it reads an order of
magnitude faster than openpyxl, and because it reads .xlsx, .xlsm, .xls and .ods alike as data
only: a macro-enabled workbook's macros are never run. A .csv file is read as a one-sheet book, so
that readers need not know which kind of file they were given.

Nothing is handed to calamine unchecked (ingest.core.limits, ingest.core.package): the file's size
and what its bytes are, then a package's parts, then each sheet's extent before the sheet is loaded.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Self

from python_calamine import CalamineWorkbook

from ingest.core.extents import loaded_extent_problem
from ingest.core.formulas import Formula, WorkbookFormulas
from ingest.core.limits import (
    CSV_MAX_BYTES,
    CSV_MAX_CELLS,
    CSV_MAX_ROWS,
    WORKBOOK_MAX_BYTES,
    check_file_size,
    csv_size_problem,
)
from ingest.core.package import PASSWORD, ZIP_SUFFIXES, check_package, content_problem
from ingest.core.problems import Problem, Refused

CSV_SHEET = "CSV"  # a .csv file's one sheet, as problems name it: "'CSV'!D7"
CSV_ENCODINGS = ("utf-8-sig", "cp1252")  # Excel on Windows saves "CSV" in the latter
CSV_DELIMITERS = ",;\t"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class Book:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._rows: dict[str, list[list[object]]] = {}
        self._workbook: CalamineWorkbook | None = None
        self._formulas = WorkbookFormulas(self.path)
        suffix = self.path.suffix.lower()
        if suffix == ".csv":
            self._rows[CSV_SHEET] = _csv_rows(self.path)
            return
        check_file_size(self.path, WORKBOOK_MAX_BYTES, "a workbook")
        if problem := content_problem(self.path, suffix):
            raise Refused([problem])
        if suffix in ZIP_SUFFIXES:
            self._formulas = WorkbookFormulas(self.path, check_package(self.path))
        try:
            self._workbook = CalamineWorkbook.from_path(str(self.path))
        except Exception as exc:  # calamine raises a different type per container format
            if "password" in str(exc).lower():
                raise Refused([Problem("file", PASSWORD)]) from exc
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
            loaded = self._workbook.get_sheet_by_name(sheet)
            if problem := loaded_extent_problem(sheet, loaded):
                raise Refused([problem])
            self._rows[sheet] = loaded.to_python(skip_empty_area=False)
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


def csv_text(path: Path) -> str:
    """A CSV file's text, decoded by its byte-order mark (Excel's "Unicode Text" save is UTF-16 with
    one), else the first of CSV_ENCODINGS that fits; Refused when it is empty, too big, not text, or
    another kind of file named .csv."""
    try:
        check_file_size(path, CSV_MAX_BYTES, "a CSV file")
        if problem := content_problem(path, ".csv"):
            raise Refused([problem])
        data = Path(path).read_bytes()
    except OSError as exc:
        raise Refused([Problem("file", f"could not be read: {exc}")]) from exc
    if data.startswith(UTF16_BOMS):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = CSV_ENCODINGS
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\0" in text:
            break
        return text
    raise Refused([Problem("file", "not a readable CSV file: its bytes are not text in UTF-8, UTF-16 or "
                                   "Windows encoding; save it from Excel as \"CSV UTF-8\"")])


def csv_records(text: str, dialect: type[csv.Dialect] | csv.Dialect = csv.excel, **fmt: str) -> list[list[str]]:
    """Every record of a CSV's text, the header first; Refused when it is over CSV_MAX_ROWS or
    CSV_MAX_CELLS. A file with more lines than rows allowed is counted first, keeping nothing (its
    quoted line breaks may make it fit); reading keeps nothing once past a limit either."""
    if text.count("\n") > CSV_MAX_ROWS:
        _records(text, dialect, fmt, keep=False)
    return _records(text, dialect, fmt, keep=True)


def _records(text: str, dialect: type[csv.Dialect] | csv.Dialect, fmt: dict[str, str], keep: bool) -> list[list[str]]:
    records: list[list[str]] = []
    rows = cells = 0
    for rows, record in enumerate(csv.reader(_lines(text), dialect, **fmt)):  # rows below the header
        cells += len(record)
        if keep and (rows > CSV_MAX_ROWS or cells > CSV_MAX_CELLS):
            keep, records = False, []  # over a limit: only count the rest, for the refusal to say
        if keep:
            records.append(record)
    if problem := csv_size_problem(rows, cells):
        raise Refused([problem])
    return records


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings, one at a time: io.StringIO would copy the whole text at
    four bytes a character. A file with no line feed ends its lines with carriage returns (Excel
    for Mac's old "CSV" save)."""
    end = "\n" if "\n" in text else "\r"
    start = 0
    while start < len(text):
        stop = text.find(end, start)
        stop = len(text) if stop == -1 else stop + 1
        yield text[start:stop]
        start = stop


def _csv_rows(path: Path) -> list[list[object]]:
    """The file's fields as text, every row padded to the widest so that positions are columns."""
    text = csv_text(path)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=CSV_DELIMITERS)
    except csv.Error:  # one column, or too little text to tell: commas
        dialect = csv.excel
    try:
        rows: list[list[object]] = list(csv_records(text, dialect))
    except csv.Error as exc:
        raise Refused([Problem("file", f"not a readable CSV file ({exc})")]) from exc
    width = max(map(len, rows), default=0)
    return [row + [""] * (width - len(row)) for row in rows]
