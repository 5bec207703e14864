"""The validated framework written into the warehouse, so dbt reads enabler and area reference
data from the same YAML as the readers and never from copied text."""


import dagster as dg
import duckdb

from framework import load_framework
from framework.tables import FRAMEWORK_TABLES, framework_tables
from pipelines.resources import WAREHOUSE_POOL, HomeResource, WriterLockResource


@dg.multi_asset(
    specs=[
        dg.AssetSpec(["framework", name], group_name="framework", kinds={"duckdb"})
        for name in FRAMEWORK_TABLES
    ],
    pool=WAREHOUSE_POOL,
)
def framework_tables_asset(home: HomeResource, writer_lock: WriterLockResource):
    fw = load_framework()
    tables = framework_tables(fw)
    with duckdb.connect(str(home.get().warehouse)) as con:
        con.execute("create schema if not exists framework")
        for name, frame in tables.items():
            con.register("frame", frame)
            con.execute(f'create or replace table framework."{name}" as select * from frame')
            con.unregister("frame")
    for name, frame in tables.items():
        yield dg.MaterializeResult(
            asset_key=["framework", name],
            metadata={"dagster/row_count": len(frame), "framework_version": fw.version},
        )
