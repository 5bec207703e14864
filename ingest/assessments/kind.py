"""Assessment workbooks as kinds of file: the Excel tool, and any borough's own grid of scores.

Both read into a Submission, are identified (area, year) and load into raw.submissions,
raw.participants and raw.scores, many files to a transaction. Paper entries (ingest.paper.kind)
read the same way but settle through double entry before anything loads.
"""

from __future__ import annotations

from collections.abc import Sequence

from framework.model import Framework
from ingest.assessments.grid_reader import GridWorkbookReader
from ingest.assessments.loadable import Loadable
from ingest.assessments.template_reader import TemplateWorkbookReader
from ingest.core.identify import identify
from ingest.core.submission import Submission
from ingest.kinds import Accepted, FileKind, Incoming, Job, Landed


class AssessmentKind(FileKind):
    """A workbook of scores read by one reader class (built with the framework, as every reader
    checks item IDs and choices against it); named after its reader."""

    batched = True

    def __init__(self, reader: type):
        self.reader, self.name = reader, reader.name

    def recognises(self, incoming: Incoming, fw: Framework) -> bool:
        return self.reader(fw).recognises(incoming.book)

    def parse(self, incoming: Incoming, fw: Framework) -> Submission:
        return self.reader(fw).read(incoming.book)

    def read(self, incoming: Incoming, job: Job) -> Accepted:
        submission = self.parse(incoming, job.fw)
        identity = identify(submission, incoming.file_name, job.fw, job.area, job.year)
        return Accepted(self.name, Loadable.of(submission, identity), identity.area_code, identity.area_name,
                        identity.assessment_year)

    def load(self, con, files: Sequence[Landed], ledger, fw: Framework):
        from ingest.assessments.loader import load_assessments

        return load_assessments(con, files, ledger)


TEMPLATE = AssessmentKind(TemplateWorkbookReader)  # the Beyond Boundaries Excel tool, by its exact layout
GRID = AssessmentKind(GridWorkbookReader)  # any other grid with the items named along one side: tried last
