"""Finding the grids of scores on a borough's sheet: where the items are named, which way round the
grid is, and where one table ends and the next begins.

A grid's labels are the line of cells naming the most distinct framework items (a column, or a
row when participants are rows); a sheet with no line naming MIN_AXIS_ITEMS holds no grid. A grid
is read the same way whichever way round it is: a sheet with participants as rows is transposed
first, so that below "row" means a line along the items and "column" a line across them (one
participant's entries), and positions are turned back into the sheet's own cells for messages.
Several tables may share a sheet, side by side (each label column with its own participants) or
stacked down one label column (an enablers table, then a "dig deeper" indicators table).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import zip_longest

from ingest.assessments.about import blank
from ingest.assessments.grid_words import hint
from ingest.core.book import Book, cell_text
from ingest.core.formulas import Formula
from ingest.core.labels import LabelMatcher, Match
from ingest.core.scores import parse_score

MIN_AXIS_ITEMS = 3  # distinct items a line must name to be taken for a grid's labels
ITEM_GRAINS = ("enabler", "indicator")

Cells = list[list[object]]
Lines = dict[int, dict[int, object]]  # line → position along it → what its text names


@dataclass
class Grid:
    """One table of items and entries, in the sheet's cells turned so that items run down a column."""

    sheet: str
    transposed: bool  # True: participants were rows of the sheet
    cells: Cells  # every line of equal length
    axis: int  # the column naming the items
    columns: range  # the columns this table may use: up to its neighbours on the same sheet
    rows: range  # its header lines, items and the lines straight after them
    items: dict[int, Match]  # row → item, for rows naming an enabler or indicator
    formulas: dict[tuple[int, int], Formula]  # (row, col) → the formula there, when the sheet has any

    def location(self, row: int, col: int) -> str:
        return Book.location(self.sheet, *self.sheet_position(row, col))

    def ref(self, row: int, col: int) -> str:
        return Book.ref(*self.sheet_position(row, col))

    def refs(self, rows: list[int], col: int) -> list[str]:
        """The sheet references of one column's cells in these rows ("D9", …), in one go."""
        if self.transposed:
            return [f"{Book.column_letters(row + 1)}{col + 1}" for row in rows]
        letters = Book.column_letters(col + 1)
        return [f"{letters}{row + 1}" for row in rows]

    def sheet_position(self, row: int, col: int) -> tuple[int, int]:
        return (col + 1, row + 1) if self.transposed else (row + 1, col + 1)

    def at(self, row: int, col: int) -> object:
        return self.cells[row][col]

    def after_axis(self, row: int) -> list[object]:
        """The cells where participants' entries are: right of the labels, within this table."""
        return self.cells[row][self.axis + 1 : self.columns.stop]

    def filled(self, row: int) -> int:
        """How many of a row's cells in this table hold anything."""
        return sum(1 for value in self.cells[row][self.columns.start : self.columns.stop] if not blank(value))

    def has_entries(self, row: int) -> bool:
        return any(not blank(value) for value in self.after_axis(row))


def sheet_grids(labels: LabelMatcher, book: Book, sheet: str) -> list[Grid]:
    """Every grid on one sheet, in reading order; none when no line names enough items."""
    rows = book.rows(sheet)
    by_column, by_row = _label_lines(labels, rows)
    best_column = max((len(_distinct(m)) for m in by_column.values()), default=0)
    best_row = max((len(_distinct(m)) for m in by_row.values()), default=0)
    if max(best_column, best_row) < MIN_AXIS_ITEMS:
        return []
    transposed = best_row > best_column
    formulas = book.formulas(sheet)
    rows = _covering(rows, formulas)
    width = max(map(len, rows), default=0)
    if transposed:
        cells: Cells = [list(line) for line in zip_longest(*rows, fillvalue="")]
        lines = by_row
        formulas = {(c, r): formula for (r, c), formula in formulas.items()}
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
        grids.extend(Grid(sheet, transposed, cells, axis, range(start, end), block, {
            row: match for row, match in items.items() if row in block
        }, formulas) for block in _blocks(cells, range(start, end), items))
    return grids


