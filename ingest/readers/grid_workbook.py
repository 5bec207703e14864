"""Reads any borough's workbook: a grid of scores with framework items along one side.

Boroughs send the tool's own workbook, their copies of it, and grids typed up from paper, with
participants as columns or as rows, titles and notes above, sheets named as they like. What they
share is a line of cells naming framework items; that line is found first (the column or row whose
cells name the most distinct items), and everything else is read relative to it: the participants
are the lines across it, after it (right of the labels, or below them), that hold entries; their
labels and details are the header lines labelled "Participant", "Organisation", "Role"…, or else
the header line nearest the items; lines headed Average, Total, Notes… are not people. A sheet
with no such line holds no grid (its text still feeds identification). Finding grids means
looking at every text cell, so this reader comes after those that know their layout exactly.

A grid is read the same way whichever way round it is: a sheet with participants as rows is
transposed first, so that below "row" means a line along the items and "column" a line across them
(one participant's entries), and positions are turned back into the sheet's own cells for messages.

Nothing is guessed: a label inside a grid that names no item or several, an item given twice, or an
entry that is not a score refuses the file with the cell named, so that every score a borough gave
arrives against the item it was given for, or the borough is told what to fix.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from itertools import zip_longest

from framework.model import Framework
from ingest import layout as L
from ingest.book import Book, cell_text
from ingest.clues import collect_clues
from ingest.labels import Ambiguous, LabelMatcher, Match, words
from ingest.model import ParticipantRecord, Problem, Refused, ScoreRecord, Submission
from ingest.scores import is_skip, parse_score

MIN_AXIS_ITEMS = 3  # distinct items a line must name to be taken for a grid's labels
ITEM_GRAINS = ("enabler", "indicator")

# Headings of lines that hold no participant's scores (compared as lower-case words).
NOT_PEOPLE = frozenset({
    "average", "averages", "avg", "mean", "total", "totals", "sum", "median", "min", "minimum", "max",
    "maximum", "count", "n", "sd", "stdev", "std dev", "standard deviation", "overall", "range", "mode", "spread",
    "variance", "consensus", "agreed",
    "notes", "note", "comments", "comment", "evidence", "examples", "actions", "next steps", "id", "ref",
    "reference", "no", "number", "theme", "themes", "statement", "statements", "description",
    "descriptor", "enabler", "enablers", "indicator", "indicators",
})
NOT_PEOPLE_ENDS = frozenset({"average", "avg", "mean", "total", "median", "notes", "comments"})
NOT_PEOPLE_STARTS = frozenset({
    "average", "avg", "mean", "total", "median", "overall", "sum", "notes", "comments", "agreed", "consensus",
})
# Header lines that say what the cells across them are: a participant's name, organisation or level.
LABEL_WORDS = frozenset({"participant", "participants", "name", "names", "initials", "respondent", "person", "who"})
ID_WORDS = frozenset({"id", "participant id", "no", "number", "ref", "participant no", "participant number"})
SECTOR_WORDS = frozenset({"organisation", "organization", "org", "sector", "agency", "service", "partner"})
SECTOR_FILLER = frozenset({"type", "of", "and", "or", "name", "participant", "participants"})
ROLE_WORDS = frozenset({"strategic", "operational", "role", "level", "seniority"})
ROLE_FILLER = frozenset({"or", "and", "type", "staff", "participant"})
HINT_STARTS = {"enabler": "enabler", "enablers": "enabler", "indicator": "indicator", "indicators": "indicator"}

Cells = list[list[object]]


@dataclass
class _Grid:
    """One table of items and entries, in the sheet's cells turned so that items run down a column."""

    sheet: str
    transposed: bool  # True: participants were rows of the sheet
    cells: Cells  # every line of equal length
    axis: int  # the column naming the items
    columns: range  # the columns this table may use: up to its neighbours on the same sheet
    rows: range  # its header lines, items and the lines straight after them
    items: dict[int, Match]  # row → item, for rows naming an enabler or indicator

    def location(self, row: int, col: int) -> str:
        return Book.location(self.sheet, *self.sheet_position(row, col))

    def ref(self, row: int, col: int) -> str:
        row, col = self.sheet_position(row, col)
        return f"{_letters(col)}{row}"

    def refs(self, rows: list[int], col: int) -> list[str]:
        """The sheet references of one column's cells in these rows ("D9", …), in one go."""
        if self.transposed:
            return [f"{_letters(row + 1)}{col + 1}" for row in rows]
        letters = _letters(col + 1)
        return [f"{letters}{row + 1}" for row in rows]

    def sheet_position(self, row: int, col: int) -> tuple[int, int]:
        return (col + 1, row + 1) if self.transposed else (row + 1, col + 1)

    def at(self, row: int, col: int) -> object:
        return self.cells[row][col]

    def after_axis(self, row: int) -> list[object]:
        """The cells where participants' entries are: right of the labels, within this table."""
        return self.cells[row][self.axis + 1 : self.columns.stop]


