"""The three ways the pipeline is run, by the CLI and from the UI alike.

Every job runs its steps in one process, one after another (the in-process executor): the steps
form one chain through a single DuckDB file, so parallel step processes would gain nothing, and one
process lets a run hold the home's writer lock (warehouse/lock.py) from its first step to its last —
no other writer can slip in between an ingest and the build that follows it, or between a build's
checks and its publish.
"""

from __future__ import annotations

import dagster as dg

INGEST = dg.AssetSelection.groups("raw")
EVERYTHING = dg.AssetSelection.all()

ingest_job = dg.define_asset_job(
    "ingest", selection=INGEST, executor_def=dg.in_process_executor,
    description="Ingest files (the inbox by default).",
)
build_job = dg.define_asset_job(
    "build", selection=EVERYTHING - INGEST, executor_def=dg.in_process_executor,
    description="Framework tables, dbt build, Great Expectations gate, publish.",
)
run_job = dg.define_asset_job(
    "run", selection=EVERYTHING, executor_def=dg.in_process_executor, description="Ingest the inbox, then build.",
)