def _covering(rows: Cells, formulas: dict[tuple[int, int], Formula]) -> Cells:
    """The sheet's cells, widened to reach its formulas: calamine's range ends at the last saved
    value, so a line of formulas never saved would otherwise lie outside the grid unseen."""
    if not formulas:
        return rows
    height = max(len(rows), 1 + max(r for r, _ in formulas))
    width = max(max(map(len, rows), default=0), 1 + max(c for _, c in formulas))
    if height == len(rows) and all(len(line) == width for line in rows):
        return rows
    return [[*line, *[""] * (width - len(line))] for line in [*rows, *[[] for _ in range(height - len(rows))]]]


def nearest_label_row(
    grid: Grid, header_rows: list[int], kinds: dict[str, int], columns: list[int], first_item: int
) -> int | None:
    """Unlabelled: the header row nearest above the items with text over at least half the participants."""
    taken = set(kinds.values())
    for r in sorted((r for r in header_rows if r < first_item and r not in taken), reverse=True):
        if 2 * sum(1 for c in columns if cell_text(grid.at(r, c))) >= len(columns):
            return r
    return None


def _label_lines(labels: LabelMatcher, rows: Cells) -> tuple[Lines, Lines]:
    """Per column and per row: position → what its text names (a Match or Ambiguous).

    One pass over the text cells; a column headed "Enabler" or "Indicator" is read again with that
    hint, so that bare numbers under such a heading name items too. (Only columns: in a header row,
    the heading usually belongs to the column below it, and numbers right of it are participants.)
    """
    match = labels.match
    by_column: Lines = {}
    by_row: Lines = {}
    hinted: dict[int, str] = {}  # column → grain
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value.__class__ is not str or not value:
                continue
            found = match(value)
            if found is None:
                if c not in hinted and (grain := hint(value)):
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


def _distinct(found: dict[int, object]) -> set[str]:
    return {m.item_id for m in found.values() if isinstance(m, Match) and m.grain in ITEM_GRAINS}


def _tables(cells: Cells, axes: list[int], lines: Lines) -> list[tuple[int, list[int]]]:
    """Axes grouped into tables: neighbouring label columns with no scores between them (the
    enabler's name beside its statement) are one table, labelled by the column naming most items."""
    groups: list[list[int]] = []
    for axis in axes:
        if groups and not _scores_between(cells, groups[-1][-1], axis, {*lines[groups[-1][-1]], *lines[axis]}):
            groups[-1].append(axis)
        else:
            groups.append([axis])
    return [(max(group, key=lambda a: len(_distinct(lines[a]))), group) for group in groups]


def _scores_between(cells: Cells, left: int, right: int, rows: set[int]) -> bool:
    """True when a column between two label columns holds a score on one of their rows."""
    for r in rows:
        for value in cells[r][left + 1 : right]:
            if blank(value):
                continue
            try:
                if parse_score(value) is not None:
                    return True
            except ValueError:
                continue
    return False


def _blocks(cells: Cells, columns: range, items: dict[int, Match]) -> list[range]:
    """The rows of each table stacked down one label column.

    A table ends where the items change grain across a new header row (an enabler table, then a "dig
    deeper" table headed afresh) or at the next table's header; each block takes the header lines above
    its first item and the lines straight below its last one, up to a blank line.
    """
    ordered = sorted(items)
    starts = [ordered[0]]
    for before, after in zip(ordered, ordered[1:]):
        if items[before].grain != items[after].grain and any(
            sum(1 for c in columns if not blank(cells[r][c])) >= 2 for r in range(before + 1, after)
        ):
            starts.append(after)
    blocks = []
    top = 0
    for n, first in enumerate(starts):
        after = starts[n + 1] if n + 1 < len(starts) else len(cells)
        bottom = max(r for r in ordered if first <= r < after) + 1
        while bottom < after and any(not blank(cells[bottom][c]) for c in columns):
            bottom += 1
        blocks.append(range(top, bottom))
        top = bottom
    return blocks
