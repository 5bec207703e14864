"""The inbox sensor: a settled file starts one `run`; nothing, a file still being written, or another run
writing the warehouse, starts none."""

from __future__ import annotations

import os
import time

import dagster as dg

from pipelines.resources import HomeResource
from pipelines.sensors import SETTLE_SECONDS, inbox_sensor
from tests.support.lock_holder import holding
from warehouse.home import Home


def _evaluate(home: Home):
    context = dg.build_sensor_context(resources={"home": HomeResource(path=str(home.root))})
    return inbox_sensor(context)


def _settled(path):
    past = time.time() - SETTLE_SECONDS - 5
    os.utime(path, (past, past))


def test_an_empty_inbox_starts_nothing(tmp_path):
    result = _evaluate(Home(tmp_path).ensure())
    assert isinstance(result, dg.SkipReason) and "empty" in result.skip_message


def test_a_file_still_being_written_waits(tmp_path):
    home = Home(tmp_path).ensure()
    (home.inbox / "camden.xlsx").write_bytes(b"partial")
    assert isinstance(_evaluate(home), dg.SkipReason)


def test_settled_files_start_one_run_keyed_by_what_is_there(tmp_path):
    home = Home(tmp_path).ensure()
    first = home.inbox / "camden.xlsx"
    first.write_bytes(b"scores")
    _settled(first)
    request = _evaluate(home)
    assert isinstance(request, dg.RunRequest)
    assert request.job_name in (None, "run")
    assert _evaluate(home).run_key == request.run_key  # the same files: the same key, so no second run

    second = home.inbox / "sutton.xlsx"
    second.write_bytes(b"more scores")
    _settled(second)
    assert _evaluate(home).run_key != request.run_key


def test_the_sensor_targets_the_run_job():
    from pipelines.definitions import defs

    sensor = defs.resolve_sensor_def("inbox_sensor")
    assert sensor.job_name == "run"


def test_a_tick_while_another_run_writes_the_warehouse_is_skipped(tmp_path):
    home = Home(tmp_path).ensure()
    waiting = home.inbox / "camden.xlsx"
    waiting.write_bytes(b"scores")
    _settled(waiting)
    with holding(home) as holder:
        skipped = _evaluate(home)
        assert isinstance(skipped, dg.SkipReason)
        assert skipped.skip_message.startswith(f"another run is writing the warehouse (pid {holder.pid}, `maturity run`")
    assert isinstance(_evaluate(home), dg.RunRequest)  # the next tick, once it has finished
