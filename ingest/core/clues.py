"""What the top of a workbook says about itself: labelled cells and title lines.

Boroughs do not all return the template. Some re-type the tool, some paste its grid into a new file
with "Borough:" and a year somewhere above it. Those facts are nearly always written in the top-left
corner of a sheet, so only that corner is scanned: cheap enough for every file, and it keeps guidance
prose and score tables further down from being mistaken for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.core.book import Book, cell_text

SHEET_NAME = "sheet name"  # sheet names are titles too, located as "sheet name 'Camden 2024'"
SCAN_ROWS = 15
SCAN_COLUMNS = 6
TITLE_MAX = 120  # longer cells are guidance prose, whose dates and places are not the file's own
LETTER = re.compile(r"[^\W\d_]")  # a title has words: a bare number is data (all of a CSV's cells are text)

LABELS = {
    "area": (
        "local authority", "local authority name", "la", "la name", "authority", "borough", "borough name",
        "london borough", "council", "area", "area name", "local area",
    ),
    "year": (
        "assessment year", "year", "year of assessment", "date of assessment", "assessment date", "date",
        "date completed", "completed on", "date of meeting", "meeting date",
    ),
    "group": ("group", "group name", "partnership group", "scoring group"),
}
FIELD_OF_LABEL = {label: field for field, labels in LABELS.items() for label in labels}
LABEL_PUNCTUATION = re.compile(r"[\s:*?\-–]+$")  # "Borough:", "Local authority *", "Year -"
# Guidance beside an input cell says what to type ("e.g. 2024"), not what the file is about.
HINT = re.compile(r"^(?:\(|optional\b|choose\b|select\b|enter\b|type\b|leave\b|please\b)|\be\.g\.|\bfor example\b",
                  re.IGNORECASE)


@dataclass(frozen=True)
class Clues:
    """Text as written, with where it was written, for identification to judge.

    A labelled cell found empty keeps its location (text None) so that a refusal can say where it
    looked. Labelled cells beyond the first for a field are kept as titles ("Date: 2024-03-12"),
    because a date can settle an academic year given in the first.
    """

    area_text: str | None = None
    area_location: str | None = None
    year_text: str | None = None
    year_location: str | None = None
    group_label: str | None = None
    group_location: str | None = None
    titles: tuple[tuple[str, str], ...] = ()


def collect_clues(book: Book) -> Clues:
    """Labelled cells and titles from the top-left corner of every sheet, in reading order."""
    values: dict[str, tuple[str, str]] = {}  # field → (text, location): the first labelled cell with a value
    empty: dict[str, str] = {}  # field → location of the first labelled cell left blank
    titles: list[tuple[str, str]] = []
    for sheet in book.sheet_names:
        titles.append((sheet, f"{SHEET_NAME} '{sheet}'"))
        rows = book.rows(sheet)
        taken: set[tuple[int, int]] = set()  # value cells, which are not titles
        for r, row in enumerate(rows[:SCAN_ROWS]):
            # A label starts its row or follows a label or a value; after other data it is data too,
            # e.g. a participant whose sector is "Local authority".
            after_data = False
            for c, cell in enumerate(row[:SCAN_COLUMNS]):
                text = cell_text(cell)
                if text is None:
                    continue
                if (r, c) in taken:
                    after_data = False
                    continue
                field = None if after_data or not isinstance(cell, str) else _field(text)
                after_data = field is None
                if field is None:
                    if _is_title(cell):
                        titles.append((text, Book.location(sheet, r + 1, c + 1)))
                    continue
                value_at = _value_position(rows, r, c)
                if value_at is None:
                    empty.setdefault(field, Book.location(sheet, r + 1, c + 2))
                    continue
                taken.add(value_at)
                value = cell_text(rows[value_at[0]][value_at[1]])
                location = Book.location(sheet, value_at[0] + 1, value_at[1] + 1)
                if field in values:
                    titles.append((f"{LABEL_PUNCTUATION.sub('', text)}: {value}", location))
                else:
                    values[field] = (value, location)

    def pick(field: str) -> tuple[str | None, str | None]:
        return values.get(field) or (None, empty.get(field))

    (area, area_at), (year, year_at), (group, group_at) = pick("area"), pick("year"), pick("group")
    return Clues(area, area_at, year, year_at, group, group_at, tuple(titles))


def _field(text: str) -> str | None:
    """Which field a cell labels, if it is a label at all."""
    return FIELD_OF_LABEL.get(" ".join(LABEL_PUNCTUATION.sub("", text).lower().split()))


def _value_position(rows: list[list[object]], r: int, c: int) -> tuple[int, int] | None:
    """The next filled cell to the right, else the one directly below (0-based); None when blank.

    The value may sit a few cells right of its label (merged label cells), but a hint there means the
    input cell between was left blank. Another label to the right means the labels head the columns
    of a small table, with the values below; a label below (or any text ending in a colon) means this
    label was left blank.
    """
    row = rows[r]
    right = next((i for i in range(c + 1, len(row)) if cell_text(row[i]) is not None), None)
    if right is not None and not _is_label(row[right]):
        return None if _is_hint(row[right]) else (r, right)
    below = rows[r + 1][c] if r + 1 < len(rows) and c < len(rows[r + 1]) else None
    if cell_text(below) is None or _is_label(below) or _is_hint(below) or str(below).rstrip().endswith(":"):
        return None
    return r + 1, c


def _is_label(cell: object) -> bool:
    return isinstance(cell, str) and _field(cell) is not None


def _is_hint(cell: object) -> bool:
    return isinstance(cell, str) and HINT.search(cell) is not None


def _is_title(cell: object) -> bool:
    return isinstance(cell, str) and len(cell) <= TITLE_MAX and bool(LETTER.search(cell)) and not _is_hint(cell)
