"""Reference data supplied beside the borough returns: DfE's statistical neighbours.

A neighbours file arrives in the inbox like any other file, or is put at
`HOME/reference/statistical_neighbours.xlsx` (or .xlsm, .xls, .ods, .csv) and read from there on
every build. Either way it goes through the ingest path as the `statistical_neighbours` kind:
archived by sha256, audited, and refused with one row per problem in `audit.rejections`. Each
build then rebuilds `reference.statistical_neighbours` from the latest accepted file, which the
benchmark mart uses as a comparator group; a refused file leaves the last good table in place. No
file ever: the table is empty and there is no statistical-neighbour comparator.
"""

import dagster as dg
import duckdb

from framework import load_framework
from ingest import tables as T
from ingest.batch.loading import ingest_files
from ingest.core.archive import sha256_of
from ingest.reference.kind import StatisticalNeighboursKind
from ingest.reference.loader import current_neighbours_sql
from pipelines.resources import WAREHOUSE_POOL, HomeResource, WriterLockResource
from warehouse.home import Home

NEIGHBOURS_STEM = "statistical_neighbours"
KIND = StatisticalNeighboursKind.name


def load_statistical_neighbours(home: Home) -> tuple[str, int, list[str]]:
    """Ingest the supplied file when its bytes are new, then rebuild the reference table; returns
    (status, rows, problems). status: "absent" (no file supplied), "loaded" (the file's bytes are
    loaded, now or before), or "refused" (now or before: the reasons are recorded once per version,
    not once per build; the previous table, or an empty one, is kept)."""
    path = home.reference_file(NEIGHBOURS_STEM)
    status, problems = "absent", []
    if path is not None:
        status, problems = _ingest_once(home, path)
    with duckdb.connect(str(home.warehouse)) as con:
        # the raw and audit tables dbt reads exist even before any ingest
        T.ensure_tables(con, (*T.INGEST_TABLES, T.STATISTICAL_NEIGHBOURS))
        table = T.STATISTICAL_NEIGHBOURS.qualified
        con.begin()
        con.execute(f"delete from {table}")
        con.execute(f"insert into {table} by name {current_neighbours_sql(KIND)}")
        con.commit()
        rows = con.execute(f"select count(*) from {table}").fetchone()[0]
    return status, rows, problems


def _ingest_once(home: Home, path) -> tuple[str, list[str]]:
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
    [outcome] = ingest_files([path], home, load_framework(), kinds=(KIND,)).outcomes
    return ("loaded", []) if outcome.status.loads else ("refused", [str(p) for p in outcome.problems])


@dg.asset(
    key=["reference", "statistical_neighbours"],
    group_name="reference",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
)
def statistical_neighbours(
    context: dg.AssetExecutionContext, home: HomeResource, writer_lock: WriterLockResource
) -> dg.MaterializeResult:
    status, rows, problems = load_statistical_neighbours(home.get())
    if status == "refused":
        context.log.warning("statistical neighbours file refused: " + "; ".join(problems))
    return dg.MaterializeResult(
        metadata={"status": status, "dagster/row_count": rows, "problems": dg.MetadataValue.json(problems)}
    )
