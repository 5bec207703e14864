"""Composes the maturity warehouse's Dagster definitions; nothing is defined here."""

import dagster as dg

from pipelines.assets.dbt_models import dbt_resource, maturity_dbt_models
from pipelines.assets.framework import framework_tables_asset
from pipelines.assets.ingest import raw_submissions
from pipelines.assets.publish import published_snapshot
from pipelines.assets.reference import ons_area_icbs, statistical_neighbours
from pipelines.checks import great_expectations_marts
from pipelines.jobs import build_job, ingest_job, run_job
from pipelines.resources import HomeResource, WriterLockResource
from pipelines.sensors import inbox_sensor

home = HomeResource()
defs = dg.Definitions(
    assets=[framework_tables_asset, raw_submissions, maturity_dbt_models, published_snapshot, statistical_neighbours,
            ons_area_icbs],
    asset_checks=[great_expectations_marts],
    jobs=[ingest_job, build_job, run_job],
    sensors=[inbox_sensor],
    resources={"home": home, "writer_lock": WriterLockResource(home=home), "dbt": dbt_resource},
)
