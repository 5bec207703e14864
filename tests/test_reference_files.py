"""Reference files take the ingest path of every file: a statistical neighbours file dropped in the
inbox is recognised, archived, audited and loaded; a newer one supersedes it; each build's
reference table is the latest accepted file's."""

from __future__ import annotations

from pathlib import Path

import duckdb
import openpyxl

from ingest.batch.loading import ingest_files
from ingest.results import FileOutcome, FileStatus, IngestReport
from pipelines.assets.reference import load_statistical_neighbours
from synthetic.neighbours import write_neighbours_demo
from warehouse.home import Home

CAMDEN, ISLINGTON = "E09000007", "E09000019"
CAMDEN_ROW = [202, "Camden", 206, 213, 204, 210, 211, 205, 212, 208, 873, 316]


def _rows(home: Home, sql: str) -> list[tuple]:
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def _csv(path: Path, rows: list[list]) -> Path:
    lines = ["Statistical neighbours, saved as CSV", "LA number,LA name," + ",".join(f"SN{k}" for k in range(1, 11))]
    path.write_text("\n".join([*lines, *(",".join(map(str, row)) for row in rows)]) + "\n")
    return path


def test_a_neighbours_file_in_the_inbox_is_loaded_audited_and_becomes_the_reference_table(tmp_path, framework):
    home = Home(tmp_path / "home").ensure()
    written = write_neighbours_demo(home.inbox / "neighbours.xlsx", framework)

    [outcome] = ingest_files([written], home, framework)

    assert outcome.status == FileStatus.ACCEPTED
    assert outcome.detail == "SYNTHETIC statistical neighbours: 33 local authorities, 330 neighbours"
    assert not written.exists()  # consumed from the inbox; kept in the archive
    assert _rows(home, "select file_kind, status from audit.file_events") == [("statistical_neighbours", "accepted")]
    assert _rows(home, "select file_name, kind, n_rows, is_synthetic, superseded_by from raw.reference_files") == [
        ("neighbours.xlsx", "statistical_neighbours", 330, True, None)]
    assert load_statistical_neighbours(home)[:2] == ("absent", 330)  # none at HOME/reference; the inbox's is current


def test_a_later_neighbours_file_supersedes_the_earlier_and_a_csv_is_recognised_by_its_headings(tmp_path, framework):
    home = Home(tmp_path / "home").ensure()
    first = write_neighbours_demo(tmp_path / "first.xlsx", framework)
    second = _csv(tmp_path / "dfe_neighbours.csv", [CAMDEN_ROW])

    report = ingest_files([first, second], home, framework)

    assert [o.status for o in report] == [FileStatus.ACCEPTED, FileStatus.SUPERSEDED]
    assert report[1].detail == "replaces first.xlsx; statistical neighbours: 1 local authorities, 10 neighbours"
    assert _rows(home, "select file_name, superseded_by is null from raw.reference_files order by loaded_at") == [
        ("first.xlsx", False), ("dfe_neighbours.csv", True)]
    assert load_statistical_neighbours(home)[1] == 10
    assert _rows(home, "select area_code, neighbour_area_code from reference.statistical_neighbours "
                       "where neighbour_rank = 1") == [(CAMDEN, ISLINGTON)]


def test_a_broken_neighbours_file_in_the_inbox_is_refused_with_its_cells_and_quarantined(tmp_path, framework):
    home = Home(tmp_path / "home").ensure()
    book = openpyxl.Workbook()
    book.active.title = "LA SN Groups"
    book.active.append(["LA number", "LA name", *(f"SN{k}" for k in range(1, 11))])
    book.active.append([*CAMDEN_ROW[:-1], "x"])
    book.save(home.inbox / "sn.xlsx")

    [outcome] = ingest_files([home.inbox / "sn.xlsx"], home, framework)

    assert outcome.status == FileStatus.REFUSED
    assert [str(p) for p in outcome.problems] == ["'LA SN Groups'!L2: SN10 'x' is not a three-digit DfE LA number"]
    assert _rows(home, "select file_kind from audit.file_events") == [("statistical_neighbours",)]
    assert (home.quarantine / f"{outcome.sha256[:12]}__sn.xlsx").exists()
    assert _rows(home, "select count(*) from raw.statistical_neighbours") == [(0,)]


def test_the_report_counts_every_status_in_order_zeros_included():
    report = IngestReport((FileOutcome("a.xlsx", "1", FileStatus.HELD), FileOutcome("b.xlsx", "2", FileStatus.REFUSED),
                           FileOutcome("c.xlsx", "3", FileStatus.HELD)))
    assert report.summary() == "0 accepted, 0 superseded, 0 unchanged, 1 refused, 2 held, 0 waiting"
    assert report.any_refused and not IngestReport().any_refused
    assert [o.file_name for o in report] == ["a.xlsx", "b.xlsx", "c.xlsx"] and len(report) == 3
