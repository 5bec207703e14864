"""A corpus of borough-style workbooks whose every score is known in advance.

Each `Layout` is one way a borough might lay out the same scores: participants as columns or rows,
labels as full statements, short names, cut-off text or numbers, scores as numbers, text or with
their descriptors, skips written in every accepted way, titles, notes, blank rows, merged cells,
Average and Total lines, several sheets. `write_corpus` writes every layout in every file format
that can hold it and returns, per file, exactly the rows raw.scores must end up with. Framework
wording is taken from the framework object, never written here.
"""

from __future__ import annotations

import csv
import itertools
import random
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pandas as pd
import xlwt

from framework.model import Enabler, Framework, Indicator

FORMATS = ("xlsx", "xlsm", "xls", "ods", "csv")
SKIP_FORMS = (None, "N/A", "n/a", "-", "skip", "don't know", "Don’t know", " N/A ", "SKIP")
AREA_LABEL, YEAR_LABEL = "Local authority", "Assessment year"
MACRO = b'Sub Workbook_Open()\r\n    MsgBox "this macro ran"\r\nEnd Sub\r\n'  # a reader must never run it
TITLE = "Early years integration self-evaluation — partnership scores"

Cell = tuple[int, int]
# A sheet ready to write: name, values and formulas by cell, merged ranges.
Laid = list[tuple[str, dict[Cell, object], dict[Cell, str], list[tuple[int, int, int, int]]]]
Expected = frozenset[tuple[str, str, str, int | None]]  # participant_id, grain, item_id, score (None: skipped)


@dataclass(frozen=True)
class Person:
    label: str
    sector: str | None
    role_level: str | None
    scores: Mapping[str, int | None]  # item id → 1…5, None when skipped; items not listed are not asked


@dataclass(frozen=True)
class Layout:
    name: str
    participants_as: str  # "columns" | "rows"
    arrangement: str  # "sheets" | "stacked" | "side_by_side" | "interleaved" | "one_axis" | "enablers_only"
    enabler_label: str  # a key of ENABLER_LABELS
    indicator_label: str  # a key of INDICATOR_LABELS
    scores: str  # a key of SCORE_FORMS
    skips_as_words: bool
    extras: frozenset[str] = frozenset()  # title, merged, metadata, summary, notes, themes, blank_rows,
    #                                       statement_column, unlabelled, instructions, chart_data

    @property
    def formats(self) -> tuple[str, ...]:
        """A .csv holds one sheet, so layouts spread over several sheets are written in the others."""
        return tuple(f for f in FORMATS if f != "csv" or self.arrangement != "sheets")


@dataclass(frozen=True)
class Case:
    """One written file and what it must load as."""

    layout: Layout
    path: Path
    expected: Expected
    participants: tuple[tuple[str, str | None, str | None, str | None], ...]  # id, label, sector, role

    @property
    def id(self) -> str:
        return self.path.name


ENABLER_LABELS: dict[str, Callable[[Enabler], object]] = {
    "name": lambda e: e.name,
    "statement": lambda e: e.statement,
    "alias": lambda e: e.aliases[0],
    "truncated": lambda e: e.statement[:36].rstrip() + ("…", "...", "")[e.order % 3],
    "id": lambda e: e.id,
    "short_id": lambda e: f"E{e.order}",
    "enabler_n": lambda e: f"Enabler {e.order}",
    "numbered_name": lambda e: f"{e.order}. {e.name}",
    "bare": lambda e: e.order,  # a plain number, under a heading "Enabler"
}
INDICATOR_LABELS: dict[str, Callable[[Indicator, Enabler], object]] = {
    "text": lambda i, e: i.text,
    "id": lambda i, e: i.id,
    "dotted": lambda i, e: f"{e.order}.{i.order}",
    "truncated": lambda i, e: i.text[:52].rstrip() + ("...", "…")[i.order % 2],
    "numbered_text": lambda i, e: f"{i.id} {i.text}",
    "indicator_n": lambda i, e: f"Indicator {e.order}.{i.order}",
}


