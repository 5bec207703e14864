"""The hostile corpus: files as broken, huge or malicious as a warehouse that boroughs send to will get.

Every function writes one file into `folder` and returns its path; nothing here is committed as a
binary. Each says what ingesting it must give (docs/ingest.md, "Hostile files", lists them all):
refused, with the reason quoted, or accepted. The big ones are written streaming, so that making
them costs the test machine no more memory than reading them is allowed to.
Sections: workbooks that lie about their size; damaged and misnamed files; XML attacks; CSV
encodings and sizes; formulas. Add a file kind to the section it belongs to.
"""

from __future__ import annotations

import csv
import os
import re
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import xlwt

from framework.model import Framework
from ingest.assessments import layout as L
from ingest.assessments.template import write_template
from ingest.outcomes.fingertips import COLUMNS as FINGERTIPS_COLUMNS
from tests.support.submissions import indicators_only, small_group

MARKER = "XXE-MARKER-7f3a"  # the text of the file an XXE workbook points at: it must never be read


def good_workbook(folder: Path, fw: Framework, name: str = "SYNTHETIC_good.xlsx") -> Path:
    """Accepted: the template filled in (Westminster's small group), beside which every hostile file is ingested."""
    return write_template(folder / name, fw, small_group(fw).content)


# --- workbooks that lie about their size ---------------------------------------------------------


def dimension_bomb(folder: Path) -> Path:
    """Refused before calamine opens it: a ~5 kB workbook with one cell at XFD1048576, whose sheet
    calamine would allocate as 1,048,576 x 16,384 cells (~550 GB, aborting the process) — "the sheet
    reaches 1,048,576 rows x 16,384 columns (17,179,869,184 cells); the limit is …"."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet["A1"] = "Indicator"
    sheet["XFD1048576"] = 1
    path = folder / "dimension_bomb.xlsx"
    book.save(path)
    return path


BOMB_BYTES = 1_200_000_000


def zip_bomb(folder: Path, inflated: int = BOMB_BYTES, name: str = "zip_bomb.xlsx") -> Path:
    """Refused from the package's directory, without inflating anything: a workbook whose sheet XML
    inflates to 1.2 GB (a comment of one repeated byte; ~1.2 MB on disk) — "the workbook's parts
    inflate to 1,200.0 MB; the limit is 250.0 MB". Written streaming: 1 MB in memory at a time."""
    path = folder / name
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="' + MAIN + b'"><sheetData/><!--'
    tail = b"--></worksheet>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        _minimal_parts(package, sheet=None)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(head)
            block = b"x" * (1 << 20)
            left = inflated - len(head) - len(tail)
            while left > 0:
                sheet.write(block[: min(left, len(block))])
                left -= len(block)
            sheet.write(tail)
    return path


def lying_zip_bomb(folder: Path, inflated: int = 300_000_000) -> Path:
    """Refused while inflating, 1 MB at a time: a sheet inflating to 300 MB whose package says it holds
    1 kB (both of its headers patched), so that its directory passes — "the workbook's parts inflate
    to more than 250.0 MB; the limit is 250.0 MB"."""
    path = zip_bomb(folder, inflated, "lying_zip_bomb.xlsx")
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = data.find(signature)
        while data[start + name_at:start + name_at + len(name)] != name:
            start = data.find(signature, start + 1)
        data[start + size_at:start + size_at + 4] = struct.pack("<I", 1000)
    path.write_bytes(bytes(data))
    return path


def shared_strings_bomb(folder: Path) -> Path:
    """Refused: shared strings declaring 4,000,000,000 strings (calamine reserves room for them before
    reading one: 96 GB) — "the part 'xl/sharedStrings.xml' declares 4,000,000,000 shared strings;
    the limit is 5,000,000"."""
    strings = (f'<?xml version="1.0"?><sst xmlns="{MAIN.decode()}" count="1" uniqueCount="4000000000">'
               "<si><t>Leadership</t></si></sst>")
    return _entity_workbook(folder / "shared_strings_bomb.xlsx", strings)


def ods_dimension_bomb(folder: Path) -> Path:
    """Refused before calamine loads it: an OpenDocument sheet of one cell repeated over 1,048,576 rows
    x 16,384 columns (~1 kB; calamine's own ceiling, 100 million cells, would still allow 3 GB) —
    "the sheet reaches 1,048,576 rows x 16,384 columns"."""
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
               '<office:spreadsheet><table:table table:name="Data"><table:table-row table:number-rows-repeated="1048576">'
               '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1">'
               "<text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet>"
               "</office:body></office:document-content>")
    path = folder / "ods_dimension_bomb.ods"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        package.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:'
                         'names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
                         'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>')
        package.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


# --- damaged and misnamed files --------------------------------------------------------------------


