"""What a file's bytes really are, and a workbook's zip package checked before any reader opens it.

People send what they have: a CSV renamed .xlsx, an Excel "web page" saved as .xls, a PDF, a
workbook saved with a password. Each is told by its first bytes and refused with what it is and
what to do, rather than with a parser's error; reading by content instead is not done, because a
file whose name lies about it is as likely to be the wrong file as the right one misnamed.

A zip package (.xlsx, .xlsm, .ods) is judged from its central directory first, then by inflating
each XML part once with a bound (a part's declared size can be a lie): too many parts, too many
bytes, a compression ratio no spreadsheet has, a DOCTYPE (real workbooks never have one; it is how
XXE and "billion laughs" entities get in), the shared strings declared and each sheet's extent,
both of which calamine allocates for at once.
"""

from __future__ import annotations

import copy
import re
import zipfile
import zlib
from pathlib import Path

from ingest.core.extents import OdsExtents, XlsxExtent
from ingest.core.formulas import FORMULA_ENDS, sheet_parts
from ingest.core.limits import (
    SHARED_STRINGS_MAX,
    ZIP_MAX_MEMBERS,
    ZIP_MAX_RATIO,
    ZIP_MAX_UNCOMPRESSED,
    ZIP_RATIO_FROM,
    sheet_extent_problem,
    size_of,
)
from ingest.core.problems import Problem, Refused

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a package; an empty one
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an .xls, or a workbook saved with a password
# A password-protected .xlsx is an OLE file holding these streams instead of the package.
ENCRYPTED_STREAMS = tuple(name.encode("utf-16-le") for name in ("EncryptionInfo", "EncryptedPackage"))
ZIP_SUFFIXES = (".xlsx", ".xlsm", ".ods")
HEAD = 4096  # bytes looked at to tell what a file is
CHUNK = 1 << 20
ENTITY_MARKS = (b"<!DOCTYPE", b"<!ENTITY")
PASSWORD = "the workbook is password-protected: save it without a password (File > Info > Protect Workbook) and send it again"

_NOT_SHEETS = (  # (test on the first bytes, what a person would call it)
    (lambda head: head.startswith(b"%PDF"), "a PDF document"),
    (lambda head: head.startswith(b"\x89PNG"), "a PNG image"),
    (lambda head: head.startswith(b"\xff\xd8\xff"), "a JPEG image"),
    (lambda head: head.startswith(b"GIF8"), "a GIF image"),
    (lambda head: head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith((b"<!doctype html", b"<html", b"<table"))
     or b"<html" in head.lower() or head.startswith(b"MIME-Version:"),
     'an Excel "Web Page" save (HTML)'),
    (lambda head: b"urn:schemas-microsoft-com:office:spreadsheet" in head, "an Excel 2003 XML spreadsheet"),
)
# calamine reserves room for the shared strings their root says there are, before reading one.
_STRINGS_DECLARED = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?sst\b[^>]*?\suniqueCount\s*=\s*["'](\d+)["']""")


def content_problem(path: Path, suffix: str) -> Problem | None:
    """Why the file's bytes are not what its extension says (.xlsx/.xlsm/.ods: a zip package; .xls: an
    OLE file; .csv: text); None when they are. A workbook saved with a password is refused here."""
    with open(path, "rb") as handle:
        head = handle.read(HEAD)
    if head.startswith(OLE_MAGIC) and _encrypted(path):
        return Problem("file", PASSWORD)
    named = f"named {suffix}" if suffix else "with no extension"
    expected = "not a readable CSV file" if suffix == ".csv" else "not a readable Excel workbook"
    if (found := next((name for test, name in _NOT_SHEETS if test(head)), None)) is not None:
        return Problem("file", f"{expected} ({found} {named}): save it from Excel as .xlsx or .csv")
    if head.startswith(ZIP_MAGIC):
        if suffix in ZIP_SUFFIXES:
            return None
        if suffix == ".xlsb":  # its sheets are binary parts, whose extent cannot be checked before calamine loads them
            return Problem("file", f"{expected} (an Excel binary workbook .xlsb, which is not read): save it as .xlsx")
        return Problem("file", f"{expected} (a zip package, as an .xlsx workbook is, {named}): "
                               "if it is a workbook, rename it .xlsx")
    if head.startswith(OLE_MAGIC):
        if suffix == ".xls":
            return None
        return Problem("file", f"{expected} (an Excel 97-2003 workbook .xls {named}): rename it .xls, or save it as .xlsx")
    if suffix == ".csv":
        return None
    return Problem("file", f"{expected} (a text file {named}): if it is a CSV file, name it .csv")


def _encrypted(path: Path) -> bool:
    data = Path(path).read_bytes()  # an OLE file within the workbook size limit
    return any(name in data for name in ENCRYPTED_STREAMS)


def check_package(path: Path) -> frozenset[str]:
    """Refused when the package is damaged, over a limit, declares XML entities, or has a sheet whose
    extent (A1 to its last written cell) is over the limits: calamine loads every sheet of an .ods
    on opening it, and an .xlsx sheet whenever a reader looks at it. Returns the .xlsx sheets whose
    XML holds a formula, seen while inflating them, so that only those are parsed again for their
    formulas (ingest.core.formulas); most workbooks have none."""
    with_formulas: set[str] = set()
    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
            _check_directory(infos)
            extents: dict[str, tuple[int, int]] = {}
            inflated = 0
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    inflated = _scan_part(package, info, inflated, extents, with_formulas)
            if "xl/workbook.xml" in package.NameToInfo:  # an .xlsx names its sheets' parts; an .ods its tables
                parts = sheet_parts(package)
                extents = {name: extents[part] for name, part in parts.items() if part in extents}
                with_formulas = {name for name, part in parts.items() if part in with_formulas}
            else:  # an .ods: its formulas are not looked for (ingest.core.formulas reads .xlsx and .xlsm)
                with_formulas = set()
    except Refused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, KeyError, SyntaxError,
            NotImplementedError, ValueError) as exc:
        raise Refused([Problem("file", f"not a readable Excel workbook: it is damaged or incomplete ({exc}); it "
                                       "may have been cut short while copying or uploading; save it again from Excel")]) from exc
    problems = [problem for name, (rows, columns) in extents.items()
                if (problem := sheet_extent_problem(name, rows, columns))]
    if problems:
        raise Refused(problems)
    return frozenset(with_formulas)


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > ZIP_MAX_MEMBERS:
        raise Refused([Problem("file", f"the workbook's package has {len(infos):,} parts; the limit is {ZIP_MAX_MEMBERS:,}")])
    declared = sum(info.file_size for info in infos)
    if declared > ZIP_MAX_UNCOMPRESSED:
        raise Refused([Problem("file", f"the workbook's parts inflate to {size_of(declared)}; "
                                       f"the limit is {size_of(ZIP_MAX_UNCOMPRESSED)}")])
    for info in infos:
        if info.file_size > ZIP_RATIO_FROM and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise Refused([Problem("file", f"the part '{info.filename}' inflates {ratio:,.0f} times "
                                           f"({size_of(info.compress_size)} to {size_of(info.file_size)}); "
                                           f"the limit is {ZIP_MAX_RATIO} times for a part over {size_of(ZIP_RATIO_FROM)}")])


