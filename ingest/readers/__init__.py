"""Choosing the reader for a file: the first that recognises it wins.

Readers are listed as factories taking the framework, because every reader checks what it reads
against the framework's items and choices. The data-sharing questionnaire is looked for first: it
is our own workbook, recognised by its sheet, and its reader returns answers rather than scores.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from framework import load_framework
from framework.model import Framework
from ingest import layout as L
from ingest.book import Book
from ingest.data_sharing.model import DataSharingReturn
from ingest.model import Problem, Refused, Submission
from ingest.readers.base import Reader
from ingest.readers.data_sharing import DataSharingReader
from ingest.readers.grid_workbook import GridWorkbookReader
from ingest.readers.paper_resolution import PaperResolutionReader
from ingest.readers.paper_transcription import PaperTranscriptionReader
from ingest.readers.template_workbook import TemplateWorkbookReader

# Our own workbooks first, each by its exact layout; any other grid of scores last.
READERS: list[Callable[[Framework], Reader]] = [
    TemplateWorkbookReader, PaperTranscriptionReader, PaperResolutionReader, GridWorkbookReader,
]

EXPECTED = (
    f"expected the Beyond Boundaries Excel tool (sheets '{L.ABOUT_SHEET}' and '{L.ENABLER_SHEET.name}'), "
    "or a table of scores with the enablers or indicators named along one side"
)


def read_submission(path: Path, fw: Framework | None = None) -> Submission | DataSharingReturn:
    """Read one file with the first reader that recognises it; Refused when none does. A
    data-sharing questionnaire is a borough's return too, but of answers, not scores."""
    fw = fw or load_framework()
    with Book(path) as book:
        questionnaire = DataSharingReader(fw)
        if questionnaire.recognises(book):
            return questionnaire.read(book)
        for make_reader in READERS:
            reader = make_reader(fw)
            if reader.recognises(book):
                return reader.read(book)
        found = ", ".join(f"'{name}'" for name in book.sheet_names) or "none"
        raise Refused([Problem("file", f"not a Beyond Boundaries workbook: {EXPECTED} (found sheets {found})")])