def truncated_workbook(folder: Path, fw: Framework) -> Path:
    """Refused: the good workbook cut off halfway, as an interrupted upload leaves it — "the workbook
    is damaged or incomplete (…)"."""
    whole = good_workbook(folder, fw, "whole.xlsx")
    path = folder / "truncated.xlsx"
    data = whole.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    whole.unlink()
    return path


def zero_byte(folder: Path, name: str = "empty.xlsx") -> Path:
    """Refused: "the file is empty (0 bytes): …" (a .xlsx or a .csv alike)."""
    path = folder / name
    path.write_bytes(b"")
    return path


def csv_named_xlsx(folder: Path) -> Path:
    """Refused: "not a readable Excel workbook (a text file named .xlsx): if it is a CSV file, name it .csv"."""
    path = folder / "scores.xlsx"
    path.write_text("Enabler,AB,CD\nLeadership,3,4\n", encoding="utf-8")
    return path


def xlsx_named_csv(folder: Path, fw: Framework) -> Path:
    """Refused: "not a readable CSV file (a zip package, as an .xlsx workbook is, named .csv): if it is
    a workbook, rename it .xlsx"."""
    return write_template(folder / "SYNTHETIC_saved_as.csv", fw, indicators_only(fw).content)


def binary_workbook(folder: Path) -> Path:
    """Refused: an .xlsb is a zip package too, but its sheets are binary parts whose extent cannot be
    checked before calamine loads them. Made as Excel would: the package of binary parts, with the
    content types Excel writes for them."""
    path = folder / "scores.xlsb"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Override PartName="/xl/workbook.bin" ContentType="application/'
            'vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>'))
        package.writestr("xl/workbook.bin", bytes(64))
        package.writestr("xl/worksheets/sheet1.bin", bytes(64))
    return path


def pdf_named_xlsx(folder: Path) -> Path:
    """Refused: "not a readable Excel workbook (a PDF document named .xlsx): save it from Excel as .xlsx or .csv"."""
    path = folder / "report.xlsx"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    return path


def png_named_xlsx(folder: Path) -> Path:
    """Refused: "not a readable Excel workbook (a PNG image named .xlsx): …" (a screenshot of the scores)."""
    path = folder / "screenshot.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    return path


def html_named_xls(folder: Path) -> Path:
    """Refused: Excel's "Web Page" save, which it names .xls — "not a readable Excel workbook (a web
    page (Excel's "Web Page" save) named .xls): save it from Excel as .xlsx or .csv"."""
    path = folder / "scores.xls"
    path.write_text('<html xmlns:o="urn:schemas-microsoft-com:office:office" '
                    'xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table>'
                    "<tr><td>Enabler</td><td>AB</td></tr><tr><td>Leadership</td><td>3</td></tr>"
                    "</table></body></html>", encoding="utf-8")
    return path


def password_protected(folder: Path) -> Path:
    """Refused: a workbook saved with a password is an OLE compound file holding EncryptionInfo and
    EncryptedPackage streams, not a package — "the workbook is password-protected: save it without
    a password …". The header and directory are enough to tell it; its streams are left out."""
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHH", 0x3E, 3, 0xFFFE, 9)
              + bytes(6) + struct.pack("<IIIIIIII", 0, 1, 1, 0, 0x1000, 0xFFFFFFFE, 0, 0xFFFFFFFE))
    header += struct.pack("<I", 0) + b"\xff" * (512 - len(header) - 4)
    entries = b"".join(_directory_entry(name, kind) for name, kind in
                       (("Root Entry", 5), ("EncryptionInfo", 2), ("EncryptedPackage", 2), ("", 0)))
    path = folder / "protected.xlsx"
    path.write_bytes(header + entries + bytes(4096))
    return path


def old_excel_workbook(folder: Path, fw: Framework) -> Path:
    """Accepted: an Excel 97-2003 .xls (an OLE file, not encrypted), read by calamine like any workbook;
    a borough's own grid (Hackney, 2024) of two people scoring every enabler."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("Scores")
    rows = [["Early years partnership self-assessment"], ["Local authority", "Hackney"], ["Assessment year", 2024],
            [], ["Enabler", "AB", "CD"]]
    rows += [[enabler.name, 1 + n % 5, 1 + (n + 2) % 5] for n, enabler in enumerate(fw.enablers)]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    path = folder / "hackney_2024.xls"
    book.save(str(path))
    return path


# --- XML attacks -------------------------------------------------------------------------------------


def xxe_workbook(folder: Path, target: Path) -> Path:
    """Refused before any XML is parsed: shared strings whose DOCTYPE declares an external entity
    pointing at `target` (a file holding MARKER), used in cell A1 — "the part 'xl/sharedStrings.xml'
    declares XML entities …". Neither calamine nor formulas.py would read the target anyway."""
    strings = (f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file://{target}">]>'
               f'<sst xmlns="{MAIN.decode()}" count="1" uniqueCount="1"><si><t>&xxe;</t></si></sst>')
    return _entity_workbook(folder / "xxe.xlsx", strings)


