"""One writer at a time across processes: a second `maturity` command waits for the first, says
so, and gives up after --wait with exit 3 and one line; a killed holder frees the lock; the next
writer removes what crashed runs left behind, and never the warehouse's write-ahead log."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ingest.assessments.template import write_template
from tests.support.lock_holder import REPO, holding
from warehouse.home import Home
from warehouse.lock import EXIT_BUSY, TIMEOUT_ENV, BadTimeout, busy_holder, lock_path, timeout_seconds, writer_lock

MATURITY = str(Path(sys.executable).with_name("maturity"))


@pytest.fixture
def home(tmp_path) -> Home:
    return Home(tmp_path / "data").ensure()


def _held_elsewhere(home: Home) -> bool:
    """Whether the lock is held, seen from a second open of the file (flock treats it as another process)."""
    fd = os.open(lock_path(home), os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _maturity(*args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([MATURITY, *args], cwd=REPO, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def test_a_second_ingest_waits_for_the_first_then_loads(home, tmp_path, framework, submitted):
    good = write_template(tmp_path / submitted[0].file_name, framework, submitted[0].content)
    with holding(home) as holder:
        second = _maturity("ingest", str(good), "--home", str(home.root), "--wait", "600")
        said = second.stderr.readline()
        assert said.startswith(f"waiting for another run to finish (pid {holder.pid}, `maturity run`, started ")
    out, err = second.communicate()
    assert second.returncode == 0, err
    assert out.startswith("accepted") and good.name in out
    assert "Traceback" not in err and "waiting" not in err  # said once
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        assert con.execute("select file_name from raw.submissions").fetchall() == [(good.name,)]


def test_a_writer_that_waits_too_long_exits_3_with_one_line(home, tmp_path):
    workbook = tmp_path / "camden.xlsx"
    workbook.write_bytes(b"never read")
    with holding(home) as holder:
        second = _maturity("ingest", str(workbook), "--home", str(home.root), "--wait", "1")
        out, err = second.communicate()
    assert second.returncode == EXIT_BUSY
    assert out == ""
    waiting, gave_up = err.splitlines()
    assert waiting.startswith(f"waiting for another run to finish (pid {holder.pid}, ")
    assert gave_up.startswith("maturity ingest: gave up after 1 s: another run is still using the warehouse")
    assert f"pid {holder.pid}" in gave_up and "--wait SECONDS" in gave_up
    assert not home.warehouse.exists()  # nothing was opened, so no DuckDB error either


def test_the_wait_comes_from_the_environment_and_a_bad_one_is_one_line(home, tmp_path, monkeypatch):
    monkeypatch.setenv(TIMEOUT_ENV, "0")
    assert timeout_seconds() == 0 and timeout_seconds(5) == 5
    monkeypatch.setenv(TIMEOUT_ENV, "soon")
    with pytest.raises(BadTimeout, match="MATURITY_LOCK_TIMEOUT 'soon' is not a number"):
        timeout_seconds()
    second = _maturity("build", "--home", str(home.root), env={**os.environ, TIMEOUT_ENV: "-1"})
    out, err = second.communicate()
    assert (second.returncode, out) == (2, "")
    assert err.strip() == "maturity build: $MATURITY_LOCK_TIMEOUT '-1' is not a number of seconds, zero or more"


def test_a_holder_killed_with_sigkill_frees_the_lock(home):
    with holding(home) as holder:
        assert busy_holder(home).pid == holder.pid
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        assert busy_holder(home) is None
        with writer_lock(home, wait=0):  # at once: nothing stale is left to wait for
            assert _held_elsewhere(home)
    assert not _held_elsewhere(home)


def test_the_lock_is_reentrant_within_a_process_and_released_at_the_end(home):
    with writer_lock(home, wait=0, command="maturity run"):
        with writer_lock(home, wait=0):
            assert busy_holder(home) is None  # this process holds it: not busy for us
        assert _held_elsewhere(home)  # the inner block released one level only
    assert not _held_elsewhere(home)


def _leave_leftovers(home: Home) -> tuple[list[Path], list[Path]]:
    """What a publish and an ingest killed mid-write leave, beside what must stay."""
    staging = home.snapshot_staging("f00dcafe")
    with duckdb.connect(str(staging)) as con:
        con.execute("create table marts_copy as select 1 as n")
    staging.with_name(staging.name + ".wal").write_bytes(b"wal of the staging file")
    spill = home.root / "warehouse.duckdb.tmp"
    spill.mkdir()
    (spill / "duckdb_temp_storage-0.tmp").write_bytes(b"spilled")
    partials = [home.archive / ".partial-0a1b-3f2e.xlsx", home.quarantine / ".partial-9c8d-3f2e__minutes.xlsx"]
    for partial in partials:
        partial.write_bytes(b"half a copy")
    kept = [home.root / "warehouse.duckdb.wal", home.snapshot, home.archive / "3f2e.xlsx", home.quarantine / "3f2e__minutes.xlsx"]
    for path in kept:
        path.write_bytes(b"keep")
    return [staging, staging.with_name(staging.name + ".wal"), spill, *partials], kept


def test_the_next_writer_removes_crash_leftovers_and_keeps_the_wal(home):
    leftovers, kept = _leave_leftovers(home)
    said = []
    with writer_lock(home, wait=0, say=said.append):
        assert not any(path.exists() for path in leftovers)
    assert all(path.read_bytes() == b"keep" for path in kept)
    [line] = said
    assert line.startswith("removed 5 leftover(s) of an interrupted run: ")
    assert "published/.maturity.duckdb.f00dcafe.tmp" in line and "archive/.partial-0a1b-3f2e.xlsx" in line
    with writer_lock(home, wait=0, say=said.append):
        pass
    assert len(said) == 1  # nothing left: nothing said


def test_every_step_that_opens_the_warehouse_takes_the_lock():
    from pipelines.definitions import defs

    opening = [node for node in defs.resolve_asset_graph().assets_defs if "home" in node.required_resource_keys]
    assert len(opening) == 7  # ingest, two reference kinds, framework, dbt, the Great Expectations check, publish
    assert all("writer_lock" in node.required_resource_keys for node in opening)
