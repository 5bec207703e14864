"""Paper forms typed up in our transcription workbook, and resolution files settling where two
typings disagree. They read like the Excel tool, but load one at a time through double entry
(ingest.paper.double_entry): an entry may be held or wait for its pair instead of loading."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from framework.model import Framework
from ingest.assessments.kind import AssessmentKind
from ingest.assessments.loadable import Loadable
from ingest.kinds import Landed
from ingest.paper.resolution_reader import PaperResolutionReader
from ingest.paper.transcription_reader import PaperTranscriptionReader
from ingest.results import FileOutcome, FileStatus


class PaperKind(AssessmentKind):
    batched = False  # settling writes transcription tables that a shared transaction could not undo for one file

    def load(self, con, files: Sequence[Landed], ledger, fw: Framework) -> list[FileOutcome]:
        from ingest.assessments.loader import load_assessments
        from ingest.paper.double_entry import settle

        [landed] = files
        read, loadable = landed.read, landed.accepted.content
        identity = loadable.identity
        settlement = settle(con, loadable.submission, identity, read.sha256, read.name, fw)
        if settlement.kind != "load":  # what the reader noticed is said now: this file may never load itself
            detail = "; ".join((settlement.detail, *loadable.head.notes))
            return [FileOutcome(read.name, read.sha256, FileStatus(settlement.kind), identity.area_code,
                                identity.area_name, identity.assessment_year, detail=detail)]
        merged = Loadable.of(settlement.submission, identity)
        released = Landed(replace(read, result=replace(landed.accepted, content=merged)), landed.at)
        [outcome] = load_assessments(con, [released], ledger)
        return [replace(outcome, detail=f"{settlement.detail}; {outcome.detail}")]


TRANSCRIPTION = PaperKind(PaperTranscriptionReader)
RESOLUTION = PaperKind(PaperResolutionReader)
