"""The hostile corpus (tests.support.hostile) ingested beside a good workbook: the good file is
accepted, each hostile one refused (or accepted) exactly as docs/ingest.md says, with the limit or
reason named, and every file has its audit row. The bombs are refused without being read: a child
process reading each reports its own peak memory. (The million-row CSV's peak, ~170 MB, is
measured in docs/ingest.md rather than here: reading it again would double this module's time.)
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from framework import load_framework
from ingest.batch.loading import ingest_files
from ingest.core.formulas import _cells
from ingest.core.limits import (
    CSV_MAX_CELLS,
    CSV_MAX_ROWS,
    SHARED_STRINGS_MAX,
    SHEET_MAX_CELLS,
    ZIP_MAX_UNCOMPRESSED,
    size_of,
)
from ingest.results import FileStatus
from tests.support import hostile as H
from tests.support.queries import database_rows
from warehouse.home import Home

FW = load_framework()
ROOT = Path(__file__).resolve().parents[1]

# What each small hostile file gets: (writer, status, the start of its one problem's reason).
SMALL: dict[str, tuple[Callable[[Path], Path], FileStatus, str]] = {
    "dimension bomb": (H.dimension_bomb, FileStatus.REFUSED,
                       ("the sheet reaches 1,048,576 rows x 16,384 columns (17,179,869,184 cells); the limit is "
                        f"50,000 rows x 1,000 columns and {SHEET_MAX_CELLS:,} cells")),
    "ODS dimension bomb": (H.ods_dimension_bomb, FileStatus.REFUSED,
                           "the sheet reaches 1,048,576 rows x 16,384 columns"),
    "shared strings bomb": (H.shared_strings_bomb, FileStatus.REFUSED,
                            ("the part 'xl/sharedStrings.xml' declares 4,000,000,000 shared strings; the limit is "
                            f"{SHARED_STRINGS_MAX:,}")),
    "zip bomb lying about its size": (H.lying_zip_bomb, FileStatus.REFUSED,
                                      f"the workbook's parts inflate to more than {size_of(ZIP_MAX_UNCOMPRESSED)}"),
    "truncated workbook": (lambda d: H.truncated_workbook(d, FW), FileStatus.REFUSED,
                           "not a readable Excel workbook: it is damaged or incomplete ("),
    "zero-byte workbook": (H.zero_byte, FileStatus.REFUSED, "the file is empty (0 bytes)"),
    "zero-byte CSV": (lambda d: H.zero_byte(d, "empty.csv"), FileStatus.REFUSED, "the file is empty (0 bytes)"),
    "CSV named .xlsx": (H.csv_named_xlsx, FileStatus.REFUSED,
                        "not a readable Excel workbook (a text file named .xlsx): if it is a CSV file, name it .csv"),
    "xlsx named .csv": (lambda d: H.xlsx_named_csv(d, FW), FileStatus.REFUSED,
                        ("not a readable CSV file (a zip package, as an .xlsx workbook is, named .csv): if it is a "
                         "workbook, rename it .xlsx")),
    "Excel binary workbook": (H.binary_workbook, FileStatus.REFUSED,
                              "not a readable Excel workbook (an Excel binary workbook .xlsb, which is not read): "
                              "save it as .xlsx"),
    "PDF named .xlsx": (H.pdf_named_xlsx, FileStatus.REFUSED, "not a readable Excel workbook (a PDF document named .xlsx)"),
    "PNG named .xlsx": (H.png_named_xlsx, FileStatus.REFUSED, "not a readable Excel workbook (a PNG image named .xlsx)"),
    "web page named .xls": (H.html_named_xls, FileStatus.REFUSED,
                            'not a readable Excel workbook (an Excel "Web Page" save (HTML) named .xls)'),
    "password-protected": (H.password_protected, FileStatus.REFUSED, "the workbook is password-protected"),
    ".xls (OLE, not encrypted)": (lambda d: H.old_excel_workbook(d, FW), FileStatus.ACCEPTED, ""),
    "XXE": (lambda d: H.xxe_workbook(d, _marker_file(d)), FileStatus.REFUSED,
            "the part 'xl/sharedStrings.xml' declares XML entities"),
    "billion laughs": (H.billion_laughs, FileStatus.REFUSED, "the part 'xl/sharedStrings.xml' declares XML entities"),
    "UTF-16 CSV": (H.utf16_fingertips, FileStatus.ACCEPTED, ""),
    "undecodable CSV": (H.undecodable_csv, FileStatus.REFUSED,
                        "not a readable CSV file: its bytes are not text in UTF-8, UTF-16 or Windows encoding"),
    "formula with no saved value": (lambda d: H.formula_scores(d, FW, saved=False), FileStatus.REFUSED,
                                    "a formula with no saved value (=AVERAGE(E9:F9))"),
    "formula saved by Excel": (lambda d: H.formula_scores(d, FW, saved=True), FileStatus.ACCEPTED, ""),
}


def _marker_file(folder: Path) -> Path:
    target = folder / "secret.txt"
    target.write_text(H.MARKER)
    return target


def _ingest(tmp: Path, makers: dict[str, Callable[[Path], Path]]) -> tuple[Home, dict[str, object]]:
    """The good workbook first, then each hostile file, in one batch into a fresh home."""
    folder = tmp / "sent"
    folder.mkdir()
    paths = {"good": H.good_workbook(folder, FW), **{name: make(folder) for name, make in makers.items()}}
    home = Home(tmp / "home").ensure()
    report = ingest_files(list(paths.values()), home, FW)
    return home, dict(zip(paths, report, strict=True)) | {"paths": paths}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return _ingest(tmp_path_factory.mktemp("small"), {name: make for name, (make, _, _) in SMALL.items()})


@pytest.mark.parametrize("name", SMALL)
def test_each_hostile_file_gets_what_is_documented_beside_a_good_file(small, name):
    home, outcomes = small
    _, status, reason = SMALL[name]
    outcome = outcomes[name]

    assert outcomes["good"].status == FileStatus.ACCEPTED
    assert outcome.status == status, outcome.problems
    if status == FileStatus.REFUSED:
        [problem] = outcome.problems
        assert problem.reason.startswith(reason), problem.reason
        if name == "formula with no saved value":
            assert problem.location == H.formula_cell(FW)
        quarantined = [p for p in home.quarantine.iterdir() if p.name.startswith(outcome.sha256[:12])]
        assert quarantined, "a refused file is quarantined"
    else:
        assert outcome.problems == ()


def test_every_file_of_the_batch_has_its_audit_row_and_no_marker_is_read(small):
    home, outcomes = small
    events = database_rows(home.warehouse, "select file_name, status from audit.file_events")
    sent = {path.name for path in outcomes["paths"].values()}

    assert sorted(name for name, _ in events) == sorted(sent)
    reasons = database_rows(home.warehouse, "select reason from audit.rejections")
    assert H.MARKER not in str(reasons) + str(events)


def test_the_formula_saved_by_excel_scores_its_saved_value(small):
    home, outcomes = small
    sha256 = outcomes["formula saved by Excel"].sha256
    [(score,)] = database_rows(home.warehouse, """
        select score from raw.scores
        where submission_id = ? and grain = 'enabler' and format('''{}''!{}', sheet, cell) = ?""",
        [sha256, H.formula_cell(FW)])
    assert score == 3


def test_calamine_and_the_formula_reader_expand_no_entity_even_when_asked(tmp_path):
    """Defence in depth: the package check refuses these first, but neither reader would expand them."""
    marker = _marker_file(tmp_path)
    for path in (H.xxe_workbook(tmp_path, marker), H.billion_laughs(tmp_path)):
        with pytest.raises(Exception, match="unrecognized entity"):  # calamine reads shared strings on opening
            CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Data").to_python()
    entity = f'<!DOCTYPE w [<!ENTITY xxe SYSTEM "file://{marker}">]>'
    sheet = f'<worksheet xmlns="{H.MAIN.decode()}">{{}}<sheetData><row r="1"><c r="A1"><f>&xxe;</f></c></row></sheetData></worksheet>'
    with pytest.raises(SyntaxError, match="undefined entity"):  # ElementTree's ParseError
        _cells((entity + sheet.format("")).encode())


# --- the big ones: refused without being read -----------------------------------------------------


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    return _ingest(tmp_path_factory.mktemp("big"), {"zip bomb": H.zip_bomb, "million rows": H.million_row_fingertips})


def test_a_zip_bomb_and_a_million_row_csv_are_refused_naming_the_limit_beside_a_good_file(big):
    home, outcomes = big

    assert outcomes["good"].status == FileStatus.ACCEPTED
    [bomb] = outcomes["zip bomb"].problems
    assert bomb.reason == (f"the workbook's parts inflate to {size_of(H.BOMB_BYTES)}; "
                           f"the limit is {size_of(ZIP_MAX_UNCOMPRESSED)}")
    [rows] = outcomes["million rows"].problems
    assert rows.reason == (f"the file has {H.MILLION:,} rows and {26 * (H.MILLION + 1):,} cells; the limit for a CSV "
                           f"file is {CSV_MAX_ROWS:,} rows and {CSV_MAX_CELLS:,} cells")
    statuses = database_rows(home.warehouse, "select status from audit.file_events order by event_at")
    assert statuses == [("accepted",), ("refused",), ("refused",)]


def _peak_of_reading(path: Path) -> tuple[str, float]:
    """Read `path` as ingestion does, in a child process: (its refusal, the child's peak memory in MiB)."""
    code = textwrap.dedent(f"""
        import json, resource
        from framework import load_framework
        from ingest.core.problems import Refused
        from ingest.registry import read_content
        try:
            read_content({str(path)!r}, load_framework())
            refusal = ""
        except Refused as refused:
            refusal = str(refused)
        print(json.dumps([refusal, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]))
        """)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    refusal, peak = json.loads(done.stdout)
    return refusal, peak


def test_the_bombs_are_refused_in_little_memory(big, tmp_path):
    _, outcomes = big
    baseline = _peak_of_reading(H.good_workbook(tmp_path, FW))[1]
    for path in (H.dimension_bomb(tmp_path), H.ods_dimension_bomb(tmp_path), outcomes["paths"]["zip bomb"],
                 H.lying_zip_bomb(tmp_path)):
        refusal, peak = _peak_of_reading(path)
        assert "the limit is" in refusal
        # MiB: no grid allocated, nothing inflated but 1 MB at a time (the lying bomb, to 250 MB)
        assert peak - baseline < 20, (path.name, peak, baseline)