def billion_laughs(folder: Path) -> Path:
    """Refused before any XML is parsed: shared strings declaring ten nested entities of ten each
    (10^9 "lol"s, ~3 GB if expanded) — "the part 'xl/sharedStrings.xml' declares XML entities …"."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    strings = (f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
               f'<sst xmlns="{MAIN.decode()}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>')
    return _entity_workbook(folder / "billion_laughs.xlsx", strings)


def _entity_workbook(path: Path, strings: str) -> Path:
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="' + MAIN + b'"><sheetData><row r="1">'
             b'<c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        _minimal_parts(package, sheet=sheet, shared_strings=True)
        package.writestr("xl/sharedStrings.xml", strings)
    return path


# --- CSV encodings and sizes ---------------------------------------------------------------------------


def utf16_fingertips(folder: Path) -> Path:
    """Accepted as a Fingertips file: Excel's "Unicode Text" save (UTF-16 LE with a BOM, tab separated)
    of a Fingertips download, renamed .csv; read by its BOM."""
    path = folder / "SYNTHETIC_fingertips_unicode.csv"
    with path.open("w", encoding="utf-16", newline="") as handle:  # Python's "utf-16" writes the LE BOM
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(FINGERTIPS_COLUMNS)
        writer.writerows(fingertips_rows(3 * 33))
    return path


def undecodable_csv(folder: Path) -> Path:
    """Refused: bytes that are text in no encoding (undefined even in Windows-1252) — "not a readable
    CSV file: its bytes are not text in UTF-8, UTF-16 or Windows encoding; …"."""
    path = folder / "garbled.csv"
    path.write_bytes(b"Indicator ID,Area Code\n\x81\x8d\x8f\x90\x9d,E09000001\n")
    return path


MILLION = 1_000_000


def million_row_fingertips(folder: Path, rows: int = MILLION) -> Path:
    """Refused by its size in rows (~75 MB, under the byte limit): a Fingertips download of a million
    rows, its optional columns empty as in many real downloads — "the file has 1,000,000 rows and
    26,000,026 cells; the limit for a CSV file is 200,000 rows and 6,000,000 cells". Written streaming,
    as lines (no cell needs quoting), which is several times quicker than the csv module."""
    path = folder / "SYNTHETIC_fingertips_million.csv"
    empty = "," * (len(FINGERTIPS_COLUMNS) - 13)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(FINGERTIPS_COLUMNS) + "\r\n")
        handle.writelines(f"{indicator},Ind {indicator},,,{code},A{area},UA,{sex},All ages,,,{year},{value}{empty}\r\n"
                          for indicator, code, area, sex, year, value in _keys(rows))
    return path


LONDON = tuple(f"E090000{n:02d}" for n in range(1, 34))
SEXES = ("Persons", "Male", "Female")


def _keys(count: int) -> Iterator[tuple[int, str, int, str, int, float]]:
    """(indicator, area code, area number, sex, year, value), every key distinct: indicators x years x
    sexes x London's 33 authorities, so that any prefix makes a valid file."""
    for n in range(count):
        area, rest = n % 33, n // 33
        sex, rest = rest % 3, rest // 3
        yield 90000 + rest // 25, LONDON[area], area + 1, SEXES[sex], 2000 + rest % 25, 10 + (n * 7919) % 900 / 10


def fingertips_rows(count: int) -> Iterator[list[object]]:
    """Fingertips rows in the 26 published columns, every one filled as a full download fills them."""
    for indicator, code, area, sex, year, value in _keys(count):
        yield [indicator, f"Indicator {indicator} (synthetic)", "E12000007", "London region", code,
               f"Authority {area}", "Counties & UAs (from Apr 2023)", sex, "All ages", "", "", year,
               value, value - 1, value + 1, "", "", 100 + year % 50, 1000, "", "", "Similar", "Similar",
               year * 10000, "", ""]


# --- formulas in score cells -----------------------------------------------------------------------------


