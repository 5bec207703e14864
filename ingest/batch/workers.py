"""Worker processes that one file cannot take down: each caps its own memory and CPU time, and when
one dies the file it was reading is known exactly, read again alone in a fresh worker, and — if it
kills that one too — given back as `Stopped` with the reason, while the other files go on.

A file can crash a reader in ways no `except` catches: a Rust allocation failure aborts the process
(calamine reading a sheet that declares a huge range), a native bug segfaults it, the kernel's OOM
killer sends SIGKILL. So reading never runs in the process that holds the warehouse. Each worker
sets RLIMIT_AS (its address space, MATURITY_READ_MEMORY_MB, default 1024) once and RLIMIT_CPU
(MATURITY_READ_CPU_SECONDS per file, default 120) before each file: past the first, Python raises
MemoryError or native code aborts; past the second, the kernel ends the worker with SIGXCPU.

Workers are forked from multiprocessing's fork server, which imports the light reading modules once
per process (`set_forkserver_preload`), so starting a batch's workers costs milliseconds after the
first. Files are handed out one message each, a few ahead per worker, and results come back in any
order; a thread here drives the workers so that they keep reading while the caller loads what it has.
Should workers fail to start at all, `run` says so and reads the remaining files in this process.

What a worker prints never reaches the user's terminal as it is: a reader stopped by a native crash
leaves a Rust panic or a C library's complaint, which the file's refusal already explains in words
(`Stopped.why`). Python warnings a reader raises are caught per file and logged at WARNING, naming
the file; anything else a worker printed is logged as one WARNING line per worker with its text at
DEBUG, and a stopped worker's last words at DEBUG only (see `_Pool._log_output`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import signal
import tempfile
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

MEMORY_ENV, CPU_ENV = "MATURITY_READ_MEMORY_MB", "MATURITY_READ_CPU_SECONDS"
DEFAULT_MEMORY_MB, DEFAULT_CPU_SECONDS = 1024, 120
MINIMUM_MEMORY_MB = 100  # below it a worker cannot import the readers
WORKERS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
WALL_FACTOR = 3  # a file may take this many times its CPU allowance in wall time before its worker is killed
AHEAD = 4  # files sent to a worker before its results come back, so that it never waits for the next
PRELOAD = ["ingest.batch.forkserver_main", "ingest.batch.reading"]  # imported once, in the fork server

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    """What one worker may use; read from the environment by the process that starts the workers."""

    memory_mb: int = DEFAULT_MEMORY_MB
    cpu_seconds: int = DEFAULT_CPU_SECONDS

    @classmethod
    def from_env(cls) -> "Limits":
        return cls(_setting(MEMORY_ENV, DEFAULT_MEMORY_MB, "megabytes", MINIMUM_MEMORY_MB),
                   _setting(CPU_ENV, DEFAULT_CPU_SECONDS, "seconds", 1))


class BadLimit(ValueError):
    """A reading limit in the environment that is not a whole number in range: the user's mistake, one line."""


