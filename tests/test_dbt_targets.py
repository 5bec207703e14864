"""dbt's per-build target folders live in the home (Home.dbt_runs), never in the source tree, and only
the newest KEEP_RUNS stay, so the disk a daily build uses is bounded.

A real build takes over a minute on a shared two-core machine (75-220 s measured), so ten of them
would be a quarter of an hour: one real build shows where a build writes and that it prunes (with
KEEP_RUNS lowered to 1, the fixture's own build folder is removed), and ten build cycles of
run_target / prune_runs, each filled with a copy of that real build's folder, show the bound.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipelines import dbt_location
from pipelines.cli import main
from pipelines.dbt_location import KEEP_RUNS, PARTIAL_PARSE, prune_runs, run_target
from warehouse.home import Home

# One build's folder measured about 15 MB (dbt.log at debug level is most of it); allow twice that.
MAX_RUN_BYTES = 30 * 2**20


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def _folders(folder: Path) -> set[str]:
    """The folders in `folder`: a run's target is one; the parse's own files (manifest, partial parse,
    dbt.log) are files beside them, rewritten only when the project changes."""
    return {p.name for p in folder.iterdir() if p.is_dir()} if folder.is_dir() else set()


@pytest.fixture(scope="module")
def rebuilt(built_home, tmp_path_factory) -> tuple[Home, list[Path], set[str], set[str]]:
    """A copy of the built home after one more build with KEEP_RUNS = 1: (home, its build folders
    before the build, the folders in the source tree's dbt target before and after)."""
    home = Home(tmp_path_factory.mktemp("targets") / "data")
    shutil.copytree(built_home.root, home.root)
    before = sorted(home.dbt_runs.iterdir())
    source_target = dbt_location.target_dir(dbt_location.project_dir())
    tree_before = _folders(source_target)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dbt_location, "KEEP_RUNS", 1)
        # --full: the copy's saved build state says nothing changed, and a selective build with
        # nothing to do runs no dbt (tests/test_selective_build.py); this build must run it.
        assert main(["build", "--full", "--home", str(home.root)]) == 0
    return home, before, tree_before, _folders(source_target)


def test_a_build_writes_its_dbt_target_and_log_in_the_home_and_prunes_older_ones(rebuilt):
    home, before, _, _ = rebuilt
    assert len(before) == 1  # the fixture's own `maturity run`
    (folder,) = home.dbt_runs.iterdir()
    assert folder not in before  # pruned to the newest one: this build's
    for artefact in ("run_results.json", "manifest.json", "dbt.log", PARTIAL_PARSE):
        assert (folder / artefact).is_file(), artefact
    assert 0 < _size(folder) < MAX_RUN_BYTES


def test_a_build_writes_nothing_per_run_into_the_source_tree(rebuilt):
    _, _, tree_before, tree_after = rebuilt
    assert tree_after - tree_before == set()


def test_the_next_dbt_call_in_the_same_home_reuses_the_builds_partial_parse(rebuilt, monkeypatch):
    """dbt discards a partial parse made with another profile (the warehouse path is in it), so the
    copied home's build parsed in full; the next call in this home starts from that build's parse."""
    from pipelines.assets.dbt_models import dbt_resource

    home, _, _, _ = rebuilt
    monkeypatch.setenv("MATURITY_HOME", str(home.root))
    target = run_target(home.dbt_runs, "parse-check")
    dbt_resource.cli(["parse"], target_path=target).wait()
    log = "".join(p.read_text(encoding="utf-8", errors="replace") for p in target.glob("dbt.log*"))
    assert "Unable to do partial parsing" not in log
    assert "Partial parsing enabled" in log or "Nothing changed, skipping partial parsing" in log, log[-2000:]
    shutil.rmtree(target)


def test_ten_builds_keep_the_newest_few_and_the_disk_bounded(rebuilt, tmp_path):
    home, _, _, _ = rebuilt
    (real,) = home.dbt_runs.iterdir()
    runs = tmp_path / "logs" / "dbt"
    made = []
    for build in range(10):
        target = run_target(runs, f"{build:08d}-run")
        assert (target / PARTIAL_PARSE).is_file() == (build > 0)  # seeded from the newest earlier build
        shutil.copytree(real, target, dirs_exist_ok=True)
        made.append(target)
        prune_runs(runs)
        assert sorted(runs.iterdir()) == made[-KEEP_RUNS:]
    assert _size(runs) <= KEEP_RUNS * MAX_RUN_BYTES


def test_run_folders_sort_in_the_order_builds_started(tmp_path):
    runs = tmp_path / "runs"
    first = run_target(runs, "ffffffff-later-id")
    second = run_target(runs, "00000000-earlier-id")
    assert sorted(runs.iterdir()) == [first, second]
    assert not (second / PARTIAL_PARSE).exists()  # the first build had no parse to pass on
    (second / PARTIAL_PARSE).write_bytes(b"parse")
    third = run_target(runs, "12345678")
    assert (third / PARTIAL_PARSE).read_bytes() == b"parse"
    assert prune_runs(runs, keep=1) == [first, second]
    assert prune_runs(runs, keep=0) == [third] and not list(runs.iterdir())
    assert prune_runs(tmp_path / "missing") == []



def _parse(home: Home, monkeypatch, seed: Path | None = None) -> str:
    """`dbt parse` for `home` in a new build folder of it (as a build starts; `seed` replaces the
    partial parse it starts from), returning dbt's log."""
    from pipelines.assets.dbt_models import dbt_resource

    monkeypatch.setenv("MATURITY_HOME", str(home.root))
    target = run_target(home.dbt_runs, "parse-check")
    if seed is not None:
        shutil.copyfile(seed, target / PARTIAL_PARSE)
    dbt_resource.cli(["parse"], target_path=target).wait()
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(target.glob("dbt.log*")))


def test_each_home_keeps_its_own_partial_parse_when_builds_alternate_between_homes(tmp_path, monkeypatch):
    """dbt fingerprints the rendered profile (the warehouse path with it, whether written out or read
    through env_var), so one home's parse is refused in another; each home's next dbt call starts from
    its own newest parse, so a build in home B never costs home A its partial parsing."""
    first, second = Home(tmp_path / "a").ensure(), Home(tmp_path / "b").ensure()
    _parse(first, monkeypatch)
    (first_parse,) = first.dbt_runs.glob(f"*/{PARTIAL_PARSE}")
    assert "Unable to do partial parsing because profile has changed" in _parse(second, monkeypatch, first_parse)
    again = _parse(first, monkeypatch)
    assert "Unable to do partial parsing" not in again
    assert "Partial parsing enabled" in again or "Nothing changed, skipping partial parsing" in again, again[-2000:]
