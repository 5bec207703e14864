"""The partnership's narrative on the transcription workbook (issue #14): read as typed fields, placed
as the records every reader gives, and compared between two typings.

Double entry compares what was typed, field by field, so an entry's narrative is first a set of
fields — item ID ("challenge:stretched_capacity:status", see `ingest.paper.layout`) → (the value as
typed, its cell) — and only then placed in the framework's choices (`place`). The merged double
entry is placed from the fields the two entries agreed on or a resolution settled, by the same
function, so a single entry and a double entry of the same paper give the same records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from framework.model import Framework
from ingest.core.book import Book, cell_text
from ingest.core.narrative_values import (
    challenge_of,
    date_of,
    enabler_of,
    enablers_of,
    model_of,
    spoken,
    status_of,
    theme_of,
)
from ingest.core.problems import Problem
from ingest.core.submission import (
    ChallengeRecord,
    ModelRecord,
    PriorityRecord,
    ReflectionRecord,
    Submission,
    UnplacedNote,
)
from ingest.paper import layout as P

Fields = dict[str, tuple[str | None, str]]  # item ID → (value as typed, None when blank; its cell)
STRAY_REASON = ("typed on a narrative sheet where no field reads it: in a row naming nothing or repeated, "
                "beside the columns, or over a label")
LOCATION = re.compile(r"'(?P<sheet>.+)'!(?P<ref>[A-Z]+\d+)")
A1 = re.compile(r"([A-Z]+)(\d+)")


@dataclass(frozen=True)
class Row:
    """One row the writer lays out: its ID, what it is, and (reflections only) what it asks."""

    row_id: str
    label: str | None
    asked: str | None = None


@dataclass(frozen=True)
class Placed:
    reflections: tuple[ReflectionRecord, ...] = ()
    challenges: tuple[ChallengeRecord, ...] = ()
    models: tuple[ModelRecord, ...] = ()
    priorities: tuple[PriorityRecord, ...] = ()
    unplaced: tuple[UnplacedNote, ...] = ()


def rows(fw: Framework, sheet: P.NarrativeSheet) -> tuple[Row, ...]:
    """A sheet's rows in the order of the paper: each theme's enablers' evidence then the theme's
    reflections (the grid ends with them); challenges and themes in framework order."""
    if sheet is P.REFLECTIONS:
        return tuple(row for theme in fw.themes for row in (
            *(Row(e, fw.enabler(e).name, P.EVIDENCE_ASKED) for e in theme.enabler_ids),
            Row(theme.id, theme.name, P.REFLECTION_ASKED)))
    if sheet is P.CHALLENGES:
        return tuple(Row(c.id, c.name) for c in fw.challenges)
    if sheet is P.MODELS:
        return (Row(P.OVERALL, P.OVERALL.capitalize()), *(Row(t.id, t.name) for t in fw.themes))
    return tuple(Row(str(n), None) for n in range(1, P.MAX_PRIORITIES + 1))


def item_id(fw: Framework, sheet: P.NarrativeSheet, row_id: str, field: str) -> str:
    """'evidence:E01', 'reflection:people_place', 'challenge:<id>:status', 'priority:3:owner'."""
    if sheet is P.REFLECTIONS:
        return f"{'reflection' if row_id in {t.id for t in fw.themes} else 'evidence'}:{row_id}"
    prefix = next(word for word, owner in P.NARRATIVE_PREFIXES.items() if owner is sheet)
    return f"{prefix}:{row_id}:{field}"


def item_ids(fw: Framework) -> dict[str, tuple[P.NarrativeSheet, str, str]]:
    """Every narrative item a disagreement can be about → (sheet, row ID, field)."""
    return {item_id(fw, sheet, row.row_id, field): (sheet, row.row_id, field)
            for sheet in P.NARRATIVE_SHEETS for row in rows(fw, sheet) for field in sheet.fields}


def is_narrative(item: str) -> bool:
    return item.split(":", 1)[0] in (*P.NARRATIVE_PREFIXES, P.NOTE_PREFIX)


def read_fields(book: Book, fw: Framework, problems: list[Problem]) -> Fields:
    """Every narrative sheet present, every field of every row it names (blank ones too, so that a
    difference knows both cells), and anything else typed there as a note field."""
    fields: Fields = {}
    for sheet in P.NARRATIVE_SHEETS:
        if sheet.name not in book.sheet_names:
            continue  # made before the sections existed, or deleted: the sections are optional
        found = book.rows(sheet.name)
        header = [cell_text(v) for v in found[P.HEADER_ROW - 1]] if len(found) >= P.HEADER_ROW else []
        for col, column in enumerate(sheet.columns, start=1):
            heading = (header[col - 1] if col <= len(header) else None) or ""
            if heading.casefold() != column.heading.casefold():
                problems.append(Problem(Book.location(sheet.name, P.HEADER_ROW, col),
                                        f"expected the heading '{column.heading}' here; rows or columns seem to "
                                        "have been moved"))
                break
        else:
            fields.update(_sheet_fields(fw, sheet, found))
    return fields


def _sheet_fields(fw: Framework, sheet: P.NarrativeSheet, found: list[list[object]]) -> Fields:
    fields: Fields = {}
    seen: set[str] = set()
    width = len(sheet.columns)
    for row in range(P.FIRST_FORM_ROW, len(found) + 1):
        cells = [cell_text(v) for v in found[row - 1]]
        row_id = _row_id(fw, sheet, cells)
        if row_id is None or row_id in seen:
            _stray(fields, sheet.name, row, cells, 1)
            continue
        seen.add(row_id)
        _relabelled(fields, fw, sheet, row, cells, row_id)
        for field in sheet.fields:
            col = sheet.column_of(field)
            fields[item_id(fw, sheet, row_id, field)] = (
                cells[col - 1] if col <= len(cells) else None, Book.location(sheet.name, row, col))
        _stray(fields, sheet.name, row, cells, width + 1)  # beside the section's columns
    return fields


def _stray(fields: Fields, sheet: str, row: int, cells: list[str | None], first_col: int) -> None:
    """Text from `first_col` on that no field reads: one note for the row, at its first such cell."""
    typed = [(col, text) for col, text in enumerate(cells, start=1) if col >= first_col and text is not None]
    if typed:
        location = Book.location(sheet, row, typed[0][0])
        fields[f"{P.NOTE_PREFIX}:{location}"] = (" | ".join(text for _, text in typed), location)


def _relabelled(fields: Fields, fw: Framework, sheet: P.NarrativeSheet, row: int, cells: list[str | None],
                row_id: str) -> None:
    """A label column the writer filled in is a label while it still says what the writer wrote or
    names the same row; anything else typed over it is kept as a note."""
    line = next(r for r in rows(fw, sheet) if r.row_id == row_id)
    written = (line.row_id, line.label, line.asked)
    for col, column in enumerate(sheet.columns, start=1):
        text = cells[col - 1] if col <= len(cells) else None
        if column.field is not None or text is None or spoken(text) == spoken(written[col - 1]):
            continue
        if col <= 2 and _row_id(fw, sheet, [text, None] if col == 1 else [None, text]) == row_id:
            continue
        location = Book.location(sheet.name, row, col)
        fields[f"{P.NOTE_PREFIX}:{location}"] = (text, location)


def _row_id(fw: Framework, sheet: P.NarrativeSheet, cells: list[str | None]) -> str | None:
    """The row's ID as the writer wrote it, else what the ID or the label names."""
    typed_id, label = (cells + [None, None])[:2]
    if sheet is P.PRIORITIES:
        number = int(typed_id) if typed_id and typed_id.isdigit() else 0
        return str(number) if 1 <= number <= P.MAX_PRIORITIES else None
    known = {row.row_id.casefold(): row.row_id for row in rows(fw, sheet)}
    if typed_id and typed_id.casefold() in known:
        return known[typed_id.casefold()]
    for text in (typed_id, label):
        if text is None:
            continue
        if sheet is P.CHALLENGES:
            found = challenge_of(text, fw)
        elif sheet is P.MODELS:
            found = P.OVERALL if spoken(text) == P.OVERALL else theme_of(text, fw)
        else:
            found = enabler_of(text, fw) or theme_of(text, fw)
        if found is not None:
            return found
    return None