@dataclass
class _Person:
    participant_id: str
    key: tuple[str, int]  # how the same person is recognised on another grid
    label: str | None = None
    sector: str | None = None
    role_level: str | None = None
    location: str | None = None
    grains: set[str] = field(default_factory=set)


class GridWorkbookReader:
    name = "grid_workbook"

    def __init__(self, fw: Framework):
        self._fw = fw
        self._labels = LabelMatcher.for_framework(fw)
        self._sectors = _choices(fw.sectors)
        self._roles = _choices(fw.role_levels)
        self._found: tuple[Book, list[_Grid]] | None = None

    def recognises(self, book: Book) -> bool:
        return bool(self._grids(book))

    def read(self, book: Book) -> Submission:
        problems: list[Problem] = []
        people: list[_Person] = []
        scores: list[ScoreRecord] = []
        grids = self._grids(book)
        for grid in grids:
            scores.extend(self._read_grid(grid, people, problems))
        if not people and not problems:
            where = ", ".join(
                f"'{g.sheet}'!{g.ref(min(g.items), g.axis)}:{g.ref(max(g.items), g.axis)}" for g in grids
            )
            problems.append(Problem("file", f"no scores beside the enabler or indicator labels at {where}"))
        if problems:
            raise Refused(problems)
        clues = collect_clues(book)
        return Submission(
            reader=self.name,
            area_text=clues.area_text,
            area_location=clues.area_location,
            year_text=clues.year_text,
            year_location=clues.year_location,
            group_label=clues.group_label,
            is_synthetic=any(text == L.SYNTHETIC_BANNER for text, _ in clues.titles),
            participants=tuple(
                ParticipantRecord(p.participant_id, p.label, p.sector, p.role_level, p.location) for p in people
            ),
            scores=tuple(scores),
            titles=clues.titles,
        )

    # --- finding grids ---------------------------------------------------------------------------

    def _grids(self, book: Book) -> list[_Grid]:
        """Every grid in the workbook, in reading order; worked out once per book."""
        if self._found is None or self._found[0] is not book:
            self._found = (book, [grid for sheet in book.sheet_names for grid in self._sheet_grids(book, sheet)])
        return self._found[1]

    def _sheet_grids(self, book: Book, sheet: str) -> list[_Grid]:
        rows = book.rows(sheet)
        by_column, by_row = self._label_lines(rows)
        best_column = max((len(_distinct(m)) for m in by_column.values()), default=0)
        best_row = max((len(_distinct(m)) for m in by_row.values()), default=0)
        if max(best_column, best_row) < MIN_AXIS_ITEMS:
            return []
        transposed = best_row > best_column
        width = max(map(len, rows), default=0)
        if transposed:
            cells: Cells = [list(line) for line in zip_longest(*rows, fillvalue="")]
            lines = by_row
        else:  # calamine's rows are already of equal length; a .csv book pads its own
            cells = rows if all(len(line) == width for line in rows) else [
                [*line, *[""] * (width - len(line))] for line in rows]
            lines = by_column
        axes = sorted(index for index, found in lines.items() if len(_distinct(found)) >= MIN_AXIS_ITEMS)
        tables = _tables(cells, axes, lines)
        width = len(cells[0]) if cells else 0
        grids = []
        for n, (axis, group) in enumerate(tables):
            start = group[0] if n else 0  # columns between two tables belong to the one on their left
            end = tables[n + 1][1][0] if n + 1 < len(tables) else width
            items = {row: found for row, found in lines[axis].items() if isinstance(found, Match)
                     and found.grain in ITEM_GRAINS}
            grids.extend(_Grid(sheet, transposed, cells, axis, range(start, end), block, {
                row: match for row, match in items.items() if row in block
            }) for block in _blocks(cells, axis, range(start, end), items))
        return grids

    def _label_lines(self, rows: Cells) -> tuple[dict[int, dict[int, object]], dict[int, dict[int, object]]]:
        """Per column and per row: position → what its text names (a Match or Ambiguous).

        One pass over the text cells; a column headed "Enabler" or "Indicator" is read again with that
        hint, so that bare numbers under such a heading name items too. (Only columns: in a header row,
        the heading usually belongs to the column below it, and numbers right of it are participants.)
        """
        match = self._labels.match
        by_column: dict[int, dict[int, object]] = {}
        by_row: dict[int, dict[int, object]] = {}
        hinted: dict[int, str] = {}  # column → grain
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value.__class__ is not str or not value:
                    continue
                found = match(value)
                if found is None:
                    if c not in hinted and (grain := _hint(value)):
                        hinted[c] = grain
                    continue
                by_column.setdefault(c, {})[r] = found
                by_row.setdefault(r, {})[c] = found
        for c, grain in hinted.items():
            known = by_column.setdefault(c, {})
            for r, row in enumerate(rows):
                text = cell_text(row[c]) if c < len(row) and r not in known else None
                if text and isinstance(found := match(text, grain), Match):
                    known[r] = found
                    by_row.setdefault(r, {})[c] = found
        return by_column, by_row

    # --- reading a grid ------------------------------------------------------------------------

    def _read_grid(self, grid: _Grid, people: list[_Person], problems: list[Problem]) -> list[ScoreRecord]:
        items = self._item_rows(grid, problems)
        if not items:
            return []
        header_rows = [r for r in grid.rows if r not in grid.items and _filled(grid, r) >= 2]
        slots = [c for c in grid.columns if c > grid.axis and self._may_hold_scores(grid, c, items, header_rows)]
        scored = {c: self._grains_scored(grid, c, items) for c in slots}
        columns = [c for c in slots if scored[c]]
        if not columns:
            return []
        kinds = self._row_kinds(grid, header_rows, set(columns))
        label_row = kinds.get("label")
        if label_row is None:
            label_row = _nearest_label_row(grid, header_rows, kinds, columns, min(grid.items))
        labels = {c: cell_text(grid.at(label_row, c)) if label_row is not None else None for c in slots}
        scale, cells, sheet = self._fw.scale, grid.cells, grid.sheet
        entries = [(row, grid.items[row]) for row in items]
        parsed: dict[tuple[type, object], tuple[int | None, str | None] | ValueError] = {}  # few distinct values
        records = []
        for col in columns:
            grains = scored[col]
            same = sum(1 for c in slots if c < col and labels[c] == labels[col])
            key = ("", slots.index(col)) if labels[col] is None else (words(labels[col]), same)
            person = self._person(grid, col, key, labels[col], label_row, kinds, grains, people, problems)
            person.grains |= grains
            pid = person.participant_id
            for (row, item), ref in zip(entries, grid.refs(items, col)):
                if item.grain not in grains:
                    continue
                value = cells[row][col]
                found = parsed.get((value.__class__, value))
                if found is None:
                    found = parsed[(value.__class__, value)] = _parsed(value, scale)
                if isinstance(found, ValueError):
                    problems.append(Problem(f"'{sheet}'!{ref}", str(found)))
                    continue
                records.append(ScoreRecord(pid, item.grain, item.item_id, *found, sheet, ref))
        return records

    def _item_rows(self, grid: _Grid, problems: list[Problem]) -> list[int]:
        """The rows whose entries are read; a row with entries that cannot be tied to one item is a problem.

        A row naming an item but holding no entries is left out when it only heads that enabler's
        indicators, or when the item has a row with entries elsewhere; otherwise everyone skipped it.
        """
        entries_at = {r: _has_entries(grid, r) for r in grid.rows}
        ordered = sorted(grid.items)
        following = dict(zip(ordered, ordered[1:]))
        chosen: dict[str, int] = {}
        for r in grid.rows:
            item = grid.items.get(r)
            if item is None:
                if entries_at[r] and r > ordered[0] and (problem := self._unlabelled(grid, r)):
                    problems.append(problem)
                continue
            if not entries_at[r]:
                below = grid.items.get(following.get(r, -1))
                if below and below.grain == "indicator" and self._enabler_of(below.item_id) == item.item_id:
                    continue
                chosen.setdefault(item.item_id, r)
                continue
            earlier = chosen.get(item.item_id)
            if earlier is not None and entries_at[earlier]:
                problems.append(Problem(
                    grid.location(r, grid.axis),
                    f"{self._labels.describe(item.item_id)} is given twice "
                    f"(also at {Book.ref(*grid.sheet_position(earlier, grid.axis))})",
                ))
                continue
            chosen[item.item_id] = r
        return sorted(chosen.values())

    def _enabler_of(self, indicator_id: str) -> str:
        return self._fw.indicator(indicator_id).enabler_id

    def _unlabelled(self, grid: _Grid, row: int) -> Problem | None:
        """Why a row with entries below the first item is not read, or None when it is a summary or note."""
        value = grid.at(row, grid.axis)
        text = cell_text(value)
        where = grid.location(row, grid.axis)
        if text is None:
            labels = [t for c in grid.columns
                      if c != grid.axis and (t := cell_text(grid.at(row, c))) and not _is_number(t)]
            if any(_not_people(t) or _row_kind(t) for t in labels):
                return None
            return Problem(where, "entries in a line with no enabler or indicator label")
        found = self._labels.match(text) if isinstance(value, str) else None
        if _not_people(text) or _row_kind(text) or isinstance(found, Match):  # summaries, details, themes
            return None
        if isinstance(found, Ambiguous):
            names = "; ".join(self._labels.describe(i) for i in found.candidates)
            return Problem(where, f"'{text}' could name any of: {names}")
        return Problem(where, f"'{text}' names no enabler or indicator of the framework")

    def _may_hold_scores(self, grid: _Grid, col: int, items: list[int], header_rows: list[int]) -> bool:
        """False for a column of labels, numbering or a summary; an empty column may still be a
        participant's place (counted so that unlabelled participants line up across grids)."""
        if any(_not_people(t) for r in header_rows if (t := cell_text(grid.at(r, col)))):
            return False
        cells = grid.cells
        entries = [(r, v) for r in items if not _blank(v := cells[r][col])]
        others = 0  # entries that name no item; past half of them, this is someone's column
        for r, value in entries:
            if not self._names_item(value, grid.items[r]):
                others += 1
                if others * 2 > len(entries):
                    return True
        return not entries

    @staticmethod
    def _grains_scored(grid: _Grid, col: int, items: list[int]) -> set[str]:
        """The grains on which this column holds an entry other than a skip: the participant counts
        for those (as on the template: someone who did not dig deeper has no indicator rows)."""
        grains: set[str] = set()
        cells, all_grains = grid.cells, {grid.items[r].grain for r in items}
        for r in items:
            value = cells[r][col]
            if value == "" or value is None or (value.__class__ is str and (not value.strip() or is_skip(value))):
                continue
            grains.add(grid.items[r].grain)
            if grains == all_grains:
                break
        return grains

    def _names_item(self, value: object, item: Match) -> bool:
        """True when a cell beside an item is another label for items (a statement, ID or number)."""
        if value.__class__ is str:
            found = self._labels.match(value)  # type: ignore[arg-type]
            if found is None:
                found = self._labels.match(value, item.grain)  # type: ignore[arg-type]
                return isinstance(found, Match) and found.item_id == item.item_id
            return True
        return self._labels.is_number_of(value, item.item_id)

    def _row_kinds(self, grid: _Grid, header_rows: list[int], columns: set[int]) -> dict[str, int]:
        """Which header row holds participants' labels, organisations and levels, by the words beside them."""
        kinds: dict[str, int] = {}
        for r in sorted(header_rows, key=lambda r: abs(r - min(grid.items))):  # nearest the items first
            for c in grid.columns:
                text = None if c in columns else cell_text(grid.at(r, c))
                kind = _row_kind(text) if text else None
                if kind and kind not in kinds and r not in kinds.values():
                    kinds[kind] = r
        if "label" not in kinds and "id" in kinds:
            kinds["label"] = kinds["id"]
        return kinds

    def _person(
        self, grid: _Grid, col: int, key: tuple[str, int], label: str | None, label_row: int | None,
        kinds: dict[str, int], grains: set[str], people: list[_Person], problems: list[Problem],
    ) -> _Person:
        """The participant a column belongs to: someone met on another grid (the same label, or the same
        place when unlabelled: `key`) who has no scores of these grains yet, else someone new."""
        person = next((p for p in people if p.key == key and not p.grains & grains), None)
        if person is None:
            person = _Person(f"P{len(people) + 1:02d}", key, label)
            if grid.transposed:
                person.location = grid.location(label_row if label_row is not None else min(grid.items), col)
            people.append(person)
        for kind, choices, what in (("sector", self._sectors, "organisation / sector"),
                                    ("role", self._roles, "strategic or operational")):
            row = kinds.get(kind)
            text = cell_text(grid.at(row, col)) if row is not None else None
            if text is None:
                continue
            chosen = _choose(text, choices)
            if chosen is None:
                problems.append(Problem(
                    grid.location(row, col),
                    f"'{text}' is not one of the {what} choices ({', '.join(dict.fromkeys(choices.values()))})",
                ))
            elif kind == "sector":
                person.sector = person.sector or chosen
            else:
                person.role_level = person.role_level or chosen
        return person


