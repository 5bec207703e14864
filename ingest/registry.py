"""The kinds of file the warehouse takes, in the order they are tried: the first that recognises a
file reads it. This is the only dispatch.

Outcome layouts come first, told apart by a CSV's header row, so that a download is never taken
for a borough's table of scores; then our own workbooks, each by its exact layout (the
data-sharing questionnaire before the Excel tool, whose About sheet it shares); then DfE's
statistical neighbours and ONS's ICB lookup (no outcome layout claims a lookup's header: its
columns are ONS's LAD23CD, ICB23CD …); and any other grid of scores last.
"""

from __future__ import annotations

from pathlib import Path

from framework.model import Framework
from ingest.assessments import layout as L
from ingest.assessments.kind import GRID, TEMPLATE
from ingest.core.problems import Problem, Refused
from ingest.data_sharing.kind import DataSharingKind
from ingest.kinds import FileKind, Incoming
from ingest.outcomes.kind import OUTCOME_KINDS, near_miss
from ingest.outcomes.model import OutcomeFile
from ingest.paper.kind import RESOLUTION, TRANSCRIPTION
from ingest.reference.kind import IcbLookupKind, StatisticalNeighboursKind

KINDS: tuple[FileKind, ...] = (
    *OUTCOME_KINDS, DataSharingKind(), TEMPLATE, TRANSCRIPTION, RESOLUTION, StatisticalNeighboursKind(),
    IcbLookupKind(), GRID,
)
BY_NAME = {kind.name: kind for kind in KINDS}

EXPECTED = (
    f"expected the Beyond Boundaries Excel tool (sheets '{L.ABOUT_SHEET}' and '{L.ENABLER_SHEET.name}'), "
    "or a table of scores with the enablers or indicators named along one side"
)


def kind_named(name: str) -> FileKind:
    return BY_NAME[name]


def recognise(incoming: Incoming, fw: Framework, allowed: tuple[str, ...] = ()) -> FileKind:
    """The first kind (of `allowed`, when given) that recognises the file; Refused when none does.
    A single allowed kind is the caller's word for what the file is: it reads the file without
    being asked, so its own refusal says what is wrong."""
    kinds = [BY_NAME[name] for name in allowed] if allowed else KINDS
    if len(kinds) == 1 and allowed:
        return kinds[0]
    for kind in kinds:
        if kind.recognises(incoming, fw):
            return kind
    if explanation := near_miss(incoming):
        raise Refused([Problem("file", explanation)])
    found = ", ".join(f"'{name}'" for name in incoming.book.sheet_names) or "none"
    raise Refused([Problem("file", f"not a Beyond Boundaries workbook: {EXPECTED} (found sheets {found})")])


def read_content(path: Path, fw: Framework, file_name: str | None = None) -> object:
    """What the kind that recognises the file reads from it, before identification: a Submission,
    a DataSharingReturn, an OutcomeFile, a NeighbourTable or an IcbLookupTable. Raises Refused."""
    with Incoming(Path(path), file_name or Path(path).name) as incoming:
        return recognise(incoming, fw).parse(incoming, fw)


def read_outcome_file(path: Path, file_name: str | None = None) -> OutcomeFile | None:
    """The outcome file at `path`, or None when it is in no outcome layout; raises Refused when it is
    one but bad. `file_name` is the name it arrived under (`path` may be an archived copy)."""
    with Incoming(Path(path), file_name or Path(path).name) as incoming:
        for kind in OUTCOME_KINDS:
            if kind.recognises(incoming, None):
                return kind.parse(incoming, None)
    return None