def place(fields: Fields, fw: Framework) -> Placed:
    """The records the fields make; what cannot be placed is kept as written and said in a note."""
    notes: list[UnplacedNote] = []
    by_row: dict[tuple[str, str], dict[str, tuple[str | None, str]]] = {}
    known = item_ids(fw)
    for item, typed in fields.items():
        if item in known:
            sheet, row_id, field = known[item]
            by_row.setdefault((sheet.name, row_id), {})[field] = typed
        elif typed[0] is not None:  # a note, or an item this framework does not lay out
            notes.append(UnplacedNote(typed[1], typed[0], _note_reason(typed[1])))
    statuses = ", ".join(s.label for s in fw.challenge_statuses)
    models = ", ".join(m.name for m in fw.integration_models)
    placed: dict[str, list] = {sheet.name: [] for sheet in P.NARRATIVE_SHEETS}
    for sheet in P.NARRATIVE_SHEETS:
        for row in rows(fw, sheet):
            typed = by_row.get((sheet.name, row.row_id))
            if not typed or all(value is None for value, _ in typed.values()):
                continue
            value = {field: typed.get(field, (None, None))[0] for field in sheet.fields}
            where = {field: typed[field][1] for field in typed}
            location = next(where[f] for f in sheet.fields if f in where)
            if sheet is P.REFLECTIONS:
                theme = row.row_id in {t.id for t in fw.themes}
                placed[sheet.name].append(ReflectionRecord("theme" if theme else "enabler", row.row_id,
                                                           "reflection" if theme else "evidence", value["text"],
                                                           location))
            elif sheet is P.CHALLENGES:
                status = _choice(value["status"], where.get("status"), status_of, fw, "a challenge status",
                                 statuses, notes)
                placed[sheet.name].append(ChallengeRecord(row.row_id, status, value["status"], value["within_gift"],
                                                          location))
            elif sheet is P.MODELS:
                current, aspired = (_choice(value[f], where.get(f), model_of, fw, "an integration model", models,
                                            notes) for f in ("current", "aspired"))
                placed[sheet.name].append(ModelRecord(row.row_id, current, aspired, value["current"],
                                                      value["aspired"], location))
            else:
                record = _priority(int(row.row_id), value, where, location, fw, notes)
                if record is not None:
                    placed[sheet.name].append(record)
    return Placed(*(tuple(placed[sheet.name]) for sheet in P.NARRATIVE_SHEETS), unplaced=tuple(notes))


