"""Where a warehouse lives on disk: the one place that knows the home directory's layout.

The pipeline, the command line and the dashboards all reach files through a `Home`, so that a
folder moves in one place and no caller builds a path of its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "MATURITY_HOME"
# Reference files are looked for under these suffixes, in this order: the first that exists wins.
REFERENCE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


@dataclass(frozen=True)
class Home:
    root: Path

    @classmethod
    def resolve(cls, explicit: str | os.PathLike | None = None) -> "Home":
        """`--home DIR`, else `$MATURITY_HOME`, else `./data` (the public contract), made absolute."""
        chosen = explicit or os.environ.get(HOME_ENV) or "data"
        return cls(Path(chosen).expanduser().resolve())

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def published(self) -> Path:
        return self.root / "published"

    @property
    def snapshot(self) -> Path:
        """The published snapshot that dashboards read; replaced atomically, never edited in place."""
        return self.published / "maturity.duckdb"

    def snapshot_staging(self, run_id: str) -> Path:
        """Where a run writes the next snapshot before renaming it over the published one."""
        return self.snapshot.with_name(f".{self.snapshot.name}.{run_id}.tmp")

    @property
    def reference(self) -> Path:
        """Reference files supplied beside the returns (DfE's statistical neighbours), read on every build."""
        return self.root / "reference"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def dbt_runs(self) -> Path:
        """Each recent build's dbt artifacts and dbt.log, a folder per build (pipelines.dbt_location)."""
        return self.logs / "dbt"

    def run_log(self, job_name: str) -> Path:
        """Where a command's run of one job writes Dagster's and dbt's log."""
        return self.logs / f"{job_name}.log"

    def reference_file(self, stem: str) -> Path | None:
        """The supplied reference file named `stem`, if any: the first of the accepted suffixes that exists."""
        for suffix in REFERENCE_SUFFIXES:
            candidate = self.reference / f"{stem}{suffix}"
            if candidate.exists():
                return candidate
        return None

    def ensure(self) -> "Home":
        for folder in (self.inbox, self.archive, self.quarantine, self.published):
            folder.mkdir(parents=True, exist_ok=True)
        return self