def _descriptor_forms(fw: Framework) -> Callable[[int, int], object]:
    scale = {p.score: p for p in fw.scale}

    def form(score: int, n: int) -> object:
        point = scale[score]
        return (f"{score} - {point.label}", f"{score}: {point.descriptor}",
                f"{score} - {point.descriptor[:18].rstrip()}…", score)[n % 4]
    return form


SCORE_FORMS: dict[str, Callable[[Framework], Callable[[int, int], object]]] = {
    "number": lambda fw: lambda score, n: score,
    "text": lambda fw: lambda score, n: (f" {score} ", f"{score}.0", str(score), score)[n % 4],
    "descriptor": _descriptor_forms,
}

LAYOUTS = (
    Layout("tool_copy", "columns", "sheets", "statement", "text", "number", False,
           frozenset({"title", "merged", "metadata", "summary", "notes", "themes", "statement_column", "instructions",
                      "chart_data"})),
    Layout("short_labels_rows", "rows", "sheets", "alias", "id", "text", True,
           frozenset({"metadata", "summary", "title"})),
    Layout("truncated_descriptors", "columns", "stacked", "truncated", "truncated", "descriptor", True,
           frozenset({"title", "blank_rows", "themes", "notes"})),
    Layout("numbered", "columns", "sheets", "bare", "dotted", "number", False, frozenset({"summary"})),
    Layout("numbered_names_rows", "rows", "side_by_side", "numbered_name", "numbered_text", "number", True,
           frozenset({"metadata"})),
    Layout("interleaved", "columns", "interleaved", "enabler_n", "indicator_n", "number", False,
           frozenset({"title", "merged"})),
    Layout("paper_unlabelled", "columns", "sheets", "short_id", "id", "descriptor", False,
           frozenset({"unlabelled", "title"})),
    Layout("wide_ids_rows", "rows", "one_axis", "id", "id", "number", False, frozenset({"metadata"})),
    Layout("names_side_by_side", "columns", "side_by_side", "name", "text", "text", True, frozenset({"summary"})),
    Layout("enablers_only_rows", "rows", "enablers_only", "name", "id", "number", False,
           frozenset({"title", "summary"})),
)


def people(fw: Framework, seed: int) -> tuple[Person, ...]:
    """Five participants: skips, some who dig deeper (into part of the tool), one who scores nothing
    but skips on the indicators, one with no organisation or level."""
    rng = random.Random(seed)
    enablers = [e.id for e in fw.enablers]
    dug = [i.id for e in (fw.enablers[2], fw.enablers[8], fw.enablers[11]) for i in fw.indicators_for(e.id)]

    def scored(items: list[str], skip_rate: float) -> dict[str, int | None]:
        found = {item: None if rng.random() < skip_rate else rng.randint(1, 5) for item in items}
        found[items[0]] = found[items[0]] or rng.randint(1, 5)  # at least one score each
        return found

    sectors, roles = fw.sectors, fw.role_levels
    return (
        Person("AB", sectors[0], roles[0], {**scored(enablers, 0.1), **scored(dug, 0.2)}),
        Person("CD", sectors[1], roles[1], scored(enablers, 0.0)),
        Person("EF", None, None, {**scored(enablers, 0.3), **scored(dug, 0.0)}),
        Person("GH", sectors[2], roles[0], {**scored(enablers, 0.1), **dict.fromkeys(dug)}),
        Person("JK", sectors[3], roles[1], {**scored(enablers, 0.2), **scored(dug, 0.4)}),
    )


# --- tables, in "items down a column" coordinates; rows layouts are turned when written -------------


@dataclass
class _Sheet:
    """Title lines along the top in the sheet's own cells, then tables in "items down" cells."""

    name: str
    head: dict[Cell, object] = field(default_factory=dict)  # sheet cells: titles, area and year
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # head cells: r0, c0, r1, c1
    body: dict[Cell, object] = field(default_factory=dict)  # table cells: items down, participants across
    body_top: int = 0  # the sheet row where the tables start
    sums: dict[Cell, tuple[Cell, Cell]] = field(default_factory=dict)  # a Total cell → the range it adds up

    def put(self, row: int, col: int, value: object) -> None:
        if value is not None:
            self.body[(row, col)] = value

    def laid_out(self, turned: bool) -> tuple[dict[Cell, object], dict[Cell, str]]:
        """Every value and formula in sheet cells; `turned` puts participants in rows."""
        def at(cell: Cell) -> Cell:
            r, c = cell
            return (self.body_top + c, r) if turned else (self.body_top + r, c)

        values = {**self.head, **{at(cell): value for cell, value in self.body.items()}}
        formulas = {at(cell): f"=SUM({_ref(*at(start))}:{_ref(*at(end))})" for cell, (start, end) in self.sums.items()}
        return values, formulas


