"""Ingest throughput beside a raw python-calamine read of the same workbooks, with the same number
of processes, as a ratio; wall time and CPU per file for each, in one run.

The raw read (open each file, read every sheet's rows) is the least any Excel ingest here has to
do; the ratio says what the warehouse costs on top of it — archiving, validation, identification,
supersession, audit and the DuckDB load. Ingest reads in one worker process per core
(ingest.batch.workers), so the raw read is timed with as many processes (a pool started inside the
timing, as ingest's workers are), and in one process for reference. Target: at least 0.50 of the
raw read with equal processes. Generation is not timed. Each measurement is the best of --repeat
runs, because other work on the machine only ever makes a run slower; the load average is printed
beside the figures. Figures are recorded in docs/benchmarks.md; nothing here is asserted in tests.

    .venv/bin/python benchmarks/ingest.py [--files N] [--workdir DIR] [--repeat K]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
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

# This file is named like the `ingest` package it measures: keep its folder from shadowing it, and
# import its helpers as a package (the raw read's processes import it by name).
REPO = Path(__file__).resolve().parents[1]
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from benchmarks.raw_read import raw_read  # noqa: E402

# The project is imported inside functions, so that the measuring process (spawned, so it re-imports
# this script) loads only what ingestion loads under `maturity` — not the generator's numpy and openpyxl.
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
    from ingest.batch.workers import WORKERS
    from warehouse.home import Home

    fw = load_framework()
    n, megabytes = len(paths), sum(p.stat().st_size for p in paths) / 1e6
    print(f"load average before {_load()}")
    raw_alone = min((tree_timed(lambda: raw_read(paths)) for _ in range(repeat)), key=lambda r: r[0])
    raw_pooled = min((tree_timed(lambda: raw_read_pooled(paths, WORKERS)) for _ in range(repeat)), key=lambda r: r[0])
    runs = []
    for run in range(repeat):
        home = Home(root / f"home-{run}")
        shutil.rmtree(home.root, ignore_errors=True)
        runs.append(tree_timed(lambda: ingest_files(paths, home, fw)))
    ingest_seconds, main_cpu, workers_cpu, workers_mib, outcomes = min(runs, key=lambda r: r[0])

    statuses = Counter(o.status for o in outcomes)
    for label, (seconds, own, children, _, _) in ((f"raw calamine read, {WORKERS} processes", raw_pooled),
                                                ("raw calamine read, 1 process", raw_alone)):
        print(f"{label:<36} {seconds:.2f} s: {n / seconds:.0f} files/s, {megabytes / seconds:.1f} MB/s, "
              f"{(own + children) * 1e3 / n:.2f} ms CPU a file")
    print(f"{f'ingest_files, {WORKERS} reading workers':<36} {ingest_seconds:.2f} s: {n / ingest_seconds:.0f} files/s, "
          f"{megabytes / ingest_seconds:.1f} MB/s, {(main_cpu + workers_cpu) * 1e3 / n:.2f} ms CPU a file "
          f"({main_cpu:.2f} s loading process, {workers_cpu:.2f} s workers)")
    print(f"  outcomes                           {', '.join(f'{k} {status}' for status, k in sorted(statuses.items()))}")
    print(f"ratio ingest / raw, equal processes  {raw_pooled[0] / ingest_seconds:.2f} (target 0.50); "
          f"against one raw process {raw_alone[0] / ingest_seconds:.2f}")
    print(f"peak memory                          {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB "
          f"loading process, {workers_mib:.0f} MiB largest reading worker")
    print(f"load average after  {_load()}")


def raw_read_pooled(paths: list[Path], processes: int) -> None:
    """raw_read in `processes` fresh processes, started inside the timing as ingest's workers are;
    files handed out in small chunks, as ingest keeps a few files ahead of each worker. The same fork
    server as ingest's, with the same modules preloaded (whichever of the two starts it first)."""
    from ingest.batch.workers import PRELOAD

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        list(pool.map(raw_read, [paths[i:i + 8] for i in range(0, len(paths), 8)]))


def tree_timed(work: Callable[[], object]) -> tuple[float, float, float, float, object]:
    """(wall seconds, CPU seconds here, CPU seconds in descendants, MiB peak of the largest
    descendant, result): the same accounting for the raw read and for ingest."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    with Descendants() as descendants:
        started = time.perf_counter()
        result = work()
        wall = time.perf_counter() - started
    cpu = _cpu(resource.getrusage(resource.RUSAGE_SELF)) - _cpu(own)
    return wall, cpu, descendants.cpu_seconds, descendants.mib, result


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


class Descendants(threading.Thread):
    """CPU time and the largest peak resident memory (VmHWM) of this process's descendants, sampled
    while they run.

    getrusage cannot tell either: ingest's workers are children of a fork server, not of this
    process, so their CPU never reaches RUSAGE_CHILDREN while it lives; and Linux carries a
    process's peak across fork, so every worker would report at least its parent's peak. A process's
    last sample counts (its CPU so far, its peak after its exec); a worker's last ~20 ms may be lost.
    Descendants that were already running when sampling began (a fork server from an earlier run)
    count only what they use after it began."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self._latest: dict[str, tuple[int, float]] = {}  # pid → (VmHWM KiB, CPU seconds)
        self._at_start = {pid: cpu for pid, (_, cpu) in self._sample().items()}
        self._done = threading.Event()

    @property
    def mib(self) -> float:
        return max((hwm for hwm, _ in self._latest.values()), default=0) / 1024

    @property
    def cpu_seconds(self) -> float:
        return sum(cpu - self._at_start.get(pid, 0.0) for pid, (_, cpu) in self._latest.items())

    def __enter__(self) -> "Descendants":
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self.join()
        self._latest.update(self._sample())

    def run(self) -> None:
        while not self._done.wait(0.02):
            self._latest.update(self._sample())

    @staticmethod
    def _sample() -> dict[str, tuple[int, float]]:
        found: dict[str, tuple[int, float]] = {}
        pending = _children("self")
        while pending:
            pid = pending.pop()
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # gone already
                continue
            pending.extend(_children(pid))
            hwm = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)
            found[pid] = (hwm, (int(fields[11]) + int(fields[12])) / CLOCK_TICKS)  # utime, stime
        return found


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _children(pid: str) -> list[str]:
    """The children of every thread of `pid`; threads and processes may end while being listed."""
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            try:
                found += (task / "children").read_text().split()
            except OSError:
                continue
    except OSError:
        pass
    return found


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
