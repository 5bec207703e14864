"""Reference files as kinds of file: today DfE's statistical neighbours, recognised by DfE's sheet
name (or, in a CSV, by its "LA number" and "SN1" headings). They arrive in the inbox like any other
file, or are put at HOME/reference/ and read there on every build (pipelines.assets.reference);
either way archived, audited and refused with reasons like a borough's workbook."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from framework.model import Framework
from ingest.kinds import FileKind, Incoming, Landed
from ingest.reference.neighbours import NeighbourRow, looks_like_neighbours, marked_synthetic, read_neighbours_book
from ingest.results import FileOutcome


@dataclass(frozen=True)
class NeighbourTable:
    rows: tuple[NeighbourRow, ...]
    is_synthetic: bool


class StatisticalNeighboursKind(FileKind):
    name = "statistical_neighbours"

    def recognises(self, incoming: Incoming, fw: Framework) -> bool:
        return looks_like_neighbours(incoming.book)

    def parse(self, incoming: Incoming, fw: Framework) -> NeighbourTable:
        rows = read_neighbours_book(incoming.book, fw)
        return NeighbourTable(tuple(rows), marked_synthetic(incoming.book))

    def load(self, con, files: Sequence[Landed], ledger, fw: Framework) -> list[FileOutcome]:
        from ingest.reference.loader import write_neighbours

        return [write_neighbours(con, landed, self.name) for landed in files]
