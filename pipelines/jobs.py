"""The three ways the pipeline is run, by the CLI and from the UI alike."""

from __future__ import annotations

import dagster as dg

INGEST = dg.AssetSelection.groups("raw")
EVERYTHING = dg.AssetSelection.all()

ingest_job = dg.define_asset_job("ingest", selection=INGEST, description="Ingest files (the inbox by default).")
build_job = dg.define_asset_job(
    "build", selection=EVERYTHING - INGEST, description="Framework tables, dbt build, Great Expectations gate, publish."
)
run_job = dg.define_asset_job("run", selection=EVERYTHING, description="Ingest the inbox, then build.")
