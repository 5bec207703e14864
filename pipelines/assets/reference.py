"""Reference data supplied beside the borough returns: DfE's statistical neighbours and ONS's local
authority to ICB lookup.

A reference file arrives in the inbox like any other file, or is put at HOME/reference/ under its
kind's name — `statistical_neighbours.xlsx`, `icb_lookup.csv` (or .xlsx, .xlsm, .xls, .ods, .csv)
— and read from there on every build. Either way it goes through the ingest path as its kind:
archived by sha256, audited, and refused with one row per problem in `audit.rejections`. Each build
then rebuilds the kind's reference table from the latest accepted file: `reference.statistical_neighbours`
(the benchmark mart's statistical-neighbour comparator group) and `reference.ons_area_icbs` (ICB
memberships beyond the framework's own, in framework.area_icbs' columns). A refused file leaves the
last good table in place. No file ever: the table is empty.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb

from framework import load_framework
from ingest import tables as T
from ingest.batch.loading import ingest_files
from ingest.core.archive import sha256_of
from ingest.reference.kind import IcbLookupKind, StatisticalNeighboursKind
from ingest.reference.loader import current_area_icbs_sql, current_neighbours_sql
from pipelines.resources import WAREHOUSE_POOL, HomeResource, WriterLockResource
from warehouse.home import Home


@dataclass(frozen=True)
class ReferenceKind:
    """A reference kind as a build reads it: its file's stem at HOME/reference, its kind of file, the
    table it rebuilds, and that table's rows from the current file."""

    stem: str
    kind: str
    table: T.Table
    current_sql: Callable[[str], str]
    label: str  # for the log: "statistical neighbours file refused: …"


NEIGHBOURS = ReferenceKind("statistical_neighbours", StatisticalNeighboursKind.name, T.STATISTICAL_NEIGHBOURS,
                           current_neighbours_sql, "statistical neighbours")
ICB_LOOKUP = ReferenceKind("icb_lookup", IcbLookupKind.name, T.ONS_AREA_ICBS, current_area_icbs_sql, "ICB lookup")
NEIGHBOURS_STEM = NEIGHBOURS.stem  # the demo writes its neighbours file there (pipelines.cli)


def load_reference(home: Home, reference: ReferenceKind) -> tuple[str, int, list[str]]:
    """Ingest the supplied file when its bytes are new, then rebuild the reference table; returns
    (status, rows, problems). status: "absent" (no file supplied), "loaded" (the file's bytes are
    loaded, now or before), or "refused" (now or before: the reasons are recorded once per version,
    not once per build; the previous table, or an empty one, is kept)."""
    path = home.reference_file(reference.stem)
    status, problems = "absent", []
    if path is not None:
        status, problems = _ingest_once(home, path, reference.kind)
    with duckdb.connect(str(home.warehouse)) as con:
        # the raw and audit tables dbt reads exist even before any ingest
        T.ensure_tables(con, (*T.INGEST_TABLES, reference.table))
        table = reference.table.qualified
        con.begin()
        con.execute(f"delete from {table}")
        con.execute(f"insert into {table} by name {reference.current_sql(reference.kind)}")
        con.commit()
        rows = con.execute(f"select count(*) from {table}").fetchone()[0]
    return status, rows, problems


def load_statistical_neighbours(home: Home) -> tuple[str, int, list[str]]:
    return load_reference(home, NEIGHBOURS)


def load_ons_area_icbs(home: Home) -> tuple[str, int, list[str]]:
    return load_reference(home, ICB_LOOKUP)


def _ingest_once(home: Home, path: Path, kind: str) -> tuple[str, list[str]]:
    """The file through the ingest path, unless these bytes were loaded or refused before."""
    sha256 = sha256_of(path)
    with duckdb.connect(str(home.warehouse)) as con:
        T.ensure_tables(con)
        if con.execute("select count(*) from raw.files where sha256 = ?", [sha256]).fetchone()[0]:
            return "loaded", []
        earlier = con.execute(
            "select location || ': ' || reason from audit.rejections where sha256 = ? order by rejected_at, location",
            [sha256]).fetchall()
    if earlier:
        return "refused", [problem for (problem,) in earlier]
    [outcome] = ingest_files([path], home, load_framework(), kinds=(kind,)).outcomes
    return ("loaded", []) if outcome.status.loads else ("refused", [str(p) for p in outcome.problems])


def _materialise(context: dg.AssetExecutionContext, home: HomeResource,
                 reference: ReferenceKind) -> dg.MaterializeResult:
    status, rows, problems = load_reference(home.get(), reference)
    if status == "refused":
        context.log.warning(f"{reference.label} file refused: " + "; ".join(problems))
    return dg.MaterializeResult(
        metadata={"status": status, "dagster/row_count": rows, "problems": dg.MetadataValue.json(problems)}
    )


@dg.asset(
    key=["reference", "statistical_neighbours"],
    group_name="reference",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
)
def statistical_neighbours(
    context: dg.AssetExecutionContext, home: HomeResource, writer_lock: WriterLockResource
) -> dg.MaterializeResult:
    return _materialise(context, home, NEIGHBOURS)


@dg.asset(
    key=["reference", "ons_area_icbs"],
    group_name="reference",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
)
def ons_area_icbs(
    context: dg.AssetExecutionContext, home: HomeResource, writer_lock: WriterLockResource
) -> dg.MaterializeResult:
    return _materialise(context, home, ICB_LOOKUP)
