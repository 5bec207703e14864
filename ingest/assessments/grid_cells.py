"""Every cell of a borough's grid accounted for: read as a score, read as a skip, taken as a label,
heading or summary, or refused at its cell, so that nothing a borough typed is dropped unsaid.

The reader decides which lines are people (`grid_columns`) and reads their cells; this module counts
the outcome for the outcome line ("96 cells: 84 scores, 9 skips, 3 labels"), and holds the two
checks on people's cells that no single cell shows: a formula Excel never saved a value for (it
reads as empty, so it would pass for a skip), and a participant's column pasted twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.assessments.about import blank
from ingest.assessments.grid_layout import Grid
from ingest.core.book import cell_text
from ingest.core.formulas import no_saved_value
from ingest.core.labels import words
from ingest.core.problems import Problem


@dataclass
class Tally:
    """Non-empty cells over a workbook's grids: scores and skips as read, refused as named; the rest
    are labels, headings, participants' details, summaries and notes."""

    cells: int = 0
    scores: int = 0
    skips: int = 0  # cells saying "skipped" in words ("N/A", "-"); blank cells are no cells
    refused: int = 0

    @property
    def labels(self) -> int:
        return self.cells - self.scores - self.skips - self.refused

    def count(self, grid: Grid, refused: set[str]) -> None:
        """Add a grid's non-empty cells (a formula counts, saved or not) and its refused cells."""
        columns, cells = grid.columns, grid.cells
        for r in grid.rows:
            line = cells[r]
            self.cells += sum(1 for c in columns if not blank(line[c]) or (r, c) in grid.formulas)
        self.refused += len(refused)

    def said(self) -> str:
        parts = [f"{self.scores} scores", f"{self.skips} skips", f"{self.labels} labels"]
        if self.refused:
            parts.append(f"{self.refused} refused")
        return f"{self.cells} cells: {', '.join(parts)}"


def unsaved(grid: Grid, columns: list[int], items: list[int]) -> list[Problem]:
    """Participants' cells holding a formula with no saved value: refused, since its score is unknown."""
    found = []
    for col in columns:
        for row in items:
            formula = grid.formulas.get((row, col))
            if formula is not None and not formula.saved and blank(grid.cells[row][col]):
                found.append(Problem(grid.location(row, col), no_saved_value(formula)))
    return found


def copies(grid: Grid, columns: list[int], labels: dict[int, str | None], label_row: int | None,
           items: list[int]) -> list[Problem]:
    """Two participants with the same heading and the very same entries: most likely one column
    pasted twice, which would count one person's view double."""
    if label_row is None:
        return []
    seen: dict[tuple[str, tuple[str | None, ...]], int] = {}
    found = []
    for col in columns:
        label = labels.get(col)
        if not label:
            continue
        key = (words(label), tuple(cell_text(grid.cells[r][col]) for r in items))
        first = seen.setdefault(key, col)
        if first != col:
            found.append(Problem(grid.location(label_row, col), (
                f"'{label}' has the same heading and the same entries as {grid.ref(label_row, first)}: "
                "a line copied twice? Delete one, or name the two participants apart")))
    return found
