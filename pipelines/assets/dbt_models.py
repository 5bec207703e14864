"""The dbt project as Dagster assets: `dbt build` runs models and their tests in one pass, and every
dbt test surfaces as an asset check."""


import os
import sys
from pathlib import Path

import dagster as dg
from dagster._utils import run_with_concurrent_update_guard
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets
from dagster_dbt.errors import DagsterDbtError

from pipelines.dbt_location import (
    DbtProjectUnavailable,
    build_threads,
    needs_parse,
    project_dir,
    prune_runs,
    run_target,
    target_dir,
)
from pipelines.resources import WAREHOUSE_POOL, HomeResource, WriterLockResource
from pipelines.translator import MaturityTranslator

DBT_PROJECT_DIR = project_dir()
DBT_TARGET_DIR = target_dir(DBT_PROJECT_DIR)
# dagster-dbt copies dbt's partial parse from $DBT_TARGET_PATH into a run's target when the run has
# none, so the parse below and every run must agree on it (and it may not be the package folder).
# Each build's own target is in its home (run_target), never here.
os.environ["DBT_TARGET_PATH"] = str(DBT_TARGET_DIR)

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR, target_path=DBT_TARGET_DIR)

# The dbt installed beside this Python, so that `.venv/bin/maturity` works without an activated venv.
dbt_resource = DbtCliResource(project_dir=dbt_project, dbt_executable=str(Path(sys.executable).with_name("dbt")))


def _prepare(project: DbtProject, dbt: DbtCliResource) -> None:
    """Parse the project when its manifest is missing or stale (always under `dagster dev`, which reloads
    models as they are edited). dagster-dbt's own preparer would run whichever `dbt` is first on PATH;
    this runs ours, and one process parses while others wait for its manifest."""
    if not (project.preparer.using_dagster_dev() or needs_parse(project.project_dir, project.manifest_path)):
        return
    try:
        project.target_path.mkdir(parents=True, exist_ok=True)
        run_with_concurrent_update_guard(
            project.manifest_path, lambda: dbt.cli(["parse", "--quiet"], target_path=project.target_path).wait()
        )
    except (DagsterDbtError, OSError) as problem:
        raise DbtProjectUnavailable(
            f"dbt could not parse {project.project_dir} into {project.target_path} ({problem}); "
            f"dbt's log: {project.target_path / 'dbt.log'}"
        ) from problem


_prepare(dbt_project, dbt_resource)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=MaturityTranslator(),
    pool=WAREHOUSE_POOL,
)
def maturity_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, home: HomeResource, writer_lock: WriterLockResource
):
    runs = home.get().dbt_runs
    try:
        build = ["build", "--threads", str(build_threads())]
        yield from dbt.cli(build, context=context, target_path=run_target(runs, context.run.run_id)).stream()
    finally:
        prune_runs(runs)
