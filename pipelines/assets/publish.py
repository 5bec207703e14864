"""The published snapshot: the validated marts copied into their own DuckDB file and swapped in
atomically. Dashboards and exports read only this file, never the live warehouse, so a reader never
blocks the pipeline's single writer and never sees a half-built or unvalidated table.

The snapshot is also what leaves the warehouse (it is copied, sent on, opened in spreadsheets), so it
is where free text is made safe, once: every text value a borough or publisher wrote (organisation
and participant labels, evidence, indicator names, file names) is copied through OWASP's
leading-apostrophe rule (dashboards.exports.neutralise), so none begins with `=`, `+`, `-`, `@`, a tab
or a carriage return unless it is a plain number. `raw`, staging and the marts keep the text as given:
they are internal, and the audit must show what was sent. Identifiers are untouched by the rule,
since ingest.core.identifiers refuses any that could begin so, and joins in the snapshot still meet."""


import json
import os
from datetime import datetime, timezone

import dagster as dg
import duckdb

from dashboards.exports.neutralise import neutralised_sql
from pipelines.checks import PUBLISHED_MARTS
from pipelines.resources import WAREHOUSE_POOL, HomeResource, WriterLockResource
from warehouse.home import Home

# What a reader of the snapshot needs beside the marts to label, group and explain them: the tool's
# items and challenges, the areas with their tile-map squares, ICB memberships and statistical
# neighbours (comparator groups for the dashboards' filters), and the case-study boxes. The snapshot's
# area_icbs is every membership the benchmark uses: the framework's (London's) and, for other areas,
# those a supplied ONS lookup gives (intermediate.int_area_icbs_combined).
REFERENCE_TABLES = {
    name: f"framework.{name}"
    for name in (
        "areas", "enablers", "themes", "indicators", "scale", "tiles",
        "challenges", "integration_models", "case_studies", "case_study_enablers",
    )
} | {"statistical_neighbours": "reference.statistical_neighbours",
     "area_icbs": "intermediate.int_area_icbs_combined"}


def publish_snapshot(home: Home, run_id: str) -> tuple[dict[str, int], bool]:
    """Write every published table to a new file, then replace the snapshot in one rename.
    Returns the row count of each table and whether the snapshot holds synthetic data."""
    target = home.snapshot
    staging = home.snapshot_staging(run_id)
    staging.unlink(missing_ok=True)
    sources = {f"marts.{name}": f"wh.marts.{name}" for name in PUBLISHED_MARTS}
    sources |= {f"reference.{name}": f"wh.{table}" for name, table in REFERENCE_TABLES.items()}
    with duckdb.connect(str(staging)) as con:
        con.execute(f"attach '{home.warehouse}' as wh (read_only)")
        for schema in ("marts", "reference", "meta"):
            con.execute(f"create schema {schema}")
        rows = {}
        for table, source in sources.items():
            con.execute(f"create table {table} as select {_neutralised_columns(con, source)} from {source}")
            rows[table] = con.execute(f"select count(*) from {table}").fetchone()[0]
        is_synthetic = con.execute("select coalesce(bool_or(is_synthetic), false) from marts.enabler_maturity").fetchone()[0]
        con.execute(
            # No path of this machine: the snapshot is what gets copied and sent on.
            "create table meta.snapshot as select ?::timestamp as published_at, ? as run_id, ? as is_synthetic, ? as row_counts",
            [datetime.now(timezone.utc).replace(tzinfo=None), run_id, is_synthetic, json.dumps(rows)],
        )
        con.execute("detach wh")
    with open(staging, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(staging, target)
    return rows, is_synthetic


def _neutralised_columns(con: duckdb.DuckDBPyConnection, source: str) -> str:
    """The select list copying `source` ("wh.marts.outcomes") with every VARCHAR column neutralised,
    each element of every VARCHAR[] list column too (marts.priorities.enabler_ids), and every other
    column as it is. Any other nested type holding text (a struct, a list of lists) has no rule here
    yet, so it stops the publish rather than pass through unneutralised."""
    database, schema, table = source.split(".")
    columns = con.execute(
        "select column_name, data_type from duckdb_columns() "
        "where database_name = ? and schema_name = ? and table_name = ? order by column_index",
        [database, schema, table]).fetchall()
    selected = []
    for name, data_type in columns:
        quoted = '"' + name.replace('"', '""') + '"'
        if data_type == "VARCHAR":
            selected.append(f"{neutralised_sql(quoted)} as {quoted}")
        elif data_type == "VARCHAR[]":
            selected.append(f"list_transform({quoted}, lambda element: {neutralised_sql('element')}) as {quoted}")
        elif "VARCHAR" in data_type:
            raise TypeError(f"{source}.{name} is {data_type}: text inside it would be published unneutralised")
        else:
            selected.append(quoted)
    return ", ".join(selected)


@dg.asset(
    key=["published", "snapshot"],
    group_name="published",
    deps=[*(dg.AssetKey(["marts", name]) for name in PUBLISHED_MARTS),
          *(dg.AssetKey(table.split(".")) for table in REFERENCE_TABLES.values() if table.startswith("reference."))],
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
)
def published_snapshot(
    context: dg.AssetExecutionContext, home: HomeResource, writer_lock: WriterLockResource
) -> dg.MaterializeResult:
    where = home.get()
    rows, is_synthetic = publish_snapshot(where, context.run_id)
    label = {"data": "SYNTHETIC — generated for demonstration, not real borough returns"} if is_synthetic else {}
    return dg.MaterializeResult(
        metadata={**label, "path": str(where.snapshot), **{f"rows {t}": n for t, n in rows.items()}}
    )
