"""The data-sharing questionnaire as a kind of file: our own workbook, recognised by its question
sheet and tried before the Excel tool's readers; identified by its About sheet like a workbook of
scores, and loaded one return per transaction (a newer return for the area and year supersedes)."""

from __future__ import annotations

from collections.abc import Sequence

from framework.model import Framework
from ingest.core.identify import identify
from ingest.data_sharing.model import DataSharingReturn, IdentifiedReturn
from ingest.data_sharing.reader import DataSharingReader
from ingest.kinds import Accepted, FileKind, Incoming, Job, Landed
from ingest.results import FileOutcome


class DataSharingKind(FileKind):
    name = "data_sharing"

    def recognises(self, incoming: Incoming, fw: Framework) -> bool:
        return DataSharingReader(fw).recognises(incoming.book)

    def parse(self, incoming: Incoming, fw: Framework) -> DataSharingReturn:
        return DataSharingReader(fw).read(incoming.book)

    def read(self, incoming: Incoming, job: Job) -> Accepted:
        questionnaire = self.parse(incoming, job.fw)
        identity = identify(questionnaire.submission, incoming.file_name, job.fw, job.area, job.year)
        return Accepted(self.name, IdentifiedReturn(questionnaire, identity), identity.area_code, identity.area_name,
                        identity.assessment_year)

    def load(self, con, files: Sequence[Landed], ledger, fw: Framework) -> list[FileOutcome]:
        from ingest.data_sharing.loader import write_return

        return [write_return(con, landed) for landed in files]
