"""Picks up files dropped into the inbox: a borough's analyst saves a workbook there and the
`run` job ingests and publishes it, with no command to type."""

import hashlib
import time

import dagster as dg

from ingest.batch.loading import inbox_files
from pipelines.jobs import run_job
from pipelines.resources import HomeResource
from warehouse.lock import busy_holder

# A file still being copied into the inbox must not be read half-written: wait until it has not
# changed for this long.
SETTLE_SECONDS = 10


@dg.sensor(job=run_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def inbox_sensor(context: dg.SensorEvaluationContext, home: HomeResource):
    where = home.get()
    files = inbox_files(where)
    if not files:
        return dg.SkipReason("the inbox is empty")
    now = time.time()
    stats = [(p.name, p.stat()) for p in files]
    if any(now - stat.st_mtime < SETTLE_SECONDS for _, stat in stats):
        return dg.SkipReason(f"waiting for files still being written to settle ({SETTLE_SECONDS} s)")
    # A run started now would only wait for the lock, or give up: try again at the next tick.
    if (holder := busy_holder(where)) is not None:
        return dg.SkipReason(f"another run is writing the warehouse ({holder.describe()})")
    # The same files (by name, size and time) never start a second run.
    fingerprint = hashlib.sha256(
        "\n".join(f"{name}:{stat.st_size}:{stat.st_mtime_ns}" for name, stat in stats).encode()
    ).hexdigest()
    return dg.RunRequest(
        run_key=fingerprint,
        run_config={"ops": {"raw_submissions": {"config": {"paths": []}}}},
        tags={"inbox_files": str(len(files))},
    )
