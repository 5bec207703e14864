"""The reading workers' CPU limit and hung-worker kill, through real workers and real ingest_files:
a file on which reading spins past MATURITY_READ_CPU_SECONDS, or sleeps past WALL_FACTOR times it,
is refused with the reason and leaves the inbox with its audit row, while the rest of the batch loads.
(tests.support.odd_readers says why the reading of one file is swapped for a stuck one.)"""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
import pytest

from framework import load_framework
from ingest.assessments.template import write_template
from ingest.batch import reading, workers
from ingest.batch.loading import inbox_files, ingest_files
from tests.support import odd_readers
from tests.support.hostile import good_workbook
from tests.test_ingest import known_content
from warehouse.home import Home


@pytest.fixture(scope="module")
def fw():
    return load_framework()


def _ingest_beside_good_files(fw, home: Home) -> tuple[dict, str]:
    """A stuck file between two good ones, ingested from the inbox; the outcomes by name, and the stuck file's."""
    good_workbook(home.inbox, fw)
    stuck = write_template(home.inbox / f"SYNTHETIC_{odd_readers.STUCK}_hackney.xlsx", fw,
                           known_content(fw, area="Hackney"))
    write_template(home.inbox / "SYNTHETIC_zz_camden.xlsx", fw, known_content(fw))
    outcomes = ingest_files(inbox_files(home), home, fw)
    return {o.file_name: o for o in outcomes}, stuck.name


def _assert_refused_alone(home: Home, by_name: dict, stuck: str, reason: str) -> None:
    assert {name: str(o.status) for name, o in by_name.items()} == {
        "SYNTHETIC_good.xlsx": "accepted", "SYNTHETIC_zz_camden.xlsx": "accepted", stuck: "refused"}
    refused = by_name[stuck]
    assert [(p.location, p.reason) for p in refused.problems] == [
        ("file", f"the reader stopped while reading this file ({reason})")]
    quarantined = home.quarantine / f"{refused.sha256[:12]}__{stuck}"
    assert quarantined.exists()
    assert reason in (home.quarantine / (quarantined.name + ".reasons.txt")).read_text()
    assert list(home.inbox.iterdir()) == []  # the stuck file left the inbox like every other
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        assert sorted(con.execute("select file_name, status from audit.file_events").fetchall()) == sorted(
            (name, str(o.status)) for name, o in by_name.items())


def test_a_file_that_spins_past_the_cpu_limit_is_refused_and_the_batch_loads(fw, tmp_path, monkeypatch):
    home = Home(tmp_path / "home").ensure()
    monkeypatch.setenv(workers.CPU_ENV, "1")
    # Only the kernel's CPU limit may end the spinning worker, however busy the machine (on a loaded
    # one, 1 s of CPU can take longer than the 3 s of wall time after which a worker is taken as hung).
    monkeypatch.setattr(workers, "WALL_FACTOR", 60)
    monkeypatch.setattr(reading, "_read_in_worker", odd_readers.spin_on_stuck)

    by_name, stuck = _ingest_beside_good_files(fw, home)

    _assert_refused_alone(home, by_name, stuck, "past the CPU time limit of 1 s")


def test_a_file_that_sleeps_past_the_wall_time_limit_is_killed_and_refused(fw, tmp_path, monkeypatch):
    home = Home(tmp_path / "home").ensure()
    monkeypatch.setenv(workers.CPU_ENV, "1")
    monkeypatch.setattr(reading, "_read_in_worker", odd_readers.sleep_on_stuck)

    by_name, stuck = _ingest_beside_good_files(fw, home)

    _assert_refused_alone(home, by_name, stuck, f"no answer after {workers.WALL_FACTOR} s, "
                                                f"{workers.WALL_FACTOR} times the CPU time limit")


def test_what_a_reader_says_is_logged_naming_the_file_never_printed_raw(fw, tmp_path, monkeypatch, caplog, capfd):
    home = Home(tmp_path / "home").ensure()
    monkeypatch.setattr(reading, "_read_in_worker", odd_readers.speak_on_stuck)

    with caplog.at_level(logging.DEBUG, logger=workers.__name__):
        by_name, stuck = _ingest_beside_good_files(fw, home)

    assert {str(o.status) for o in by_name.values()} == {"accepted"}
    said = [(r.levelname, r.getMessage()) for r in caplog.records if odd_readers.SAID in r.getMessage()]
    assert [message for level, message in said if level == "WARNING"] == [
        f"while reading {home.inbox / stuck}: UserWarning: {odd_readers.SAID} by the reader "
        f"(odd_readers.py:{_line_of('warnings.warn(')})"]
    printed = [r.getMessage() for r in caplog.records if r.levelname == "WARNING" and "printed" in r.getMessage()]
    assert len(printed) == 1 and printed[0].endswith("printed 1 line; the text is logged at DEBUG level")
    assert ("DEBUG", f"{printed[0].split(' printed')[0]} printed:\n{odd_readers.SAID} on stderr\n") in said
    assert odd_readers.SAID not in capfd.readouterr().err


def _line_of(code: str) -> int:
    lines = Path(odd_readers.__file__).read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if code in line)


@pytest.mark.parametrize("value", ["lots", "-5", "0", "1.5", "20"])
def test_a_reading_limit_that_is_not_a_number_in_range_is_said_in_one_line(monkeypatch, value):
    monkeypatch.setenv(workers.MEMORY_ENV, value)
    with pytest.raises(workers.BadLimit) as raised:
        workers.Limits.from_env()
    assert str(raised.value) == (f"${workers.MEMORY_ENV} must be a whole number of megabytes, at least "
                                 f"{workers.MINIMUM_MEMORY_MB} (default {workers.DEFAULT_MEMORY_MB}); it is {value!r}")


def test_reading_limits_from_the_environment(monkeypatch):
    monkeypatch.setenv(workers.MEMORY_ENV, " 512 ")
    monkeypatch.setenv(workers.CPU_ENV, "30")
    assert workers.Limits.from_env() == workers.Limits(memory_mb=512, cpu_seconds=30)
    monkeypatch.delenv(workers.MEMORY_ENV)
    monkeypatch.delenv(workers.CPU_ENV)
    assert workers.Limits.from_env() == workers.Limits(workers.DEFAULT_MEMORY_MB, workers.DEFAULT_CPU_SECONDS)
