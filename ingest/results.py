"""What ingesting gives back: each file's outcome, and the batch's report.

The ingest asset returns an `IngestReport` and the command line prints it; nothing downstream
re-reads Dagster metadata to learn what happened, so a status added here is counted everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ingest.core.names import shown
from ingest.core.problems import Problem

LINE_PROBLEMS = 3  # problems printed per file; the rest are in audit.rejections
PROBLEM_CHARS = 300


class FileStatus(StrEnum):
    """A file's status when it was handled. The values are what audit.file_events records."""

    ACCEPTED = "accepted"
    SUPERSEDED = "superseded"  # accepted, and replaces what an earlier file loaded
    UNCHANGED = "unchanged"  # the same bytes were loaded before
    REFUSED = "refused"
    HELD = "held"  # a paper entry whose two typings disagree, until a resolution settles them
    WAITING = "waiting"  # a paper entry waiting for its second typing

    @property
    def loads(self) -> bool:
        return self in (FileStatus.ACCEPTED, FileStatus.SUPERSEDED)


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file; printed as one line by `maturity ingest`."""

    file_name: str
    sha256: str
    status: FileStatus
    area_code: str | None = None
    area_name: str | None = None
    assessment_year: int | None = None
    detail: str = ""
    problems: tuple[Problem, ...] = ()

    def line(self) -> str:
        """Bounded whatever the file: its name shown on one line, the first LINE_PROBLEMS problems,
        each cut to PROBLEM_CHARS, and how many more audit.rejections holds."""
        where = f"{self.area_name} {self.assessment_year}" if self.area_name else ""
        text = "; ".join(_cut(shown(str(p)), PROBLEM_CHARS) for p in self.problems[:LINE_PROBLEMS])
        if len(self.problems) > LINE_PROBLEMS:
            text += f"; +{len(self.problems) - LINE_PROBLEMS} more in audit.rejections"
        parts = [p for p in (where, text or shown(self.detail)) if p]
        return f"{self.status:<10} {shown(self.file_name)}" + (f" — {', '.join(parts)}" if parts else "")


def _cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[:chars - 1] + "…"


@dataclass(frozen=True)
class IngestReport:
    """Every file's outcome in input order (the report reads as that sequence), and the count of every status."""

    outcomes: tuple[FileOutcome, ...] = ()

    def __iter__(self):
        return iter(self.outcomes)

    def __len__(self) -> int:
        return len(self.outcomes)

    def __getitem__(self, index: int) -> FileOutcome:
        return self.outcomes[index]

    def counts(self) -> dict[FileStatus, int]:
        """Every status, in FileStatus order, zeros included."""
        return {status: sum(o.status == status for o in self.outcomes) for status in FileStatus}

    @property
    def any_refused(self) -> bool:
        return any(o.status == FileStatus.REFUSED for o in self.outcomes)

    def summary(self) -> str:
        return ", ".join(f"{n} {status}" for status, n in self.counts().items())