class _Writer:
    """Lays tables out for one layout; `table` returns the table's height and width in its coordinates."""

    def __init__(self, fw: Framework, layout: Layout, crowd: tuple[Person, ...], seed: int):
        self.fw, self.layout, self.crowd = fw, layout, crowd
        self.score_form = SCORE_FORMS[layout.scores](fw)
        self.counter = itertools.count(seed)

    def entry(self, score: int | None) -> object:
        n = next(self.counter)
        if score is None:
            return SKIP_FORMS[n % len(SKIP_FORMS)] if self.layout.skips_as_words else None
        return self.score_form(score, n)

    def label(self, item_id: str) -> object:
        if "." in item_id:
            indicator = self.fw.indicator(item_id)
            return INDICATOR_LABELS[self.layout.indicator_label](indicator, self.fw.enabler(indicator.enabler_id))
        return ENABLER_LABELS[self.layout.enabler_label](self.fw.enabler(item_id))

    def table(self, sheet: _Sheet, top: int, left: int, items: list[str], heading: str) -> tuple[int, int]:
        """Header lines, one line per item (with theme headings and blank lines as the layout asks),
        summary lines; returns (height, width)."""
        extras, crowd = self.layout.extras, self.crowd
        statement = "statement_column" in extras
        first = left + 1 + statement  # first participant column
        cell = sheet.put
        row = top
        if "metadata" in extras:
            for name, values in (("Participant", [p.label for p in crowd]),
                                 ("Organisation / sector", [p.sector for p in crowd]),
                                 ("Strategic or operational", [p.role_level for p in crowd])):
                cell(row, left, name)
                for n, value in enumerate(values):
                    cell(row, first + n, value)
                row += 1
        cell(row, left, heading)
        if statement:
            cell(row, left + 1, "Statement")
        if "unlabelled" not in extras:
            for n, person in enumerate(crowd):
                cell(row, first + n, f"P{n + 1}" if "metadata" in extras else person.label)
        summary_at = first + len(crowd)
        if "summary" in extras:
            cell(row, summary_at, "Average")
            cell(row, summary_at + 1, "Total")
        row += 1
        theme_of = {e: t for t in self.fw.themes for e in t.enabler_ids}
        last_theme = None
        for item_id in items:
            theme = theme_of.get(item_id)
            if "themes" in extras and theme and theme != last_theme:
                if "blank_rows" in extras and last_theme is not None:
                    row += 1
                cell(row, left, theme.name)
                row += 1
            last_theme = theme or last_theme
            cell(row, left, self.label(item_id))
            if statement:
                cell(row, left + 1, self.fw.enabler(item_id).statement if "." not in item_id
                     else self.fw.indicator(item_id).text)
            given = [p.scores.get(item_id) for p in crowd]
            for n, score in enumerate(given):
                cell(row, first + n, self.entry(score))
            if "summary" in extras:
                numbers = [s for s in given if s is not None]
                cell(row, summary_at, round(sum(numbers) / len(numbers), 2) if numbers else None)
                sheet.sums[(row, summary_at + 1)] = ((row, first), (row, first + len(crowd) - 1))
                cell(row, summary_at + 1, sum(numbers))
            row += 1
        if "summary" in extras:
            cell(row, left, "Average")
            for n, person in enumerate(crowd):
                numbers = [s for i in items if (s := person.scores.get(i)) is not None]
                cell(row, first + n, round(sum(numbers) / len(numbers), 2) if numbers else None)
            row += 1
        if "notes" in extras:
            cell(row + 1, left, "Notes: scores agreed at the partnership meeting; blanks are skips.")
            row += 2
        width = summary_at + 2 * ("summary" in extras) - left
        return row - top, width


