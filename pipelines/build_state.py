"""What the last successful dbt build of a home was made from, so that the next build rebuilds only
the models downstream of what changed.

After each successful dbt step the home keeps (HOME/logs/dbt-state) the manifest dbt built from and
three fingerprints: of every dbt source table (its row count and an order-independent hash of its
rows), of the dbt project's files, and of everything dbt's own state comparison cannot see but that
changes outputs — the Python packages the dbt Python models import (measures, evaluation and the
framework with its YAML), the versions of dbt, DuckDB and the numeric libraries, and the profile and
vars (both in the project's two YAML files, hashed here as code too).

The next build (`plan`) is then:
- full, when asked for, when there is no state, when that code fingerprint changed, or when the
  warehouse lacks a model's relation (a model kept from an earlier build must exist to be kept);
- nothing, when neither the project's files nor any source changed: every mart is already what a
  full build would make, since no model reads the clock or a run id (checked: no current_date, now()
  or invocation_id in models or macros, and the Monte Carlo tests seed from their data);
- otherwise `state:modified+` against the saved manifest (when the project's files changed) plus
  `source:<schema.table>+` for each source whose fingerprint changed; `dbt build` runs the tests of
  every selected model with it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import duckdb

from pipelines.dbt_location import SOURCES

STATE_FOLDER = "dbt-state"
FINGERPRINTS = "fingerprints.json"
MANIFEST = "manifest.json"
# The importable code behind the dbt Python models (framework carries its YAML as package data).
PACKAGES = ("measures", "evaluation", "framework")
# Libraries whose version can change what a model computes.
DISTRIBUTIONS = ("dbt-core", "dbt-duckdb", "duckdb", "numpy", "pandas", "scipy", "linearmodels")
# Project files that configure every model at once (the profile, vars, schemas): a change to them is
# code, so a full build, rather than something dbt's state comparison is trusted to see.
PROJECT_CONFIG = ("dbt_project.yml", "profiles.yml")


@dataclass(frozen=True)
class Fingerprints:
    code: str
    project: str
    sources: dict[str, list[int]]

    def to_json(self) -> str:
        return json.dumps({"code": self.code, "project": self.project, "sources": self.sources}, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Fingerprints:
        data = json.loads(text)
        return cls(data["code"], data["project"], {k: list(v) for k, v in data["sources"].items()})


@dataclass(frozen=True)
class Plan:
    """`select` None: a full build; empty: no dbt at all; else the dbt selection. `reason` is for the log."""

    select: tuple[str, ...] | None
    reason: str

    @property
    def full(self) -> bool:
        return self.select is None

    @property
    def nothing(self) -> bool:
        return self.select == ()


def state_dir(dbt_runs: Path) -> Path:
    """Beside the builds' own dbt folders (Home.dbt_runs), not among them, so pruning never removes it."""
    return dbt_runs.parent / STATE_FOLDER


def _hash_files(digest, root: Path, files) -> None:
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")


def _package_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]


def code_fingerprint(project: Path, packages: tuple[str, ...] = PACKAGES) -> str:
    """A hash of the packages' files, the project's configuration files, Python's and the libraries' versions."""
    import importlib

    digest = hashlib.sha256(sys.version.encode())
    for name in DISTRIBUTIONS:
        try:
            digest.update(f"{name}=={version(name)}".encode())
        except PackageNotFoundError:
            digest.update(f"{name} absent".encode())
    for name in packages:
        folder = Path(importlib.import_module(name).__file__).resolve().parent
        _hash_files(digest, folder.parent, _package_files(folder))
    _hash_files(digest, project, [project / f for f in PROJECT_CONFIG if (project / f).is_file()])
    return digest.hexdigest()


def project_fingerprint(project: Path) -> str:
    """A hash of every file dbt reads: when it is unchanged, dbt's `state:modified` is empty."""
    digest = hashlib.sha256()
    files = [project / name for name in SOURCES if (project / name).is_file()]
    files += [f for name in SOURCES if (project / name).is_dir() for f in _package_files(project / name)]
    _hash_files(digest, project, files)
    return digest.hexdigest()


def manifest_sources(manifest: dict) -> list[str]:
    """Every dbt source as `schema.table` (its relation in the warehouse and its name in `source:`)."""
    return sorted(f"{s['source_name']}.{s['name']}" for s in manifest["sources"].values())


def _relations(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    return set(con.execute("select table_schema, table_name from information_schema.tables").fetchall())


def source_fingerprints(warehouse: Path, manifest: dict) -> dict[str, list[int]]:
    """{schema.table: [rows, hash]} of each source; a source table that is missing gets [-1, 0]."""
    tables = {f"{s['source_name']}.{s['name']}": (s["schema"], s["identifier"]) for s in manifest["sources"].values()}
    if not warehouse.is_file():
        return {name: [-1, 0] for name in tables}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        present = _relations(con)
        out = {}
        for name, (schema, table) in sorted(tables.items()):
            if (schema, table) not in present:
                out[name] = [-1, 0]
                continue
            rows, digest = con.execute(
                f'select count(*), coalesce(sum(hash(t)::hugeint), 0) from "{schema}"."{table}" as t').fetchone()
            out[name] = [int(rows), int(digest)]
        return out


def missing_models(warehouse: Path, manifest: dict) -> list[str]:
    """The models (not ephemeral) whose table or view the warehouse lacks."""
    models = {n["name"]: (n["schema"], n["alias"]) for n in manifest["nodes"].values()
              if n["resource_type"] == "model" and n["config"]["materialized"] != "ephemeral"}
    if not warehouse.is_file():
        return sorted(models)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        present = _relations(con)
    return sorted(name for name, relation in models.items() if relation not in present)


def load(state: Path) -> Fingerprints | None:
    """The saved fingerprints, or None when there is no usable state (never built, or half written)."""
    try:
        if not (state / MANIFEST).is_file():
            return None
        return Fingerprints.from_json((state / FINGERPRINTS).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError):
        return None


def plan(previous: Fingerprints | None, current: Fingerprints, missing: list[str], full_because: str = "") -> Plan:
    """What the next dbt build must select, and why (see the module's docstring); `full_because`, when
    given, forces a full build and says why."""
    if full_because:
        return Plan(None, f"full build: {full_because}")
    if previous is None:
        return Plan(None, "full build: no state saved by an earlier successful build")
    if previous.code != current.code:
        return Plan(None, "full build: the Python packages, library versions, profile or vars changed")
    if missing:
        return Plan(None, f"full build: the warehouse lacks {', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}")
    selected = ["state:modified+"] if previous.project != current.project else []
    selected += [f"source:{name}+" for name, fp in sorted(current.sources.items()) if previous.sources.get(name) != fp]
    if not selected:
        return Plan((), "nothing changed since the last build: no dbt models or tests run; every table is kept")
    return Plan(tuple(selected), "selective build: " + " ".join(selected))


def save(state: Path, manifest: Path, current: Fingerprints) -> None:
    """Record a successful build: the manifest first, then the fingerprints, each by rename, so that a
    crash leaves either the old state, or a new manifest with no matching fingerprints (a full build)."""
    state.mkdir(parents=True, exist_ok=True)
    (state / FINGERPRINTS).unlink(missing_ok=True)
    shutil.copyfile(manifest, state / f".{MANIFEST}.tmp")
    (state / f".{MANIFEST}.tmp").replace(state / MANIFEST)
    (state / f".{FINGERPRINTS}.tmp").write_text(current.to_json(), encoding="utf-8")
    (state / f".{FINGERPRINTS}.tmp").replace(state / FINGERPRINTS)
