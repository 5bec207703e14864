"""Times the full demo pipeline (write the synthetic workbooks, data-sharing questionnaires and
outcome files; ingest, dbt build, checks, publish) and reports peak memory. Figures are recorded in docs/benchmarks.md; nothing here is asserted in tests.

    .venv/bin/python benchmarks/pipeline.py [--areas N] [--home DIR]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

# benchmarks/ingest.py is named like the `ingest` package: keep this folder from shadowing it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from framework import load_framework  # noqa: E402
from pipelines.cli import _execute, _ingest_report  # noqa: E402
from synthetic.data_sharing import write_data_sharing_demo  # noqa: E402
from synthetic.generator import write_demo  # noqa: E402
from synthetic.outcomes import write_outcome_demo  # noqa: E402
from warehouse.home import Home  # noqa: E402


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--areas", type=int, default=33, help="how many boroughs (default all 33)")
    options.add_argument("--home", help="home to use (default: a temporary directory, removed after)")
    args = options.parse_args()

    root = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="maturity-bench-"))
    home = Home(root).ensure()
    fw = load_framework()
    areas = [a.code for a in fw.areas][: args.areas]

    started = time.perf_counter()
    written = write_demo(home.inbox, fw, area_codes=areas, readme_folder=home.root)
    written += write_data_sharing_demo(home.inbox, fw, area_codes=areas)
    written += write_outcome_demo(home.inbox, fw)
    wrote = time.perf_counter()
    run_args = argparse.Namespace(verbose=False, wait=None, command="bench")
    ingest = _execute("ingest", home, run_args, ingest={"paths": []})
    ingested = time.perf_counter()
    build = _execute("build", home, run_args)
    built = time.perf_counter()

    accepted = sum(o.status.loads for o in _ingest_report(ingest).outcomes)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"boroughs                 {len(areas)}")
    print(f"files written            {len(written)} in {wrote - started:.1f} s")
    print(f"ingest (Dagster job)     {accepted} accepted in {ingested - wrote:.1f} s "
          f"({accepted / max(ingested - wrote, 1e-9):.1f} files/s)")
    print(f"build (dbt, GE, publish) {'ok' if build.success else 'FAILED'} in {built - ingested:.1f} s")
    print(f"total                    {built - started:.1f} s")
    print(f"peak memory              {peak_mib:.0f} MiB (this process), {children_mib:.0f} MiB (largest child, dbt)")
    if not args.home:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