def _choice(text: str | None, location: str | None, place_in, fw: Framework, what: str, choices: str,
            notes: list[UnplacedNote]) -> str | None:
    if text is None:
        return None
    found = place_in(text, fw)
    if found is None:
        notes.append(UnplacedNote(location, text, f"not {what} ({choices})"))
    return found


def _priority(number: int, value: dict[str, str | None], where: dict[str, str], location: str, fw: Framework,
              notes: list[UnplacedNote]) -> PriorityRecord | None:
    if value["text"] is None:  # details of a priority nobody wrote: kept as a note at its text cell
        details = "; ".join(f"{P.PRIORITIES.columns[P.PRIORITIES.column_of(f) - 1].heading}: {value[f]}"
                            for f in P.PRIORITIES.fields if value[f] is not None)
        notes.append(UnplacedNote(location, details, _note_reason(location)))
        return None
    enabler_ids, unplaced = enablers_of(value["enablers"], fw)
    if unplaced:
        notes.append(UnplacedNote(where["enablers"], "; ".join(unplaced), "names no enabler of the framework"))
    review = _date(value["review_date"])
    if value["review_date"] is not None and review is None:
        notes.append(UnplacedNote(where["review_date"], value["review_date"], "not a date"))
    return PriorityRecord(number, value["text"], enabler_ids, value["enablers"], value["owner"], review,
                          value["review_date"], location)


def _date(text: str | None) -> date | None:
    """A review date typed as text, or a date cell as the reader keeps it (ISO), or Excel's serial."""
    if text is None:
        return None
    return date_of(int(text)) if text.isdigit() else date_of(text)


def _note_reason(location: str) -> str:
    """Why a note field is a note, from where it sits: the same words for a single entry and for the
    merged double entry, which keeps only the note's text and cell."""
    found = LOCATION.fullmatch(location)
    if found and found["sheet"] == P.PRIORITIES.name:
        if _cell(found["ref"])[1] == P.PRIORITIES.column_of("text"):
            return "a priority's details without the priority itself"
    return STRAY_REASON


def typed_fields(submission: Submission, fw: Framework) -> Fields:
    """The fields a transcription reading placed, back from its records: what a first or second entry
    keeps (raw.transcribed_narrative) until its partner arrives. Fields sit in the record's row, each
    in its column; a note at a field's cell only explains that field, so it is not a field itself."""
    fields: Fields = {}

    def add(sheet: P.NarrativeSheet, row_id: str, location: str, values: dict[str, str | None]) -> None:
        for field, value in values.items():
            fields[item_id(fw, sheet, row_id, field)] = (value, _beside(location, sheet.column_of(field)))

    for r in submission.reflections:
        add(P.REFLECTIONS, r.item_id, r.location, {"text": r.text})
    for c in submission.challenges:
        add(P.CHALLENGES, c.challenge_id, c.location, {"status": c.status_text, "within_gift": c.within_gift})
    for m in submission.models:
        add(P.MODELS, m.scope, m.location, {"current": m.current_text, "aspired": m.aspired_text})
    for p in submission.priorities:
        add(P.PRIORITIES, str(p.priority_no), p.location, {"text": p.text, "enablers": p.enablers_text,
                                                            "owner": p.owner_role, "review_date": p.review_date_text})
    cells = {location for _, location in fields.values()}
    for note in submission.unplaced:
        if note.location not in cells:
            fields[f"{P.NOTE_PREFIX}:{note.location}"] = (note.text, note.location)
    return fields