# --- helpers on cells ---------------------------------------------------------------------------


def _blank(value: object) -> bool:
    return value == "" or value is None or (value.__class__ is str and not value.strip())  # type: ignore[union-attr]


@functools.cache
def _letters(col: int) -> str:
    return Book.column_letters(col)


def _parsed(value: object, scale: tuple) -> tuple[int | None, str | None] | ValueError:
    """A cell's score and its text as typed, or why it is no score."""
    try:
        return parse_score(value, scale), cell_text(value)
    except ValueError as exc:
        return exc


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _distinct(found: dict[int, object]) -> set[str]:
    return {m.item_id for m in found.values() if isinstance(m, Match) and m.grain in ITEM_GRAINS}


def _hint(text: str) -> str | None:
    """The grain a heading such as "Enabler", "Enabler no." or "Indicators" announces for its line."""
    said = words(text).split()
    return HINT_STARTS.get(said[0]) if 0 < len(said) <= 3 else None


def _filled(grid: _Grid, row: int) -> int:
    return sum(1 for value in grid.cells[row][grid.columns.start : grid.columns.stop] if not _blank(value))


def _has_entries(grid: _Grid, row: int) -> bool:
    return any(not _blank(value) for value in grid.after_axis(row))


def _scores_between(cells: Cells, left: int, right: int, rows: set[int]) -> bool:
    """True when a column between two label columns holds a score on one of their rows."""
    for r in rows:
        for value in cells[r][left + 1 : right]:
            if _blank(value):
                continue
            try:
                if parse_score(value) is not None:
                    return True
            except ValueError:
                continue
    return False


