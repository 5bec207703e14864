"""A build rebuilds only what changed since the home's last successful build (pipelines.build_state),
with real Dagster, dbt and DuckDB on a copy of the shared built home: nothing after no change; only
the outcome lineage after one outcome file, with every mart then equal to a full build's; only a
modified model and its descendants; and everything with --full."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipelines import build_state
from pipelines.cli import main
from synthetic.outcomes import write_outcome_demo
from synthetic.seeding import DEFAULT_SEED
from tests.support.table_hashes import differing, table_hashes
from warehouse.home import Home

MANIFEST = Path(__file__).resolve().parents[1] / "dbt_project" / "target" / "manifest.json"


@pytest.fixture
def home(built_home, tmp_path) -> Home:
    copy = Home(tmp_path / "data")
    shutil.copytree(built_home.root, copy.root)
    return copy


def _builds(home: Home) -> list[Path]:
    return sorted(p for p in home.dbt_runs.iterdir() if p.is_dir())


def _models_run(home: Home) -> set[str]:
    """The models dbt ran in the home's newest build (its run_results.json)."""
    results = json.loads((_builds(home)[-1] / "run_results.json").read_text(encoding="utf-8"))
    return {r["unique_id"].split(".")[-1] for r in results["results"] if r["unique_id"].startswith("model.")}


def _all_models() -> set[str]:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "model"}


def _descendants(*roots: str) -> set[str]:
    """The models downstream of the given manifest nodes (dbt's own child map)."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    seen, todo = set(), list(roots)
    while todo:
        for child in manifest["child_map"].get(todo.pop(), []):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return {c.split(".")[-1] for c in seen if c.startswith("model.")}


def _build(home: Home, *extra: str, capsys) -> str:
    assert main(["build", "--home", str(home.root), *extra]) == 0
    return capsys.readouterr().out


def test_a_build_after_no_change_runs_no_model_and_still_publishes(home, capsys):
    before = _builds(home)
    printed = _build(home, capsys=capsys)
    assert "dbt: nothing changed since the last build" in printed
    assert _builds(home) == before  # dbt was not started
    assert "published" in printed and home.snapshot.exists()


def test_one_outcome_file_rebuilds_its_lineage_only_and_the_marts_equal_a_full_builds(home, tmp_path, framework,
                                                                                     capsys):
    written = write_outcome_demo(tmp_path / "new", framework, seed=DEFAULT_SEED + 1)
    ees = next(p for p in written if p.name.startswith("SYNTHETIC_ees_"))
    assert main(["ingest", "--home", str(home.root), str(ees)]) == 0
    printed = _build(home, capsys=capsys)
    assert "dbt: selective build:" in printed and "source:raw.outcome_values+" in printed
    run = _models_run(home)
    outcome_lineage = _descendants(*(f"source.maturity.raw.{t}" for t in ("outcome_files", "outcome_values",
                                                                         "outcome_indicators")))
    audit_lineage = _descendants("source.maturity.audit.file_events", "source.maturity.audit.rejections")
    assert {"outcomes", "maturity_outcomes", "outcome_associations"} <= run
    assert run <= outcome_lineage | audit_lineage
    assert not run & {"enabler_maturity", "group_comparison", "maturity_change", "int_item_scores_measured"}
    selective = table_hashes(home.warehouse, ("marts",))

    printed = _build(home, "--full", capsys=capsys)
    assert "dbt: full build: asked for (--full)" in printed
    assert _models_run(home) == _all_models()
    full = table_hashes(home.warehouse, ("marts",))
    assert len(full) >= 15 and differing(selective, full) == []


def test_a_modified_model_rebuilds_it_and_its_descendants_only(home, capsys):
    # dbt's state comparison sees a model as modified when its code differs from the saved
    # manifest's: changing the saved one stands for editing the file, without touching the project.
    state = build_state.state_dir(home.dbt_runs)
    manifest = json.loads((state / build_state.MANIFEST).read_text(encoding="utf-8"))
    manifest["nodes"]["model.maturity.theme_maturity"]["raw_code"] += "\n-- an earlier version"
    (state / build_state.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    saved = build_state.load(state)
    (state / build_state.FINGERPRINTS).write_text(
        build_state.Fingerprints(saved.code, "edited", saved.sources).to_json(), encoding="utf-8")
    printed = _build(home, capsys=capsys)
    assert "dbt: selective build: state:modified+" in printed
    assert _models_run(home) == {"theme_maturity"} | _descendants("model.maturity.theme_maturity")


def test_a_missing_model_table_or_no_state_makes_a_full_build(home, capsys):
    import duckdb

    with duckdb.connect(str(home.warehouse)) as con:
        con.execute("drop table marts.theme_maturity")
    printed = _build(home, capsys=capsys)
    assert "dbt: full build: the warehouse lacks theme_maturity" in printed
    assert _models_run(home) == _all_models()
    shutil.rmtree(build_state.state_dir(home.dbt_runs))
    assert "dbt: full build: no state saved" in _build(home, capsys=capsys)


def test_the_plan_follows_what_changed():
    before = build_state.Fingerprints("code", "project", {"raw.scores": [1, 2], "raw.outcome_values": [3, 4]})
    same = build_state.plan(before, before, [])
    assert same.nothing and not same.full
    new_rows = build_state.Fingerprints("code", "project", {"raw.scores": [1, 2], "raw.outcome_values": [5, 6]})
    assert build_state.plan(before, new_rows, []).select == ("source:raw.outcome_values+",)
    edited = build_state.Fingerprints("code", "edited", before.sources)
    assert build_state.plan(before, edited, []).select == ("state:modified+",)
    assert build_state.plan(before, build_state.Fingerprints("new code", "project", before.sources), []).full
    assert build_state.plan(before, new_rows, ["theme_maturity"]).full
    assert build_state.plan(None, before, []).full
    assert build_state.plan(before, before, [], "asked for (--full)").full


def test_the_code_fingerprint_covers_the_framework_yaml_and_sees_the_vars(tmp_path):
    import framework

    hashed = build_state._package_files(Path(framework.__file__).resolve().parent)
    assert any(p.suffix in (".yml", ".yaml") for p in hashed) and not any(p.suffix == ".pyc" for p in hashed)
    project = tmp_path / "project"
    project.mkdir()
    (project / "dbt_project.yml").write_text("name: x\n", encoding="utf-8")
    first = build_state.code_fingerprint(project)
    assert build_state.code_fingerprint(project) == first
    (project / "dbt_project.yml").write_text("name: x\nvars: {min_publishable_n: 4}\n", encoding="utf-8")
    assert build_state.code_fingerprint(project) != first
