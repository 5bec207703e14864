"""Installing the way Python users do: a wheel built from the sources, installed into a fresh venv, must
carry the dbt project and prepare dbt's manifest on first use, outside the package; and expected failures
end in one line, never a traceback.

The fresh venv reuses this venv's installed dependencies through a .pth file (nothing is downloaded);
`pip install` of the wheel itself is the real one, so its `maturity` launcher is the one users get.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from framework import load_framework
from ingest.assessments.template import write_template
from pipelines.cli import main
from pipelines.dbt_location import SOURCES

REPO = Path(__file__).resolve().parents[1]


def _sources(dest: Path) -> Path:
    """The files a fresh clone would have (tracked, plus new ones not ignored), so that the build sees
    neither dbt_project/target nor a stale build/ folder, and writes nothing into the repository."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO, check=True, capture_output=True, text=True,
    ).stdout
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("wheel")
    src = _sources(base / "src")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
         "-w", str(base / "dist"), str(src)],
        check=True, capture_output=True,
    )
    (built,) = (base / "dist").glob("maturity_warehouse-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; its bin folder."""
    venv = tmp_path_factory.mktemp("venv") / "v"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  check=True, capture_output=True, text=True).stdout.strip())
    (purelib / "_reused_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True)
    # pip would have written this launcher had it installed dbt-core into the venv itself.
    dbt = venv / "bin" / "dbt"
    dbt.write_text(f"#!{python}\nimport sys\nfrom dbt.cli.main import cli\nsys.exit(cli())\n")
    dbt.chmod(0o755)
    return venv / "bin"


def _maturity(bin_dir: Path, *args: str, cwd: Path, cache: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("MATURITY_HOME", "DBT_TARGET_PATH", "PYTHONPATH")}
    env["XDG_CACHE_HOME"] = str(cache)
    return subprocess.run([bin_dir / "maturity", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


def test_wheel_carries_the_dbt_project_and_none_of_its_output(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n.removeprefix("pipelines/dbt_project/") for n in names if n.startswith("pipelines/dbt_project/")}
    expected = {str(p.relative_to(REPO / "dbt_project"))
                for folder in ("models", "macros", "tests") for p in (REPO / "dbt_project" / folder).rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
    assert {n.split("/")[0] for n in shipped} == set(SOURCES)  # what setup.py ships is what dbt_location watches
    assert expected and expected <= shipped
    assert any(n.endswith(".sql") for n in expected) and any(n.endswith(".py") for n in expected)
    assert not [n for n in shipped if n.startswith(("target/", "logs/")) or n == ".user.yml"]
    assert "framework/data/tool.yaml" in names


def test_installed_wheel_templates_ingests_and_prepares_the_manifest_in_the_cache(installed, tmp_path):
    cache = tmp_path / "cache"
    where = subprocess.run([installed / "python", "-c", "import pipelines; print(pipelines.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(installed.parent)), where  # the wheel's code, not the checkout's

    made = _maturity(installed, "template", "excel", "blank.xlsx", cwd=tmp_path, cache=cache)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "blank.xlsx").is_file()

    ingested = _maturity(installed, "ingest", "blank.xlsx", "--home", "h", cwd=tmp_path, cache=cache)
    assert "Traceback" not in ingested.stdout + ingested.stderr, ingested.stderr
    assert ingested.returncode == 1, ingested.stdout + ingested.stderr
    assert ingested.stdout.startswith("refused    blank.xlsx")
    (manifest,) = cache.glob("maturity-warehouse/*/target/manifest.json")
    assert manifest.parent.parent.name == version("maturity-warehouse")
    assert not list(installed.parent.glob("lib/python*/site-packages/pipelines/dbt_project/target"))


def test_a_manifest_that_cannot_be_prepared_is_one_line(installed, tmp_path):
    (tmp_path / "blocked").write_text("a file where the cache folder would go")
    run = _maturity(installed, "ingest", "x.xlsx", "--home", "h", cwd=tmp_path, cache=tmp_path / "blocked")
    assert run.returncode == 2
    assert "Traceback" not in run.stdout + run.stderr
    (line,) = run.stderr.strip().splitlines()
    assert line.startswith("maturity ingest: dbt could not parse") and "dbt's log:" in line


def test_a_home_that_cannot_be_written_is_one_line(tmp_path, capsys):
    write_template(tmp_path / "blank.xlsx", load_framework())
    (tmp_path / "taken").write_text("a file, not a folder")
    assert main(["ingest", str(tmp_path / "blank.xlsx"), "--home", str(tmp_path / "taken" / "home")]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line == f"maturity ingest: cannot use {tmp_path / 'taken' / 'home' / 'inbox'}: Not a directory"
