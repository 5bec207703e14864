"""The Dagster definitions load, and every contracted asset, check and job is in them."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import yaml

from pipelines.checks import PUBLISHED_MARTS
from pipelines.definitions import defs
from pipelines.expectations import MIN_PUBLISHABLE_N

ROOT = Path(__file__).resolve().parent.parent


def test_definitions_load_with_the_contracted_assets_and_jobs():
    dg.Definitions.validate_loadable(defs)
    keys = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
    for expected in ("raw/scores", "framework/enablers", "marts/enabler_maturity", "marts/indicator_maturity",
                     "published/snapshot"):
        assert expected in keys
    assert {job.name for job in defs.resolve_all_job_defs()} >= {"ingest", "build", "run"}


def test_great_expectations_gate_is_blocking_on_every_published_mart():
    graph = defs.resolve_asset_graph()
    gate = [key for key in graph.asset_check_keys if key.name == "great_expectations"]
    gated = {key.asset_key.to_user_string() for key in gate}
    assert gated == {f"marts/{name}" for name in PUBLISHED_MARTS}
    assert gated >= {"marts/enabler_maturity", "marts/indicator_maturity", "marts/regional_enabler_maturity",
                     "marts/response_quality"}
    assert all(graph.get_check_spec(key).blocking for key in gate)


def test_disclosure_threshold_agrees_between_dbt_and_the_gate():
    project = yaml.safe_load((ROOT / "dbt_project" / "dbt_project.yml").read_text())
    assert project["vars"]["min_publishable_n"] == MIN_PUBLISHABLE_N


def test_flag_thresholds_agree_between_dbt_and_the_measures_package():
    from measures import LOW_MEAN_BELOW, POLARISED_BELOW

    project = yaml.safe_load((ROOT / "dbt_project" / "dbt_project.yml").read_text())
    assert project["vars"]["low_mean_below"] == LOW_MEAN_BELOW
    assert project["vars"]["polarised_below"] == POLARISED_BELOW


def test_writers_share_one_pool_limited_to_one():
    instance_settings = yaml.safe_load((ROOT / "dagster.yaml").read_text())
    assert instance_settings["concurrency"]["pools"]["default_limit"] == 1
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        if node.is_materializable:
            assert node.pools == {"warehouse"}, key


def test_period_alignment_and_benchmark_codes_agree_between_dbt_and_the_outcomes_package():
    from framework.model import ENGLAND_CODE, LONDON_REGION_CODE
    from ingest.outcomes.periods import ALIGNED_PERIOD_TYPES, LAGS

    project = yaml.safe_load((ROOT / "dbt_project" / "dbt_project.yml").read_text())
    assert tuple(project["vars"]["aligned_period_types"]) == ALIGNED_PERIOD_TYPES
    assert tuple(project["vars"]["outcome_lags"]) == LAGS
    assert (project["vars"]["england_code"], project["vars"]["london_region_code"]) == (ENGLAND_CODE, LONDON_REGION_CODE)


def test_outcome_and_data_sharing_tables_are_built_by_assets_of_the_pipeline():
    graph = defs.resolve_asset_graph()
    for key in ("raw/outcome_values", "raw/outcome_indicators", "raw/outcome_files", "raw/data_sharing_returns",
                "raw/data_sharing_answers", "framework/data_sharing_questions", "marts/outcomes",
                "marts/maturity_outcomes", "marts/data_sharing", "marts/outcome_associations"):
        assert graph.get(dg.AssetKey.from_user_string(key)).is_materializable, key


SNAPSHOT = ROOT / "tests" / "snapshots" / "definitions.txt"


def describe_definitions() -> str:
    """Every asset key (with its group), asset check and job of the definitions, one per line, sorted:
    a change to the graph shows as a diff of tests/snapshots/definitions.txt."""
    graph = defs.resolve_asset_graph()
    assets = sorted(f"asset {key.to_user_string()} [{graph.get(key).group_name}]" for key in graph.get_all_asset_keys())
    checks = sorted(f"check {key.asset_key.to_user_string()}:{key.name}" for key in graph.asset_check_keys)
    jobs = sorted(f"job {job.name}" for job in defs.resolve_all_job_defs() if not job.name.startswith("__"))
    sensors = sorted(f"sensor {sensor.name}" for sensor in defs.sensors or ())
    return "\n".join([*assets, *checks, *jobs, *sensors]) + "\n"


def test_the_definitions_match_their_snapshot():
    """To accept a deliberate change: .venv/bin/python -m tests.test_definitions (rewrites the snapshot)."""
    assert describe_definitions() == SNAPSHOT.read_text()


if __name__ == "__main__":
    SNAPSHOT.write_text(describe_definitions())
    print(f"wrote {SNAPSHOT}")
