"""What moves through ingestion: the content of a workbook, problems found in it, and per-file outcomes.

Readers turn a file into a `Submission`; the template writer and the synthetic generator describe a
filled workbook as `WorkbookContent`. Keeping both here lets each reader, writer and test speak the
same small vocabulary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

GRAINS = ("enabler", "indicator")
STATUSES = ("accepted", "unchanged", "superseded", "refused", "held", "waiting")  # the last two: paper entries
# How a submission's values were entered: by participants into the Excel tool, or typed up from
# paper forms once ("single"), twice independently ("first", "second"; loaded only once merged as
# "double"), or a "resolution" file settling where the two entries disagree.
ENTRIES = ("workbook", "single", "first", "second", "double", "resolution")


@dataclass(frozen=True)
class Problem:
    """One reason a file is refused, located as precisely as the file allows."""

    location: str  # "'Enabler scores'!D7", "'About'!B3", or "file" when the whole file is at fault
    reason: str  # "score 6 is outside 1–5"

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


class Refused(Exception):
    """Raised by a reader or by identification when a file cannot be accepted."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class ParticipantEntry:
    """One participant's column in a filled workbook (writer side)."""

    label: str  # unique within its workbook, e.g. "P03" or initials
    sector: str | None
    role_level: str | None  # "Strategic" | "Operational" | None
    enabler_scores: Mapping[str, int | None]  # "E01" → 1…5, or None when skipped
    indicator_scores: Mapping[str, int | None] = field(default_factory=dict)  # empty: did not dig deeper


@dataclass(frozen=True)
class WorkbookContent:
    """Everything a filled template holds; the template writer's input."""

    area_name: str
    assessment_year: int
    group_label: str | None
    is_synthetic: bool
    participants: tuple[ParticipantEntry, ...]


@dataclass(frozen=True)
class ParticipantRecord:
    participant_id: str  # stable within its submission, e.g. "P01" (column position)
    label: str | None
    sector: str | None
    role_level: str | None
    location: str | None = None  # where the details were read, when a row holds them: "'Enabler forms'!A7"


@dataclass(frozen=True)
class ScoreRecord:
    """One participant × item cell. score None means skipped; raw_value keeps what was typed."""

    participant_id: str
    grain: str  # "enabler" | "indicator"
    item_id: str  # "E01" or "E01.1"
    score: int | None
    raw_value: str | None
    sheet: str
    cell: str  # "D7"


@dataclass(frozen=True)
class Resolution:
    """One settled disagreement between two paper entries, as written in a resolution file."""

    form_id: str
    item_id: str  # "E01", "E01.1", or one of ingest.paper_layout's form and participant-detail items
    value: str | None  # "3", "skip", a detail (None: settled as blank), "present" | "absent"
    location: str  # the cell holding the value, for messages


@dataclass(frozen=True)
class Submission:
    """A reader's result: the scores and the clues needed to identify area and year."""

    reader: str
    area_text: str | None  # as written in the file
    area_location: str | None  # where it was found, for messages
    year_text: str | None
    year_location: str | None
    group_label: str | None
    is_synthetic: bool
    participants: tuple[ParticipantRecord, ...]
    scores: tuple[ScoreRecord, ...]
    # Other text that may name the area or year when no labelled cell does: title lines, headings,
    # sheet names — (text, location) pairs in reading order. Identification falls back to these,
    # then to the file name.
    titles: tuple[tuple[str, str], ...] = ()
    entry: str = "workbook"  # one of ENTRIES
    transcriber: str | None = None  # who typed a paper entry, or who settled a resolution file
    resolutions: tuple[Resolution, ...] = ()  # only in a resolution file


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file; printed as one line by `maturity ingest`."""

    file_name: str
    sha256: str
    status: str  # one of STATUSES
    area_code: str | None = None
    area_name: str | None = None
    assessment_year: int | None = None
    detail: str = ""
    problems: tuple[Problem, ...] = ()

    def line(self) -> str:
        where = f"{self.area_name} {self.assessment_year}" if self.area_name else ""
        text = "; ".join(str(p) for p in self.problems) if self.problems else self.detail
        parts = [p for p in (where, text) if p]
        return f"{self.status:<10} {self.file_name}" + (f" — {', '.join(parts)}" if parts else "")
