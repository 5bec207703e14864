"""Reads workbooks made from `ingest.assessments.template.write_template`: the tool boroughs are sent.

Rows are tied to the framework by their ID column rather than by position, so a borough that
sorts or hides rows still loads correctly; anything that cannot be tied (unknown, duplicated or
missing IDs) is refused rather than guessed. The optional narrative sheets (reflections,
challenges, integration model, priorities) are read by ingest.assessments.narrative_reader, which
places or keeps what they hold and never refuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from framework.model import Framework, ScalePoint
from ingest.assessments import layout as L
from ingest.assessments.about import Vocabulary, about_fields, blank
from ingest.assessments.narrative_reader import read_template_narrative
from ingest.core.book import Book, cell_text
from ingest.core.formulas import no_saved_value
from ingest.core.organisations import Placements
from ingest.core.problems import Problem, Refused
from ingest.core.scores import parse_score
from ingest.core.submission import ParticipantRecord, ScoreRecord, Submission

ItemRow = tuple[int, str, list[object]]  # (sheet row, item ID, participant cells)
Parsed = tuple[int | None, str | None] | ValueError  # (score, text as typed), or why it is no score


@dataclass
class _SheetScores:
    """What one score sheet contributed: who counts on it and their scores."""

    spec: L.ScoreSheet
    positions: list[int] = field(default_factory=list)  # 0-based participant positions with any entry
    scores: list[ScoreRecord] = field(default_factory=list)


class TemplateWorkbookReader:
    name = "template_workbook"

    def __init__(self, fw: Framework):
        words = Vocabulary.of(fw)
        self._fw, self._items, self._scale = fw, words.items, words.scale

    def recognises(self, book: Book) -> bool:
        names = book.sheet_names
        return L.ABOUT_SHEET in names and L.ENABLER_SHEET.name in names

    def read(self, book: Book) -> Submission:
        problems: list[Problem] = []
        enabler_sheet = self._read_sheet(book, L.ENABLER_SHEET, problems)
        indicator_sheet = (  # a deleted indicator sheet just means nobody dug deeper
            self._read_sheet(book, L.INDICATOR_SHEET, problems) if L.INDICATOR_SHEET.name in book.sheet_names else None
        )
        if enabler_sheet is not None and not enabler_sheet.positions:
            spec = L.ENABLER_SHEET
            cells = f"{Book.ref(L.FIRST_ITEM_ROW, spec.first_participant_column)}:" + Book.ref(
                L.FIRST_ITEM_ROW + len(self._items["enabler"]) - 1, spec.last_participant_column
            )
            problems.append(Problem(f"'{spec.name}'!{cells}", f"no scores on '{spec.name}'"))
        read_sheets = [s for s in (enabler_sheet, indicator_sheet) if s is not None]
        positions = sorted({p for sheet in read_sheets for p in sheet.positions})
        placements = Placements(self._fw)
        participants = tuple(self._participant(book, p, read_sheets, placements) for p in positions)
        if problems:
            raise Refused(problems)
        narrative = read_template_narrative(book, self._fw)  # the optional sheets: never a refusal

        return Submission(
            reader=self.name,
            **about_fields(book),
            participants=participants,
            scores=tuple(score for sheet in read_sheets for score in sheet.scores),
            notes=(*placements.notes(), *narrative.notes()),
            **narrative.fields(),
        )

    def _read_sheet(self, book: Book, spec: L.ScoreSheet, problems: list[Problem]) -> _SheetScores | None:
        """None when the sheet's table is not where the layout puts it (already a problem)."""
        id_heading = spec.columns[spec.id_column - 1]
        if (book.text(spec.name, L.TABLE_HEADER_ROW, spec.id_column) or "").casefold() != id_heading.casefold():
            problems.append(Problem(
                Book.location(spec.name, L.TABLE_HEADER_ROW, spec.id_column),
                f"expected the heading '{id_heading}' here; rows or columns seem to have been moved or deleted",
            ))
            return None
        items = self._item_rows(book, spec, problems)
        problems.extend(_unsaved_formulas(book, spec, {row for row, _, _ in items}))

        result = _SheetScores(spec)
        columns = list(zip(*(cells for _, _, cells in items))) or [()] * L.CAPACITY
        result.positions = [p for p, column in enumerate(columns) if any(not blank(v) for v in set(column))]
        seen: dict[tuple[type, object], Parsed] = {}
        for position in result.positions:
            participant_id = L.participant_id(position + 1)
            letters = Book.column_letters(spec.first_participant_column + position)
            for row_number, item_id, cells in items:
                parsed = _parsed(cells[position], seen, self._scale)
                if isinstance(parsed, ValueError):
                    problems.append(Problem(f"'{spec.name}'!{letters}{row_number}", str(parsed)))
                    continue
                score, raw_value = parsed
                result.scores.append(ScoreRecord(
                    participant_id, spec.grain, item_id, score, raw_value, spec.name, f"{letters}{row_number}"
                ))
        return result

    def _item_rows(self, book: Book, spec: L.ScoreSheet, problems: list[Problem]) -> list[ItemRow]:
        """The rows tied to a framework item, each with its participant cells padded to CAPACITY."""
        id_heading = spec.columns[spec.id_column - 1]
        known = self._items[spec.grain]
        first = spec.first_participant_column - 1  # 0-based slice start
        rows = book.rows(spec.name)
        items: list[ItemRow] = []
        seen: dict[str, int] = {}
        last = spec.last_participant_column

        def id_location(row_number: int) -> str:  # only wanted for a problem, so not built per row
            return Book.location(spec.name, row_number, spec.id_column)

        for row_number in range(L.FIRST_ITEM_ROW, len(rows) + 1):
            row = rows[row_number - 1]
            cells = (row[first : first + L.CAPACITY] + [None] * L.CAPACITY)[: L.CAPACITY]
            item_text = cell_text(row[spec.id_column - 1]) if len(row) >= spec.id_column else None
            if item_text is None:
                if any(not blank(c) for c in cells):
                    problems.append(Problem(id_location(row_number), f"scores in a row with no {id_heading}"))
                continue
            item_id = item_text.upper()
            if item_id not in known:
                problems.append(Problem(
                    id_location(row_number), f"'{item_text}' is not an {spec.grain} ID of the framework"
                ))
                continue
            if item_id in seen:
                problems.append(Problem(
                    id_location(row_number), f"{item_id} appears twice (also in row {seen[item_id]})"
                ))
                continue
            seen[item_id] = row_number
            items.append((row_number, item_id, cells))
            if len(row) > last:
                problems.extend(_scores_beyond_capacity(spec, row_number, row))

        if spec.grain == "enabler":
            id_column = Book.column_letters(spec.id_column)
            problems.extend(
                Problem(f"'{spec.name}'!{id_column}:{id_column}", f"no row for {item_id} ({name})")
                for item_id, name in known.items()
                if item_id not in seen
            )
        return items

    def _participant(
        self, book: Book, position: int, sheets: list[_SheetScores], placements: Placements
    ) -> ParticipantRecord:
        """Header details from the enabler sheet, falling back to the indicator sheet cell by cell;
        the organisation and role as written, and placed in the framework's choices."""

        def header(row: int) -> str | None:
            """The text of the first sheet's cell with text in it."""
            texts = (book.text(s.spec.name, row, s.spec.first_participant_column + position) for s in sheets)
            return next((text for text in texts if text is not None), None)

        organisation, role = header(L.SECTOR_ROW), header(L.ROLE_ROW)
        return ParticipantRecord(
            participant_id=L.participant_id(position + 1),
            label=header(L.PARTICIPANT_ROW),
            sector=placements.sector(organisation),
            role_level=placements.role(role),
            organisation=organisation,
            role_text=role,
        )


