"""What benchmarks/latency.py and benchmarks/scale.py measure of a command: wall time, CPU time and
peak memory of the whole process tree it starts, the machine's load beside them, and where a dbt
build spent its time.

Commands run as subprocesses, exactly as a user types them, so every figure includes what a user
waits for (imports included). CPU comes from getrusage(RUSAGE_CHILDREN) before and after: it counts
every descendant that was waited for, which is all of them once the command returns. Peak memory is
sampled from /proc, because getrusage's maxrss is one process's peak (and carried across fork), not
the tree's: the peak of the summed resident memory of the command and its descendants, and the
largest single process's peak (VmHWM).
"""

from __future__ import annotations

import json
import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.05


@dataclass(frozen=True)
class Measured:
    """One command's run: seconds of wall and CPU, MiB of memory, the load average around it."""

    returncode: int
    output: str
    wall: float
    cpu: float  # user + system, the command and all its descendants
    tree_peak_mib: float  # the largest summed resident memory of the process tree at one sample
    largest_mib: float  # the largest peak of any one process in the tree
    load_before: str
    load_after: str

    def line(self, what: str) -> str:
        return (f"{what:<28} {self.wall:7.2f} s wall, {self.cpu:7.2f} s CPU, peak {self.tree_peak_mib:5.0f} MiB "
                f"tree / {self.largest_mib:4.0f} MiB one process  (load {self.load_before} → {self.load_after})")


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages, as /proc/loadavg gives them."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run(command: list[str], cwd: Path | None = None) -> Measured:
    """Run `command` to completion, measuring it; its output (stdout and stderr) is kept, not shown."""
    before_load, before = load_average(), _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with _TreeMemory(process.pid) as memory:
        output, _ = process.communicate()
    wall = time.perf_counter() - started
    return Measured(process.returncode, output, wall, _children_cpu() - before, memory.tree_peak_kib / 1024,
                    memory.largest_kib / 1024, before_load, load_average())


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class _TreeMemory(threading.Thread):
    """Samples the resident memory of a process and all its descendants until told to stop."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self._pid = pid
        self._done = threading.Event()
        self.tree_peak_kib = 0
        self._hwm: dict[int, int] = {}  # KiB by pid; a process's last sample counts (after its exec)

    @property
    def largest_kib(self) -> int:
        return max(self._hwm.values(), default=0)

    def __enter__(self) -> "_TreeMemory":
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self.join()

    def run(self) -> None:
        while not self._done.wait(SAMPLE_SECONDS):
            total = 0
            for pid in _tree(self._pid):
                rss, hwm = _memory_kib(pid)
                total += rss
                if hwm:
                    self._hwm[pid] = hwm
            self.tree_peak_kib = max(self.tree_peak_kib, total)


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants still running."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            tasks = list(Path(f"/proc/{current}/task").iterdir())
        except OSError:  # gone already
            continue
        for task in tasks:
            try:
                pending.extend(int(child) for child in (task / "children").read_text().split())
            except OSError:  # a thread that ended meanwhile
                continue
    return found


def _memory_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of `pid` in KiB; zeros for a process already gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0, 0
    values = {line.split(":")[0]: int(line.split()[1]) for line in status.splitlines() if line.startswith(("VmRSS", "VmHWM"))}
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


@dataclass(frozen=True)
class DbtTiming:
    """Where one dbt build's time went, from its run_results.json."""

    elapsed: float  # dbt's own wall time for the whole invocation
    models: list[tuple[str, float]]  # (model name, seconds), slowest first
    n_tests: int
    tests_seconds: float  # summed over tests (run on dbt's threads, so more than their wall time)


def newest_dbt_timing(home: Path) -> DbtTiming | None:
    """The timing of the newest build under HOME/logs/dbt (pipelines/dbt_location.run_target names
    its folders so that they sort in the order builds started); None when no build left one."""
    runs = sorted(p for p in (home / "logs" / "dbt").glob("*/run_results.json"))
    if not runs:
        return None
    results = json.loads(runs[-1].read_text())
    models, tests = [], []
    for result in results["results"]:
        kind, _, name = result["unique_id"].split(".", 2)
        if kind == "model":
            models.append((name.split(".")[-1], float(result["execution_time"])))
        elif kind == "test":
            tests.append(float(result["execution_time"]))
    return DbtTiming(float(results["elapsed_time"]), sorted(models, key=lambda m: -m[1]), len(tests), sum(tests))


def describe_dbt(timing: DbtTiming | None, top: int = 6) -> list[str]:
    """Lines saying where the build's dbt time went: its total, the slowest models, the tests."""
    if timing is None:
        return ["  dbt                        no run_results.json found"]
    model_seconds = sum(seconds for _, seconds in timing.models)
    slowest = ", ".join(f"{name} {seconds:.1f}" for name, seconds in timing.models[:top])
    return [
        f"  dbt                        {timing.elapsed:.1f} s in dbt: {len(timing.models)} models {model_seconds:.1f} s, "
        f"{timing.n_tests} tests {timing.tests_seconds:.1f} s (summed)",
        f"  slowest models (s)         {slowest}",
    ]
