"""Running `maturity` as a real process and killing it with SIGKILL at a chosen point, for the crash
tests: no hook in the product, only what a watcher outside the process can see (files in the home,
lines in the run log), polled until it shows, then kill -9 to the whole process group (reading
workers and dbt too), as the kernel would on a power cut or the OOM killer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from warehouse.home import Home
from warehouse.lock import TIMEOUT_ENV

MATURITY = Path(sys.executable).parent / "maturity"
POLL_SECONDS = 0.001  # the kill must land inside windows of ~10 ms (one transaction, one publish)
GIVE_UP_SECONDS = 900  # only against a hung child: every wait below ends on what it watches


@dataclass(frozen=True)
class Finished:
    code: int
    out: str
    err: str


def _output(home: Home, name: str) -> Path:
    return home.root.parent / f"{name}.txt"


def start(home: Home, command: str, log_name: str) -> subprocess.Popen:
    """`maturity COMMAND --home HOME` in its own session (so its own process group), its output
    in files beside the home (a pipe nobody reads could block it). A second writer would exit at
    once rather than wait (lock timeout 0), so a lock a killed run kept would fail the test."""
    env = {**os.environ, TIMEOUT_ENV: "0"}
    with _output(home, f"{log_name}.out").open("w") as out, _output(home, f"{log_name}.err").open("w") as err:
        return subprocess.Popen([str(MATURITY), command, "--home", str(home.root)], stdout=out, stderr=err,
                                env=env, start_new_session=True, cwd=home.root.parent)


def finish(home: Home, process: subprocess.Popen, log_name: str) -> Finished:
    code = process.wait(timeout=GIVE_UP_SECONDS)
    return Finished(code, _output(home, f"{log_name}.out").read_text(), _output(home, f"{log_name}.err").read_text())


def run(home: Home, command: str, log_name: str) -> Finished:
    return finish(home, start(home, command, log_name), log_name)


def kill_when(home: Home, process: subprocess.Popen, log_name: str, ready: Callable[[], bool], what: str) -> None:
    """Poll `ready` until it holds, then SIGKILL the process group and wait until every process of
    it is gone. Fails (with the child's output) if the child ends before the point was reached."""
    deadline = time.monotonic() + GIVE_UP_SECONDS
    try:
        while not ready():
            if process.poll() is not None:
                done = finish(home, process, log_name)
                raise AssertionError(f"`maturity` ended (code {done.code}) before {what}:\n{done.out}\n{done.err}")
            if time.monotonic() > deadline:
                raise AssertionError(f"gave up waiting for {what}")
            time.sleep(POLL_SECONDS)
    finally:  # the point reached, or the test failing: either way no process of the group outlives this
        if _group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
    assert process.wait(timeout=GIVE_UP_SECONDS) == -signal.SIGKILL, f"the kill landed after `maturity` ended ({what})"
    while _group_alive(process.pid):  # the leader is reaped; its workers die with it, a moment later
        if time.monotonic() > deadline:
            raise AssertionError(f"processes of the killed group {process.pid} outlived the kill")
        time.sleep(POLL_SECONDS)


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def count(folder: Path) -> int:
    """Entries of a folder that is being written to by another process (0 before it exists)."""
    try:
        return len(os.listdir(folder))
    except FileNotFoundError:
        return 0


def log_has(log: Path, text: str) -> bool:
    try:
        return text in log.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return False