def _scan_part(package: zipfile.ZipFile, info: zipfile.ZipInfo, inflated: int,
               extents: dict[str, tuple[int, int]], with_formulas: set[str]) -> int:
    """Inflate one XML part, at most to what the limit has left, adding a sheet's extent to `extents`
    and the part to `with_formulas` when it holds a formula; the bytes inflated so far."""
    room = ZIP_MAX_UNCOMPRESSED - inflated
    bounded = copy.copy(info)
    # Read what is really there, not what the part declares, past the limit by enough to be refused
    # before zipfile stops at the size given and checks the CRC of what it read.
    bounded.file_size = room + 2 * CHUNK
    if info.filename.startswith("xl/worksheets/"):
        cells: XlsxExtent | OdsExtents | None = XlsxExtent(info.filename)
    else:
        cells = OdsExtents() if info.filename == "content.xml" else None
    scan = _Scan(cells)
    size = 0
    with package.open(bounded) as stream:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > room:
                raise Refused([Problem("file", f"the workbook's parts inflate to more than {size_of(ZIP_MAX_UNCOMPRESSED)}; "
                                               f"the limit is {size_of(ZIP_MAX_UNCOMPRESSED)}")])
            scan.feed(chunk)
    scan.feed(b"")
    if size != info.file_size:
        raise zipfile.BadZipFile(f"the part '{info.filename}' declares {info.file_size:,} bytes but holds {size:,}")
    if scan.strings > SHARED_STRINGS_MAX:
        raise Refused([Problem("file", f"the part '{info.filename}' declares {scan.strings:,} shared strings; "
                                       f"the limit is {SHARED_STRINGS_MAX:,}")])
    if scan.entities:
        raise Refused([Problem("file", f"the part '{info.filename}' declares XML entities (<!DOCTYPE or <!ENTITY), "
                                       "which Excel never writes: the file was made to attack the reader")])
    if cells is not None:
        extents.update(cells.extents)
    if scan.formulas:
        with_formulas.add(info.filename)
    return inflated + size


class _Scan:
    """One XML part read chunk by chunk: whether it declares entities or shared strings, and its
    complete tags handed to the sheet's extent, if it is a sheet."""

    def __init__(self, cells: XlsxExtent | OdsExtents | None):
        self._cells = cells
        self.entities = False
        self.strings = 0  # the shared strings a part declares (calamine allocates for them at once)
        self.formulas = False  # whether a sheet closes a formula element (a tag is never split across chunks)
        self._carry = b""

    def feed(self, chunk: bytes) -> None:
        """A chunk of the part; b"" at its end, for what was held back."""
        data = self._carry + chunk
        cut = data.rfind(b"<")
        if not chunk or cut == -1 or data.find(b">", cut) != -1:
            cut = len(data)
        done, self._carry = data[:cut], data[cut:]
        if len(self._carry) > CHUNK:  # no tag is this long: keep enough to find a mark across chunks
            done, self._carry = data, data[-16:]
        # Plain searches for the literal each test needs, before any pattern: most parts hold none.
        self.entities = self.entities or ENTITY_MARKS[0] in data or ENTITY_MARKS[1] in data
        if b"sst" in data and (declared := _STRINGS_DECLARED.search(data)):
            self.strings = max(self.strings, int(declared.group(1)))
        if self._cells is not None:
            self.formulas = self.formulas or FORMULA_ENDS[0] in data or FORMULA_ENDS[1] in data
            self._cells.feed(done)
