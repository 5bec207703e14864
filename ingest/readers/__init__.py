"""Choosing the reader for a file: the first that recognises it wins.

Readers are listed as factories taking the framework, because every reader checks what it reads
against the framework's items and choices.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from framework import load_framework
from framework.model import Framework
from ingest import layout as L
from ingest.book import Book
from ingest.model import Problem, Refused, Submission
from ingest.readers.base import Reader
from ingest.readers.template_workbook import TemplateWorkbookReader

READERS: list[Callable[[Framework], Reader]] = [TemplateWorkbookReader]

EXPECTED = (
    f"expected the Beyond Boundaries Excel tool, with sheets '{L.ABOUT_SHEET}' and '{L.ENABLER_SHEET.name}'"
)


def read_submission(path: Path, fw: Framework | None = None) -> Submission:
    """Read one file with the first reader that recognises it; Refused when none does."""
    fw = fw or load_framework()
    with Book(path) as book:
        for make_reader in READERS:
            reader = make_reader(fw)
            if reader.recognises(book):
                return reader.read(book)
        found = ", ".join(f"'{name}'" for name in book.sheet_names) or "none"
        raise Refused([Problem("file", f"not a Beyond Boundaries workbook: {EXPECTED} (found sheets {found})")])
