"""Loading a reference file: its rows, and the file of the same kind it supersedes. The latest
file of each kind is current; pipelines.assets.reference rebuilds reference.statistical_neighbours
from it on every build."""

from __future__ import annotations

from dataclasses import fields

import duckdb

from ingest import tables as T
from ingest.kinds import Landed
from ingest.reference.neighbours import NeighbourRow
from ingest.results import FileOutcome, FileStatus

NEIGHBOUR_FIELDS = [f.name for f in fields(NeighbourRow)]


def write_neighbours(con: duckdb.DuckDBPyConnection, landed: Landed, kind: str) -> FileOutcome:
    """The raw rows of one neighbours file; the caller owns the transaction."""
    read, table = landed.read, landed.accepted.content
    replaced = [name for (name,) in con.execute(
        "select file_name from raw.reference_files where kind = ? and superseded_by is null", [kind]).fetchall()]
    con.execute("update raw.reference_files set superseded_by = ? where kind = ? and superseded_by is null",
                [read.sha256, kind])
    T.append(con, T.REFERENCE_FILES, {
        "file_id": [read.sha256], "file_name": [read.name], "kind": [kind], "n_rows": [len(table.rows)],
        "is_synthetic": [table.is_synthetic], "loaded_at": [landed.at],
    })
    T.append(con, T.STATISTICAL_NEIGHBOUR_ROWS, T.columns_of(table.rows, T.same_names(*NEIGHBOUR_FIELDS),
                                                             file_id=read.sha256))
    areas = len({row.area_code for row in table.rows})
    detail = f"statistical neighbours: {areas} local authorities, {len(table.rows)} neighbours"
    if table.is_synthetic:
        detail = "SYNTHETIC " + detail
    detail = "; ".join((detail, *table.notes))
    if replaced:
        detail = f"replaces {', '.join(replaced)}; {detail}"
    return FileOutcome(read.name, read.sha256, FileStatus.SUPERSEDED if replaced else FileStatus.ACCEPTED,
                       detail=detail)


def current_neighbours_sql(kind: str) -> str:
    """The rows of the current file of `kind`, as reference.statistical_neighbours holds them."""
    columns = ", ".join(f"n.{c.name}" for c in T.STATISTICAL_NEIGHBOURS.columns)
    return (f"select {columns} from raw.statistical_neighbours as n join raw.reference_files as f using (file_id) "
            f"where f.kind = '{kind}' and f.superseded_by is null order by n.area_code, n.neighbour_rank")
