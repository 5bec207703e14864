"""The one interface every reader implements, so that adding a source format means adding a reader.

A reader is built with the framework (it checks item IDs and choices against it), says whether a
workbook is its kind, and turns it into a `Submission` — or refuses it with every problem found,
each located as "'Sheet name'!D7", so a borough can fix the whole file in one go.
"""

from __future__ import annotations

from typing import Protocol

from ingest.book import Book
from ingest.model import Submission


class Reader(Protocol):
    name: str

    def recognises(self, book: Book) -> bool:
        """Cheap: look at sheet names and a heading or two, never at the scores."""
        ...

    def read(self, book: Book) -> Submission:
        """Raises Refused with all the problems found, not just the first."""
        ...
