"""Reading in capped worker processes: a file that stops its worker is refused with the reason and
leaves the inbox, the rest of the batch loads; a batch is read by several workers."""

from __future__ import annotations

import logging
import sys
import types

import duckdb
import pytest

from framework import load_framework
from ingest.assessments.template import write_template
from ingest.batch import workers
from ingest.batch.loading import inbox_files, ingest_files
from tests.support.hostile import good_workbook, wide_enabler_sheet
from tests.test_ingest import known_content
from warehouse.home import Home


@pytest.fixture(scope="module")
def fw():
    return load_framework()


def test_a_file_that_stops_its_worker_is_refused_and_the_batch_loads(fw, tmp_path, monkeypatch, capfd, caplog):
    home = Home(tmp_path / "home").ensure()
    good = good_workbook(home.inbox, fw)
    wide = wide_enabler_sheet(home.inbox, fw)
    other = write_template(home.inbox / "SYNTHETIC_zz_camden.xlsx", fw, known_content(fw))
    monkeypatch.setenv(workers.MEMORY_ENV, "150")  # the wide sheet's grid alone is ~160 MB

    with caplog.at_level(logging.DEBUG, logger=workers.__name__):
        outcomes = ingest_files(inbox_files(home), home, fw)

    by_name = {o.file_name: o for o in outcomes}
    assert by_name[good.name].status == "accepted" and by_name[other.name].status == "accepted"
    refused = by_name[wide.name]
    assert refused.status == "refused"
    assert [(p.location, p.reason) for p in refused.problems] == [
        ("file", "the reader stopped while reading this file (out of memory past the 150 MB limit)")]
    quarantined = home.quarantine / f"{refused.sha256[:12]}__{wide.name}"
    assert quarantined.exists()
    assert "out of memory past the 150 MB limit" in (home.quarantine / (quarantined.name + ".reasons.txt")).read_text()
    assert list(home.inbox.iterdir()) == []  # the poison file left the inbox like every other
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        assert sorted(con.execute("select file_name, status from audit.file_events").fetchall()) == sorted(
            (o.file_name, str(o.status)) for o in outcomes)
    # The dead worker's last words (a Rust panic, or Python's MemoryError) are logged at DEBUG only:
    # the refusal says why in words, and no raw crash text reaches the terminal.
    printed = capfd.readouterr().err
    assert not [text for text in ("memory allocation of", "panicked", "Traceback", "MemoryError") if text in printed]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_batch_is_read_by_one_worker_per_core_in_order(fw, tmp_path, monkeypatch):
    spawned = []
    real = workers._Pool._spawn
    monkeypatch.setattr(workers._Pool, "_spawn", lambda self, lone: spawned.append(lone) or real(self, lone))
    names = [area.name for area in fw.london_areas[:12]]
    paths = [write_template(tmp_path / f"{n:02d}.xlsx", fw, known_content(fw, area=name)) for n, name in enumerate(names)]

    outcomes = ingest_files(paths, Home(tmp_path / "home").ensure(), fw)

    assert [o.area_name for o in outcomes] == names
    assert spawned == [False] * workers.WORKERS


def test_workers_never_run_the_callers_main(fw, tmp_path, monkeypatch, caplog):
    """Streamlit's AppTest leaves a generated script as __main__ that fails when run again; a
    worker forked after it, from a fork server started before it, must not run it."""
    first = write_template(tmp_path / "first.xlsx", fw, known_content(fw))
    assert [str(o.status) for o in ingest_files([first], Home(tmp_path / "before").ensure(), fw)] == ["accepted"]
    script = tmp_path / "not_runnable_again.py"
    script.write_text("raise SystemExit('a worker ran the caller\'s __main__')\n")
    monkeypatch.setitem(sys.modules, "__main__", types.SimpleNamespace(__file__=str(script), __spec__=None))
    paths = [write_template(tmp_path / f"{n}.xlsx", fw, known_content(fw, area=area.name))
             for n, area in enumerate(fw.london_areas[:3])]

    with caplog.at_level(logging.WARNING, logger=workers.__name__):
        outcomes = ingest_files(paths, Home(tmp_path / "home").ensure(), fw)

    assert [str(o.status) for o in outcomes] == ["accepted"] * 3
    assert not [r for r in caplog.records if "could not start" in r.getMessage()]
