"""DfE's children's services statistical neighbours, read from a workbook in DfE's published layout.

The layout, as DfE publishes it (sn_may_2025.xlsx, sn_april_2021.xlsx and CSV saves of them): a
sheet "LA SN Groups" (for a .csv, the file's one sheet) with a header row holding an LA number
column, "LA name" and "SN1" … "SN10", then one row per local authority: its DfE three-digit LA
number and the LA numbers of its ten nearest statistical neighbours, nearest first. The header may
sit below title lines or DfE's helper rows (column letters and numbers used by its lookups);
headings are compared without case or repeated spaces, and columns may be in any order. DfE's
sheet has two LA number columns, "LA num" and "LA number": the one whose cells hold three-digit
numbers is read ("LA number" when both do). Each "SNP" column beside a neighbour (DfE's proximity
band: "Very close", "Close", …) is not read: the comparator treats the ten neighbours alike.

What DfE puts around the table is accepted and said in the file's notes, never silently: a row
with no LA number and no neighbours (DfE's "Old SNs:" line) ends the table, and it and every row
below it (DfE's pre-reorganisation authorities) are ignored; a row whose every SN cell is "-"
(DfE's placeholder for an authority not yet modelled) is ignored. Anything else wrong in a row is a
problem, and a file with any problem is refused whole, one problem per cell, like a borough's
workbook.

Every authority's row is kept whose DfE number the framework's England list knows, under the GSS
code that list gives the number now (a number can outlive a code: North Yorkshire's 815), and so is
each neighbour, with its GSS code the same way (a number not in the list has none). A neighbour with
no maturity data adds none to a comparator, but its code joins it to outcome figures. A row for a
number the list does not know is said in a note. The reader returns plain records (it runs in
reading workers, which never import pandas).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from framework.model import Framework
from ingest.core.book import CSV_SHEET, Book, cell_text
from ingest.core.identifiers import DFE_LA_NUMBER
from ingest.core.problems import Problem, Refused

SHEET = "LA SN Groups"
NEIGHBOURS = 10
LA_HEADINGS = ("la number", "la num")  # in order of preference when both hold LA numbers
NAME_HEADING = "la name"
PLACEHOLDERS = frozenset({"-", "–"})  # an SN cell saying "no neighbour given"
_HEADER_SEARCH_ROWS = 20
_NAMED_IN_NOTE = 6  # ignored rows a note names before "and N more"


@dataclass(frozen=True)
class NeighbourRow:
    """One area's neighbour at one rank (1 = nearest)."""

    area_code: str
    dfe_code: str
    neighbour_rank: int
    neighbour_dfe_code: str
    neighbour_area_code: str | None  # its GSS code; None for a DfE number not in the England list
    location: str  # the neighbour's cell


@dataclass(frozen=True)
class NeighbourTable:
    """A neighbours file as read: its areas' rows, and what was accepted around them (for the
    outcome line, like a Submission's notes)."""

    rows: tuple[NeighbourRow, ...]
    is_synthetic: bool
    notes: tuple[str, ...] = ()


def looks_like_neighbours(book: Book) -> bool:
    """DfE's sheet by name, or a one-sheet file whose header row has an LA number heading and "SN1"."""
    if SHEET in book.sheet_names:
        return True
    if book.sheet_names != [CSV_SHEET]:
        return False
    for row in book.rows(CSV_SHEET)[:_HEADER_SEARCH_ROWS]:
        found = {_heading(cell_text(value)) for value in row}
        if "sn1" in found and found & set(LA_HEADINGS):
            return True
    return False


def read_statistical_neighbours(path: Path, fw: Framework) -> list[NeighbourRow]:
    """The neighbours in the file at `path`; raises Refused with every problem."""
    with Book(Path(path)) as book:
        return list(read_neighbours_book(book, fw).rows)


