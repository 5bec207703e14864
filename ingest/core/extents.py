"""How far a sheet's written cells reach, read from its XML as calamine would place them.

calamine loads a sheet as one grid from its first to its last written cell, so the extent is what
loading costs; it is measured here from the XML text, chunk by chunk (ingest.core.package feeds
the complete tags of each chunk), so that a sheet too big to load is refused before calamine
allocates for it. The sheet's own <dimension> is not trusted (calamine ignores it too).

An .xls is not a zip of XML but BIFF records in an OLE2 container, which nothing here parses, and
calamine loads all of its sheets as soon as it opens the file. What bounds a hostile one is BIFF8
itself (65,536 rows x 256 columns a sheet: one corner cell asks calamine for 16.8 million cells,
537 MB, and get_sheet_by_name copies the grid once more, so the worker's memory cap refuses it) and
then `loaded_extent_problem`: every sheet calamine has loaded, whatever the format, is measured
again before it becomes Python rows, so a sheet over the limits is refused with the limit named
rather than turned into millions of Python objects that every reader would then walk.
"""

from __future__ import annotations

import re
from typing import Protocol

from ingest.core.limits import sheet_extent_problem
from ingest.core.problems import Problem

_XLSX_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>")
_R = re.compile(rb"""(?:^|\s)r\s*=\s*["']([^"']*)["']""")
_CELL_REF = re.compile(rb"([A-Z]{1,3})(\d+)")
# The same tags as _XLSX_TAG, split the same way, with a cell's position taken in C when its first
# attribute is r="A1" (as Excel and openpyxl write every cell): (letters, digits, b"", b"") for such
# a cell, (b"", b"", b"row", its attributes) for a row, and all four empty for any other cell. The
# lookahead only skips, early, a "<" that cannot start either (most of them: </v>, <v>, </c>).
_CELL_WITHOUT_PLACE = (b"", b"", b"", b"")
_XLSX_FAST = re.compile(rb"""<(?=[rc]|[A-Za-z_][\w.-]*:[rc])(?:[A-Za-z_][\w.-]*:)?"""
                        rb"""(?:c(?=[\s/>])(?:\s+r="([A-Z]{1,3})(\d+)")?[^>]*|(row)(?=[\s/>])([^>]*))>""")
# OpenDocument: calamine matches these qualified names, and repeats cells and rows as they say;
# a cell with no value type is empty and is not read.
_ODS_TAG = re.compile(rb"<(table:table|table:table-row|table:table-cell|table:covered-table-cell)(?=[\s/>])([^>]*)>")
_ODS_NAME = re.compile(rb"""table:name\s*=\s*["']([^"']*)["']""")
_ROWS_REPEATED = re.compile(rb"""table:number-rows-repeated\s*=\s*["'](\d+)["']""")
_COLUMNS_REPEATED = re.compile(rb"""table:number-columns-repeated\s*=\s*["'](\d+)["']""")
_VALUE_TYPE = re.compile(rb"office:value-type\s*=")


class LoadedSheet(Protocol):
    """What is measured of a python_calamine CalamineSheet: its last written cell, 0-based, or None."""

    @property
    def end(self) -> tuple[int, int] | None: ...


def loaded_extent_problem(name: str, sheet: LoadedSheet) -> Problem | None:
    """Why a sheet calamine has loaded is too big to read, as rows from A1 to its last written cell
    (what Book.rows makes of it); None when it is not, or when the sheet is empty."""
    if sheet.end is None:
        return None
    last_row, last_column = sheet.end
    return sheet_extent_problem(name, last_row + 1, last_column + 1)


class XlsxExtent:
    """One worksheet part: a row or cell without `r` follows the last, as calamine places it."""

    def __init__(self, part: str):
        self.extents = {part: (0, 0)}
        self._part = part
        self._row = self._column = 0

    def feed(self, tags: bytes) -> None:
        """Complete tags of the part, in order. Where every cell names its own place (r="A1" first),
        the extent is the largest place, found without a Python step per tag; otherwise each tag is
        followed as calamine places it (_follow)."""
        found = _XLSX_FAST.findall(tags)
        if not found:
            return
        if _CELL_WITHOUT_PLACE in found:
            self._follow(tags)
            return
        letters, digits, names, _ = zip(*found)
        rows, columns = self.extents[self._part]
        if letters := set(letters) - {b""}:
            widest = max(letters, key=lambda column: (len(column), column))
            rows = max(rows, max(map(int, set(digits) - {b""})))
            columns = max(columns, _column_number(widest))
        self.extents[self._part] = (rows, columns)
        trailing = len(found)  # rows after the last cell say where the next cell goes
        while trailing and names[trailing - 1]:
            trailing -= 1
        if trailing:
            self._row, self._column = int(digits[trailing - 1]), _column_number(found[trailing - 1][0])
        for _, _, _, attributes in found[trailing:]:
            r = _R.search(attributes)
            self._row = int(r.group(1)) if r and r.group(1).isdigit() else self._row + 1
            self._column = 0

    def _follow(self, tags: bytes) -> None:
        rows, columns = self.extents[self._part]
        for tag in _XLSX_TAG.finditer(tags):
            r = _R.search(tag.group(2))
            if tag.group(1) == b"row":
                self._row = int(r.group(1)) if r and r.group(1).isdigit() else self._row + 1
                self._column = 0
                continue
            where = _CELL_REF.fullmatch(r.group(1)) if r else None
            if where:
                self._row, self._column = int(where.group(2)), _column_number(where.group(1))
            else:
                self._column += 1
            rows, columns = max(rows, self._row), max(columns, self._column)
        self.extents[self._part] = (rows, columns)


class OdsExtents:
    """An OpenDocument content.xml: every table's extent by its name, rows and cells repeated as written."""

    def __init__(self) -> None:
        self.extents: dict[str, tuple[int, int]] = {}
        self._table = ""
        self._next_row = self._row = self._row_span = self._column = 0

    def feed(self, tags: bytes) -> None:
        for tag in _ODS_TAG.finditer(tags):
            name, attributes = tag.group(1), tag.group(2)
            if name == b"table:table":
                found = _ODS_NAME.search(attributes)
                self._table = found.group(1).decode("utf-8", "replace") if found else ""
                self.extents.setdefault(self._table, (0, 0))
                self._next_row = 0
            elif name == b"table:table-row":
                self._row, self._row_span = self._next_row, _repeated(_ROWS_REPEATED, attributes)
                self._next_row += self._row_span
                self._column = 0
            else:
                first, self._column = self._column, self._column + _repeated(_COLUMNS_REPEATED, attributes)
                if _VALUE_TYPE.search(attributes) and first < self._column:
                    rows, columns = self.extents.get(self._table, (0, 0))
                    self.extents[self._table] = (max(rows, self._row + self._row_span), max(columns, self._column))


def _repeated(pattern: re.Pattern[bytes], attributes: bytes) -> int:
    found = pattern.search(attributes)
    return int(found.group(1)) if found else 1


def _column_number(letters: bytes) -> int:
    """b"D" → 4."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
