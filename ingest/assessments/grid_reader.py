"""Reads any borough's workbook: a grid of scores with framework items along one side.

Boroughs send the tool's own workbook, their copies of it, and grids typed up from paper, with
participants as columns or as rows, titles and notes above, sheets named as they like. What they
share is a line of cells naming framework items; that line is found first (`grid_layout`), and
everything else is read relative to it: the participants are the lines across it, after it (right
of the labels, or below them), that hold entries; their labels and details are the header lines
labelled "Participant", "Organisation", "Role"…, or else the header line nearest the items; which
lines are people, numbering or summaries is decided by heading and entries together
(`grid_columns`), and every cell is counted (`grid_cells`). A sheet with no such line holds no
grid (its text still feeds identification). Finding grids means looking at every text cell, so
this reader comes after those that know their layout exactly. Sheets that hold what a partnership
wrote beyond its scores (a "Challenges" or "Priorities" sheet…) are not grids: they, and such
blocks on other sheets, are read by ingest.assessments.narrative_reader.

Nothing is guessed: a label inside a grid that names no item or several, an item given twice, or an
entry that is not a score refuses the file with the cell named, so that every score a borough gave
arrives against the item it was given for, or the borough is told what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from framework.model import Framework
from ingest.assessments import layout as L
from ingest.assessments.about import blank
from ingest.assessments.grid_cells import Tally, copies, unsaved
from ingest.assessments.grid_columns import head_rows, sort_columns
from ingest.assessments.grid_layout import Grid, nearest_label_row, sheet_grids
from ingest.assessments.grid_words import choices, choose, not_people, row_kind
from ingest.assessments.narrative_reader import ScoresView, read_borough_narrative
from ingest.core.book import Book, cell_text
from ingest.core.clues import collect_clues
from ingest.core.labels import Ambiguous, LabelMatcher, Match, words
from ingest.core.organisations import Placements
from ingest.core.problems import Problem, Refused
from ingest.core.scores import is_skip, parse_score
from ingest.core.submission import ParticipantRecord, ScoreRecord, Submission


@dataclass
class _Person:
    participant_id: str
    key: tuple[str, int]  # how the same person is recognised on another grid
    label: str | None = None
    sector: str | None = None
    role_level: str | None = None
    location: str | None = None
    grains: set[str] = field(default_factory=set)
    organisation: str | None = None  # as written
    role_text: str | None = None


class GridWorkbookReader:
    name = "grid_workbook"

    def __init__(self, fw: Framework):
        self._fw = fw
        self._labels = LabelMatcher.for_framework(fw)
        self._sectors = choices(fw.sectors)
        self._roles = choices(fw.role_levels)
        self._found: tuple[Book, list[Grid]] | None = None
        self._view: ScoresView | None = None  # the book being read, as grids see it
        self._placements = Placements(fw)  # the file being read's, made afresh by `read`

    def recognises(self, book: Book) -> bool:
        return bool(self._grids(book))

    def read(self, book: Book) -> Submission:
        problems: list[Problem] = []
        people: list[_Person] = []
        scores: list[ScoreRecord] = []
        tally, notes = Tally(), []
        self._placements = Placements(self._fw)
        grids = self._grids(book)
        for grid in grids:
            scores.extend(self._read_grid(grid, people, problems, tally, notes))
        if not people and not problems:
            where = ", ".join(
                f"'{g.sheet}'!{g.ref(min(g.items), g.axis)}:{g.ref(max(g.items), g.axis)}" for g in grids
            )
            problems.append(Problem("file", f"no scores beside the enabler or indicator labels at {where}"))
        if problems:
            raise Refused(problems)
        clues = collect_clues(book)
        narrative = read_borough_narrative(self._view, self._fw)  # never a refusal
        return Submission(
            reader=self.name,
            area_text=clues.area_text,
            area_location=clues.area_location,
            year_text=clues.year_text,
            year_location=clues.year_location,
            group_label=clues.group_label,
            is_synthetic=any(text == L.SYNTHETIC_BANNER for text, _ in clues.titles),
            participants=tuple(
                ParticipantRecord(p.participant_id, p.label, p.sector, p.role_level, p.location, p.organisation,
                                  p.role_text) for p in people
            ),
            scores=tuple(scores),
            titles=clues.titles,
            notes=(tally.said(), *notes, *self._placements.notes(), *narrative.notes()),
            **narrative.fields(),
        )

    # --- finding grids ---------------------------------------------------------------------------

    def _grids(self, book: Book) -> list[Grid]:
        """Every grid in the workbook, in reading order; worked out once per book."""
        if self._found is None or self._found[0] is not book:
            self._view = ScoresView(book)  # narrative sheets and blocks are not grids of scores
            view = self._view
            grids = [grid for sheet in view.sheet_names for grid in sheet_grids(self._labels, view, sheet)]
            self._found = (book, grids)
        return self._found[1]

    # --- reading a grid ------------------------------------------------------------------------

    def _read_grid(
        self, grid: Grid, people: list[_Person], problems: list[Problem], tally: Tally, notes: list[str],
    ) -> list[ScoreRecord]:
        """Every cell of the grid read as a score or a skip, taken as a label, heading or summary, or
        refused at its cell; `tally` counts which (the outcome line says so)."""
        before = len(problems)
        records = self._grid_scores(grid, people, problems, tally, notes)
        tally.count(grid, {p.location for p in problems[before:]})
        return records

    def _grid_scores(
        self, grid: Grid, people: list[_Person], problems: list[Problem], tally: Tally, notes: list[str],
    ) -> list[ScoreRecord]:
        items = self._item_rows(grid, problems)
        if not items:
            return []
        scale, cells, sheet = self._fw.scale, grid.cells, grid.sheet
        parsed: dict[tuple[type, object], tuple[int | None, str | None] | ValueError] = {}  # few distinct values

        def found(value: object) -> tuple[int | None, str | None] | ValueError:
            known = parsed.get((value.__class__, value))
            if known is None:
                known = parsed[(value.__class__, value)] = _parsed(value, scale)
            return known

        def score(value: object) -> int | None:
            result = found(value)
            if isinstance(result, ValueError):
                raise result
            return result[0]

        header_rows = [r for r in grid.rows if r not in grid.items and grid.filled(r) >= 2]
        lines = sort_columns(grid, self._labels, items, head_rows(grid, header_rows), score)
        problems.extend(lines.problems)
        notes.extend(lines.notes)
        slots = lines.people
        problems.extend(unsaved(grid, slots, items))
        scored = {c: self._grains_scored(grid, c, items) for c in slots}
        columns = [c for c in slots if scored[c]]
        tally.skips += sum(1 for c in slots if not scored[c] for r in items if not blank(cells[r][c]))
        if not columns:
            return []
        kinds = self._row_kinds(grid, header_rows, set(columns))
        label_row = kinds.get("label")
        if label_row is None:
            label_row = nearest_label_row(grid, header_rows, kinds, columns, min(grid.items))
        labels = {c: cell_text(grid.at(label_row, c)) if label_row is not None else None for c in slots}
        problems.extend(copies(grid, columns, labels, label_row, items))
        entries = [(row, grid.items[row]) for row in items]
        records = []
        for col in columns:
            grains = scored[col]
            same = sum(1 for c in slots if c < col and labels[c] == labels[col])
            key = ("", slots.index(col)) if labels[col] is None else (words(labels[col]), same)
            person = self._person(grid, col, key, labels[col], label_row, kinds, grains, people)
            person.grains |= grains
            pid = person.participant_id
            for (row, item), ref in zip(entries, grid.refs(items, col)):
                value = cells[row][col]
                if item.grain not in grains:  # only skips here: this person did not answer these
                    tally.skips += not blank(value)
                    continue
                result = found(value)
                if isinstance(result, ValueError):
                    problems.append(Problem(f"'{sheet}'!{ref}", str(result)))
                    continue
                if result[0] is not None:
                    tally.scores += 1
                elif not blank(value):
                    tally.skips += 1
                records.append(ScoreRecord(pid, item.grain, item.item_id, *result, sheet, ref))
        return records

    def _item_rows(self, grid: Grid, problems: list[Problem]) -> list[int]:
        """The rows whose entries are read; a row with entries that cannot be tied to one item is a problem.

        A row naming an item but holding no entries is left out when it only heads that enabler's
        indicators, or when the item has a row with entries elsewhere; otherwise everyone skipped it.
        """
        entries_at = {r: grid.has_entries(r) for r in grid.rows}
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
                    f"(also at {grid.ref(earlier, grid.axis)})",
                ))
                continue
            chosen[item.item_id] = r
        return sorted(chosen.values())

    def _enabler_of(self, indicator_id: str) -> str:
        return self._fw.indicator(indicator_id).enabler_id

    def _unlabelled(self, grid: Grid, row: int) -> Problem | None:
        """Why a row with entries below the first item is not read, or None when it is a summary or note."""
        value = grid.at(row, grid.axis)
        text = cell_text(value)
        where = grid.location(row, grid.axis)
        if text is None:
            labels = [t for c in grid.columns
                      if c != grid.axis and (t := cell_text(grid.at(row, c))) and not _is_number(t)]
            if any(not_people(t) or row_kind(t) for t in labels):
                return None
            return Problem(where, "entries in a line with no enabler or indicator label")
        found = self._labels.match(text) if isinstance(value, str) else None
        if not_people(text) or row_kind(text) or isinstance(found, Match):  # summaries, details, themes
            return None
        if isinstance(found, Ambiguous):
            names = "; ".join(self._labels.describe(i) for i in found.candidates)
            return Problem(where, f"'{text}' could name any of: {names}")
        return Problem(where, f"'{text}' names no enabler or indicator of the framework")

    @staticmethod
    def _grains_scored(grid: Grid, col: int, items: list[int]) -> set[str]:
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

    def _row_kinds(self, grid: Grid, header_rows: list[int], columns: set[int]) -> dict[str, int]:
        """Which header row holds participants' labels, organisations and levels, by the words beside them."""
        kinds: dict[str, int] = {}
        for r in sorted(header_rows, key=lambda r: abs(r - min(grid.items))):  # nearest the items first
            for c in grid.columns:
                text = None if c in columns else cell_text(grid.at(r, c))
                kind = row_kind(text) if text else None
                if kind and kind not in kinds and r not in kinds.values():
                    kinds[kind] = r
        if "label" not in kinds and "id" in kinds:
            kinds["label"] = kinds["id"]
        return kinds

    def _person(
        self, grid: Grid, col: int, key: tuple[str, int], label: str | None, label_row: int | None,
        kinds: dict[str, int], grains: set[str], people: list[_Person],
    ) -> _Person:
        """The participant a column belongs to: someone met on another grid (the same label, or the same
        place when unlabelled: `key`) who has no scores of these grains yet, else someone new. Their
        organisation and role as first written: a choice, its initials or its start, else placed by
        their words (ingest.core.organisations)."""
        person = next((p for p in people if p.key == key and not p.grains & grains), None)
        if person is None:
            person = _Person(f"P{len(people) + 1:02d}", key, label)
            if grid.transposed:
                person.location = grid.location(label_row if label_row is not None else min(grid.items), col)
            people.append(person)
        def written(kind: str) -> str | None:
            row = kinds.get(kind)
            return cell_text(grid.at(row, col)) if row is not None else None

        if person.organisation is None and (text := written("sector")) is not None:
            person.organisation, person.sector = text, choose(text, self._sectors) or self._placements.sector(text)
        if person.role_text is None and (text := written("role")) is not None:
            person.role_text, person.role_level = text, choose(text, self._roles) or self._placements.role(text)
        return person


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
