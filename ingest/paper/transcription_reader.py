"""Reads workbooks made from `ingest.paper.template.write_paper_template`: paper forms typed up, one row each.

The form's own number becomes the participant ID, so that two people typing the same forms
produce submissions that line up form by form. Item columns are tied to the framework by the ID in
their heading, not by position; anything that cannot be tied is refused rather than guessed.
"""

from __future__ import annotations

from framework.model import Framework
from ingest.assessments import layout as L
from ingest.assessments.about import Vocabulary, about, about_fields, blank
from ingest.core.book import Book, cell_text
from ingest.core.organisations import Placements
from ingest.core.problems import Problem, Refused
from ingest.core.scores import parse_score
from ingest.core.submission import ParticipantRecord, ScoreRecord, Submission
from ingest.paper import layout as P
from ingest.paper.narrative import place, read_fields

Form = tuple[str, int, list[object]]  # (form ID, sheet row, the row's cells)


class PaperTranscriptionReader:
    name = "paper_transcription"

    def __init__(self, fw: Framework):
        words = Vocabulary.of(fw)
        self._fw, self._items, self._scale = fw, words.items, words.scale
        self._entries = {label.casefold(): code for label, code in P.ENTRY_CHOICES.items()}

    def recognises(self, book: Book) -> bool:
        names = book.sheet_names
        return L.ABOUT_SHEET in names and P.ENABLER_FORMS.name in names

    def read(self, book: Book) -> Submission:
        problems: list[Problem] = []
        participants: list[ParticipantRecord] = []
        scores: list[ScoreRecord] = []
        enabler_forms = self._forms(book, P.ENABLER_FORMS, problems, scores)
        placements = Placements(self._fw)
        for form_id, row, cells in enabler_forms:
            participants.append(self._participant(form_id, row, cells, placements))
        if not enabler_forms:
            problems.append(Problem(Book.location(P.ENABLER_FORMS.name, P.FIRST_FORM_ROW, 1),
                                    f"no forms on '{P.ENABLER_FORMS.name}'"))
        if P.INDICATOR_FORMS.name in book.sheet_names:  # a deleted sheet just means no form dug deeper
            typed = {form_id for form_id, _, _ in enabler_forms}
            for form_id, row, _ in self._forms(book, P.INDICATOR_FORMS, problems, scores):
                if form_id not in typed:
                    problems.append(Problem(
                        Book.location(P.INDICATOR_FORMS.name, row, 1),
                        f"form {form_id} is not on '{P.ENABLER_FORMS.name}'; every form has its enabler scores there",
                    ))

        narrative = place(read_fields(book, self._fw, problems), self._fw)  # optional sheets: none is as before

        transcriber, entry_text = about(book, P.TRANSCRIBER_ROW), about(book, P.ENTRY_ROW)
        if transcriber is None:
            problems.append(Problem(Book.location(L.ABOUT_SHEET, P.TRANSCRIBER_ROW, L.ABOUT_VALUE_COL),
                                    "no transcriber given: type the name or initials of the person typing"))
        entry = self._entries.get((entry_text or "").casefold())
        if entry is None:
            shown = f"'{entry_text}' is not an entry" if entry_text else "no entry given"
            *others, last = P.ENTRY_CHOICES
            problems.append(Problem(Book.location(L.ABOUT_SHEET, P.ENTRY_ROW, L.ABOUT_VALUE_COL),
                                    f"{shown}: choose {', '.join(others)} or {last}"))
        if problems:
            raise Refused(problems)
        return Submission(
            reader=self.name,
            **about_fields(book),
            participants=tuple(participants),
            scores=tuple(scores),
            entry=entry,
            transcriber=transcriber,
            notes=placements.notes(),
            reflections=narrative.reflections,
            challenges=narrative.challenges,
            models=narrative.models,
            priorities=narrative.priorities,
            unplaced=narrative.unplaced,
        )

    def _forms(self, book: Book, spec: P.FormSheet, problems: list[Problem], scores: list[ScoreRecord]) -> list[Form]:
        """Every row with a form ID, its scores appended to `scores`; blank cells are skips."""
        heading = book.text(spec.name, P.HEADER_ROW, 1)
        if (heading or "").casefold() != P.FORM_ID.casefold():
            problems.append(Problem(
                Book.location(spec.name, P.HEADER_ROW, 1),
                f"expected the heading '{P.FORM_ID}' here; rows or columns seem to have been moved",
            ))
            return []
        columns = self._item_columns(book, spec, problems)
        width = max((col for col, _ in columns), default=len(spec.fields))  # notes right of the table are fine
        forms: list[Form] = []
        seen: dict[str, int] = {}
        rows = book.rows(spec.name)
        for row in range(P.FIRST_FORM_ROW, len(rows) + 1):
            cells = rows[row - 1]
            form_text = cell_text(cells[0])
            if form_text is None:
                if any(not blank(value) for value in cells[:width]):
                    problems.append(Problem(Book.location(spec.name, row, 1), f"entries in a row with no {P.FORM_ID}"))
                continue
            form_id = form_text.upper()
            if form_id in seen:
                problems.append(Problem(Book.location(spec.name, row, 1),
                                        f"form {form_id} appears twice (also in row {seen[form_id]})"))
                continue
            seen[form_id] = row
            forms.append((form_id, row, cells))
            for col, item_id in columns:
                value = cells[col - 1] if col <= len(cells) else None
                try:
                    score = parse_score(value, self._scale)
                except ValueError as exc:
                    problems.append(Problem(Book.location(spec.name, row, col), str(exc)))
                    continue
                scores.append(ScoreRecord(form_id, spec.grain, item_id, score, cell_text(value), spec.name,
                                          Book.ref(row, col)))
            problems.extend(_values_without_item(spec, row, cells, {col for col, _ in columns}))
        return forms

    def _item_columns(self, book: Book, spec: P.FormSheet, problems: list[Problem]) -> list[tuple[int, str]]:
        """(column, item ID) for each heading that names a framework item, once."""
        known = self._items[spec.grain]
        header = book.rows(spec.name)[P.HEADER_ROW - 1] if len(book.rows(spec.name)) >= P.HEADER_ROW else []
        columns: list[tuple[int, str]] = []
        seen: dict[str, int] = {}
        for col in range(spec.first_item_column, len(header) + 1):
            text = cell_text(header[col - 1])
            if text is None:
                continue
            location = Book.location(spec.name, P.HEADER_ROW, col)
            item_id = text.upper()
            if item_id not in known:
                problems.append(Problem(location, f"'{text}' is not an {spec.grain} ID of the framework"))
            elif item_id in seen:
                problems.append(Problem(location, f"{item_id} appears twice (also in column "
                                                  f"{Book.column_letters(seen[item_id])})"))
            else:
                seen[item_id] = col
                columns.append((col, item_id))
        if spec.grain == "enabler":
            problems.extend(
                Problem(f"'{spec.name}'!{P.HEADER_ROW}:{P.HEADER_ROW}", f"no column for {item_id} ({name})")
                for item_id, name in known.items() if item_id not in seen
            )
        return columns

    def _participant(self, form_id: str, row: int, cells: list[object], placements: Placements) -> ParticipantRecord:
        """A form's details: the organisation and role as typed, and placed in the framework's choices."""
        def field(col: int) -> str | None:
            return cell_text(cells[col - 1]) if col <= len(cells) else None

        organisation, role = field(P.SECTOR_COL), field(P.ROLE_COL)
        return ParticipantRecord(
            participant_id=form_id,
            label=field(P.PARTICIPANT_COL),
            sector=placements.sector(organisation),
            role_level=placements.role(role),
            location=Book.location(P.ENABLER_FORMS.name, row, 1),
            organisation=organisation,
            role_text=role,
        )


def _values_without_item(spec: P.FormSheet, row: int, cells: list[object], item_columns: set[int]) -> list[Problem]:
    """A score typed under no item heading would otherwise be silently lost; notes beside it are fine."""
    found = []
    for col in range(spec.first_item_column, len(cells) + 1):
        if col in item_columns or blank(cells[col - 1]):
            continue
        try:
            parse_score(cells[col - 1])
        except ValueError:
            continue
        found.append(Problem(Book.location(spec.name, row, col), "a score in a column with no item ID"))
    return found