def _tables(cells: Cells, axes: list[int], lines: dict[int, dict[int, object]]) -> list[tuple[int, list[int]]]:
    """Axes grouped into tables: neighbouring label columns with no scores between them (the
    enabler's name beside its statement) are one table, labelled by the column naming most items."""
    groups: list[list[int]] = []
    for axis in axes:
        if groups and not _scores_between(cells, groups[-1][-1], axis, {*lines[groups[-1][-1]], *lines[axis]}):
            groups[-1].append(axis)
        else:
            groups.append([axis])
    return [(max(group, key=lambda a: len(_distinct(lines[a]))), group) for group in groups]


def _blocks(cells: Cells, axis: int, columns: range, items: dict[int, Match]) -> list[range]:
    """The rows of each table stacked down one label column.

    A table ends where the items change grain across a new header row (an enabler table, then a "dig
    deeper" table headed afresh) or at the next table's header; each block takes the header lines above
    its first item and the lines straight below its last one, up to a blank line.
    """
    ordered = sorted(items)
    starts = [ordered[0]]
    for before, after in zip(ordered, ordered[1:]):
        if items[before].grain != items[after].grain and any(
            sum(1 for c in columns if not _blank(cells[r][c])) >= 2 for r in range(before + 1, after)
        ):
            starts.append(after)
    blocks = []
    top = 0
    for n, first in enumerate(starts):
        after = starts[n + 1] if n + 1 < len(starts) else len(cells)
        bottom = max(r for r in ordered if first <= r < after) + 1
        while bottom < after and any(not _blank(cells[bottom][c]) for c in columns):
            bottom += 1
        blocks.append(range(top, bottom))
        top = bottom
    return blocks


