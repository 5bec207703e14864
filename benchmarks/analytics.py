"""How long the analytics behind the dbt Python models take on a home's own inputs, at 1x and at 4x
(the same frames copied with new area codes, or for the benchmark new item ids, since its comparator
groups are fixed by the London boroughs), each the best of three runs, with the load average beside.
`maturity_change` runs on the home's own people only: copies would repeat its comparisons, whose
permutation tests a build shares (equal exact counts, and Monte Carlo draws for equal group sizes),
and its cost grows with the group sizes, not their number; pass a home built with `maturity demo
--scale 16` for the 16x figure.

    .venv/bin/python benchmarks/analytics.py --home data [--change-only]

Reads the home's warehouse (built), never writes. The functions' time alone: reading the frames,
dbt's overhead and writing the tables are not in it.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

from framework import load_framework
from measures.benchmarking import benchmark
from measures.change import maturity_changes
from measures.group_comparison import compare
from measures.item_measures import measure
from measures.permutation import _exact_p_within
from measures.pointers import pointers

REPEATS = 3


def _inputs(warehouse: Path) -> dict[str, pd.DataFrame]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        def read(table: str) -> pd.DataFrame:
            return con.execute(f"select * from {table}").df()

        scores = read("intermediate.int_scores_joined_to_assessments")
        participants = read("staging.stg_raw__participants")
        participants["participant_key"] = participants["submission_id"] + "/" + participants["participant_id"]
        people = scores[scores["grain"] == "enabler"].rename(columns={"item_id": "enabler_id"}).merge(
            participants[["participant_key", "sector", "role_level"]], on="participant_key", how="left")
        return {
            "people": people, "item_scores": read("intermediate.int_item_scores"),
            "areas": read("staging.stg_framework__areas"), "icbs": read("framework.area_icbs"),
            "neighbours": read("reference.statistical_neighbours"), "enablers": read("marts.enabler_maturity"),
            "boxes": read("framework.case_studies"), "links": read("framework.case_study_enablers"),
            "aggregated": read("intermediate.int_participant_scores_aggregated"),
        }


def _copies(frame: pd.DataFrame, column: str, times: int) -> pd.DataFrame:
    """`frame` `times` over, each copy's `column` given a new suffix (copy 0 keeps its keys)."""
    return pd.concat([frame.assign(**{column: frame[column] + ("" if k == 0 else f"~{k}")}) for k in range(times)],
                     ignore_index=True)


def _best(run: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def _changes(people: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """maturity_change as one build computes it: the exact counts' cache starts empty."""
    _exact_p_within.cache_clear()
    return maturity_changes(people, dict(zip(areas["area_code"], areas["area_name"])), 3)


def _report(scale: int, name: str, rows: int, seconds: float) -> None:
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"{scale}x {name:<28} {rows:7d} rows  {seconds:7.3f} s  load {' '.join(load)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--change-only", action="store_true", help="maturity_change alone (e.g. on a 16x home)")
    options = parser.parse_args(argv)
    home = options.home
    data = _inputs(home / "warehouse.duckdb")
    roles = load_framework().role_levels
    enablers = data["enablers"].rename(columns={"enabler_id": "item_id"})
    groups = {k: data[k] for k in ("areas", "icbs", "neighbours")}
    aggregated, areas = data["aggregated"], data["areas"]
    _report(1, "maturity_change (this home)", len(aggregated), _best(lambda: _changes(aggregated, areas)))
    for scale in () if options.change_only else (1, 4):
        people, items = _copies(data["people"], "area_code", scale), _copies(data["item_scores"], "area_code", scale)
        maturity = _copies(enablers, "item_id", scale)
        runs = {
            "int_item_scores_measured": (len(items), lambda: measure(items, 2.5, 0.0)),
            "group_comparison": (len(people), lambda: compare(people, roles, 3)),
            "benchmark (enabler level)": (len(maturity), lambda: benchmark(maturity, level="enabler", **groups)),
            "case_study_pointers": (len(data["enablers"]) * scale, lambda: pointers(
                _copies(data["enablers"], "area_code", scale), data["boxes"], data["links"])),
        }
        for name, (rows, run) in runs.items():
            _report(scale, name, rows, _best(run))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
