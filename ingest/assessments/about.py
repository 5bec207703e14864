"""What the workbooks this project writes have in common, read once for all their readers: the
About sheet's identification cells, and drop-down answers checked against the framework's lists."""

from __future__ import annotations

from dataclasses import dataclass

from framework.model import Framework, ScalePoint
from ingest.assessments import layout as L
from ingest.core.book import Book
from ingest.core.problems import Problem

SYNTHETIC_ANSWERS = {L.SYNTHETIC_MARK, "Y", "TRUE"}
HeaderCell = tuple[str | None, str]  # (text, location)


@dataclass(frozen=True)
class Vocabulary:
    """What the readers of our own score workbooks check cells against: the items of each grain by
    ID, the scale, and the drop-down choices by their case-folded spelling."""

    items: dict[str, dict[str, str]]  # grain → item ID → its name or text
    scale: tuple[ScalePoint, ...]
    sectors: dict[str, str]
    roles: dict[str, str]

    @classmethod
    def of(cls, fw: Framework) -> "Vocabulary":
        return cls(
            {"enabler": {e.id: e.name for e in fw.enablers}, "indicator": {i.id: i.text for i in fw.indicators}},
            tuple(fw.scale),
            {s.casefold(): s for s in fw.sectors},
            {r.casefold(): r for r in fw.role_levels},
        )


def about(book: Book, row: int) -> str | None:
    """The answer typed on one row of the About sheet."""
    return book.text(L.ABOUT_SHEET, row, L.ABOUT_VALUE_COL)


def about_fields(book: Book) -> dict[str, object]:
    """The Submission fields every own workbook carries on its About sheet, with their cells."""
    return {
        "area_text": about(book, L.AREA_ROW),
        "area_location": Book.location(L.ABOUT_SHEET, L.AREA_ROW, L.ABOUT_VALUE_COL),
        "year_text": about(book, L.YEAR_ROW),
        "year_location": Book.location(L.ABOUT_SHEET, L.YEAR_ROW, L.ABOUT_VALUE_COL),
        "group_label": about(book, L.GROUP_ROW),
        "is_synthetic": (about(book, L.SYNTHETIC_ROW) or "").upper() in SYNTHETIC_ANSWERS,
    }


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def choice(cell: HeaderCell, choices: dict[str, str], what: str, problems: list[Problem]) -> str | None:
    """The framework's spelling of a drop-down answer; a typed answer outside the list is a problem."""
    text, location = cell
    if text is None:
        return None
    if text.casefold() not in choices:
        problems.append(Problem(location, f"'{text}' is not one of the {what} choices ({', '.join(choices.values())})"))
        return None
    return choices[text.casefold()]