def formula_scores(folder: Path, fw: Framework, saved: bool) -> Path:
    """The template (Islington's four people) with =AVERAGE of two scores typed into a third score cell.
    Unsaved (as a program writes it): refused at that cell, "a formula with no saved value
    (=AVERAGE(E9:F9)); open the file in Excel and save it, or type the value". Saved by Excel (its
    value, 3, beside it): accepted, with that value as the score."""
    path = write_template(folder / f"SYNTHETIC_formula_{'saved' if saved else 'unsaved'}.xlsx", fw,
                          indicators_only(fw).content)
    book = openpyxl.load_workbook(path)
    sheet = book[L.ENABLER_SHEET.name]
    first = L.ENABLER_SHEET.first_participant_column
    left, right = (openpyxl.utils.get_column_letter(first + n) for n in (0, 1))
    sheet.cell(L.FIRST_ITEM_ROW, first + 2, f"=AVERAGE({left}{L.FIRST_ITEM_ROW}:{right}{L.FIRST_ITEM_ROW})")
    book.save(path)
    return _with_saved_values(path, "3") if saved else path


def formula_cell(fw: Framework) -> str:
    """Where formula_scores puts its formula: "'Enabler scores'!G9"."""
    column = openpyxl.utils.get_column_letter(L.ENABLER_SHEET.first_participant_column + 2)
    return f"'{L.ENABLER_SHEET.name}'!{column}{L.FIRST_ITEM_ROW}"


def _with_saved_values(path: Path, value: str) -> Path:
    """The workbook as Excel saves it: each formula with its value beside it."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    for name in [n for n in parts if n.startswith("xl/worksheets/")]:
        parts[name] = re.sub(rb"(<f>[^<]*</f>)(<v\s*/>|<v></v>)?", rb"\1<v>" + value.encode() + rb"</v>", parts[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return path


# --- a package by hand ------------------------------------------------------------------------------------

MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          b'<Default Extension="xml" ContentType="application/xml"/>'
          b'<Override PartName="/xl/workbook.xml" '
          b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          b'<Override PartName="/xl/worksheets/sheet1.xml" '
          b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          b'<Override PartName="/xl/sharedStrings.xml" '
          b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _minimal_parts(package: zipfile.ZipFile, sheet: bytes | None, shared_strings: bool = False) -> None:
    """The parts every .xlsx needs, with one sheet 'Data' (its XML written here unless None)."""
    package.writestr("[Content_Types].xml", _TYPES)
    package.writestr("_rels/.rels", b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                     b'package/2006/relationships"><Relationship Id="rId1" Type="' + _REL + b'/officeDocument" '
                     b'Target="xl/workbook.xml"/></Relationships>')
    package.writestr("xl/workbook.xml", b'<?xml version="1.0"?><workbook xmlns="' + MAIN + b'" xmlns:r="' + _REL
                     + b'"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
    strings = (b'<Relationship Id="rId2" Type="' + _REL + b'/sharedStrings" Target="sharedStrings.xml"/>'
               if shared_strings else b"")
    package.writestr("xl/_rels/workbook.xml.rels", b'<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                     b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="' + _REL
                     + b'/worksheet" Target="worksheets/sheet1.xml"/>' + strings + b"</Relationships>")
    if sheet is not None:
        package.writestr("xl/worksheets/sheet1.xml", sheet)


def _directory_entry(name: str, kind: int) -> bytes:
    """One 128-byte OLE directory entry: its UTF-16 name, the name's length and the entry's type."""
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF) + bytes(16 + 4 + 16) + struct.pack("<IQ", 0, 0)
            )[:128].ljust(128, b"\0")


# --- entries that are not files, and names -----------------------------------------------------------


def not_files(folder: Path, outside: Path) -> dict[str, Path]:
    """Refused, never followed or read: links (to a good file outside, to /etc/passwd, dangling, to a
    directory), a directory and a FIFO, by the reason each gets."""
    entries = {"link to a file outside": folder / "outside.xlsx", "link to /etc/passwd": folder / "passwd.xlsx",
               "dangling link": folder / "gone.xlsx", "link to a directory": folder / "folder-link",
               "directory": folder / "a folder", "fifo": folder / "pipe.csv"}
    entries["link to a file outside"].symlink_to(outside)
    entries["link to /etc/passwd"].symlink_to("/etc/passwd")
    entries["dangling link"].symlink_to(folder / "nowhere.xlsx")
    entries["link to a directory"].symlink_to(outside.parent, target_is_directory=True)
    entries["directory"].mkdir()
    os.mkfifo(entries["fifo"])
    return entries


def wide_enabler_sheet(folder: Path, fw: Framework, rows: int = 50_000, columns: int = 100) -> Path:
    """Within the sheet limits (5,000,000 cells), but calamine allocates its whole grid (~160 MB):
    refused "the reader stopped … (out of memory past the N MB limit)" under a lowered worker cap."""
    from openpyxl.utils import get_column_letter

    path = good_workbook(folder, fw, "SYNTHETIC_wide.xlsx")
    book = openpyxl.load_workbook(path)
    book[L.ENABLER_SHEET.name][f"{get_column_letter(columns)}{rows}"] = 1
    book.save(path)
    return path