def _parsed(value: object, seen: dict[tuple[type, object], Parsed], scale: Sequence[ScalePoint]) -> Parsed:
    """parse_score and cell_text of one cell. A sheet holds few distinct values, so each is worked
    out once; keyed by type too, because True == 1.0 but is not a score."""
    key = (value.__class__, value)
    if key not in seen:
        try:
            seen[key] = (parse_score(value, scale), cell_text(value))
        except ValueError as exc:
            seen[key] = exc
    return seen[key]


def _unsaved_formulas(book: Book, spec: L.ScoreSheet, item_rows: set[int]) -> list[Problem]:
    """Participants' cells holding a formula Excel never saved a value for: they read as empty, so
    they would pass for skips."""
    first = spec.first_participant_column - 1  # 0-based, as the formulas are keyed
    return [
        Problem(Book.location(spec.name, r + 1, c + 1), no_saved_value(formula))
        for (r, c), formula in sorted(book.formulas(spec.name).items())
        if not formula.saved and r + 1 in item_rows and first <= c < first + L.CAPACITY
    ]


def _scores_beyond_capacity(spec: L.ScoreSheet, row_number: int, row: list[object]) -> list[Problem]:
    """A score typed right of the last participant column would otherwise be silently lost."""
    found = []
    for col, value in enumerate(row[spec.last_participant_column :], start=spec.last_participant_column + 1):
        try:
            looks_like_score = parse_score(value) is not None
        except ValueError:
            looks_like_score = False  # notes and comments beside the table are fine
        if looks_like_score:
            found.append(Problem(
                Book.location(spec.name, row_number, col),
                f"a score right of the last participant column; a workbook holds {L.CAPACITY} participants",
            ))
    return found