def read_neighbours_book(book: Book, fw: Framework) -> NeighbourTable:
    """One row per area and neighbour rank, with notes; raises Refused with every problem."""
    sheet = CSV_SHEET if CSV_SHEET in book.sheet_names else SHEET
    if sheet not in book.sheet_names:
        raise Refused([Problem("file", f"no sheet named '{SHEET}' (sheets: {', '.join(book.sheet_names)})")])
    rows = book.rows(sheet)
    header_row, columns = _header(rows, sheet)
    la_col, sn_cols = columns["la"], [columns[f"sn{rank}"] for rank in range(1, NEIGHBOURS + 1)]
    by_dfe = {a.dfe_code: holder.gss_code for a in fw.england_authorities
              if (holder := fw.england_authority(a.dfe_code)) is not None}
    current = {a.dfe_code for a in fw.areas if a.last_year is None}
    unknown: list[str] = []
    problems: list[Problem] = []
    records: list[NeighbourRow] = []
    seen: dict[str, int] = {}
    placeholders: list[str] = []
    footnote: list[tuple[int, list[object]]] = []
    for r in range(header_row + 1, len(rows) + 1):
        row = rows[r - 1]
        if footnote:
            footnote.append((r, row))
            continue
        if _blank(row):
            continue
        la, neighbour_cells = _text(row, la_col), [_text(row, col) for col in sn_cols]
        if la is None and seen and all(value is None for value in neighbour_cells):
            footnote.append((r, row))  # a note line below the table: it and all below are not the table
            continue
        where = Book.location(sheet, r, la_col)
        if la is None or not DFE_LA_NUMBER.fits(la):
            problems.append(Problem(where, f"LA number {la!r} is not a three-digit DfE LA number"))
            continue
        if la in seen:
            problems.append(Problem(where, f"LA number {la} appears again (first in row {seen[la]})"))
            continue
        seen[la] = r
        if all(value in PLACEHOLDERS for value in neighbour_cells):
            placeholders.append(_authority(la, _text(row, columns[NAME_HEADING])))
            continue
        neighbours: list[tuple[str, str]] = []  # (LA number, cell)
        for rank, (col, value) in enumerate(zip(sn_cols, neighbour_cells), start=1):
            cell = Book.location(sheet, r, col)
            if value is None or not DFE_LA_NUMBER.fits(value):
                problems.append(Problem(cell, f"SN{rank} {value!r} is not a three-digit DfE LA number"))
            elif value == la:
                problems.append(Problem(cell, f"SN{rank} is the authority itself ({la})"))
            elif value in (n for n, _ in neighbours):
                problems.append(Problem(cell, f"SN{rank} repeats neighbour {value}"))
            else:
                neighbours.append((value, cell))
        if la not in by_dfe:
            unknown.append(_authority(la, _text(row, columns[NAME_HEADING])))
        elif len(neighbours) == NEIGHBOURS:
            records += [NeighbourRow(by_dfe[la], la, rank, n, _gss_code(n, fw), cell)
                        for rank, (n, cell) in enumerate(neighbours, start=1)]
    problems += _current_below_the_table(footnote, la_col, sheet, seen, current)
    if problems:
        raise Refused(problems)
    if not records:
        raise Refused([Problem(f"'{sheet}'", "no English local authority's row found (by DfE LA number)")])
    notes = []
    if footnote:
        notes.append(_footnote_note(footnote, la_col, columns[NAME_HEADING]))
    if unknown:
        notes.append(f"ignored {_count(len(unknown), 'row', 'rows')} for LA numbers not in the framework's England "
                     "list: " + ", ".join(unknown))
    if placeholders:
        notes.append(f"ignored {_count(len(placeholders), 'authority', 'authorities')} with no neighbours given "
                     "(every SN cell '-'): "
                     + ", ".join(placeholders))
    return NeighbourTable(tuple(records), marked_synthetic(book), tuple(notes))


def _gss_code(dfe_code: str, fw: Framework) -> str | None:
    """From the England list, which holds London's areas with their own codes (the framework checks it)."""
    authority = fw.england_authority(dfe_code)
    return None if authority is None else authority.gss_code


