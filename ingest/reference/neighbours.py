"""DfE's children's services statistical neighbours, read from a workbook in DfE's published layout.

The layout (as this project expects it): a sheet "LA SN Groups" (for a .csv, the file's one
sheet) with a header row holding "LA number", "LA name" and "SN1" … "SN10", then one row per local
authority: its DfE three-digit LA number and the LA numbers of its ten nearest statistical
neighbours, nearest first. The header may sit below title lines; columns may be in any order.

Only London authorities' rows are kept (the warehouse benchmarks London boroughs). Their
neighbours are kept whatever they are: a neighbour outside London keeps its DfE number and has no
GSS code, and simply contributes no maturity data to a comparator.

A file with any problem is refused whole, one problem per cell, like a borough's workbook. The
reader returns plain records (it runs in reading workers, which never import pandas).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from framework.model import Framework
from ingest.core.book import CSV_SHEET, Book, cell_text
from ingest.core.problems import Problem, Refused

SHEET = "LA SN Groups"
NEIGHBOURS = 10
_LA_NUMBER = re.compile(r"^\d{3}$")
_HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class NeighbourRow:
    """One London area's neighbour at one rank (1 = nearest)."""

    area_code: str
    dfe_code: str
    neighbour_rank: int
    neighbour_dfe_code: str
    neighbour_area_code: str | None  # None outside the framework's areas
    location: str  # the neighbour's cell


def looks_like_neighbours(book: Book) -> bool:
    """DfE's sheet by name, or a one-sheet file whose header row has "LA number" and "SN1"."""
    if SHEET in book.sheet_names:
        return True
    if book.sheet_names != [CSV_SHEET]:
        return False
    for row in book.rows(CSV_SHEET)[:_HEADER_SEARCH_ROWS]:
        found = {_heading(cell_text(value)) for value in row}
        if {"la number", "sn1"} <= found:
            return True
    return False


def read_statistical_neighbours(path: Path, fw: Framework) -> list[NeighbourRow]:
    """The neighbours in the file at `path`; raises Refused with every problem."""
    with Book(Path(path)) as book:
        return read_neighbours_book(book, fw)


def read_neighbours_book(book: Book, fw: Framework) -> list[NeighbourRow]:
    """One row per London area and neighbour rank; raises Refused with every problem."""
    sheet = CSV_SHEET if CSV_SHEET in book.sheet_names else SHEET
    if sheet not in book.sheet_names:
        raise Refused([Problem("file", f"no sheet named '{SHEET}' (sheets: {', '.join(book.sheet_names)})")])
    rows = book.rows(sheet)
    header_row, columns = _header(rows, sheet)
    by_dfe = {a.dfe_code: a.code for a in fw.areas}
    problems: list[Problem] = []
    records: list[NeighbourRow] = []
    seen: dict[str, int] = {}
    for r in range(header_row + 1, len(rows) + 1):
        row = rows[r - 1]

        def text(col: int, row: list[object] = row) -> str | None:
            return cell_text(row[col - 1]) if col <= len(row) else None

        la = text(columns["la number"])
        if la is None and all(text(c) is None for c in columns.values()):
            continue  # a blank line
        where = Book.location(sheet, r, columns["la number"])
        if la is None or not _LA_NUMBER.match(la):
            problems.append(Problem(where, f"LA number {la!r} is not a three-digit DfE LA number"))
            continue
        if la in seen:
            problems.append(Problem(where, f"LA number {la} appears again (first in row {seen[la]})"))
            continue
        seen[la] = r
        neighbours: list[tuple[str, str]] = []  # (LA number, cell)
        for rank in range(1, NEIGHBOURS + 1):
            col = columns[f"sn{rank}"]
            value = text(col)
            cell = Book.location(sheet, r, col)
            if value is None or not _LA_NUMBER.match(value):
                problems.append(Problem(cell, f"SN{rank} {value!r} is not a three-digit DfE LA number"))
            elif value == la:
                problems.append(Problem(cell, f"SN{rank} is the authority itself ({la})"))
            elif value in (n for n, _ in neighbours):
                problems.append(Problem(cell, f"SN{rank} repeats neighbour {value}"))
            else:
                neighbours.append((value, cell))
        if la in by_dfe and len(neighbours) == NEIGHBOURS:
            records += [NeighbourRow(by_dfe[la], la, rank, n, by_dfe.get(n), cell)
                        for rank, (n, cell) in enumerate(neighbours, start=1)]
    if problems:
        raise Refused(problems)
    if not records:
        raise Refused([Problem(f"'{sheet}'", "no London authority's row found (by DfE LA number)")])
    return records


def _header(rows: list[list[object]], sheet: str) -> tuple[int, dict[str, int]]:
    """The 1-based header row and the column of each expected heading (case and spacing ignored)."""
    wanted = ["la number", "la name", *(f"sn{k}" for k in range(1, NEIGHBOURS + 1))]
    for r, row in enumerate(rows[:_HEADER_SEARCH_ROWS], start=1):
        found = {}
        for c, value in enumerate(row, start=1):
            text = cell_text(value)
            if text is not None:
                found.setdefault(_heading(text), c)
        if "la number" in found:
            missing = [w for w in wanted if w not in found]
            if missing:
                raise Refused(
                    [Problem(Book.location(sheet, r, 1), f"header row lacks column(s): {', '.join(missing)}")]
                )
            return r, {w: found[w] for w in wanted}
    raise Refused([Problem(f"'{sheet}'", f"no header row with 'LA number' in the first {_HEADER_SEARCH_ROWS} rows")])


def _heading(text: str | None) -> str:
    """A heading compared without case or repeated spaces."""
    return re.sub(r"\s+", " ", (text or "").strip().lower())


def marked_synthetic(book: Book) -> bool:
    """Whether a title line above the table says SYNTHETIC, as the demo's neighbours file does."""
    sheet = CSV_SHEET if CSV_SHEET in book.sheet_names else SHEET
    for row in book.rows(sheet)[:_HEADER_SEARCH_ROWS]:
        texts = [cell_text(value) or "" for value in row]
        if any(_heading(t) == "la number" for t in texts):
            return False
        if any("SYNTHETIC" in t for t in texts):
            return True
    return False
