"""Where the dbt project is, and where dbt writes its artifacts, in a checkout and in an installed wheel.

The project stays at the repository root (dbt, the Makefile and the tests use it there); a wheel carries
it as pipelines/dbt_project (setup.py). Dagster builds the asset graph from dbt's manifest, so the manifest
must exist before the definitions load: `prepare` parses the project when the manifest is missing or older
than a project file. A checkout keeps artifacts in dbt_project/target, as `make` does; an installed
package keeps them in the user's cache, per version, because site-packages is often read-only and pip
would leave run artifacts behind on uninstall. That folder holds the parse only (manifest and partial
parse): each build's own artifacts and dbt.log go under its home (Home.dbt_runs, `run_target`), of
which the newest KEEP_RUNS are kept (`prune_runs`), so the disk used stays bounded and nothing per
run is written into the source tree.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PACKAGED = Path(__file__).resolve().parent / "dbt_project"
CHECKOUT = Path(__file__).resolve().parents[1] / "dbt_project"
# What dbt reads; target/ and logs/ beside them are dbt's output (setup.py ships the same set).
SOURCES = ("dbt_project.yml", "profiles.yml", "models", "macros", "tests")
# Builds whose dbt artifacts and log stay in the home (about 15 MB each): enough to compare the last
# few builds or read a failed one's log, bounded however many builds run.
KEEP_RUNS = 5
PARTIAL_PARSE = "partial_parse.msgpack"


class DbtProjectUnavailable(RuntimeError):
    """The dbt project or its manifest cannot be had: an expected failure, reported in one line."""


def project_dir() -> Path:
    for candidate in (PACKAGED, CHECKOUT):
        if (candidate / "dbt_project.yml").is_file():
            return candidate
    raise DbtProjectUnavailable(f"the dbt project is missing (looked in {PACKAGED} and {CHECKOUT}); reinstall")


def target_dir(project: Path) -> Path:
    """Absolute, so that every dbt call (the parse and each run's own target) agrees on it."""
    if project == CHECKOUT and os.access(project, os.W_OK):
        return project / "target"
    try:
        release = version("maturity-warehouse")
    except PackageNotFoundError:  # a read-only checkout that was never installed
        release = "checkout"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "maturity-warehouse" / release / "target"


def _newest_source(project: Path) -> float:
    files = [project / name for name in SOURCES if (project / name).is_file()]
    files += [f for name in SOURCES if (project / name).is_dir() for f in (project / name).rglob("*") if f.is_file()]
    return max(f.stat().st_mtime for f in files)


def needs_parse(project: Path, manifest: Path) -> bool:
    return not manifest.exists() or manifest.stat().st_mtime < _newest_source(project)


def build_threads() -> int:
    """dbt threads for a build: one per core this process may use (a container's CPU set, not the
    host's), since independent models then build side by side in DuckDB. profiles.yml keeps 1 for a
    hand-typed `dbt` command; the thread count is not part of what dbt fingerprints for partial parsing."""
    return max(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 1)


def run_target(runs: Path, run_id: str) -> Path:
    """A new target folder for one dbt build under `runs`: a sequence number (so that names sort in
    the order builds started, whatever the clock does), the UTC time and the run id. It starts with
    the newest earlier build's partial parse, made with this home's profile, so dbt can reuse it
    (otherwise dagster-dbt copies the project's, made for whichever home parsed last, which dbt
    discards whenever the profile, the warehouse path among it, differs)."""
    earlier = _runs(runs)
    number = 1 + max((_number(p) for p in earlier), default=0)
    target = runs / f"{number:06d}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{run_id[:8]}"
    target.mkdir(parents=True)
    for previous in reversed(earlier):
        if (previous / PARTIAL_PARSE).is_file():
            shutil.copyfile(previous / PARTIAL_PARSE, target / PARTIAL_PARSE)
            break
    return target


def prune_runs(runs: Path, keep: int | None = None) -> list[Path]:
    """Remove all but the newest `keep` (default KEEP_RUNS) build folders under `runs`; returns those
    removed. Called by the build while it holds the writer lock, so no other build can be writing one."""
    folders = _runs(runs)
    removed = folders[: max(len(folders) - (KEEP_RUNS if keep is None else keep), 0)]
    for folder in removed:
        shutil.rmtree(folder, ignore_errors=True)
    return removed


def _number(folder: Path) -> int:
    head = folder.name.split("-", 1)[0]
    return int(head) if head.isdigit() else 0


def _runs(runs: Path) -> list[Path]:
    """The build folders under `runs`, oldest first."""
    if not runs.is_dir():
        return []
    return sorted((p for p in runs.iterdir() if p.is_dir() and not p.is_symlink()), key=lambda p: (_number(p), p.name))
