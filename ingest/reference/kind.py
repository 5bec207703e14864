"""Reference files as kinds of file: DfE's statistical neighbours, recognised by DfE's sheet name
(or, in a CSV, by its "LA number" or "LA num" and "SN1" headings), and ONS's local authority to ICB
lookup, recognised by its ICByyCD and authority code headings (ingest.reference.icb_lookup). They
arrive in the inbox like any other file, or are put at HOME/reference/ and read there on every
build (pipelines.assets.reference); either way archived, audited and refused with reasons like a
borough's workbook."""

from __future__ import annotations

from collections.abc import Sequence

from framework.model import Framework
from ingest.kinds import FileKind, Incoming, Landed
from ingest.reference.icb_lookup import IcbLookupTable, looks_like_icb_lookup, read_icb_lookup_book
from ingest.reference.neighbours import NeighbourTable, looks_like_neighbours, read_neighbours_book
from ingest.results import FileOutcome


class StatisticalNeighboursKind(FileKind):
    name = "statistical_neighbours"

    def recognises(self, incoming: Incoming, fw: Framework) -> bool:
        return looks_like_neighbours(incoming.book)

    def parse(self, incoming: Incoming, fw: Framework) -> NeighbourTable:
        return read_neighbours_book(incoming.book, fw)

    def load(self, con, files: Sequence[Landed], ledger, fw: Framework) -> list[FileOutcome]:
        from ingest.reference.loader import write_neighbours

        return [write_neighbours(con, landed, self.name) for landed in files]


class IcbLookupKind(FileKind):
    name = "icb_lookup"

    def recognises(self, incoming: Incoming, fw: Framework) -> bool:
        return looks_like_icb_lookup(incoming.book)

    def parse(self, incoming: Incoming, fw: Framework) -> IcbLookupTable:
        return read_icb_lookup_book(incoming.book, fw)

    def load(self, con, files: Sequence[Landed], ledger, fw: Framework) -> list[FileOutcome]:
        from ingest.reference.loader import write_icb_lookup

        return [write_icb_lookup(con, landed, self.name) for landed in files]
