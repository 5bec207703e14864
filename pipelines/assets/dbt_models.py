"""The dbt project as Dagster assets: `dbt build` runs models and their tests in one pass, and every
dbt test surfaces as an asset check. By default a build rebuilds only what changed since the home's
last successful build (pipelines.build_state); `full` (`maturity build --full`) rebuilds everything."""


import json
import os
import sys
from pathlib import Path

import dagster as dg
from dagster._utils import run_with_concurrent_update_guard
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets
from dagster_dbt.errors import DagsterDbtError

from pipelines import build_state
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


# Every dbt asset's materialization says which build made it (full, selective and why, or nothing),
# which the command line prints.
PLAN_METADATA = "dbt build"


class DbtBuildConfig(dg.Config):
    """`full`: rebuild every model and run every test, whatever the saved state says."""

    full: bool = False


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=MaturityTranslator(),
    pool=WAREHOUSE_POOL,
)
def maturity_dbt_models(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    home: HomeResource,
    writer_lock: WriterLockResource,
    config: DbtBuildConfig,
):
    where = home.get()
    runs = where.dbt_runs
    # A run of some models only (from the UI) builds just those and records no state: the saved state
    # must describe every model's table.
    whole = context.selected_asset_keys == context.assets_def.keys
    full_because = "asked for (--full)" if config.full else "" if whole else "only some models were selected (no state is saved)"
    chosen, current = _plan(where.warehouse, runs, full_because)
    context.log.info(f"dbt: {chosen.reason}")
    events: list = []
    try:
        if not chosen.nothing:
            target = run_target(runs, context.run.run_id)
            build = ["build", "--threads", str(build_threads())]
            if chosen.full:
                invocation = dbt.cli(build, context=context, target_path=target)
            else:
                # Without the context: given one, dagster-dbt adds its own `--select fqn:*`, which dbt
                # unions with ours (everything). Its events then name assets, not outputs (_as_output).
                build += ["--select", " ".join(chosen.select), "--state", str(build_state.state_dir(runs))]
                manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
                invocation = dbt.cli(build, manifest=manifest, dagster_dbt_translator=MaturityTranslator(),
                                     target_path=target)
            try:
                for event in invocation.stream():
                    event = _as_output(context, event)
                    if isinstance(event, dg.Output):
                        event = event.with_metadata({**event.metadata, PLAN_METADATA: chosen.reason})
                    events.append(event)
            except Exception:
                yield from events  # in dbt's order, which is topological: what did build is recorded
                raise
            if whole:
                build_state.save(build_state.state_dir(runs), target / build_state.MANIFEST, current)
    finally:
        prune_runs(runs)
    yield from _with_kept(context, events, chosen.reason)


def _as_output(context: dg.AssetExecutionContext, event):
    """An event of a dbt run made without the context, as the asset's output or check result."""
    if isinstance(event, dg.AssetMaterialization):
        return dg.Output(None, output_name=context.assets_def.get_output_name_for_asset_key(event.asset_key),
                         metadata=event.metadata)
    if isinstance(event, dg.AssetCheckEvaluation):
        return dg.AssetCheckResult(asset_key=event.asset_key, check_name=event.check_name, passed=event.passed,
                                   metadata=event.metadata, severity=event.severity)
    return event


def _with_kept(context: dg.AssetExecutionContext, events: list, reason: str) -> list:
    """dbt's events, plus a materialization (unchanged) for every selected model dbt did not rebuild:
    its table is the one a full build would make, and reporting it lets the gate and the publish
    downstream run over every mart. Dagster wants a multi-asset's outputs in dependency order, and a
    kept model may be upstream of a rebuilt one, so all are put in that order, each model's checks
    after it."""
    built = {context.asset_key_for_output(e.output_name) for e in events if isinstance(e, dg.Output)}
    kept = [dg.MaterializeResult(asset_key=key, metadata={PLAN_METADATA: reason, "rebuilt": False})
            for key in context.selected_asset_keys - built]
    rank = _dependency_order(context.assets_def.asset_deps, context.assets_def.keys)

    def place(event) -> tuple[int, int]:
        if isinstance(event, dg.Output):
            return rank[context.asset_key_for_output(event.output_name)], 0
        if isinstance(event, dg.MaterializeResult):
            return rank[event.asset_key], 0
        return rank.get(getattr(event, "asset_key", None), len(rank)), 1

    return sorted([*events, *kept], key=place)


def _dependency_order(deps: dict, keys) -> dict[dg.AssetKey, int]:
    """Each key's position in an order where every asset comes after those it depends on."""
    order: dict[dg.AssetKey, int] = {}

    def visit(key: dg.AssetKey) -> None:
        if key in order or key not in keys:
            return
        for parent in sorted(deps.get(key, ()), key=lambda k: k.to_user_string()):
            visit(parent)
        order[key] = len(order)

    for key in sorted(keys, key=lambda k: k.to_user_string()):
        visit(key)
    return order


def _plan(warehouse: Path, runs: Path, full_because: str) -> tuple[build_state.Plan, build_state.Fingerprints]:
    """This build's plan, and the fingerprints to save once it succeeds. The sources are fingerprinted
    before dbt runs, under the writer lock, so they are what dbt reads."""
    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    current = build_state.Fingerprints(
        code=build_state.code_fingerprint(DBT_PROJECT_DIR),
        project=build_state.project_fingerprint(DBT_PROJECT_DIR),
        sources=build_state.source_fingerprints(warehouse, manifest),
    )
    previous = build_state.load(build_state.state_dir(runs))
    missing = [] if full_because else build_state.missing_models(warehouse, manifest)
    return build_state.plan(previous, current, missing, full_because), current
