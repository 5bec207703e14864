"""ONS's local authority to Integrated Care Board lookup: which ICB each authority belongs to.

The layout, as the Open Geography Portal publishes it (CSV, or an xlsx of the same table): a header
row holding an ICB code column ICByyCD (yy the lookup's year: "Local Authority District to
Integrated Care Board (April 2023) Lookup in England" has LAD23CD, LAD23NM, ICB23CD, ICB23CDH,
ICB23NM, ObjectId), then one row per authority, or one row per LSOA in the bigger lookups ("LSOA
(2021) to Sub ICB Locations to Integrated Care Boards to LAD (April 2023)", which add LSOA21CD,
SICBL23CD …). Reading rules:

- Recognised: a CSV, or a workbook sheet, whose header row (within the first 20 rows) has an
  ICByyCD column and an authority code column: CTYUAyyCD or UTLAyyCD (an upper-tier authority,
  preferred when present, CTYUA first), else LADyyCD. Headings are compared without case, spaces or
  a byte-order mark; columns may be in any order, and other columns (LSOA, sub-ICB, ObjectId) are
  not read. Several years of one heading: the latest is read.
- Each row's authority code is read: one of the framework's areas, or a GSS code in its England
  list, is a membership. Any other well-formed code is not read but counted in the file's notes:
  lower-tier districts (E07: a district's county needs a county-level lookup), and codes outside the
  list (Welsh W06, Scottish S12, a retired code) by their first three characters. A blank or
  malformed authority code, or a blank or malformed ICB code in a membership's row, is a problem
  naming its cell (a row not read is not checked further: a Welsh row's ICB cell may be blank).
- An authority's ICB is the ICB of most of its rows. An authority whose rows split between ICBs
  (an LSOA-level file, where a county's LSOAs straddle an ICB boundary) keeps the majority's, and a
  note names it and the split ("Hampshire: 812 rows QRL, 96 QNQ"); an even split is a problem.
- icb_code is the NHS ODS code (ICByyCDH, "QMJ") when the file has that column, else the E54 GSS
  code (ICByyCD); icb_name is ICByyNM's (null when the file has no names).
- valid_from is 1 April of 20yy, the heading's year (ICB23CD → 2023-04-01), except for 22: ICBs
  were established on 1 July 2022, so ICB22CD → 2022-07-01. valid_to is null: the lookup says what
  holds from then on, until a later lookup replaces it.
- Blank rows are skipped. Below the table, a row holding neither an authority code nor an ICB code
  (ONS's "Source: Office for National Statistics …" line, a person's footnote) ends it: it and
  every row below are ignored and said in a note, unless an authority of the framework's is among
  them (its row would be lost: a problem).
- A title line above the header saying SYNTHETIC marks the file synthetic, as the demo's are.

A file is refused, with every problem, only when a person could not read it either: no header row,
a problem in any row, or no membership row at all. The reader returns plain records (it runs in
reading workers, which never import pandas).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from framework.model import Framework
from ingest.core.book import CSV_SHEET, Book, cell_text
from ingest.core.identifiers import GSS_CODE, Shape
from ingest.core.problems import Problem, Refused

ICB_GSS_CODE = Shape("an ICB GSS code", "E54 and six digits, e.g. E54000028", re.compile(r"E54[0-9]{6}"))
# ICBs' ODS codes have been Q and two characters (QMJ); the 2026 mergers' successors have five (Z9B2Z).
ICB_ODS_CODE = Shape("an ICB ODS code", "three to five capital letters or digits, e.g. QMJ or Z9B2Z",
                     re.compile(r"[A-Z][A-Z0-9]{2,4}"))
AUTHORITY_PREFIXES = ("ctyua", "utla", "lad")  # in order of preference
DISTRICT = "E07"  # a lower-tier district: its county is the authority
ICBS_ESTABLISHED = date(2022, 7, 1)
_HEADER_SEARCH_ROWS = 20
_HEADING = re.compile(r"(ctyua|utla|lad|icb)(\d{2})(cd|cdh|nm)")
_NAMED_IN_NOTE = 6


@dataclass(frozen=True)
class IcbLookupRow:
    """One authority's ICB, as the lookup gives it."""

    area_code: str
    icb_code: str  # ODS code (QMJ) when the file has one, else the E54 GSS code
    icb_name: str | None
    valid_from: date
    n_rows: int  # the file's rows behind it (1 in a LAD file; an LSOA file has many)
    location: str  # the ICB cell of its first row with that ICB


@dataclass(frozen=True)
class IcbLookupTable:
    """A lookup as read: its memberships, and what was accepted around them (for the outcome line)."""

    rows: tuple[IcbLookupRow, ...]
    is_synthetic: bool
    notes: tuple[str, ...] = ()

    @property
    def n_icbs(self) -> int:
        return len({row.icb_code for row in self.rows})


