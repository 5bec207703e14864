"""An outcome CSV read once as text, with what every outcome reader needs: cells, numbers, codes, places.

Outcome files are big (a Fingertips download for every English authority is tens of thousands of
rows) and plain, so they are read with the csv module rather than as a workbook, within the limits
of ingest.core.limits (CSV_MAX_BYTES, CSV_MAX_ROWS, CSV_MAX_CELLS), and every reader
names a problem's cell the way the maturity readers do ("'CSV'!M17", header = row 1).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.core.book import CSV_SHEET, Book, csv_records, csv_text
from ingest.core.problems import Problem

_DELIMITERS = ",;\t"
_NOT_NAME = re.compile(r"[\W_]+")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]  # as written, stripped
    rows: tuple[tuple[int, list[str]], ...]  # (row number, cells padded to the header's width); blank rows left out
    text: str  # the whole file, for the SYNTHETIC marker

    def columns(self) -> Columns:
        """Column positions (0-based) by normalised name; the first of a repeated name wins."""
        found = Columns()
        for index, name in enumerate(self.header):
            found.setdefault(normalise(name), index)
        return found


class Columns(dict):
    """Column positions looked up by any spelling of a name: `col["Lower CI 95.0 limit"]` finds
    `Lower_CI_95.0_limit`, since the readers name columns as published and files vary the spelling."""

    def __getitem__(self, name: str) -> int:
        return super().__getitem__(normalise(name))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and super().__contains__(normalise(name))

    def get(self, name: str, default: int | None = None) -> int | None:
        return super().get(normalise(name), default)


def read_table(path: Path) -> Table | None:
    """The file as a table; None when it has no header row (an empty file has none) or no CSV
    structure. Refused when it is over the limits (ingest.core.limits) or not text."""
    if Path(path).stat().st_size == 0:
        return None
    text = csv_text(Path(path))
    first_line = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first_line.count)
    try:
        records = csv_records(text, delimiter=delimiter)
    except csv.Error:
        return None
    if not records or not any(cell.strip() for cell in records[0]):
        return None
    header = tuple(cell.strip() for cell in records[0])
    width = len(header)
    rows = tuple(
        (number, [cell.strip() for cell in record] + [""] * (width - len(record)))
        for number, record in enumerate(records[1:], start=2)
        if any(cell.strip() for cell in record)
    )
    return Table(header, rows, text)


def normalise(name: str) -> str:
    """A column name compared without case, spaces, underscores or punctuation, the ways real files
    vary one name: "Time period Sortable", "Time_period_Sortable" and "TimePeriodSortable" are one column."""
    return _NOT_NAME.sub("", name.casefold())


def cell(row: int, col: int) -> str:
    """The location of a 0-based column in a 1-based row: "'CSV'!M17"."""
    return Book.location(CSV_SHEET, row, col + 1)


def missing_columns(table: Table, required: Iterable[str]) -> list[Problem]:
    """One problem per required column (given as published) the header lacks."""
    present = table.columns()
    return [Problem("file", f"the column '{name}' is missing") for name in required if normalise(name) not in present]


def no_rows(table: Table) -> list[Problem]:
    return [] if table.rows else [Problem("file", "there are no rows below the header")]


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text))


def number(text: str, row: int, col: int, what: str, problems: list[Problem]) -> float | None:
    """A cell's number; None when blank; a problem (and None) when it is not a number."""
    if not text:
        return None
    if _NUMBER.match(text):
        value = float(text)
        if math.isfinite(value):
            return value
    problems.append(Problem(cell(row, col), f"{what} '{text}' is not a number"))
    return None


# Where an area sits, by the first three characters of its GSS code, for files that give no area type.
_GEOGRAPHY_BY_PREFIX = {
    **dict.fromkeys(("E06", "E07", "E08", "E09", "E10", "W06", "S12", "N09"), "local_authority"),
    "E12": "region",
    **dict.fromkeys(("E92", "W92", "S92", "N92", "K02", "K03", "K04"), "country"),
}


def geography_of_code(code: str) -> str:
    return _GEOGRAPHY_BY_PREFIX.get(code[:3], "other")


class Duplicates:
    """Keeps one row per key: a repeat with the same figures is dropped, one with other figures is a problem.

    Publishers repeat rows on purpose (Fingertips lists a borough under both county and district
    area types); a repeat that disagrees means the file cannot say which figure is right.
    """

    def __init__(self) -> None:
        self._seen: dict[tuple, tuple[tuple, str]] = {}

    def first(self, key: tuple, figures: tuple, location: str, what: str, problems: list[Problem]) -> bool:
        """True when this is the first row for `key`; False (with a problem when figures differ) for a repeat."""
        seen = self._seen.get(key)
        if seen is None:
            self._seen[key] = (figures, location)
            return True
        if seen[0] != figures:
            problems.append(Problem(location, f"{what} is given again with other figures than at {seen[1]}"))
        return False


def is_synthetic(file_name: str, table: Table) -> bool:
    return "synthetic" in file_name.casefold() or "SYNTHETIC" in table.text


def number_text(value: float) -> str:
    """How writers print a figure so that reading it gives the same float back: 12.0 → "12", 3.25 → "3.25"."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def write_rows(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """A CSV as the publishers write one: UTF-8, comma separated, quoted only where needed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def breakdown_pairs(breakdown: str) -> list[tuple[str, str]]:
    """ "Sex=Male; Category=Most deprived decile" split into (key, value) pairs."""
    parts = (part.partition("=") for part in breakdown.split(";") if part.strip())
    return [(key.strip(), value.strip()) for key, _, value in parts]


def breakdown_text(parts: Iterable[tuple[str, str]]) -> str:
    return "; ".join(f"{key}={value}" for key, value in parts)