def _header(rows: list[list[object]], sheet: str) -> tuple[int, dict[str, int]]:
    """The 1-based header row and the column of "la" (the LA number read), "la name" and each SN."""
    wanted = [NAME_HEADING, *(f"sn{k}" for k in range(1, NEIGHBOURS + 1))]
    for r, row in enumerate(rows[:_HEADER_SEARCH_ROWS], start=1):
        found: dict[str, int] = {}
        for c, value in enumerate(row, start=1):
            text = cell_text(value)
            if text is not None:
                found.setdefault(_heading(text), c)
        candidates = [found[h] for h in LA_HEADINGS if h in found]
        if candidates:
            missing = [w for w in wanted if w not in found]
            if missing:
                raise Refused(
                    [Problem(Book.location(sheet, r, 1), f"header row lacks column(s): {', '.join(missing)}")]
                )
            return r, {"la": _la_column(rows[r:], candidates), **{w: found[w] for w in wanted}}
    raise Refused([Problem(f"'{sheet}'", f"no header row with 'LA number' in the first {_HEADER_SEARCH_ROWS} rows")])


def _la_column(body: list[list[object]], candidates: list[int]) -> int:
    """Of the LA number columns, the one with the most three-digit numbers (the preferred on a tie)."""
    def numbers(col: int) -> int:
        return sum(DFE_LA_NUMBER.fits(_text(row, col) or "") for row in body)

    return max(candidates, key=lambda col: (numbers(col), -candidates.index(col)))


def _current_below_the_table(footnote: list[tuple[int, list[object]]], la_col: int, sheet: str,
                             seen: dict[str, int], current: set[str]) -> list[Problem]:
    """A current authority found only below the table's end: its row would be lost, so it is a
    problem (the table ended early at a note line), not a note. Authorities replaced by a
    reorganisation (DfE's "Old SNs" below its table) are not current."""
    return [Problem(Book.location(sheet, r, la_col),
                    f"local authority {la} is below the end of the table (row {footnote[0][0]}) and not in it")
            for r, row in footnote if (la := _text(row, la_col)) in current and la not in seen]


def _footnote_note(footnote: list[tuple[int, list[object]]], la_col: int, name_col: int) -> str:
    """"ignored 5 rows below the table (from row 159): 'Old SNs:'; 835 Dorset (Pre LG); …"."""
    described = []
    for _, row in footnote:
        if _blank(row):
            continue
        la = _text(row, la_col)
        if la is not None:
            described.append(_authority(la, _text(row, name_col)))
        else:
            described.append(repr(next(t for v in row if (t := cell_text(v)) is not None)))
    shown = described[:_NAMED_IN_NOTE]
    more = f"; and {len(described) - len(shown)} more" if len(described) > len(shown) else ""
    return (f"ignored {_count(len(described), 'row', 'rows')} below the table (from row {footnote[0][0]}): "
            f"{'; '.join(shown)}{more}")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _authority(la: str, name: str | None) -> str:
    return f"{la} {name}" if name else la


def _text(row: list[object], col: int) -> str | None:
    return cell_text(row[col - 1]) if col <= len(row) else None


def _blank(row: list[object]) -> bool:
    return all(cell_text(value) is None for value in row)


def _heading(text: str | None) -> str:
    """A heading compared without case or repeated spaces."""
    return re.sub(r"\s+", " ", (text or "").strip().lower())


def marked_synthetic(book: Book) -> bool:
    """Whether a title line above the table says SYNTHETIC, as the demo's neighbours file does."""
    sheet = CSV_SHEET if CSV_SHEET in book.sheet_names else SHEET
    for row in book.rows(sheet)[:_HEADER_SEARCH_ROWS]:
        texts = [cell_text(value) or "" for value in row]
        if any(_heading(t) in LA_HEADINGS for t in texts):
            return False
        if any("SYNTHETIC" in t for t in texts):
            return True
    return False
