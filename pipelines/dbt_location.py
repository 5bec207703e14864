"""Where the dbt project is, and where dbt writes its artifacts, in a checkout and in an installed wheel.

The project stays at the repository root (dbt, the Makefile and the tests use it there); a wheel carries
it as pipelines/dbt_project (setup.py). Dagster builds the asset graph from dbt's manifest, so the manifest
must exist before the definitions load: `prepare` parses the project when the manifest is missing or older
than a project file. A checkout keeps artifacts in dbt_project/target, as `make` does; an installed
package keeps them in the user's cache, per version, because site-packages is often read-only and pip
would leave run artifacts behind on uninstall.
"""

from __future__ import annotations

import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PACKAGED = Path(__file__).resolve().parent / "dbt_project"
CHECKOUT = Path(__file__).resolve().parents[1] / "dbt_project"
# What dbt reads; target/ and logs/ beside them are dbt's output (setup.py ships the same set).
SOURCES = ("dbt_project.yml", "profiles.yml", "models", "macros", "tests")


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
