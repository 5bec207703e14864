"""What comparing two typings produces, on its own so that the writers and the comparison share it.

The resolution workbook (`ingest.paper.template`) lists disagreements and double entry
(`ingest.paper.double_entry`) finds them; keeping the record here lets both import it without
either importing the other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Disagreement:
    """One place where the first and second entry differ, with both values as typed."""

    form_id: str
    item_id: str
    first_value: str | None
    second_value: str | None
    first_location: str | None  # None when the form (or its dig-deeper row) is missing from that entry
    second_location: str | None
