"""Outcome files: which layout a CSV is in, decided from its header alone, and the reader for it.

Outcome files arrive through the same inbox as maturity workbooks, so a CSV that is not in any
outcome layout must be handed back untouched (None) for the maturity readers to try; a CSV that
is recognisably an outcome layout but wrong is refused with every problem found.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest.outcomes.csv_table import Table, read_table
from ingest.outcomes.ees import is_ees, read_ees
from ingest.outcomes.fingertips import is_fingertips_data, read_fingertips
from ingest.outcomes.fingertips_metadata import (
    is_fingertips_metadata,
    read_fingertips_metadata,
)
from ingest.outcomes.generic import is_generic, read_generic
from ingest.outcomes.model import OutcomeFile

# Tried in order: a Fingertips data file also has the definitions file's "Indicator ID".
_LAYOUTS: tuple[tuple[Callable[[dict[str, int]], bool], Callable[[Table, str], OutcomeFile]], ...] = (
    (is_fingertips_data, read_fingertips),
    (is_fingertips_metadata, read_fingertips_metadata),
    (is_ees, read_ees),
    (is_generic, read_generic),
)


def read_outcome_file(path: Path, file_name: str | None = None) -> OutcomeFile | None:
    """The outcome file at `path`, or None when it is in no outcome layout; raises Refused when it is one but bad.

    `file_name` is the name the file arrived under (`path` may be an archived copy named by its hash).
    """
    name = file_name or Path(path).name
    if Path(name).suffix.lower() != ".csv":
        return None
    table = read_table(Path(path))
    if table is None:
        return None
    columns = table.columns()
    for recognises, read in _LAYOUTS:
        if recognises(columns):
            return read(table, name)
    return None
