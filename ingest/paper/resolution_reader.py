"""Reads resolution workbooks (`ingest.paper.template.write_resolution_workbook`): disagreements settled by hand.

Each value is checked here, where its cell is known, against what the item allows; whether the
disagreement it names is actually open can only be checked against the warehouse, in
`ingest.paper.double_entry.settle`. A row left without a value is not a decision, so it stays open —
unlike a transcription, where a blank is a skip.
"""

from __future__ import annotations

from framework.model import Framework
from ingest.assessments import layout as L
from ingest.assessments.about import about_fields
from ingest.core.book import Book, cell_text
from ingest.core.problems import Problem, Refused
from ingest.core.scores import parse_score
from ingest.core.submission import Resolution, Submission
from ingest.paper import layout as P
from ingest.paper.narrative import item_ids, resolved_value

NEEDED = (P.FORM_ID, "Item", P.RESOLVED_VALUE)


class PaperResolutionReader:
    name = "paper_resolution"

    def __init__(self, fw: Framework):
        self._fw = fw
        self._narrative = item_ids(fw)
        self._scale = fw.scale
        self._scored = {e.id for e in fw.enablers} | {i.id for i in fw.indicators}
        self._choices = {
            "sector": ({s.casefold(): s for s in fw.sectors}, "organisation / sector"),
            "role_level": ({r.casefold(): r for r in fw.role_levels}, "strategic or operational"),
        }

    def recognises(self, book: Book) -> bool:
        names = book.sheet_names
        return L.ABOUT_SHEET in names and P.RESOLUTIONS_SHEET in names

    def read(self, book: Book) -> Submission:
        sheet = P.RESOLUTIONS_SHEET
        problems: list[Problem] = []
        rows = book.rows(sheet)
        header = [cell_text(v) for v in rows[P.HEADER_ROW - 1]] if len(rows) >= P.HEADER_ROW else []
        columns = {(text or "").casefold(): col for col, text in enumerate(header, start=1)}
        missing = [name for name in NEEDED if name.casefold() not in columns]
        if missing:
            raise Refused([Problem(f"'{sheet}'!{P.HEADER_ROW}:{P.HEADER_ROW}",
                                   f"no column headed {', '.join(repr(m) for m in missing)}")])
        form_col, item_col, value_col = (columns[name.casefold()] for name in NEEDED)

        resolutions: list[Resolution] = []
        seen: dict[tuple[str, str], int] = {}
        for row in range(P.FIRST_FORM_ROW, len(rows) + 1):
            found = self._resolution(rows[row - 1], row, (form_col, item_col, value_col), seen, problems)
            if found is not None:
                resolutions.append(found)

        if not resolutions and not problems:
            letter = Book.column_letters(value_col)
            problems.append(Problem(f"'{sheet}'!{letter}:{letter}",
                                    f"nothing settled: no '{P.RESOLVED_VALUE}' filled in"))
        resolved_by = book.text(L.ABOUT_SHEET, P.TRANSCRIBER_ROW, L.ABOUT_VALUE_COL)
        if resolved_by is None:
            problems.append(Problem(Book.location(L.ABOUT_SHEET, P.TRANSCRIBER_ROW, L.ABOUT_VALUE_COL),
                                    f"no '{P.RESOLVED_BY_LABEL}': type the name or initials of the person settling"))
        if problems:
            raise Refused(problems)

        return Submission(
            reader=self.name,
            **{**about_fields(book), "is_synthetic": False},  # the entries being settled say whether it is
            participants=(),
            scores=(),
            entry="resolution",
            transcriber=resolved_by,
            resolutions=tuple(resolutions),
        )

    def _resolution(self, cells: list[object], row: int, columns: tuple[int, int, int],
                    seen: dict[tuple[str, str], int], problems: list[Problem]) -> Resolution | None:
        """One row's decision; None when the row decides nothing (left blank) or has a problem."""
        form_col, item_col, value_col = columns
        sheet = P.RESOLUTIONS_SHEET

        def at(col: int) -> object | None:
            return cells[col - 1] if col <= len(cells) else None

        raw = at(value_col)
        if cell_text(raw) is None:
            return None  # not decided yet: the disagreement stays open
        form_text, item_text = cell_text(at(form_col)), cell_text(at(item_col))
        if form_text is None or item_text is None:
            col, what = (form_col, P.FORM_ID) if form_text is None else (item_col, "Item")
            problems.append(Problem(Book.location(sheet, row, col), f"a resolved value in a row with no {what}"))
            return None
        narrative = form_text.casefold() == P.NARRATIVE_FORM
        form_id = P.NARRATIVE_FORM if narrative else form_text.upper()
        item_id = self._narrative_item(item_text) if narrative else self._item(item_text)
        if item_id is None:
            problems.append(Problem(Book.location(sheet, row, item_col),
                                    f"'{item_text}' is not an item a disagreement can be about"))
            return None
        if (form_id, item_id) in seen:
            earlier = seen[form_id, item_id]
            problems.append(Problem(Book.location(sheet, row, form_col),
                                    f"form {form_id} {item_id} is settled twice (also in row {earlier})"))
            return None
        seen[form_id, item_id] = row
        location = Book.location(sheet, row, value_col)
        try:
            value = self._narrative_value(item_id, raw) if narrative else self._value(item_id, raw)
            return Resolution(form_id, item_id, value, location)
        except ValueError as exc:
            problems.append(Problem(location, str(exc)))
            return None

    def _item(self, text: str) -> str | None:
        """The item's canonical ID: framework items upper case, the form and detail items lower case."""
        if text.upper() in self._scored:
            return text.upper()
        lowered = text.casefold()
        return lowered if lowered in (P.FORM_ITEM, P.INDICATOR_FORM_ITEM, *P.FIELD_ITEMS) else None

    def _narrative_item(self, text: str) -> str | None:
        """A narrative item as listed; a note's ID keeps its cell as written ("note:'Challenges'!F9")."""
        if text.split(":", 1)[0].casefold() == P.NOTE_PREFIX:
            return f"{P.NOTE_PREFIX}:{text.split(':', 1)[1]}" if ":" in text else None
        known = {item.casefold(): item for item in self._narrative}
        return known.get(text.casefold())

    def _narrative_value(self, item_id: str, raw: object) -> str | None:
        """'blank' empties the item; otherwise as `ingest.paper.narrative.resolved_value` keeps it."""
        text = cell_text(raw)
        return None if text.casefold() == P.BLANK else resolved_value(item_id, text, self._fw)

    def _value(self, item_id: str, raw: object) -> str | None:
        """The resolved value in the words the warehouse stores; ValueError when the item does not allow it."""
        text = cell_text(raw)
        if item_id in self._scored:
            score = parse_score(raw, self._scale)
            return P.SKIP if score is None else str(score)
        if item_id in (P.FORM_ITEM, P.INDICATOR_FORM_ITEM):
            if text.casefold() not in (P.PRESENT, P.ABSENT):
                raise ValueError(f"'{text}' is not '{P.PRESENT}' or '{P.ABSENT}'")
            return text.casefold()
        if text.casefold() == P.BLANK:
            return None
        if item_id in self._choices:
            choices, what = self._choices[item_id]
            if text.casefold() not in choices:
                raise ValueError(f"'{text}' is not one of the {what} choices ({', '.join(choices.values())}) "
                                 f"or '{P.BLANK}'")
            return choices[text.casefold()]
        return text