def write_corpus(directory: Path, fw: Framework, area: str, year: int) -> list[Case]:
    """Every layout in every format that can hold it (a .csv holds one sheet)."""
    directory.mkdir(parents=True, exist_ok=True)
    cases = []
    for seed, layout in enumerate(LAYOUTS):
        crowd = people(fw, seed)
        sheets, grids = _sheets(fw, layout, crowd, seed, area, year)
        expected, participants = _expected(layout, crowd, grids)
        for fmt in layout.formats:
            path = directory / f"{layout.name}.{fmt}"
            write_sheets(path, sheets, turned=layout.participants_as == "rows")
            cases.append(Case(layout, path, expected, participants))
    return cases


def _sheets(
    fw: Framework, layout: Layout, crowd: tuple[Person, ...], seed: int, area: str, year: int
) -> tuple[list[_Sheet], list[list[str]]]:
    """The sheets to write and, in reading order, the items of each grid."""
    writer = _Writer(fw, layout, crowd, seed)
    enablers = [e.id for e in fw.enablers]
    asked = [i.id for i in fw.indicators if any(i.id in p.scores for p in crowd)]
    extras = layout.extras
    heading = "Enabler" if layout.enabler_label == "bare" else "Enabler / statement"

    def opening(sheet: _Sheet) -> None:
        """Title lines above the tables, with the area and year in labelled cells."""
        row = 0
        if "title" in extras:
            sheet.head[(0, 0)] = TITLE
            if "merged" in extras:
                sheet.merges.append((0, 0, 0, 6))
            row = 1
        sheet.head.update({(row, 0): AREA_LABEL, (row, 1): area, (row + 1, 0): YEAR_LABEL, (row + 1, 1): year})
        sheet.body_top = row + 3

    arrangement = layout.arrangement
    if arrangement == "sheets":
        sheets = []
        if "instructions" in extras:
            about = _Sheet("Read me")
            opening(about)
            about.put(0, 0, "Score each enabler from 1 to 5, or leave it blank to skip.")
            for n, enabler in enumerate(fw.enablers):  # a list of the enablers, with no one's scores
                about.put(2 + n, 0, enabler.name)
                about.put(2 + n, 1, enabler.statement)
            sheets.append(about)
        first = _Sheet("Whole partnership")
        if not sheets:
            opening(first)
        writer.table(first, 0, 0, enablers, heading)
        second = _Sheet("Dig deeper")
        writer.table(second, 1, 0, asked, "Indicator")
        second.put(0, 0, "Digging deeper: indicators")
        sheets += [first, second]
        if "chart_data" in extras:  # what a radar chart is drawn from: the group's average per enabler
            chart = _Sheet("Radar data")
            chart.put(0, 0, "Enabler")
            chart.put(0, 1, "Average score")
            for n, enabler in enumerate(fw.enablers, start=1):
                given = [s for p in crowd if (s := p.scores.get(enabler.id)) is not None]
                chart.put(n, 0, enabler.name)
                chart.put(n, 1, round(sum(given) / len(given), 1))
            sheets.append(chart)
        return sheets, [enablers, asked]
    sheet = _Sheet("Scores")
    opening(sheet)
    top = 0
    if arrangement == "enablers_only":
        writer.table(sheet, top, 0, enablers, heading)
        return [sheet], [enablers]
    if arrangement == "one_axis":
        writer.table(sheet, top, 0, enablers + asked, "Item")
        return [sheet], [enablers + asked]
    if arrangement == "interleaved":
        items = [x for e in enablers for x in (e, *[i for i in asked if i.startswith(e + ".")])]
        writer.table(sheet, top, 0, items, "Enabler / indicator")
        return [sheet], [items]
    height, width = writer.table(sheet, top, 0, enablers, heading)
    if arrangement == "stacked":
        sheet.put(top + height + 1, 0, "Digging deeper: indicators")
        writer.table(sheet, top + height + 2, 0, asked, "Indicator")
    else:  # side by side
        writer.table(sheet, top, width + 1, asked, "Indicator")
    return [sheet], [enablers, asked]


