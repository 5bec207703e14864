"""The warehouse home as a Dagster resource, resolved at run time so that the CLI's `--home`,
`$MATURITY_HOME` and `dagster dev` all reach the same assets; and the home's writer lock, held by
every step that opens the live warehouse."""


import contextlib
import os

import dagster as dg

from warehouse.home import HOME_ENV, Home
from warehouse.lock import writer_lock

# DuckDB allows one writer process at a time: every asset that writes the warehouse is in this pool,
# whose limit is 1 (dagster.yaml), so runs launched from the UI queue instead of colliding. The pool
# orders one Dagster instance's runs only; WriterLockResource orders every process.
WAREHOUSE_POOL = "warehouse"


class HomeResource(dg.ConfigurableResource):
    """`path` empty means `$MATURITY_HOME`, else ./data — the public contract."""

    path: str = ""

    def get(self) -> Home:
        home = Home.resolve(self.path or None).ensure()
        # dbt runs in a subprocess and finds the warehouse through this variable (profiles.yml).
        os.environ[HOME_ENV] = str(home.root)
        return home


class WriterLockResource(dg.ConfigurableResource):
    """The home's writer lock (warehouse/lock.py), taken when the resource starts and released at its
    teardown. Every job runs in process (pipelines/jobs.py), where Dagster starts a
    resource once per run: a run from the UI or the sensor holds the lock from its first step to its
    last, and the command line, which takes it before the run, takes it again for free. (Under a
    multiprocess executor it would start once per step process: each step would still hold it.)
    `wait_seconds` unset means $MATURITY_LOCK_TIMEOUT, else 15 minutes. An asset requires it by naming it
    as a parameter (`writer_lock: WriterLockResource`); holding it is the whole point, so no body uses it."""

    home: dg.ResourceDependency[HomeResource]
    wait_seconds: float | None = None

    @contextlib.contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext):
        run = context.run_id[:8] if context.run_id else "?"
        command = f"dagster run {run}" + (f" of {context.dagster_run.job_name}" if context.dagster_run else "")
        with writer_lock(self.home.get(), self.wait_seconds, say=context.log.warning, command=command):
            yield self
