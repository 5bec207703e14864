"""Reference data supplied beside the borough returns: DfE's statistical neighbours.

Put DfE's workbook (sheet "LA SN Groups": LA number, LA name, SN1…SN10) at
`HOME/reference/statistical_neighbours.xlsx` (or `.csv`). Each build reads it into
`reference.statistical_neighbours`, which the benchmark mart uses as a comparator group. No file:
the table is empty and there is no statistical-neighbour comparator. A malformed file is refused
with one row per problem in `audit.rejections`, and the last good table is kept.
"""

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from framework import load_framework
from ingest.home import Home
from ingest.model import Refused
from ingest.neighbours import empty_neighbours, read_statistical_neighbours
from ingest.raw import ensure_raw_tables
from ingest.transcriptions import ensure_transcription_tables
from pipelines.resources import WAREHOUSE_POOL, HomeResource

NEIGHBOURS_STEM = "statistical_neighbours"
NEIGHBOURS_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
TABLE_COLUMNS = (
    "area_code varchar not null, dfe_code varchar not null, neighbour_rank integer not null, "
    "neighbour_dfe_code varchar not null, neighbour_area_code varchar"
)


def neighbours_file(home: Home) -> Path | None:
    """The supplied file, if any: the first of the accepted suffixes that exists."""
    for suffix in NEIGHBOURS_SUFFIXES:
        candidate = home.root / "reference" / f"{NEIGHBOURS_STEM}{suffix}"
        if candidate.exists():
            return candidate
    return None


def load_statistical_neighbours(home: Home) -> tuple[str, int, list[str]]:
    """Write `reference.statistical_neighbours`; returns (status, rows, problems).

    status: "absent" (no file: empty table), "loaded", or "refused" (problems recorded in
    audit.rejections once per file version; the previous table, or an empty one, is kept)."""
    path = neighbours_file(home)
    problems: list[str] = []
    with duckdb.connect(str(home.warehouse)) as con:
        con.execute("create schema if not exists reference")
        ensure_raw_tables(con)
        ensure_transcription_tables(con)  # read by marts.data_received, even before any ingest
        exists = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'reference' and table_name = 'statistical_neighbours'"
        ).fetchone()[0]
        frame: pd.DataFrame | None
        if path is None:
            status, frame = "absent", empty_neighbours()
        else:
            try:
                status, frame = "loaded", read_statistical_neighbours(path, load_framework())
            except Refused as refused:
                status, frame = "refused", (None if exists else empty_neighbours())
                problems = [str(p) for p in refused.problems]
                _record_rejection(con, path, refused)
        if frame is not None:
            con.execute(f"create or replace table reference.statistical_neighbours ({TABLE_COLUMNS})")
            if len(frame):
                con.register("frame", frame)
                con.execute("insert into reference.statistical_neighbours by name select * from frame")
                con.unregister("frame")
        rows = con.execute("select count(*) from reference.statistical_neighbours").fetchone()[0]
    return status, rows, problems


def _record_rejection(con: duckdb.DuckDBPyConnection, path: Path, refused: Refused) -> None:
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    if con.execute("select count(*) from audit.rejections where sha256 = ?", [sha256]).fetchone()[0]:
        return  # this version was refused before: one record per problem, not one per build
    at = datetime.now(UTC).replace(tzinfo=None)
    con.executemany(
        "insert into audit.rejections (file_name, location, reason, sha256, rejected_at) values (?, ?, ?, ?, ?)",
        [(path.name, p.location, p.reason, sha256, at) for p in refused.problems],
    )


@dg.asset(
    key=["reference", "statistical_neighbours"],
    group_name="reference",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
)
def statistical_neighbours(context: dg.AssetExecutionContext, home: HomeResource) -> dg.MaterializeResult:
    status, rows, problems = load_statistical_neighbours(home.get())
    if status == "refused":
        context.log.warning("statistical neighbours file refused: " + "; ".join(problems))
    return dg.MaterializeResult(
        metadata={"status": status, "dagster/row_count": rows, "problems": dg.MetadataValue.json(problems)}
    )