def _beside(location: str, col: int) -> str:
    """The cell in column `col` of the row `location` is in."""
    found = LOCATION.fullmatch(location)
    return Book.location(found["sheet"], _cell(found["ref"])[0], col)


def _cell(ref: str) -> tuple[int, int]:
    """(row, column) of an A1 reference, without openpyxl: this module runs in the reading workers,
    which must stay light (tests/test_ingest_batch.py)."""
    found = A1.fullmatch(ref.replace("$", "").upper())
    col = 0
    for letter in found[1]:
        col = col * 26 + ord(letter) - ord("A") + 1
    return int(found[2]), col


def comparable(item: str, value: str | None, fw: Framework) -> object:
    """What two typings must share to agree: a choice as placed ("In play" and "yes" agree), a list
    of enablers as the enablers it names, a date as the date; text after closing up its spacing,
    case kept. A choice that places nowhere is compared as text."""
    text = " ".join(value.split()) if value else None
    if text is None:
        return None
    field = item.rsplit(":", 1)[-1]
    placed: object = None
    if item.startswith("challenge:") and field == "status":
        placed = status_of(text, fw)
    elif item.startswith("model:"):
        placed = model_of(text, fw)
    elif item.startswith("priority:") and field == "enablers":
        found, unplaced = enablers_of(text, fw)
        placed = found if found and not unplaced else None
    elif item.startswith("priority:") and field == "review_date":
        placed = _date(text)
    return text if placed is None else placed


def describe(item: str, fw: Framework) -> str:
    """A narrative item as the resolver will find it on the paper: section, row and question."""
    known = item_ids(fw)
    if item not in known:
        cell = item.split(":", 1)[-1]
        return f"A note at {cell}, {_note_reason(cell)}"
    sheet, row_id, field = known[item]
    row = next(r for r in rows(fw, sheet) if r.row_id == row_id)
    heading = sheet.columns[sheet.column_of(field) - 1].heading
    what = row.asked if sheet is P.REFLECTIONS else heading
    return f"{sheet.title}: {row.label or f'{sheet.columns[0].heading} {row_id}'} — {what}"


def choice_of(item: str) -> str | None:
    """Which framework choice settles a narrative item: 'status', 'model', or None for text."""
    if item.startswith("challenge:") and item.endswith(":status"):
        return "status"
    if item.startswith("model:"):
        return "model"
    return None


def resolved_value(item: str, text: str, fw: Framework) -> str:
    """A resolution's value for a narrative item in the words the fields keep: a choice as the
    framework labels it, enablers and dates as written once they place; ValueError when it does not."""
    choice = choice_of(item)
    if choice == "status":
        found = status_of(text, fw)
        labels = {s.id: s.label for s in fw.challenge_statuses}
        if found is None:
            raise ValueError(f"'{text}' is not a challenge status ({', '.join(labels.values())}) or '{P.BLANK}'")
        return labels[found]
    if choice == "model":
        found = model_of(text, fw)
        names = {m.id: m.name for m in fw.integration_models}
        if found is None:
            raise ValueError(f"'{text}' is not an integration model ({', '.join(names.values())}) or '{P.BLANK}'")
        return names[found]
    field = item.rsplit(":", 1)[-1]
    if item.startswith("priority:") and field == "enablers" and enablers_of(text, fw)[1]:
        raise ValueError(f"'{'; '.join(enablers_of(text, fw)[1])}' names no enabler (give IDs or names, "
                         f"e.g. 'E01, E05') or '{P.BLANK}'")
    if item.startswith("priority:") and field == "review_date" and _date(text) is None:
        raise ValueError(f"'{text}' is not a date (e.g. 31/03/2026) or '{P.BLANK}'")
    return text


def item_order(item: str) -> tuple:
    """Narrative items as the sheets lay them out: sheet, then row, then the field's column; notes last."""
    prefix, _, rest = item.partition(":")
    if prefix not in P.NARRATIVE_PREFIXES:
        return (len(P.NARRATIVE_SHEETS), item)
    sheet = P.NARRATIVE_PREFIXES[prefix]
    row_id, _, field = rest.partition(":")
    return (P.NARRATIVE_SHEETS.index(sheet), prefix != "evidence", *_natural(row_id),
            sheet.fields.index(field) if field in sheet.fields else 0)


def _natural(text: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))
