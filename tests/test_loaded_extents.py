"""A sheet calamine has loaded is measured again before it becomes Python rows (ingest.core.extents):
the check that bounds an .xls, whose BIFF records are not measured before reading."""

from __future__ import annotations

from pathlib import Path

import duckdb
import xlwt
from python_calamine import CalamineWorkbook

from framework import load_framework
from ingest.batch.loading import inbox_files, ingest_files
from ingest.core.extents import loaded_extent_problem
from ingest.core.limits import SHEET_MAX_CELLS, SHEET_MAX_COLUMNS, SHEET_MAX_ROWS
from tests.support.hostile import good_workbook
from warehouse.home import Home

BIFF8_COLUMNS = 256  # an .xls sheet's columns, A to IV; its rows are 65,536


def xls_reaching(folder: Path, rows: int, columns: int, name: str = "reaching.xls") -> Path:
    """An .xls of a few kB whose one sheet, 'Data', reaches row `rows` and column `columns` (1-based)
    with two cells: A1 and the last."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("Data")
    sheet.write(0, 0, "Indicator")
    sheet.write(rows - 1, columns - 1, 1)
    path = folder / name
    book.save(str(path))
    return path


def _loaded(path: Path, sheet: str = "Data"):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet)


def test_an_xls_sheet_over_the_cell_limit_is_a_problem_naming_the_limit(tmp_path):
    rows = SHEET_MAX_CELLS // BIFF8_COLUMNS + 1  # 19,532 rows: under the rows limit, over the cells limit
    path = xls_reaching(tmp_path, rows, BIFF8_COLUMNS)
    assert path.stat().st_size < 10_000

    problem = loaded_extent_problem("Data", _loaded(path))

    assert problem is not None and problem.location == "'Data'"
    assert problem.reason == (f"the sheet reaches {rows:,} rows x 256 columns ({rows * 256:,} cells); the limit is "
                              f"{SHEET_MAX_ROWS:,} rows x {SHEET_MAX_COLUMNS:,} columns and {SHEET_MAX_CELLS:,} cells")


def test_a_sheet_at_the_limit_or_empty_is_no_problem(tmp_path):
    at_limit = xls_reaching(tmp_path, SHEET_MAX_CELLS // BIFF8_COLUMNS, BIFF8_COLUMNS)
    assert loaded_extent_problem("Data", _loaded(at_limit)) is None
    book = xlwt.Workbook()
    book.add_sheet("Empty")
    book.save(str(tmp_path / "empty.xls"))
    assert loaded_extent_problem("Empty", _loaded(tmp_path / "empty.xls", "Empty")) is None


def test_the_extent_is_counted_from_a1_as_rows_are_read(tmp_path):
    """A sheet whose cells start at C5 is read as rows from A1: its extent is 5 x 3, not 1 x 1."""
    book = xlwt.Workbook()
    book.add_sheet("Off").write(4, 2, "x")
    book.save(str(tmp_path / "off.xls"))
    sheet = _loaded(tmp_path / "off.xls", "Off")
    assert len(sheet.to_python(skip_empty_area=False)) == 5
    assert loaded_extent_problem("Off", sheet) is None
    book = xlwt.Workbook()
    book.add_sheet("Off").write(SHEET_MAX_ROWS, 2, "x")  # row 50,001
    book.save(str(tmp_path / "far.xls"))
    problem = loaded_extent_problem("Off", _loaded(tmp_path / "far.xls", "Off"))
    assert problem is not None and problem.reason.startswith("the sheet reaches 50,001 rows x 3 columns (150,003 cells)")


def test_an_xls_over_the_cell_limit_is_refused_naming_it_beside_a_good_file(tmp_path):
    """Through real workers and ingest_files: the sheet is refused when a reader first loads it."""
    fw = load_framework()
    home = Home(tmp_path / "home").ensure()
    good = good_workbook(home.inbox, fw)
    rows = SHEET_MAX_CELLS // BIFF8_COLUMNS + 1
    wide = xls_reaching(home.inbox, rows, BIFF8_COLUMNS, "SYNTHETIC_wide_scores.xls")

    by_name = {o.file_name: o for o in ingest_files(inbox_files(home), home, fw)}

    assert str(by_name[good.name].status) == "accepted"
    refused = by_name[wide.name]
    assert str(refused.status) == "refused"
    assert [(p.location, p.reason) for p in refused.problems] == [
        ("'Data'", f"the sheet reaches {rows:,} rows x 256 columns ({rows * 256:,} cells); the limit is "
                   f"{SHEET_MAX_ROWS:,} rows x {SHEET_MAX_COLUMNS:,} columns and {SHEET_MAX_CELLS:,} cells")]
    assert list(home.inbox.iterdir()) == []
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        assert sorted(con.execute("select file_name, status from audit.file_events").fetchall()) == sorted(
            (name, str(o.status)) for name, o in by_name.items())