@dataclass(frozen=True)
class _Header:
    row: int  # 1-based
    year: int  # two digits
    authority: int  # the authority code column
    authority_name: int | None
    icb: int  # ICByyCD
    icb_ods: int | None  # ICByyCDH
    icb_name: int | None


def looks_like_icb_lookup(book: Book) -> bool:
    """A sheet whose header row has an ICByyCD and an authority code heading."""
    return _lookup_sheet(book) is not None


def read_icb_lookup_book(book: Book, fw: Framework) -> IcbLookupTable:
    """One row per authority of the framework's with its ICB, with notes; raises Refused with every problem."""
    sheet = _lookup_sheet(book)
    if sheet is None:
        first = CSV_SHEET if CSV_SHEET in book.sheet_names else book.sheet_names[0]
        raise Refused([Problem(f"'{first}'", f"no header row with an ICB code column (ICB23CD …) and an authority "
                                             f"code column (LAD23CD, UTLA23CD or CTYUA23CD) in the first "
                                             f"{_HEADER_SEARCH_ROWS} rows")])
    rows = book.rows(sheet)
    header = _header(rows)
    assert header is not None
    members = {a.code for a in fw.areas} | {a.gss_code for a in fw.england_authorities}
    names = {a.gss_code: a.name for a in fw.england_authorities} | {a.code: a.name for a in fw.areas}
    problems: list[Problem] = []
    found: dict[str, list[tuple[int, str, str | None]]] = {}  # area → (row, icb code, icb name) per row
    row_names: dict[str, str] = {}
    districts = 0
    others: Counter[str] = Counter()
    footnote: list[tuple[int, list[object]]] = []
    seen_data = False
    for r in range(header.row + 1, len(rows) + 1):
        row = rows[r - 1]
        if footnote:
            footnote.append((r, row))
            continue
        if _blank(row):
            continue
        code, icb = _code(row, header.authority), _code(row, header.icb)
        ods = _code(row, header.icb_ods) if header.icb_ods else None
        if seen_data and not _code_like(code) and icb is None and ods is None:
            footnote.append((r, row))  # a note line below the table: it and all below are not the table
            continue
        seen_data = True
        where = Book.location(sheet, r, header.authority)
        if code is None:
            problems.append(Problem(where, "authority code is blank"))
        elif refusal := GSS_CODE.refusal("authority code", code):
            problems.append(Problem(where, refusal))
        if code is None or not GSS_CODE.fits(code):
            continue
        if code not in members:  # not read, nor is its ICB (a Welsh row's may be a health board's, or blank)
            if code.startswith(DISTRICT):
                districts += 1
            else:
                others[code[:3]] += 1
            continue
        if icb_problems := _icb_problems(sheet, r, header, icb, ods):
            problems += icb_problems
            continue
        found.setdefault(code, []).append((r, ods or icb, _text(row, header.icb_name)))
        if (name := _text(row, header.authority_name)) is not None:
            row_names.setdefault(code, name)
    problems += _members_below_the_table(footnote, sheet, header, members)
    valid_from = _valid_from(header.year)
    records: list[IcbLookupRow] = []
    splits: list[str] = []
    for code, entries in found.items():
        counts = Counter(icb for _, icb, _ in entries).most_common()
        name = row_names.get(code) or names.get(code, code)
        if len(counts) > 1 and counts[0][1] == counts[1][1]:
            tied = [icb for icb, n in counts if n == counts[0][1]]
            problems.append(Problem(Book.location(sheet, entries[0][0], header.authority),
                                    f"{name} ({code}): its rows split evenly between ICBs "
                                    f"{' and '.join(tied)} ({counts[0][1]} rows each), so its ICB cannot be told"))
            continue
        icb_code, n_rows = counts[0]
        first_row, _, icb_name = next(entry for entry in entries if entry[1] == icb_code)
        records.append(IcbLookupRow(code, icb_code, icb_name, valid_from, n_rows,
                                    Book.location(sheet, first_row, header.icb_ods or header.icb)))
        if len(counts) > 1:
            splits.append(f"{name}: {n_rows} rows {icb_code}, " + ", ".join(f"{n} {icb}" for icb, n in counts[1:]))
    if problems:
        raise Refused(problems)
    if not records:
        raise Refused([Problem(f"'{sheet}'", "no row of an authority in the framework's list (by GSS code) found")])
    notes = []
    if splits:
        notes.append("authorities split between ICBs, the ICB of most rows kept: " + "; ".join(splits))
    if districts:
        notes.append(f"{districts} district {'row' if districts == 1 else 'rows'} ({DISTRICT}) not read: "
                     "a district's county needs a county-level lookup")
    if others:
        total = sum(others.values())
        notes.append(f"{total} {'row' if total == 1 else 'rows'} of authorities outside the framework's list not "
                     "read (" + ", ".join(f"{prefix}: {n}" for prefix, n in sorted(others.items())) + ")")
    if footnote:
        notes.append(_footnote_note(footnote))
    records.sort(key=lambda record: record.area_code)
    return IcbLookupTable(tuple(records), _marked_synthetic(rows, header.row), tuple(notes))


