"""One interface for every kind of file, like pandas' Excel engines: a `FileKind` recognises a file,
reads it into content ready to load (or refuses it with every problem found), and loads that
content into its raw tables. `ingest.registry` lists the kinds in the order they are tried; it is
the only dispatch.

Reading runs in worker processes for big batches, so this module and every kind's reading code
import no DuckDB, Arrow, pandas or openpyxl; a kind imports its loader only when it loads.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from framework.model import Framework
from ingest.core.book import Book
from ingest.core.names import recorded
from ingest.core.problems import Problem
from warehouse.home import Home

if TYPE_CHECKING:
    import duckdb

    from ingest.batch.ledger import Ledger
    from ingest.outcomes.csv_table import Table
    from ingest.results import FileOutcome


class Incoming:
    """One file being read: the archived copy (the bytes that were hashed) under the name it arrived
    with. Its workbook and its CSV table are opened once, when a kind first asks, so that probing
    kinds in turn costs one read of the file."""

    def __init__(self, path: Path, file_name: str):
        self.path, self.file_name = Path(path), file_name
        self._book: Book | None = None

    @property
    def suffix(self) -> str:
        return Path(self.file_name).suffix.lower()

    @property
    def book(self) -> Book:
        """The file as a workbook (a .csv as one sheet); raises Refused when it cannot be opened."""
        if self._book is None:
            self._book = Book(self.path)
        return self._book

    @cached_property
    def table(self) -> "Table | None":
        """A .csv file as a table with a header row; None for other files and for CSVs with no header."""
        from ingest.outcomes.csv_table import read_table

        return read_table(self.path) if self.suffix == ".csv" else None

    def __enter__(self) -> "Incoming":
        return self

    def __exit__(self, *_: object) -> None:
        if self._book is not None:
            self._book.close()


@dataclass(frozen=True)
class Job:
    """What every file of a batch is read with; handed to each worker process once."""

    home: Home
    fw: Framework
    area: str | None = None  # `--area`: overrides the area found in assessments and returns
    year: int | None = None  # `--year`
    known: frozenset[str] = frozenset()  # sha256 of files already loaded: no need to read them again
    kinds: tuple[str, ...] = ()  # the kinds these files may be (a reference file's place says); empty: any


@dataclass(frozen=True)
class Accepted:
    """A file read and identified, ready to load. `content` is whatever the kind's loader writes; it
    crosses between processes, so it is plain picklable data."""

    kind: str
    content: object
    area_code: str | None = None
    area_name: str | None = None
    assessment_year: int | None = None


@dataclass(frozen=True)
class Rejected:
    """A file refused on reading, with every problem found, and its quarantined copy's name."""

    problems: tuple[Problem, ...]
    quarantined: str = ""
    kind: str | None = None  # the kind that recognised it, when one did


@dataclass(frozen=True)
class AlreadyLoaded:
    """Bytes loaded before: archived again (a no-op) but not read."""


@dataclass(frozen=True)
class Read:
    """One file after reading."""

    path: Path
    sha256: str  # "" when the file could not be opened at all
    archived: Path | None
    size: int
    result: Accepted | Rejected | AlreadyLoaded

    @property
    def name(self) -> str:
        """The name it came with, as the audit and raw tables record it (ingest.core.names)."""
        return recorded(self.path.name)


@dataclass(frozen=True)
class Landed:
    """A file being loaded: what it read, and its time in the batch (strictly increasing)."""

    read: Read
    at: datetime

    @property
    def accepted(self) -> Accepted:
        assert isinstance(self.read.result, Accepted), "only accepted files are loaded"
        return self.read.result


class FileKind(ABC):
    """A kind of file. Subclasses say how to recognise it, read it and load it."""

    name: str  # recorded in audit.file_events.file_kind
    # Whether files of this kind may share one transaction. Assessment workbooks do (a chunk of
    # ~500 at once); kinds whose load reads the warehouse to decide (paper entries, outcome files,
    # returns, reference files) load one file per transaction.
    batched: ClassVar[bool] = False

    @abstractmethod
    def recognises(self, incoming: Incoming, fw: Framework) -> bool:
        """Cheap: sheet names, a heading or a header row, never the values."""

    @abstractmethod
    def parse(self, incoming: Incoming, fw: Framework) -> object:
        """The file's content as written; raises Refused with every problem found, not just the first."""

    def read(self, incoming: Incoming, job: Job) -> Accepted:
        """The content, identified where the kind is about one area and year; raises Refused."""
        return Accepted(self.name, self.parse(incoming, job.fw))

    @abstractmethod
    def load(self, con: "duckdb.DuckDBPyConnection", files: Sequence[Landed], ledger: "Ledger",
             fw: Framework) -> "list[FileOutcome]":
        """Write the raw rows of new files of this kind, one outcome each, in order. The caller owns
        the transaction, writes raw.files and the audit trail, and refuses the files if this raises."""
