"""Borough submissions, outcome files and data-sharing returns into the raw tables. Refusals are an
expected outcome, not a failure: the asset succeeds and reports every file's outcome, so one bad
file never stops the others."""


from dataclasses import asdict
from pathlib import Path

import dagster as dg

from framework import load_framework
from ingest.model import STATUSES
from ingest.service import inbox_files, ingest_files
from pipelines.resources import WAREHOUSE_POOL, HomeResource

# Every raw table the ingest path writes: assessments, paper transcriptions, outcome files and
# data-sharing returns; and its audit trail (what arrived and why a file was refused), which
# marts.data_received publishes.
RAW_TABLES = (
    "submissions", "participants", "scores", "outcome_files", "outcome_indicators", "outcome_values",
    "data_sharing_returns", "data_sharing_answers", "transcriptions", "transcribed_forms",
)
AUDIT_TABLES = ("file_events", "rejections")
TABLE_KEYS = [["raw", name] for name in RAW_TABLES] + [["audit", name] for name in AUDIT_TABLES]


class IngestConfig(dg.Config):
    paths: list[str] = []  # files to ingest; empty means everything waiting in the inbox
    area: str | None = None  # overrides the area found in the files
    year: int | None = None  # overrides the assessment year found in the files


@dg.multi_asset(
    specs=[
        dg.AssetSpec(key, group_name="raw", kinds={"duckdb"}) for key in TABLE_KEYS
    ],
    pool=WAREHOUSE_POOL,
)
def raw_submissions(context: dg.AssetExecutionContext, config: IngestConfig, home: HomeResource):
    where = home.get()
    paths = [Path(p) for p in config.paths] or inbox_files(where)
    outcomes = ingest_files(paths, where, load_framework(), area=config.area, year=config.year)
    for outcome in outcomes:
        (context.log.warning if outcome.status == "refused" else context.log.info)(outcome.line())
    counts = {status: sum(o.status == status for o in outcomes) for status in STATUSES}
    summary = {
        "outcomes": dg.MetadataValue.json([_as_json(o) for o in outcomes]),
        **{f"files_{status}": n for status, n in counts.items()},
    }
    for key in TABLE_KEYS:
        yield dg.MaterializeResult(asset_key=key, metadata=summary if key == ["raw", "submissions"] else {})


def _as_json(outcome) -> dict:
    record = asdict(outcome)
    record["problems"] = [str(p) for p in outcome.problems]
    record["line"] = outcome.line()
    return record
