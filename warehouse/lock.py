"""The home's writer lock: one process at a time may write (or read) the live warehouse.

DuckDB lets one process write a database file, or several read it, never both; the `warehouse`
pool in dagster.yaml only orders the runs of one Dagster instance. So every command and run that
opens the live warehouse first takes this lock: an flock on `HOME/.writer.lock`, which the kernel
releases when the holder exits, however it exits (kill -9 included), so a lock is never stale. Who
holds it (pid, command, start time) is written beside it, for the message a waiting writer prints.

The lock is reentrant within a process: the command line holds it around a job whose steps ask
for it again. Readers of the published snapshot (dashboard, reports) never take it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from warehouse.home import Home
from warehouse.leftovers import remove_leftovers

TIMEOUT_ENV = "MATURITY_LOCK_TIMEOUT"
DEFAULT_TIMEOUT_SECONDS = 15 * 60
EXIT_BUSY = 3
SHOWN = 5  # leftovers named in the one line that reports their removal

# One FileLock per (process, lock file): two objects on one file would each flock it and deadlock
# the process against itself. Keyed by pid too, so that a forked child never reuses its parent's.
_LOCKS: dict[tuple[int, Path], FileLock] = {}
_REGISTRY = threading.Lock()


class WarehouseBusy(RuntimeError):
    """Another process kept the warehouse for longer than this one would wait: expected, one line."""


class BadTimeout(ValueError):
    """A wait that is not a number of seconds, zero or more: the user's mistake, one line."""


@dataclass(frozen=True)
class Holder:
    """Who holds the lock, as it wrote itself down: empty fields when that could not be read."""

    pid: int | None
    command: str
    started: str

    def describe(self) -> str:
        """Like "pid 4242, `maturity run`, started 07:41:03", leaving out what is unknown."""
        parts = [f"pid {self.pid}" if self.pid else "pid unknown"]
        parts += [f"`{self.command}`"] if self.command else []
        parts += [f"started {self.started}"] if self.started else []
        return ", ".join(parts)


def lock_path(home: Home) -> Path:
    return home.root / ".writer.lock"


def holder_path(home: Home) -> Path:
    return home.root / ".writer.lock.holder"


def timeout_seconds(wait: float | None = None) -> float:
    """`--wait SECONDS`, else $MATURITY_LOCK_TIMEOUT, else 15 minutes; `inf` waits for as long as it takes."""
    given, where = (wait, "--wait") if wait is not None else (os.environ.get(TIMEOUT_ENV, "").strip(), f"${TIMEOUT_ENV}")
    if given == "":
        return float(DEFAULT_TIMEOUT_SECONDS)
    try:
        seconds = float(given)
    except ValueError:
        seconds = float("nan")
    if not seconds >= 0:  # NaN included
        raise BadTimeout(f"{where} {given!r} is not a number of seconds, zero or more")
    return seconds


def current_holder(home: Home) -> Holder:
    """Who holds (or last held) the lock, as it wrote itself down; fields unknown when unreadable."""
    try:
        record = json.loads(holder_path(home).read_text(encoding="utf-8"))
        return Holder(int(record["pid"]), str(record["command"]), str(record["started"]))
    except (OSError, ValueError, KeyError, TypeError):
        return Holder(None, "", "")


def busy_holder(home: Home) -> Holder | None:
    """The holder when another process holds the lock, else None (taking it for an instant to find out)."""
    lock = _lock_for(home)
    if lock.is_locked:
        return None  # this process holds it
    try:
        lock.acquire(blocking=False)
    except Timeout:
        return current_holder(home)
    lock.release()
    return None


def _lock_for(home: Home) -> FileLock:
    key = (os.getpid(), lock_path(home))
    with _REGISTRY:
        if key not in _LOCKS:
            # Shared across threads: Dagster may start a resource and run steps on different threads.
            _LOCKS[key] = FileLock(key[1], thread_local=False)
        return _LOCKS[key]


def _command_line() -> str:
    """The program and its subcommand (`maturity run`): enough to recognise, and no paths."""
    return " ".join([Path(sys.argv[0]).name or "python", *sys.argv[1:2]]) if sys.argv else "python"


def _say_on_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@contextlib.contextmanager
def writer_lock(
    home: Home, wait: float | None = None, say: Callable[[str], None] = _say_on_stderr, command: str | None = None
) -> Iterator[None]:
    """Hold the home's writer lock for the block. A second writer says once who it waits for, then
    waits up to `wait` seconds (see timeout_seconds) and raises WarehouseBusy. The first holder in
    a process writes itself down and removes the temporaries of earlier, crashed runs (no other
    writer can be mid-write while it holds the lock), saying in one line what it removed."""
    limit = timeout_seconds(wait)
    home.root.mkdir(parents=True, exist_ok=True)
    lock = _lock_for(home)
    outermost = not lock.is_locked
    if outermost:
        _acquire(lock, home, limit, say)
        try:
            _write_holder(home, command or _command_line())
            removed = remove_leftovers(home)
            if removed:
                more = f" and {len(removed) - SHOWN} more" if len(removed) > SHOWN else ""
                say(f"removed {len(removed)} leftover(s) of an interrupted run: {', '.join(removed[:SHOWN])}{more}")
        except BaseException:
            lock.release()
            raise
    else:
        lock.acquire()  # held by this process already: counts one more level, never waits
    try:
        yield
    finally:
        lock.release()


def _acquire(lock: FileLock, home: Home, limit: float, say: Callable[[str], None]) -> None:
    try:
        lock.acquire(blocking=False)
        return
    except Timeout:
        holder = current_holder(home)
    say(f"waiting for another run to finish ({holder.describe()}) …")
    try:
        lock.acquire(timeout=limit)
    except Timeout:
        raise WarehouseBusy(
            f"gave up after {limit:g} s: another run is still using the warehouse ({current_holder(home).describe()}); "
            f"try again later, or wait longer with --wait SECONDS or ${TIMEOUT_ENV}"
        ) from None


def _write_holder(home: Home, command: str) -> None:
    record = {"pid": os.getpid(), "command": command, "started": datetime.now().strftime("%H:%M:%S")}
    holder_path(home).write_text(json.dumps(record), encoding="utf-8")
