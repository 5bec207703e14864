"""Outcome files as kinds of file, one per published layout, told apart by a CSV's header row alone.

They are tried before any workbook reader, so a Fingertips CSV is never mistaken for a borough's
own table of scores; a CSV in none of these layouts is left for the assessment readers. A file
recognisably in a layout but wrong is refused with every problem found; one that no kind takes but
that has an outcome file's columns is refused by the registry with `near_miss`'s explanation.
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


# Columns only outcome files have: a CSV with one of them that no kind recognises was meant as one.
OUTCOME_HINTS = ("time_period", "time_identifier", "geographic_level", "Indicator ID", "Area Code", "Area Type")
# Each layout as `near_miss` reports it: (name, columns it needs, columns of which it needs one).
_LAYOUTS = (
    ("Fingertips data", fingertips.REQUIRED, fingertips.SIGNATURE),
    ("Fingertips indicator definitions", fingertips_metadata.REQUIRED, fingertips_metadata.SIGNATURE),
    ("Explore Education Statistics", ees.REQUIRED, ()),
    ("generic long CSV", generic.REQUIRED, ()),
)


def near_miss(incoming: Incoming) -> str | None:
    """Why a CSV that looks like an outcome file is in none of the layouts; None when it does not look like one."""
    table = incoming.table
    if table is None:
        return None
    columns = table.columns()
    if not any(name in columns for name in OUTCOME_HINTS):
        return None
    tried = []
    for name, required, one_of in _LAYOUTS:
        missing = [f"'{column}'" for column in required if column not in columns]
        if one_of and not any(column in columns for column in one_of):
            missing.append("one of " + ", ".join(f"'{column}'" for column in one_of))
        tried.append(f"{name} (missing {', '.join(missing)})")
    return f"an outcome file in none of the known layouts: tried {'; '.join(tried)}"


# In the order they are tried: Fingertips data before its definitions file, which shares its "Indicator ID".
OUTCOME_KINDS = (
    OutcomeKind("fingertips", fingertips.is_fingertips_data, fingertips.read_fingertips),
    OutcomeKind("fingertips_metadata", fingertips_metadata.is_fingertips_metadata,
                fingertips_metadata.read_fingertips_metadata),
    OutcomeKind("ees", ees.is_ees, ees.read_ees),  # DfE Explore Education Statistics
    OutcomeKind("generic", generic.is_generic, generic.read_generic),  # a long CSV from any other publisher
)
