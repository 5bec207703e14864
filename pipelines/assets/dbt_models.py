"""The dbt project as Dagster assets: `dbt build` runs models and their tests in one pass, and every
dbt test surfaces as an asset check."""


from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

from pipelines.resources import WAREHOUSE_POOL, HomeResource
from pipelines.translator import MaturityTranslator

DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=MaturityTranslator(),
    pool=WAREHOUSE_POOL,
)
def maturity_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, home: HomeResource):
    home.get()
    yield from dbt.cli(["build"], context=context).stream()
