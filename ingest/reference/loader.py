"""Loading a reference file: its rows, and the file of the same kind it supersedes. The latest
file of each kind is current; pipelines.assets.reference rebuilds reference.statistical_neighbours
and reference.ons_area_icbs from it on every build."""

from __future__ import annotations

from dataclasses import fields

import duckdb

from ingest import tables as T
from ingest.kinds import Landed
from ingest.reference.icb_lookup import IcbLookupRow, IcbLookupTable
from ingest.reference.neighbours import NeighbourRow, NeighbourTable
from ingest.results import FileOutcome, FileStatus

NEIGHBOUR_FIELDS = [f.name for f in fields(NeighbourRow)]
ICB_LOOKUP_FIELDS = [f.name for f in fields(IcbLookupRow)]


def write_neighbours(con: duckdb.DuckDBPyConnection, landed: Landed, kind: str) -> FileOutcome:
    """The raw rows of one neighbours file; the caller owns the transaction."""
    table: NeighbourTable = landed.accepted.content
    replaced = _register(con, landed, kind, len(table.rows), table.is_synthetic)
    T.append(con, T.STATISTICAL_NEIGHBOUR_ROWS, T.columns_of(table.rows, T.same_names(*NEIGHBOUR_FIELDS),
                                                             file_id=landed.read.sha256))
    areas = len({row.area_code for row in table.rows})
    detail = f"statistical neighbours: {areas} local authorities, {len(table.rows)} neighbours"
    return _outcome(landed, replaced, detail, table.is_synthetic, table.notes)


def write_icb_lookup(con: duckdb.DuckDBPyConnection, landed: Landed, kind: str) -> FileOutcome:
    """The raw rows of one ICB lookup; the caller owns the transaction."""
    table: IcbLookupTable = landed.accepted.content
    replaced = _register(con, landed, kind, len(table.rows), table.is_synthetic)
    T.append(con, T.ICB_LOOKUP_ROWS, T.columns_of(table.rows, T.same_names(*ICB_LOOKUP_FIELDS),
                                                  file_id=landed.read.sha256))
    return _outcome(landed, replaced, f"ICB lookup: {len(table.rows)} local authorities in {table.n_icbs} ICBs",
                    table.is_synthetic, table.notes)


def _register(con: duckdb.DuckDBPyConnection, landed: Landed, kind: str, n_rows: int, is_synthetic: bool) -> list[str]:
    """The file in raw.reference_files, superseding the current file of its kind; the names it replaces."""
    read = landed.read
    replaced = [name for (name,) in con.execute(
        "select file_name from raw.reference_files where kind = ? and superseded_by is null", [kind]).fetchall()]
    con.execute("update raw.reference_files set superseded_by = ? where kind = ? and superseded_by is null",
                [read.sha256, kind])
    T.append(con, T.REFERENCE_FILES, {
        "file_id": [read.sha256], "file_name": [read.name], "kind": [kind], "n_rows": [n_rows],
        "is_synthetic": [is_synthetic], "loaded_at": [landed.at],
    })
    return replaced


def _outcome(landed: Landed, replaced: list[str], detail: str, is_synthetic: bool,
             notes: tuple[str, ...]) -> FileOutcome:
    """"[replaces a.csv; ][SYNTHETIC ]<detail>[; note …]"."""
    if is_synthetic:
        detail = "SYNTHETIC " + detail
    detail = "; ".join((detail, *notes))
    if replaced:
        detail = f"replaces {', '.join(replaced)}; {detail}"
    read = landed.read
    return FileOutcome(read.name, read.sha256, FileStatus.SUPERSEDED if replaced else FileStatus.ACCEPTED,
                       detail=detail)


def current_rows_sql(kind: str, raw: T.Table, reference: T.Table, order_by: str) -> str:
    """The rows of the current file of `kind` in `raw`, as the `reference` table holds them (a column
    `raw` lacks, such as area_icbs' valid_to, is null)."""
    present = set(raw.column_names)
    columns = ", ".join(f"r.{c.name}" if c.name in present else f"null::{c.type} as {c.name}"
                        for c in reference.columns)
    return (f"select {columns} from {raw.qualified} as r join raw.reference_files as f using (file_id) "
            f"where f.kind = '{kind}' and f.superseded_by is null order by {order_by}")


def current_neighbours_sql(kind: str) -> str:
    """The rows of the current neighbours file, as reference.statistical_neighbours holds them."""
    return current_rows_sql(kind, T.STATISTICAL_NEIGHBOUR_ROWS, T.STATISTICAL_NEIGHBOURS,
                            "r.area_code, r.neighbour_rank")


def current_area_icbs_sql(kind: str) -> str:
    """The memberships of the current ICB lookup, as reference.ons_area_icbs holds them."""
    return current_rows_sql(kind, T.ICB_LOOKUP_ROWS, T.ONS_AREA_ICBS, "r.area_code")
