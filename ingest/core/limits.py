"""Every limit a file is checked against before it is read, in one place, each with why it is what it is.

A reader trusts nothing a file says about itself: python-calamine turns a sheet into a dense grid
of every cell from the first to the last one written, so a 5 kB workbook with one cell at
XFD1048576 asks for ~550 GB and aborts the process; a zip member can inflate a thousandfold.
The limits below are far above any real submission or publication (the largest real file we hold,
DfE's untrimmed EYFSP CSV, is 12,852 rows and 2.6 MB; a borough's workbook is ~30-100 kB holding
a few hundred cells), and low enough that reading the largest file they allow stays well under
1 GiB of memory (figures in docs/ingest.md, "Limits"). A file over a limit is refused with the limit
named and what was measured, before any reader allocates for it.
"""

from __future__ import annotations

from pathlib import Path

from ingest.core.problems import Problem, Refused

MB = 1_000_000

# Whole files. Workbooks: ours and DfE's are under 100 kB; 50 MB is 500 times that, and calamine
# holds a workbook's shared strings and one sheet at a time, so a workbook this size reads in well
# under 1 GiB. CSVs: outcome downloads are the big files; 100 MB is 38 times the largest real one
# (2.6 MB) and a whole file is held as text while it is read (twice, for a moment, as bytes and text).
WORKBOOK_MAX_BYTES = 50 * MB
CSV_MAX_BYTES = 100 * MB

# A CSV's rows below the header, and its cells in all: every cell is kept as text while the file is
# read, with its parsed value beside it, ~2.5 kB of memory for a 26-column Fingertips row. 200,000
# rows is 15 times the largest real outcome file we hold (12,852 rows) and reads in ~520 MB; the
# cells bound stops a file of fewer, wider rows (or of tiny cells) from taking more.
CSV_MAX_ROWS = 200_000
CSV_MAX_CELLS = 6_000_000

# The zip package of an .xlsx/.xlsm/.ods, checked from its central directory before calamine opens it,
# then by inflating its XML parts (what a member declares can be a lie). A workbook has 10-40 parts
# (one per sheet, plus styles, strings, themes); real sheet XML compresses 4-30 times, and only
# a part of more than ZIP_RATIO_FROM is judged by its ratio (small parts may compress oddly well).
ZIP_MAX_MEMBERS = 1_000
ZIP_MAX_UNCOMPRESSED = 250 * MB
ZIP_MAX_RATIO = 100
ZIP_RATIO_FROM = 1 * MB

# A sheet's extent, from A1 to its last written cell, which calamine allocates as one grid (~40 bytes
# a cell with the Python list that holds it). An assessment sheet is ~150 rows x ~20 columns; DfE's
# neighbours sheet 160 x 26. 50,000 x 1,000 rows and columns, and 5,000,000 cells in all (~200 MB),
# leave a margin of hundreds of times.
SHEET_MAX_ROWS = 50_000
SHEET_MAX_COLUMNS = 1_000
SHEET_MAX_CELLS = 5_000_000
# The shared strings a workbook declares (its sst root's uniqueCount), for which calamine reserves
# room before reading one: as many as the cells of the largest sheet allowed (~120 MB reserved).
# A workbook of ours declares a few hundred.
SHARED_STRINGS_MAX = SHEET_MAX_CELLS


def size_of(byte_count: int) -> str:
    """12_345_678 → "12.3 MB"; below 1 MB in kB, so that a small file's size is not shown as 0.0 MB."""
    if byte_count >= MB:
        return f"{byte_count / MB:,.1f} MB"
    return f"{byte_count / 1000:,.1f} kB"


def check_file_size(path: Path, limit: int, what: str) -> int:
    """The file's size in bytes; Refused when it is empty or over `limit`."""
    size = Path(path).stat().st_size
    if size == 0:
        raise Refused([Problem("file", "the file is empty (0 bytes): it may not have finished saving or uploading")])
    if size > limit:
        raise Refused([Problem("file", f"the file is {size_of(size)}; the limit for {what} is {size_of(limit)}")])
    return size


def csv_size_problem(rows: int, cells: int) -> Problem | None:
    """Why a CSV of `rows` rows below its header and `cells` cells in all is too big; None when it is not."""
    if rows <= CSV_MAX_ROWS and cells <= CSV_MAX_CELLS:
        return None
    return Problem("file", f"the file has {rows:,} rows and {cells:,} cells; the limit for a CSV file is "
                           f"{CSV_MAX_ROWS:,} rows and {CSV_MAX_CELLS:,} cells")


def sheet_extent_problem(sheet: str, rows: int, columns: int) -> Problem | None:
    """Why a sheet reaching row `rows` and column `columns` is too big to read; None when it is not."""
    if rows <= SHEET_MAX_ROWS and columns <= SHEET_MAX_COLUMNS and rows * columns <= SHEET_MAX_CELLS:
        return None
    return Problem(f"'{sheet}'", f"the sheet reaches {rows:,} rows x {columns:,} columns ({rows * columns:,} cells); "
                   f"the limit is {SHEET_MAX_ROWS:,} rows x {SHEET_MAX_COLUMNS:,} columns and "
                   f"{SHEET_MAX_CELLS:,} cells")
