"""Ingest throughput beside a raw python-calamine read of the same workbooks, as a ratio.

The raw read (open each file, read every sheet's rows, one process) is the least any Excel
ingest here has to do; the ratio says what the warehouse costs on top of it — archiving,
validation, identification, supersession, audit and the DuckDB load. Target: at least 0.50.
Generation is not timed. Each measurement is the best of --repeat runs, because other work on the
machine only ever makes a run slower. Figures are recorded in docs/benchmarks.md; nothing here is
asserted in tests.

    .venv/bin/python benchmarks/ingest.py [--files N] [--workdir DIR] [--repeat K]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from python_calamine import CalamineWorkbook

# This file is named like the `ingest` package it measures: keep its folder from shadowing it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

# The project is imported inside functions: ingestion's worker processes re-import this script, and
# should load only what reading needs, as they do under `maturity` — not the generator's numpy and
# openpyxl.
if TYPE_CHECKING:
    from framework.model import Framework
    from ingest.assessments.model import WorkbookContent
    from synthetic.generator import SyntheticWorkbook

RESUBMIT_EVERY = 20  # keeps its group label, so it supersedes the first round's file
OUT_OF_RANGE_EVERY = 53  # a score of 6: refused at its cell
UNKNOWN_AREA_EVERY = 97  # an area that is not a London borough: refused
COPY_EVERY = 89  # the previous file's bytes again: unchanged


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--files", type=int, default=2000, help="how many workbooks (default 2,000)")
    options.add_argument("--workdir", help="where to write workbooks and homes; kept, and its workbooks "
                                           "reused, when given (default: a temporary directory, removed after)")
    options.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the best counts (default 3)")
    args = options.parse_args()

    from framework import load_framework

    root = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="maturity-ingest-bench-"))
    started = time.perf_counter()
    paths = workbooks(root / "files", load_framework(), args.files)
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    print(f"workbooks           {len(paths)}, {megabytes:.1f} MB ({megabytes * 1e3 / len(paths):.1f} kB each), "
          f"ready in {time.perf_counter() - started:.1f} s (not timed)")
    # Measured in a fresh process, so that its peak memory and its children are ingestion's alone.
    measuring = multiprocessing.get_context("spawn").Process(target=measure, args=(paths, root, args.repeat))
    measuring.start()
    measuring.join()
    if not args.workdir:
        shutil.rmtree(root)
    sys.exit(measuring.exitcode)


def measure(paths: list[Path], root: Path, repeat: int) -> None:
    import duckdb  # noqa: F401 — loaded, with pyarrow and pandas, by the Dagster process behind every
    import pandas  # noqa: F401   entry point before ingestion starts; importing them is not ingestion's cost
    import pyarrow  # noqa: F401

    from framework import load_framework
    from ingest.batch.loading import ingest_files
    from warehouse.home import Home

    fw = load_framework()
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    raw_seconds = min(timed(lambda: raw_read(paths)) for _ in range(repeat))
    runs = []
    with WorkerPeak() as workers_peak:
        for run in range(repeat):
            home = Home(root / f"home-{run}")
            shutil.rmtree(home.root, ignore_errors=True)
            runs.append(cpu_timed(lambda: ingest_files(paths, home, fw)))
    ingest_seconds, main_cpu, workers_cpu, outcomes = min(runs, key=lambda r: r[0])

    raw_rate, ingest_rate = len(paths) / raw_seconds, len(paths) / ingest_seconds
    statuses = Counter(o.status for o in outcomes)
    print(f"raw calamine read   {raw_seconds:.2f} s: {raw_rate:.0f} files/s, {megabytes / raw_seconds:.1f} MB/s")
    print(f"ingest_files        {ingest_seconds:.2f} s: {ingest_rate:.0f} files/s "
          f"({', '.join(f'{n} {status}' for status, n in sorted(statuses.items()))})")
    print(f"  cpu               {main_cpu:.2f} s in the loading process, {workers_cpu:.2f} s in reading workers "
          f"({(main_cpu + workers_cpu) * 1e3 / len(paths):.2f} ms a file)")
    print(f"ratio ingest / raw  {ingest_rate / raw_rate:.2f} (target 0.50)")
    print(f"peak memory         {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB loading process, "
          f"{workers_peak.mib:.0f} MiB largest reading worker")


def raw_read(paths: list[Path]) -> None:
    """The least any Excel ingest does: every row of every sheet, as Python values."""
    for path in paths:
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            workbook.get_sheet_by_name(name).to_python()
        workbook.close()


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def cpu_timed(work: Callable[[], list]) -> tuple[float, float, float, list]:
    """(wall seconds, CPU seconds here, CPU seconds in children, result); workers are children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = work()
    wall = time.perf_counter() - started
    own_after, children_after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, _cpu(own_after) - _cpu(own), _cpu(children_after) - _cpu(children), result


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


