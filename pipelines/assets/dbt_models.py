"""The dbt project as Dagster assets: `dbt build` runs models and their tests in one pass, and every
dbt test surfaces as an asset check."""


import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

from pipelines.resources import WAREHOUSE_POOL, HomeResource
from pipelines.translator import MaturityTranslator

DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()

# The dbt installed beside this Python, so that `.venv/bin/maturity` works without an activated venv.
dbt_resource = DbtCliResource(project_dir=dbt_project, dbt_executable=str(Path(sys.executable).with_name("dbt")))


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=MaturityTranslator(),
    pool=WAREHOUSE_POOL,
)
def maturity_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, home: HomeResource):
    home.get()
    yield from dbt.cli(["build"], context=context).stream()
