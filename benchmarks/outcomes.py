"""Outcome files: how fast a big Fingertips download is read and loaded, and how long the association
models take on a demo-sized table. Figures are recorded in docs/benchmarks.md; nothing here is
asserted in tests.

A Fingertips download for every English authority is the largest outcome file a team is likely to
drop in: here 300 authorities × 15 years × 3 sexes × --indicators indicators.

    .venv/bin/python benchmarks/outcomes.py [--indicators N] [--repeat K]
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

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from evaluation import outcome_associations  # noqa: E402
from framework import load_framework  # noqa: E402
from ingest.batch.loading import ingest_files  # noqa: E402
from ingest.outcomes.model import IndicatorInfo, OutcomeValue  # noqa: E402
from ingest.outcomes.periods import parse_period  # noqa: E402
from ingest.registry import read_outcome_file  # noqa: E402
from synthetic.outcome_files import write_fingertips_data  # noqa: E402
from warehouse.home import Home  # noqa: E402

AUTHORITIES, YEARS, SEXES = 300, range(2008, 2023), ("", "Sex=Male", "Sex=Female")


def fingertips_file(folder: Path, indicators: int) -> tuple[Path, int]:
    infos = [IndicatorInfo("fingertips", str(90000 + i), f"SYNTHETIC indicator {i}") for i in range(indicators)]
    periods = [parse_period(f"{year}/{(year + 1) % 100:02d}") for year in YEARS]
    values = [
        OutcomeValue("fingertips", info.indicator_id, f"E06{n:06d}", f"Authority {n}", "local_authority", period, sex,
                     sex == "", 50 + (n % 40) / 3, 45.0, 60.0, 100.0, 200.0, None, "")
        for info in infos for n in range(AUTHORITIES) for period in periods for sex in SEXES
    ]
    return write_fingertips_data(folder / "SYNTHETIC_fingertips_all_england.csv", infos, values), len(values)


def association_table(areas: int = 33, years: int = 4, indicators: int = 4) -> pd.DataFrame:
    """A maturity_outcomes-shaped table the size of the demo's overall and theme rows."""
    rng = np.random.default_rng(1)
    rows = []
    for indicator in range(indicators):
        for level, item in [("overall", "overall"), ("theme", "a"), ("theme", "b"), ("theme", "c")]:
            for lag in (0, 1, 2):
                for area in range(areas):
                    base = rng.normal(60, 5)
                    for year in range(2022, 2022 + years):
                        maturity = rng.uniform(1.5, 4.5)
                        rows.append({
                            "area_code": f"E09{area:06d}", "assessment_year": year, "level": level, "item_id": item,
                            "maturity_mean": maturity, "maturity_n_scores": 8, "maturity_is_suppressed": False,
                            "source": "fingertips", "indicator_id": str(indicator), "indicator_name": f"I{indicator}",
                            "unit": "%", "polarity": "higher_is_better", "lag": lag,
                            "outcome_value": base + 2 * maturity + rng.normal(0, 2), "is_synthetic": True,
                        })
    return pd.DataFrame(rows)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--indicators", type=int, default=1, help="indicators in the Fingertips file (default 1)")
    options.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the best is shown")
    args = options.parse_args()
    fw = load_framework()
    work = Path(tempfile.mkdtemp(prefix="maturity-bench-outcomes-"))
    try:
        path, n_values = fingertips_file(work, args.indicators)
        reads, loads = [], []
        for run in range(args.repeat):
            started = time.perf_counter()
            read_outcome_file(path)
            reads.append(time.perf_counter() - started)
            home = Home(work / f"home{run}").ensure()
            started = time.perf_counter()
            [outcome] = ingest_files([path], home, fw)
            loads.append(time.perf_counter() - started)
            assert outcome.status == "accepted", outcome.line()
        table = association_table()
        fits = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = outcome_associations(table)
            fits.append(time.perf_counter() - started)
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        size_mib = path.stat().st_size / 2**20
        print(f"Fingertips file          {n_values:,} values, {size_mib:.1f} MiB")
        print(f"read_outcome_file        {min(reads):.2f} s ({n_values / min(reads):,.0f} values/s)")
        print(f"ingest_files (to DuckDB) {min(loads):.2f} s ({n_values / min(loads):,.0f} values/s)")
        print(f"association models       {len(result)} rows from {len(table):,} input rows in {min(fits):.2f} s")
        print(f"peak memory              {peak_mib:.0f} MiB")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
