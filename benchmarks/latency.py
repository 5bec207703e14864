"""One new workbook to published, against the plain pandas script, on the same built home in one run.

(a) `maturity ingest` of one new workbook (a further SYNTHETIC group for a borough-year the home
already has), then `maturity build` (dbt, checks, publish): what a facilitator waits for after the
workshop. (b) benchmarks/plain_pandas.py on the home's archive: every sheet of every workbook read
with the calamine engine, the 1–5 values averaged. Both run as the commands a user types, imports
included, and both are timed with their CPU (getrusage of the children) and the load average beside
the wall time. (c) `maturity ingest --build` of a further new workbook: the same work in one command
(one start-up, one Dagster run). Target (issue #13): (a) within 4x (b). Each of --repeat rounds runs
(b), then (a) and (c), each with a workbook of its own; every round is printed, then the best of
each. Figures are recorded in
docs/benchmarks.md; nothing here is asserted in tests.

    .venv/bin/python benchmarks/latency.py --home DIR [--repeat K]

The home must hold a published demo (`maturity demo --home DIR`); it gains one submission a round.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# benchmarks/ingest.py is named like the `ingest` package: import this folder's helpers as a package.
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from benchmarks.measuring import Measured, describe_dbt, load_average, newest_dbt_timing, run  # noqa: E402

MAIN = [sys.executable, "-m", "pipelines.cli"]
PANDAS = [sys.executable, str(REPO / "benchmarks" / "plain_pandas.py")]
AREA, YEAR = "E09000007", 2025  # Camden, the demo's latest year


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--home", required=True, help="a home with a published demo")
    options.add_argument("--repeat", type=int, default=1, help="rounds (default 1; a round takes a minute or more)")
    args = options.parse_args()
    home = Path(args.home).resolve()
    if not (home / "published" / "maturity.duckdb").is_file():
        sys.exit(f"no published snapshot in {home}; run `maturity demo --home {home}` first")

    print(f"load average at start        {load_average()}")
    rounds: list[tuple[Measured, Measured, Measured]] = []
    with tempfile.TemporaryDirectory(prefix="maturity-latency-") as folder:
        for n in range(args.repeat):
            plain = run([*PANDAS, str(home / "archive")], cwd=REPO)
            workbook = _new_workbook(Path(folder), home)
            ingest = run([*MAIN, "ingest", str(workbook), "--home", str(home)], cwd=REPO)
            build = run([*MAIN, "build", "--home", str(home)], cwd=REPO)
            one_run = run([*MAIN, "ingest", str(_new_workbook(Path(folder), home)), "--build", "--home", str(home)],
                          cwd=REPO)
            for step in (plain, ingest, build, one_run):
                if step.returncode:
                    sys.exit(f"a step failed ({step.returncode}):\n{step.output[-2000:]}")
            published = _sum(ingest, build)
            print(f"\nround {n + 1}: {workbook.name}")
            print(plain.line("  (b) plain pandas script") + f"\n      {plain.output.strip()}")
            print(ingest.line("  (a) maturity ingest"))
            print(build.line("      maturity build"))
            print(published.line("      ingest + build"))
            print("\n".join(describe_dbt(newest_dbt_timing(home))))
            print(f"  ratio (a) / (b)            {published.wall / plain.wall:.2f} wall, "
                  f"{published.cpu / plain.cpu:.2f} CPU (target 4 wall)")
            print(one_run.line("  (c) maturity ingest --build"))
            print("\n".join(describe_dbt(newest_dbt_timing(home))))
            print(f"  ratio (c) / (b)            {one_run.wall / plain.wall:.2f} wall, "
                  f"{one_run.cpu / plain.cpu:.2f} CPU (target 4 wall)")
            rounds.append((plain, published, one_run))
    best_plain = min(r[0].wall for r in rounds)
    best_published = min(r[1].wall for r in rounds)
    best_one_run = min(r[2].wall for r in rounds)
    print(f"\nbest of {len(rounds)}: (a) {best_published:.2f} s, (c) {best_one_run:.2f} s, (b) {best_plain:.2f} s, "
          f"ratios {best_published / best_plain:.2f} and {best_one_run / best_plain:.2f} (target 4)")
    print(f"load average at end          {load_average()}")


def _new_workbook(folder: Path, home: Path) -> Path:
    """A further SYNTHETIC group for Camden's latest year, numbered after everything archived so far,
    so that it is always a new submission (never unchanged, never superseding)."""
    from framework import load_framework
    from ingest.assessments.template import write_template
    from synthetic.generator import generate

    fw = load_framework()
    copy = 2 + sum(1 for _ in (home / "archive").rglob("*"))
    workbook = generate(fw, area_codes=[AREA], years=[YEAR], scale=copy)[-1]
    return write_template(folder / workbook.file_name, fw, workbook.content)


def _sum(first: Measured, second: Measured) -> Measured:
    """Two commands run one after the other, as one: times add, memory is the larger."""
    return Measured(first.returncode or second.returncode, first.output + second.output,
                    first.wall + second.wall, first.cpu + second.cpu,
                    max(first.tree_peak_mib, second.tree_peak_mib), max(first.largest_mib, second.largest_mib),
                    first.load_before, second.load_after)


if __name__ == "__main__":
    main()