class WorkerPeak(threading.Thread):
    """The largest peak resident memory (VmHWM) of this process's children, sampled while they run.

    getrusage cannot tell: Linux carries a process's peak across fork and exec, so every spawned
    worker would report at least its parent's peak. For the same reason a child's last sample
    counts, not its first, which may predate its exec."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self._latest: dict[str, int] = {}  # KiB by pid
        self._done = threading.Event()

    @property
    def mib(self) -> float:
        return max(self._latest.values(), default=0) / 1024

    def __enter__(self) -> "WorkerPeak":
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self.join()

    def run(self) -> None:
        while not self._done.wait(0.02):
            for pid in _children():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:  # gone already
                    continue
                self._latest[pid] = next(
                    (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)


def _children() -> list[str]:
    return [pid for task in Path("/proc/self/task").iterdir()
            for pid in (task / "children").read_text().split()]


# --- generating the workbooks ------------------------------------------------------------------


def workbooks(folder: Path, fw: Framework, count: int) -> list[Path]:
    """The same `count` files for the same count, reused from `folder` when already written there."""
    manifest = folder / "manifest.json"
    if manifest.exists() and len(names := json.loads(manifest.read_text())) == count:
        return [folder / name for name in names]
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    plan = planned(fw, count)
    paths = [folder / name for name, _ in plan]
    with ProcessPoolExecutor() as pool:  # openpyxl writes slowly; use every core
        list(pool.map(_write, paths, [fw] * len(plan), [content for _, content in plan], chunksize=16))
    for n, path in enumerate(paths):
        if n and n % COPY_EVERY == 0:
            path.write_bytes(paths[n - 1].read_bytes())
    manifest.write_text(json.dumps([p.name for p in paths]))
    return paths


def planned(fw: Framework, count: int) -> list[tuple[str, WorkbookContent]]:
    """Rounds of the synthetic demo with different seeds: varied group sizes, skips, indicator
    sheets and split groups. Each round after the first is labelled as its own group, so that most
    files are new submissions; every RESUBMIT_EVERY-th keeps its label and supersedes the first
    round's file, and a few are spoiled so that they are refused."""
    from synthetic.generator import generate
    from synthetic.seeding import DEFAULT_SEED

    plan: list[tuple[str, WorkbookContent]] = []
    round_ = 0
    while len(plan) < count:
        for workbook in generate(fw, seed=DEFAULT_SEED + round_)[: count - len(plan)]:
            plan.append((f"{len(plan):05d}_{workbook.file_name}", _varied(fw, workbook, round_, len(plan))))
        round_ += 1
    return plan


def _varied(fw: Framework, workbook: SyntheticWorkbook, round_: int, n: int) -> WorkbookContent:
    content = workbook.content
    if round_ and n % RESUBMIT_EVERY:
        content = replace(content, group_label=f"{content.group_label or 'Partnership'} (round {round_ + 1})")
    if n % OUT_OF_RANGE_EVERY == OUT_OF_RANGE_EVERY - 1:
        first, *others = content.participants
        spoiled = dict(first.enabler_scores, **{fw.enablers[0].id: 6})
        content = replace(content, participants=(replace(first, enabler_scores=spoiled), *others))
    if n % UNKNOWN_AREA_EVERY == UNKNOWN_AREA_EVERY - 1:
        content = replace(content, area_name="Narnia")
    return content


def _write(path: Path, fw: Framework, content: WorkbookContent) -> None:
    from ingest.assessments.template import write_template

    write_template(path, fw, content)


if __name__ == "__main__":
    main()