def _nearest_label_row(
    grid: _Grid, header_rows: list[int], kinds: dict[str, int], columns: list[int], first_item: int
) -> int | None:
    """Unlabelled: the header row nearest above the items with text over at least half the participants."""
    taken = set(kinds.values())
    for r in sorted((r for r in header_rows if r < first_item and r not in taken), reverse=True):
        if 2 * sum(1 for c in columns if cell_text(grid.at(r, c))) >= len(columns):
            return r
    return None


def _not_people(text: str) -> bool:
    said = words(text)
    if said in NOT_PEOPLE:
        return True
    parts = said.split()
    return bool(parts) and (parts[0] in NOT_PEOPLE_STARTS or parts[-1] in NOT_PEOPLE_ENDS)


def _row_kind(text: str) -> str | None:
    """"label", "id", "sector" or "role" when a header cell says what the cells across it hold."""
    said = words(text)
    if said in LABEL_WORDS or (said.startswith("participant") and said.split()[-1] in {"name", "names", "initials"}):
        return "label"
    if said in ID_WORDS:
        return "id"
    parts = set(said.split())
    if parts & SECTOR_WORDS and parts <= SECTOR_WORDS | SECTOR_FILLER:
        return "sector"
    if parts & ROLE_WORDS and parts <= ROLE_WORDS | ROLE_FILLER:
        return "role"
    return None


def _choices(options: tuple[str, ...]) -> dict[str, str]:
    """An answer as written (its words, or its initials: "VCS") → the framework's spelling."""
    found: dict[str, str] = {}
    for option in options:
        said = words(option)
        found[said] = option
        initials = "".join(word[0] for word in said.split())
        if len(initials) > 1:
            found.setdefault(initials, option)
    return found


def _choose(text: str, choices: dict[str, str]) -> str | None:
    """The framework's spelling for an answer, its initials, or the start of exactly one choice."""
    said = words(text)
    if said in choices:
        return choices[said]
    starting = {option for key, option in choices.items() if len(said) >= 3 and key.startswith(said)}
    return starting.pop() if len(starting) == 1 else None
