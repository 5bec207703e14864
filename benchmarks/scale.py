"""The build at K times the demo's assessments: `maturity demo --scale K` (K synthetic groups per
borough-year, the same 33 boroughs and 4 years), then `maturity build --full` again on that home (every
model and test, as the first build; a plain `maturity build` of an unchanged home runs no dbt at all,
and is timed too), for each K.

For each scale: the demo's wall time (writing, ingest and the first build), then the rebuild's wall
and CPU time, the peak memory of its process tree, the warehouse's and the snapshot's size, and where
the rebuild's time went (dbt's per-model timing from HOME/logs/dbt/<run>/run_results.json). The
targets (issue #13): the build at 4x within 1.5x the 1x build; at 16x within 60 s and 1 GiB.

National size: `--scope england` runs the national synthetic demo instead, `maturity demo --scope
england --scale K` (every current upper-tier authority in England, 153 x the demo's 4 years, about
4.6 times London's borough-years; default K 1), measured the same way, and adds the row counts of
the biggest marts. England-wide reference data exist now (framework.areas, issue #15), so national
size is measured, no longer approximated by `--scales 12` (which gives 12 x London's 132
borough-years of assessments, about 153 x 10 years', but only 33 authorities). Figures are recorded
in docs/benchmarks.md; nothing here is asserted in tests.

    .venv/bin/python benchmarks/scale.py [--scope london|england] [--scales 1 4 16] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# benchmarks/ingest.py is named like the `ingest` package: import this folder's helpers as a package.
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from benchmarks.measuring import describe_dbt, load_average, newest_dbt_timing, run  # noqa: E402

MAIN = [sys.executable, "-m", "pipelines.cli"]


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--scales", type=int, nargs="+", help="groups per borough-year "
                                                                "(default: 1 4 16 for london, 1 for england)")
    options.add_argument("--scope", choices=["london", "england"], default="london",
                         help="the demo's authorities: London's 33 boroughs, or every current one in England")
    options.add_argument("--workdir", help="where the homes go (HOME/x<K>); kept when given "
                                           "(default: a temporary directory, removed after)")
    args = options.parse_args()
    scales = args.scales or ([1] if args.scope == "england" else [1, 4, 16])

    root = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="maturity-scale-bench-"))
    print(f"load average at start  {load_average()}")
    builds: dict[int, float] = {}
    for scale in scales:
        home = root / (f"x{scale}" if args.scope == "london" else f"{args.scope}-x{scale}")
        shutil.rmtree(home, ignore_errors=True)
        scope = [] if args.scope == "london" else ["--scope", args.scope]  # London: the command as before
        demo = run([*MAIN, "demo", *scope, "--scale", str(scale), "--home", str(home)], cwd=REPO)
        if demo.returncode:
            print(f"scale {scale}: maturity demo failed ({demo.returncode}):\n{demo.output[-2000:]}")
            continue
        build = run([*MAIN, "build", "--full", "--home", str(home)], cwd=REPO)
        if build.returncode:
            print(f"scale {scale}: maturity build failed ({build.returncode}):\n{build.output[-2000:]}")
            continue
        builds[scale] = build.wall
        unchanged = run([*MAIN, "build", "--home", str(home)], cwd=REPO)
        if unchanged.returncode:
            print(f"scale {scale}: maturity build (unchanged) failed ({unchanged.returncode}):\n{unchanged.output[-2000:]}")
        print(f"\n{args.scope} scale {scale}x: {_assessments(home)}")
        print(demo.line("  demo (write, ingest, build)"))
        print(build.line("  rebuild (build --full)"))
        print(unchanged.line("  build, nothing changed"))
        print(f"  sizes                      warehouse {_mib(home / 'warehouse.duckdb'):.1f} MiB, "
              f"snapshot {_mib(home / 'published' / 'maturity.duckdb'):.1f} MiB")
        print("\n".join(describe_dbt(newest_dbt_timing(home))))  # the full rebuild's: the other ran no dbt
        if args.scope != "london":
            print(f"  biggest marts (rows)       {_biggest_marts(home)}")
    if 1 in builds:
        print("\nrebuild against 1x      " + ", ".join(f"{k}x {s / builds[1]:.2f}" for k, s in builds.items()))
    print(f"load average at end    {load_average()}")
    if not args.workdir:
        shutil.rmtree(root)


def _assessments(home: Path) -> str:
    """How many submissions and participants the warehouse holds (read-only, after the build)."""
    import duckdb

    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        submissions, participants = con.execute(
            "select (select count(*) from raw.submissions), (select count(*) from raw.participants)").fetchone()
    return f"{submissions} submissions, {participants} participants"


def _biggest_marts(home: Path, top: int = 8) -> str:
    """The marts with the most rows in the published snapshot, most first."""
    import duckdb

    with duckdb.connect(str(home / "published" / "maturity.duckdb"), read_only=True) as con:
        tables = [t for (t,) in con.execute("select table_name from information_schema.tables "
                                            "where table_schema = 'marts' order by table_name").fetchall()]
        rows = {t: con.execute(f'select count(*) from marts."{t}"').fetchone()[0] for t in tables}
    return ", ".join(f"{t} {n:,}" for t, n in sorted(rows.items(), key=lambda item: -item[1])[:top])


def _mib(path: Path) -> float:
    return path.stat().st_size / 2**20


if __name__ == "__main__":
    main()
