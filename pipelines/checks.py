"""The Great Expectations gate as a blocking Dagster check: when any published mart fails its
suite, the `published` snapshot is not written and dashboards keep showing the last good one."""


import dagster as dg
import duckdb

from framework import load_framework
from pipelines.resources import WAREHOUSE_POOL, HomeResource, WriterLockResource

PUBLISHED_MARTS = (
    "enabler_maturity", "indicator_maturity", "regional_enabler_maturity", "response_quality", "theme_maturity",
    "area_maturity", "maturity_change", "benchmark", "group_comparison", "case_study_pointers",
    "outcomes", "outcome_benchmarks", "maturity_outcomes", "data_sharing", "outcome_associations",
    "data_received", "reflections", "challenges", "integration_model", "priorities", "challenge_prevalence",
)
CHECK_NAME = "great_expectations"


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(CHECK_NAME, asset=dg.AssetKey(["marts", name]), blocking=True)
        for name in PUBLISHED_MARTS
    ],
    pool=WAREHOUSE_POOL,
)
def great_expectations_marts(home: HomeResource, writer_lock: WriterLockResource):
    # Great Expectations takes seconds to import: only the gate pays it, never ingest or start-up.
    from pipelines.expectations import mart_suites, validate_frames

    suites = mart_suites(load_framework())
    with duckdb.connect(str(home.get().warehouse), read_only=True) as con:
        frames = {name: con.table(f"marts.{name}").df() for name in PUBLISHED_MARTS}
    outcomes = validate_frames(frames, suites)
    for name in PUBLISHED_MARTS:
        passed, failures = outcomes[name]
        yield dg.AssetCheckResult(
            asset_key=dg.AssetKey(["marts", name]),
            check_name=CHECK_NAME,
            passed=passed,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "rows": len(frames[name]),
                "expectations": len(suites[name]),
                "failures": dg.MetadataValue.json(failures),
            },
        )
