"""Outcome files as kinds of file, one per published layout, told apart by a CSV's header row alone.

They are tried before any workbook reader, so a Fingertips CSV is never mistaken for a borough's
own table of scores; a CSV in none of these layouts is left for the assessment readers. A file
recognisably in a layout but wrong is refused with every problem found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from framework.model import Framework
from ingest.kinds import FileKind, Incoming, Landed
from ingest.outcomes import ees, fingertips, fingertips_metadata, generic
from ingest.outcomes.csv_table import Table
from ingest.outcomes.model import OutcomeFile
from ingest.results import FileOutcome


class OutcomeKind(FileKind):
    """One published layout: recognised by a CSV's header columns, read by its module's reader."""

    def __init__(self, name: str, is_layout: Callable[[dict[str, int]], bool],
                 read_layout: Callable[[Table, str], OutcomeFile]):
        self.name, self._is_layout, self._read_layout = name, is_layout, read_layout

    def recognises(self, incoming: Incoming, fw: Framework | None) -> bool:
        table = incoming.table
        return table is not None and self._is_layout(table.columns())

    def parse(self, incoming: Incoming, fw: Framework | None) -> OutcomeFile:
        assert incoming.table is not None, "only recognised files are parsed"
        return self._read_layout(incoming.table, incoming.file_name)

    def load(self, con, files: Sequence[Landed], ledger, fw: Framework) -> list[FileOutcome]:
        from ingest.outcomes.loader import write_outcome_file

        return [write_outcome_file(con, landed) for landed in files]


# In the order they are tried: Fingertips data before its definitions file, which shares its "Indicator ID".
OUTCOME_KINDS = (
    OutcomeKind("fingertips", fingertips.is_fingertips_data, fingertips.read_fingertips),
    OutcomeKind("fingertips_metadata", fingertips_metadata.is_fingertips_metadata,
                fingertips_metadata.read_fingertips_metadata),
    OutcomeKind("ees", ees.is_ees, ees.read_ees),  # DfE Explore Education Statistics
    OutcomeKind("generic", generic.is_generic, generic.read_generic),  # a long CSV from any other publisher
)