def _setting(name: str, default: int, unit: str, minimum: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < minimum:
        raise BadLimit(f"${name} must be a whole number of {unit}, at least {minimum} (default {default}); it is {text!r}")
    return int(text)


@dataclass(frozen=True)
class Stopped:
    """A file whose reading ended its worker twice, the second time alone in a fresh one."""

    why: str  # "killed by signal SIGABRT", "out of memory past the 1024 MB limit", …


def run(work: Callable[[object], object], items: Sequence[object], start: Callable[..., None], args: tuple,
        limits: Limits) -> Iterator[object]:
    """work(item) for each item, in order, in worker processes set up by start(*args); a Stopped
    for an item that stopped its worker alone."""
    pool = _Pool(work, items, start, args, limits)
    try:
        for index, item in enumerate(items):
            result = pool.result(index)
            if result is _IN_PROCESS:
                if index == pool.fallback_from:
                    log.warning("reading workers could not start (%s); reading the other %d files in this process",
                                pool.failure, len(items) - index)
                    start(*args)
                result = work(item)
            yield result
    finally:
        pool.close()


_IN_PROCESS = object()  # a result to compute here: the workers could not start


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    stderr: Path
    lone: bool  # started to read one suspect file alone
    ready: bool = False
    since: float = field(default_factory=time.monotonic)  # when it began its current file
    given: deque[int] = field(default_factory=deque)  # indices sent, in the order it reads them
    hung: bool = False  # killed here for taking too long


class _Pool:
    def __init__(self, work, items, start, args, limits: Limits):
        self._work, self._start, self._args, self._limits = work, start, args, limits
        self._todo: deque[int] = deque(range(len(items)))
        self._suspects: deque[int] = deque()  # files a worker died reading: each read again alone
        self._items = items
        self._results: dict[int, object] = {}
        self._done = threading.Condition()
        self._stop = False
        self.fallback_from: int | None = None
        self.failure = ""
        self._wake_r, self._wake_w = multiprocessing.Pipe(duplex=False)
        self._workers: list[_Worker] = []
        self._died_on: dict[Path, int] = {}  # a dead worker's stderr: the item it was reading
        self._stopped: set[int] = set()  # items given back as Stopped
        self._started = 0
        self._folder = Path(tempfile.mkdtemp(prefix="maturity-readers-"))
        self._context = _fork_server()
        self._thread = threading.Thread(target=self._drive, name="reading workers", daemon=True)
        self._thread.start()

    def result(self, index: int) -> object:
        with self._done:
            self._done.wait_for(lambda: index in self._results or self.fallback_from is not None)
            if index in self._results:
                return self._results.pop(index)
        return _IN_PROCESS

    def close(self) -> None:
        self._stop = True
        self._wake_w.send(None)
        self._thread.join()
        early = bool(self._results) or any(w.given for w in self._workers)  # the caller stopped before the end
        for worker in self._workers:
            _end(worker, wait=not early)
        self._log_output()
        for path in self._folder.iterdir():
            path.unlink()
        self._folder.rmdir()
        self._wake_r.close()
        self._wake_w.close()

    def _drive(self) -> None:
        try:
            while not self._stop and (self._todo or self._suspects or any(w.given for w in self._workers)):
                self._staff()
                self._feed()
                self._collect()
        except _CannotStart as exc:
            self._give_up(str(exc))
        except Exception as exc:  # a bug here must not hang the caller waiting for results
            log.exception("reading workers failed")
            self._give_up(repr(exc))
        finally:
            for worker in self._workers:
                if worker.process.is_alive():
                    _send(worker, None)

    def _staff(self) -> None:
        """A fresh worker for each suspect; enough workers for the files left."""
        while self._suspects and len(self._workers) < max(WORKERS, 1):
            index = self._suspects.popleft()
            worker = self._spawn(lone=True)
            worker.given.append(index)
            _send(worker, (index, self._items[index]))
        while self._todo and len(self._workers) < min(WORKERS, len(self._todo) + sum(len(w.given) for w in self._workers)):
            self._spawn(lone=False)

    def _spawn(self, lone: bool) -> _Worker:
        self._started += 1
        stderr = self._folder / f"worker-{self._started}.stderr"
        child, parent = multiprocessing.Pipe()
        try:
            process = self._context.Process(target=_serve, args=(child, self._work, self._start, self._args,
                                                                 self._limits, str(stderr)), daemon=True)
            process.start()
        except Exception as exc:  # no fork server, no processes left, …
            raise _CannotStart(f"{type(exc).__name__}: {exc}") from exc
        finally:
            child.close()
        worker = _Worker(process, parent, stderr, lone)
        self._workers.append(worker)
        return worker

    def _feed(self) -> None:
        for worker in self._workers:
            while self._todo and not worker.lone and len(worker.given) < AHEAD:
                if not worker.given:
                    worker.since = time.monotonic()
                index = self._todo.popleft()
                worker.given.append(index)
                _send(worker, (index, self._items[index]))

    def _collect(self) -> None:
        waiting = {w.conn: w for w in self._workers} | {w.process.sentinel: w for w in self._workers}
        self._end_hung()
        for ready in wait([*waiting, self._wake_r], timeout=1):
            if ready is self._wake_r:
                return
            worker = waiting[ready]
            if worker in self._workers and not self._receive(worker):
                self._bury(worker)

    def _receive(self, worker: _Worker) -> bool:
        """Every message waiting from the worker; False once it has gone."""
        try:
            while worker.conn.poll():
                message = worker.conn.recv()
                if message == "ready":
                    worker.ready = True
                    continue
                index, result, said = message
                assert worker.given.popleft() == index, "a worker answered out of turn"
                for warning in said:
                    log.warning("while reading %s: %s", self._items[index], warning)
                worker.lone = False  # a suspect read alone is cleared; the worker goes on as any other
                worker.since = time.monotonic()
                if isinstance(result, Stopped):
                    self._stopped.add(index)
                with self._done:
                    self._results[index] = result
                    self._done.notify_all()
        except (EOFError, OSError):
            return False
        return worker.process.is_alive()

    def _end_hung(self) -> None:
        """A worker asleep on a file (a native reader deadlocked, which no CPU limit ends) is killed
        once the file has taken WALL_FACTOR times the CPU allowance; its sentinel buries it next."""
        for worker in self._workers:
            if worker.given and time.monotonic() - worker.since > WALL_FACTOR * self._limits.cpu_seconds:
                worker.hung = True
                worker.process.kill()

    def _bury(self, worker: _Worker) -> None:
        """A worker gone: the file it was reading is a suspect (or, read alone, stopped); the files
        it had not started go back to the front of the queue."""
        worker.process.join()
        self._workers.remove(worker)
        worker.conn.close()
        if not worker.ready:
            raise _CannotStart(f"a worker exited with code {worker.process.exitcode} before reading a file "
                               f"({_tail(worker.stderr).strip()[-300:] or 'nothing printed'})")
        if not worker.given:
            return
        reading, *unstarted = worker.given
        self._died_on[worker.stderr] = reading
        self._todo.extendleft(reversed(unstarted))
        if worker.lone:
            self._stopped.add(reading)
            with self._done:
                self._results[reading] = Stopped(_why(worker, self._limits))
                self._done.notify_all()
        else:
            self._suspects.append(reading)

    def _give_up(self, failure: str) -> None:
        with self._done:
            self.failure = failure
            self.fallback_from = min(set(range(len(self._items))) - set(self._results) or {len(self._items)})
            self._done.notify_all()

    def _log_output(self) -> None:
        """What each worker printed, to logging, never raw to this process's stderr. A worker that
        died on a file that was then refused printed why (a panic, a backtrace) and the refusal
        already says so in words, so its text goes to DEBUG only, naming the file. Any other output
        is unexplained, so it is said at WARNING, one line per worker, with the text at DEBUG
        (Python warnings come with each file's result instead, see _serve)."""
        for path in sorted(self._folder.iterdir(), key=lambda p: int(p.stem.removeprefix("worker-"))):
            if not (text := path.read_text(encoding="utf-8", errors="replace")):
                continue
            number = path.stem.removeprefix("worker-")
            if self._died_on.get(path) in self._stopped:
                log.debug("reading worker %s stopped while reading %s (refused); it printed:\n%s",
                          number, self._items[self._died_on[path]], text)
                continue
            lines = text.count("\n") + (not text.endswith("\n"))
            log.warning("reading worker %s printed %d line%s; the text is logged at DEBUG level",
                        number, lines, "" if lines == 1 else "s")
            log.debug("reading worker %s printed:\n%s", number, text)


class _CannotStart(Exception):
    pass


def _fork_server() -> multiprocessing.context.BaseContext:
    """The fork server context; its workers never re-run this process's __main__ (forkserver_main)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def _send(worker: _Worker, message: object) -> None:
    try:
        worker.conn.send(message)
    except OSError:  # it died: its sentinel says so next
        pass


def _end(worker: _Worker, wait: bool) -> None:
    worker.process.join(timeout=5 if wait else 0)
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join()
    worker.conn.close()


def _why(worker: _Worker, limits: Limits) -> str:
    code = worker.process.exitcode or 0
    printed = _tail(worker.stderr)
    if worker.hung:
        return f"no answer after {WALL_FACTOR * limits.cpu_seconds} s, {WALL_FACTOR} times the CPU time limit"
    if "memory allocation of" in printed or "MemoryError" in printed:
        return f"out of memory past the {limits.memory_mb} MB limit"
    if code == -signal.SIGXCPU:
        return f"past the CPU time limit of {limits.cpu_seconds} s"
    if code == -signal.SIGKILL:
        return "killed by signal SIGKILL: the system ran out of memory, or someone stopped it"
    if code < 0:
        return f"killed by signal {signal.Signals(-code).name}"
    return f"the reader exited with code {code}"


def _tail(path: Path, size: int = 4096) -> str:
    try:
        with open(path, "rb") as handle:
            handle.seek(max(0, os.fstat(handle.fileno()).st_size - size))
            return handle.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _serve(conn: Connection, work, start, args: tuple, limits: Limits, stderr: str) -> None:
    """A worker: cap memory, then read each file sent with a fresh CPU allowance, until told to stop."""
    # A Rust panic out of memory that tries to print a backtrace can hang instead of aborting.
    os.environ["RUST_BACKTRACE"] = "0"
    descriptor = os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(descriptor, 2)
    os.close(descriptor)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    memory = limits.memory_mb << 20
    resource.setrlimit(resource.RLIMIT_AS, (memory if hard == resource.RLIM_INFINITY else min(memory, hard), hard))
    start(*args)
    conn.send("ready")
    while (task := conn.recv()) is not None:
        index, item = task
        _allow_cpu(limits.cpu_seconds)
        try:
            with warnings.catch_warnings(record=True) as said:
                result = work(item)
            conn.send((index, result, tuple(_warning_text(w) for w in said)))
        except MemoryError:  # said, then this worker ends: a fresh one starts with a clean heap
            conn.send((index, Stopped(f"out of memory past the {limits.memory_mb} MB limit"), ()))
            return


def _warning_text(warning: warnings.WarningMessage) -> str:
    """"UserWarning: Unknown extension is not supported (reader.py:12)"."""
    return f"{warning.category.__name__}: {warning.message} ({os.path.basename(warning.filename)}:{warning.lineno})"


def _allow_cpu(seconds: int) -> None:
    used = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(used.ru_utime + used.ru_stime) + 1 + seconds
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
