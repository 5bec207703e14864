"""Borough submissions, outcome files, data-sharing returns and reference files into the raw
tables. Refusals are an expected outcome, not a failure: the asset succeeds and reports every
file's outcome, so one bad file never stops the others.

The batch's `IngestReport` is the value of the audit.file_events asset (one event per file is what
that table records): the command line takes it from the run's output, typed, rather than reading
metadata back.
"""

import dagster as dg

from framework import load_framework
from ingest.batch.loading import inbox_files, ingest_files
from ingest.results import FileStatus, IngestReport
from ingest.tables import INGEST_TABLES
from pipelines.resources import WAREHOUSE_POOL, HomeResource, WriterLockResource

REPORT_TABLE = ("audit", "file_events")


def output_name(schema: str, name: str) -> str:
    return f"{schema}__{name}"


REPORT_OUTPUT = output_name(*REPORT_TABLE)
OUTS = {
    output_name(t.schema, t.name): dg.AssetOut(
        key=[t.schema, t.name], group_name="raw", kinds={"duckdb"}, description=t.doc or None,
        dagster_type=IngestReport if (t.schema, t.name) == REPORT_TABLE else dg.Nothing,
    )
    for t in INGEST_TABLES
}


class IngestConfig(dg.Config):
    paths: list[str] = []  # files to ingest; empty means everything waiting in the inbox
    area: str | None = None  # overrides the area found in the files
    year: int | None = None  # overrides the assessment year found in the files


@dg.multi_asset(name="raw_submissions", outs=OUTS, pool=WAREHOUSE_POOL)
def raw_submissions(
    context: dg.AssetExecutionContext, config: IngestConfig, home: HomeResource, writer_lock: WriterLockResource
):
    where = home.get()
    paths = config.paths or inbox_files(where)
    report = ingest_files(paths, where, load_framework(), area=config.area, year=config.year)
    for outcome in report.outcomes:
        (context.log.warning if outcome.status == FileStatus.REFUSED else context.log.info)(outcome.line())
    summary = {f"files_{status}": n for status, n in report.counts().items()}
    for name in OUTS:
        if name == REPORT_OUTPUT:
            yield dg.Output(report, name, metadata={
                **summary, "outcomes": dg.MetadataValue.md("\n".join(f"- {o.line()}" for o in report.outcomes)),
            })
        else:
            yield dg.Output(None, name)
