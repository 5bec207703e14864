"""What the workbooks this project writes have in common, read once for all their readers: the
About sheet's identification cells, and the framework's items and scale that cells are checked
against. (Organisation and role cells are free text, placed by ingest.core.organisations.)"""

from __future__ import annotations

from dataclasses import dataclass

from framework.model import Framework, ScalePoint
from ingest.assessments import layout as L
from ingest.core.book import Book

SYNTHETIC_ANSWERS = {L.SYNTHETIC_MARK, "Y", "TRUE"}


@dataclass(frozen=True)
class Vocabulary:
    """What the readers of our own score workbooks check cells against: the items of each grain by
    ID, and the scale."""

    items: dict[str, dict[str, str]]  # grain → item ID → its name or text
    scale: tuple[ScalePoint, ...]

    @classmethod
    def of(cls, fw: Framework) -> "Vocabulary":
        return cls(
            {"enabler": {e.id: e.name for e in fw.enablers}, "indicator": {i.id: i.text for i in fw.indicators}},
            tuple(fw.scale),
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