def _expected(
    layout: Layout, crowd: tuple[Person, ...], grids: list[list[str]]
) -> tuple[Expected, tuple[tuple[str, str | None, str | None, str | None], ...]]:
    """What the reader must load: per grid and grain, a person who gave at least one score there
    gets a row for every item of that grain in the grid (blank or skip words: skipped)."""
    ids: dict[int, str] = {}
    rows = set()
    for items in grids:
        for n, person in enumerate(crowd):
            for grain in ("enabler", "indicator"):
                of_grain = [i for i in items if ("." in i) == (grain == "indicator")]
                if any(person.scores.get(i) is not None for i in of_grain):
                    pid = ids.setdefault(n, f"P{len(ids) + 1:02d}")
                    rows |= {(pid, grain, i, person.scores.get(i)) for i in of_grain}
    labelled = "unlabelled" not in layout.extras
    detailed = "metadata" in layout.extras
    participants = tuple(
        (pid, crowd[n].label if labelled else None, crowd[n].sector if detailed else None,
         crowd[n].role_level if detailed else None)
        for n, pid in sorted(ids.items(), key=lambda pair: pair[1])
    )
    return frozenset(rows), participants


# --- writing files ------------------------------------------------------------------------------


def write_plain(path: Path, sheets: Mapping[str, list[list[object]]]) -> Path:
    """Rows of values as sheets (None: an empty cell), in the format the suffix names."""
    laid = [(name, {(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row) if v is not None}, {}, [])
            for name, rows in sheets.items()]
    return _write(path, laid)


def write_sheets(path: Path, sheets: list[_Sheet], turned: bool = False) -> Path:
    """Write sheets in the format the suffix names; `turned` puts participants in rows."""
    return _write(path, [(sheet.name, *sheet.laid_out(turned), sheet.merges) for sheet in sheets])


def _write(path: Path, laid: Laid) -> Path:
    suffix = path.suffix.lower().lstrip(".")
    {"xlsx": _write_openpyxl, "xlsm": _write_openpyxl, "xls": _write_xls, "ods": _write_ods, "csv": _write_csv}[
        suffix](path, laid)
    return path


def _dense(values: dict[Cell, object]) -> list[list[object]]:
    if not values:
        return [[None]]
    grid: list[list[object]] = [[None] * (max(c for _, c in values) + 1) for _ in range(max(r for r, _ in values) + 1)]
    for (r, c), value in values.items():
        grid[r][c] = value
    return grid


def _write_openpyxl(path: Path, sheets: Laid) -> None:
    """A Total is a real formula, which openpyxl saves without a cached value, so a reader finds
    those cells empty. An .xlsm gets a macro project, which a reader must never run."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, values, formulas, merges in sheets:
        target = workbook.create_sheet(name)
        for (r, c), value in values.items():
            target.cell(r + 1, c + 1, formulas.get((r, c), value))
        for r0, c0, r1, c1 in merges:
            target.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    workbook.save(path)
    if path.suffix.lower() == ".xlsm":
        _add_macros(path)


def _add_macros(path: Path) -> None:
    """Turn a saved .xlsx package into a macro-enabled one, as Excel lays it out."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
    ).replace(b"<Default ", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
              b"<Default ", 1)
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        b'Target="vbaProject.bin"/></Relationships>',
    )
    parts["xl/vbaProject.bin"] = MACRO
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def _write_xls(path: Path, sheets: Laid) -> None:
    workbook = xlwt.Workbook()
    for name, values, _, merges in sheets:
        target = workbook.add_sheet(name)
        merged = {(m[0], m[1]): m for m in merges}
        for (r, c), value in values.items():
            if (r, c) in merged:
                r0, c0, r1, c1 = merged[(r, c)]
                target.write_merge(r0, r1, c0, c1, value)
            else:
                target.write(r, c, value)
    workbook.save(str(path))


def _write_ods(path: Path, sheets: Laid) -> None:
    with pd.ExcelWriter(path, engine="odf") as writer:
        for name, values, _, _ in sheets:
            pd.DataFrame(_dense(values)).to_excel(writer, sheet_name=name, header=False, index=False)


def _write_csv(path: Path, sheets: Laid) -> None:
    [(_, values, _, _)] = sheets
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["" if v is None else v for v in row] for row in _dense(values)])


def _ref(row: int, col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, remainder = divmod(col - 1, 26)
        letters = chr(65 + remainder) + letters
    return f"{letters}{row + 1}"
