"""A workbook opened once for reading, whatever reader ends up handling it.

Readers probe several sheets to decide whether a file is theirs; opening the file once and caching
each sheet's cells keeps that probing cheap. python-calamine is used because it reads an order of
magnitude faster than openpyxl.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from python_calamine import CalamineWorkbook

from ingest.model import Problem, Refused


class Book:
    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self._workbook = CalamineWorkbook.from_path(str(self.path))
        except Exception as exc:  # calamine raises a different type per container format
            raise Refused([Problem("file", f"not a readable Excel workbook ({exc})")]) from exc
        self._rows: dict[str, list[list[object]]] = {}

    def __enter__(self) -> "Book":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._workbook.close()

    @property
    def sheet_names(self) -> list[str]:
        return list(self._workbook.sheet_names)

    def rows(self, sheet: str) -> list[list[object]]:
        """Every cell from A1, so that list positions are sheet positions; empty cells are ''."""
        if sheet not in self._rows:
            self._rows[sheet] = self._workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        return self._rows[sheet]

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
