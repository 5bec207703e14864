"""Batch ingestion: files read in worker processes and loaded a chunk per transaction must keep
every per-file promise — order, refusals, supersession, unchanged bytes — and a chunk that fails
to load must fall back to one file at a time. Checked on the raw tables, not just the statuses."""

from __future__ import annotations

import pickle
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from framework import load_framework
from framework.model import Framework
from ingest.assessments import layout as L
from ingest.assessments import loader
from ingest.assessments.loadable import Loadable
from ingest.assessments.model import WorkbookContent
from ingest.assessments.template import write_template
from ingest.batch import loading, reading, workers
from ingest.batch.loading import ingest_files
from ingest.kinds import AlreadyLoaded, Job
from tests.test_ingest import expected_scores, known_content
from warehouse.home import Home


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework()


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return Home(tmp_path / "home").ensure()


def query(home: Home, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def scores_of(home: Home, sha256: str) -> set[tuple]:
    return set(query(home, "select participant_id, grain, item_id, score, is_skipped from raw.scores "
                           "where submission_id = ?", [sha256]))


def written(folder: Path, fw: Framework, contents: dict[str, WorkbookContent]) -> list[Path]:
    return [write_template(folder / name, fw, content) for name, content in contents.items()]


def spoiled(fw: Framework, content: WorkbookContent) -> WorkbookContent:
    """The same workbook with one score of 6, which refuses it whole."""
    first, *others = content.participants
    scores = dict(first.enabler_scores, **{fw.enablers[0].id: 6})
    return replace(content, participants=(replace(first, enabler_scores=scores), *others))


def test_a_refused_file_in_the_middle_of_a_big_batch_leaves_the_others_loaded_in_order(fw, home, tmp_path):
    areas = [area.name for area in fw.london_areas[:24]]
    contents = {f"{n:02d} {name}.xlsx": known_content(fw, area=name, shift=n) for n, name in enumerate(areas)}
    paths = written(tmp_path, fw, contents)
    bad = 12
    write_template(paths[bad], fw, spoiled(fw, contents[paths[bad].name]))

    outcomes = ingest_files(paths, home, fw)

    assert [o.file_name for o in outcomes] == [p.name for p in paths]
    assert [o.status for o in outcomes] == ["accepted"] * bad + ["refused"] + ["accepted"] * (len(paths) - bad - 1)
    for outcome, path in zip(outcomes, paths):
        if outcome.status == "accepted":
            assert scores_of(home, outcome.sha256) == expected_scores(fw, contents[path.name]), path.name
    refused = outcomes[bad]
    assert [(p.location, p.reason) for p in refused.problems] == [
        (f"'{L.ENABLER_SHEET.name}'!E9", "score 6 is outside 1–5")]
    assert query(home, "select file_name, location, reason, sha256 from audit.rejections") == [
        (paths[bad].name, f"'{L.ENABLER_SHEET.name}'!E9", "score 6 is outside 1–5", refused.sha256)]
    for table, key in (("raw.files", "sha256"), ("raw.submissions", "submission_id"),
                       ("raw.participants", "submission_id"), ("raw.scores", "submission_id")):
        assert query(home, f"select count(*) from {table} where {key} = ?", [refused.sha256]) == [(0,)], table
    assert query(home, "select count(*) from raw.submissions") == [(len(paths) - 1,)]
    assert (home.quarantine / f"{refused.sha256[:12]}__{paths[bad].name}").exists()
    assert query(home, "select file_name from audit.file_events order by event_at") == [(p.name,) for p in paths]


@pytest.mark.parametrize("chunk_rows", [1, loading.CHUNK_ROWS], ids=["a chunk per file", "one chunk"])
def test_later_files_in_a_batch_supersede_earlier_ones_and_the_warehouse(fw, home, tmp_path,
                                                                         monkeypatch, chunk_rows):
    monkeypatch.setattr(loading, "CHUNK_ROWS", chunk_rows)
    [old] = written(tmp_path, fw, {"old.xlsx": known_content(fw, group="Health partners")})
    [before] = ingest_files([old], home, fw)
    contents = {
        "first.xlsx": known_content(fw, group=" health PARTNERS", shift=1),
        "sutton.xlsx": known_content(fw, area="Sutton", group="Health partners", shift=2),
        "second.xlsx": known_content(fw, group="Health partners ", shift=3),
    }
    paths = written(tmp_path, fw, contents)

    first, sutton, second = ingest_files(paths, home, fw)

    assert (first.status, sutton.status, second.status) == ("superseded", "accepted", "superseded")
    assert first.detail.startswith("replaces old.xlsx; ")
    assert second.detail.startswith("replaces first.xlsx; ")
    assert query(home, "select file_name, superseded_by from raw.submissions order by loaded_at") == [
        ("old.xlsx", first.sha256), ("first.xlsx", second.sha256), ("sutton.xlsx", None), ("second.xlsx", None)]
    assert scores_of(home, before.sha256) == expected_scores(fw, known_content(fw, group="Health partners"))
    for outcome, path in zip((first, sutton, second), paths):  # lineage keeps every version's scores
        assert scores_of(home, outcome.sha256) == expected_scores(fw, contents[path.name]), path.name


def test_identical_bytes_twice_in_one_batch_load_once_and_are_not_read_again_later(fw, home, tmp_path,
                                                                                   monkeypatch):
    camden, sutton = written(tmp_path, fw, {"camden.xlsx": known_content(fw),
                                            "sutton.xlsx": known_content(fw, area="Sutton")})
    copy = tmp_path / "camden again.xlsx"
    copy.write_bytes(camden.read_bytes())

    first, again, other = ingest_files([camden, copy, sutton], home, fw)

    assert (first.status, again.status, other.status) == ("accepted", "unchanged", "accepted")
    assert again.sha256 == first.sha256
    assert again.detail == "identical to camden.xlsx, already loaded"
    assert (again.area_code, again.assessment_year) == (first.area_code, first.assessment_year)
    assert query(home, "select file_name from raw.submissions order by loaded_at") == [
        ("camden.xlsx",), ("sutton.xlsx",)]
    assert query(home, "select count(*) from raw.scores where submission_id = ?", [first.sha256]) == [
        (len(expected_scores(fw, known_content(fw))),)]
    assert query(home, "select status from audit.file_events order by event_at") == [
        ("accepted",), ("unchanged",), ("accepted",)]

    [later] = ingest_files([copy], home, fw)
    assert later.status == "unchanged"
    monkeypatch.setattr(reading, "recognise", lambda *_: pytest.fail("known bytes were read again"))
    known = reading.read_file(copy, Job(home, fw, known=frozenset({first.sha256})))  # as a worker reads it
    assert isinstance(known.result, AlreadyLoaded)


def test_a_chunk_that_fails_to_load_is_loaded_file_by_file_and_only_the_bad_file_is_refused(
    fw, home, tmp_path, monkeypatch
):
    contents = {
        "camden.xlsx": known_content(fw),
        "sutton.xlsx": known_content(fw, area="Sutton", group="Health partners"),
        "hackney.xlsx": known_content(fw, area="Hackney"),
        "sutton again.xlsx": known_content(fw, area="Sutton", group="Health partners", shift=1),
    }
    paths = written(tmp_path, fw, contents)
    failing = paths[1]
    real_write = loader.write_assessments

    def write_assessments(con, plans):
        if any(plan.read.path == failing for plan in plans):
            raise duckdb.ConstraintException("simulated failure")
        real_write(con, plans)

    monkeypatch.setattr(loader, "write_assessments", write_assessments)

    outcomes = ingest_files(paths, home, fw)

    assert [o.status for o in outcomes] == ["accepted", "refused", "accepted", "accepted"]
    bad = outcomes[1]
    assert bad.problems[0].location == "file"
    assert bad.problems[0].reason == "could not be loaded: simulated failure"
    assert not outcomes[3].detail.startswith("replaces")  # the refused file never became current
    assert query(home, "select file_name, superseded_by from raw.submissions order by loaded_at") == [
        ("camden.xlsx", None), ("hackney.xlsx", None), ("sutton again.xlsx", None)]
    for outcome, path in zip(outcomes, paths):
        if outcome.status == "accepted":
            assert scores_of(home, outcome.sha256) == expected_scores(fw, contents[path.name]), path.name
    for table, key in (("raw.files", "sha256"), ("raw.submissions", "submission_id"),
                       ("raw.participants", "submission_id"), ("raw.scores", "submission_id")):
        assert query(home, f"select count(*) from {table} where {key} = ?", [bad.sha256]) == [(0,)], table
    assert query(home, "select file_name, location, reason from audit.rejections") == [
        ("sutton.xlsx", "file", "could not be loaded: simulated failure")]
    assert query(home, "select file_name, status from audit.file_events order by event_at") == [
        (o.file_name, o.status) for o in outcomes]
    assert (home.quarantine / f"{bad.sha256[:12]}__sutton.xlsx").exists()


def test_a_loadable_gives_back_the_submission_it_was_made_from_after_crossing_processes(fw, tmp_path):
    path = write_template(tmp_path / "camden.xlsx", fw, known_content(fw, group="Health partners"))
    loadable = reading.read_file(path, Job(Home(tmp_path), fw)).result.content
    submission, identity = loadable.submission, loadable.identity

    carried = pickle.loads(pickle.dumps(Loadable.of(submission, identity)))

    assert carried.identity == identity
    assert carried.submission == submission


def test_files_are_read_in_process_when_workers_cannot_start(fw, tmp_path, monkeypatch, caplog):
    """Where no process can be started (fork failing with EAGAIN, as past a process limit), reading
    falls back to this process, says so, and every file is read."""
    paths = written(tmp_path, fw, {f"{name}.xlsx": known_content(fw, area=name)
                                   for name in ("Camden", "Sutton", "Hackney", "Brent")})
    job = Job(Home(tmp_path / "home").ensure(), fw)

    class NoProcesses:
        def Process(self, *_, **__):  # noqa: N802 — multiprocessing's name
            raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(workers, "_fork_server", NoProcesses)

    reads = list(reading.read_files(paths, job))

    assert [read.path for read in reads] == paths
    assert [read.result.area_name for read in reads] == ["Camden", "Sutton", "Hackney", "Brent"]
    assert "reading workers could not start" in caplog.text


def test_reading_workers_import_no_warehouse_or_writer_libraries():
    """Workers import ingest.batch.reading alone: DuckDB, Arrow, openpyxl or pandas there would cost every
    worker start and memory, for files of every kind the readers handle."""
    heavy = ("duckdb", "pyarrow", "openpyxl", "pandas", "dagster", "linearmodels")
    probe = f"import sys, ingest.batch.reading; print([m for m in {heavy!r} if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