def _lookup_sheet(book: Book) -> str | None:
    """The first sheet with a lookup's header row."""
    for sheet in book.sheet_names:
        if _header(book.rows(sheet)) is not None:
            return sheet
    return None


def _header(rows: list[list[object]]) -> _Header | None:
    """The first row, of the first 20, with an ICByyCD and an authority code heading."""
    for r, row in enumerate(rows[:_HEADER_SEARCH_ROWS], start=1):
        columns: dict[tuple[str, str], dict[int, int]] = {}  # (prefix, suffix) → year → column
        for c, value in enumerate(row, start=1):
            if (match := _HEADING.fullmatch(_heading(cell_text(value)))) is not None:
                prefix, year, suffix = match.group(1), int(match.group(2)), match.group(3)
                columns.setdefault((prefix, suffix), {}).setdefault(year, c)
        prefix = next((p for p in AUTHORITY_PREFIXES if (p, "cd") in columns), None)
        if ("icb", "cd") not in columns or prefix is None:
            continue
        year = max(columns[("icb", "cd")])

        def column(key: tuple[str, str], at: int | None = None) -> int | None:
            years = columns.get(key, {})
            if not years:
                return None
            return years.get(at if at is not None else max(years), years[max(years)])

        return _Header(row=r, year=year, authority=column((prefix, "cd")), authority_name=column((prefix, "nm")),
                       icb=columns[("icb", "cd")][year], icb_ods=column(("icb", "cdh"), year),
                       icb_name=column(("icb", "nm"), year))
    return None


def _icb_problems(sheet: str, r: int, header: _Header, icb: str | None, ods: str | None) -> list[Problem]:
    problems = []
    where = Book.location(sheet, r, header.icb)
    if icb is None:
        problems.append(Problem(where, "ICB code is blank"))
    elif refusal := ICB_GSS_CODE.refusal("ICB code", icb):
        problems.append(Problem(where, refusal))
    if header.icb_ods is not None:
        where = Book.location(sheet, r, header.icb_ods)
        if ods is None:
            problems.append(Problem(where, "ICB ODS code is blank"))
        elif refusal := ICB_ODS_CODE.refusal("ICB ODS code", ods):
            problems.append(Problem(where, refusal))
    return problems


def _members_below_the_table(footnote: list[tuple[int, list[object]]], sheet: str, header: _Header,
                             members: set[str]) -> list[Problem]:
    """An authority of the framework's found only below the table's end: its row would be lost."""
    return [Problem(Book.location(sheet, r, header.authority),
                    f"authority {code} is below the end of the table (row {footnote[0][0]}) and not read")
            for r, row in footnote if (code := _code(row, header.authority)) in members]


def _footnote_note(footnote: list[tuple[int, list[object]]]) -> str:
    """"ignored 1 row below the table (from row 310): 'Source: Office for National Statistics …'"."""
    described = [repr(next(t for v in row if (t := cell_text(v)) is not None)) for _, row in footnote
                 if not _blank(row)]
    shown = described[:_NAMED_IN_NOTE]
    more = f"; and {len(described) - len(shown)} more" if len(described) > len(shown) else ""
    return (f"ignored {len(described)} {'row' if len(described) == 1 else 'rows'} below the table "
            f"(from row {footnote[0][0]}): {'; '.join(shown)}{more}")


def _valid_from(year: int) -> date:
    """ICB23CD → 2023-04-01; ICB22CD → 2022-07-01, the day ICBs were established."""
    return ICBS_ESTABLISHED if year == 22 else date(2000 + year, 4, 1)


def _marked_synthetic(rows: list[list[object]], header_row: int) -> bool:
    """Whether a title line above the header says SYNTHETIC, as the demo's files do."""
    return any("SYNTHETIC" in (cell_text(value) or "") for row in rows[:header_row - 1] for value in row)


def _code(row: list[object], col: int | None) -> str | None:
    """A code cell, in capitals (a resaved file may have lower-cased it)."""
    text = _text(row, col)
    return None if text is None else text.upper()


def _code_like(text: str | None) -> bool:
    """Whether a cell looks meant as a GSS code (a nation's letter then a digit), well-formed or not."""
    return text is not None and re.match(r"[EWSNK][0-9]", text) is not None


def _text(row: list[object], col: int | None) -> str | None:
    return cell_text(row[col - 1]) if col is not None and col <= len(row) else None


def _blank(row: list[object]) -> bool:
    return all(cell_text(value) is None for value in row)


def _heading(text: str | None) -> str:
    """A heading compared without case, spaces or a byte-order mark: "\ufeffLAD23CD" → "lad23cd"."""
    return re.sub(r"\s+", "", (text or "").replace("\ufeff", "").lower())
