"""The yardstick for benchmarks/latency.py: the plain pandas script someone would write instead of
the warehouse — read every sheet of every workbook in a home's archive with the calamine engine and
average the 1–5 values. It knows nothing of the template (no validation, no identification, no
small-group rule), so it is the least a "re-read everything" answer costs, imports included.

    .venv/bin/python benchmarks/plain_pandas.py HOME/archive
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd


def mean_of_scores(archive: Path) -> tuple[float, int, int]:
    """(mean, number of 1–5 values, number of workbooks) over every sheet of every workbook."""
    total, count, books = 0.0, 0, 0
    for path in sorted(archive.rglob("*.xlsx")):
        books += 1
        for sheet in pd.read_excel(path, sheet_name=None, header=None, engine="calamine").values():
            values = pd.to_numeric(pd.Series(sheet.to_numpy().ravel()), errors="coerce")
            scores = values[values.between(1, 5) & (values == values.round())]
            total, count = total + float(scores.sum()), count + len(scores)
    return total / count if count else float("nan"), count, books


if __name__ == "__main__":
    mean, count, books = mean_of_scores(Path(sys.argv[1]))
    print(f"mean {mean:.4f} of {count} values 1-5 in {books} workbooks")
