"""Which cells of an .xlsx or .xlsm sheet hold formulas, and whether Excel saved their values.

python-calamine reads the value Excel saved beside each formula, and nothing when there is none: a
workbook written by a program (openpyxl, a script, an export) and never opened and saved in Excel
holds `<c r="D7"><f>AVERAGE(A7:C7)</f></c>` with no `<v>`, which calamine hands over as an empty
cell, indistinguishable from a skip. The sheet's XML says which it is, so it is read here with a
streaming parse of the package (no openpyxl: reading runs in worker processes that must stay
light). Only the cells' formula elements are looked at, and only in the sheets whose XML the package
check saw close one (ingest.core.package, while inflating every part anyway): a workbook with none,
most of them, is not opened again. A package reaches here only after that check (no DOCTYPE, so no
entities to expand; every part within the size limits).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import XML, iterparse

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# Every sheet with a cell formula has a closing </f> (a shared formula's copies have none, but its
# first cell does), or </x:f> when the namespace is prefixed; <formula1> of a drop-down is neither.
FORMULA_ENDS = (b"</f>", b":f>")
REF = re.compile(r"([A-Z]+)(\d+)")
SUFFIXES = (".xlsx", ".xlsm")
SHOWN = 60  # characters of a formula quoted in a refusal


@dataclass(frozen=True)
class Formula:
    text: str  # as Excel shows it, with its "=": "=AVERAGE(A7:C7)"
    saved: bool  # False: no value was saved with it, so the cell reads as empty


def no_saved_value(formula: Formula) -> str:
    """Why a score cell holding a formula with no saved value refuses the file: its score is unknown,
    and reading it as empty would pass it off as a skip."""
    shown = formula.text if len(formula.text) <= SHOWN else formula.text[: SHOWN - 1] + "…"
    return f"a formula with no saved value ({shown}); open the file in Excel and save it, or type the value"


class WorkbookFormulas:
    """One workbook's formula cells, read sheet by sheet as readers ask (most ask for two sheets).
    Only the sheets in `with_formulas` (seen holding a formula when the package was checked,
    ingest.core.package) are parsed: none of a file whose package was not checked."""

    def __init__(self, path: Path, with_formulas: frozenset[str] = frozenset()):
        self._path = path
        self._with_formulas = with_formulas
        self._package: zipfile.ZipFile | None = None
        self._parts: dict[str, str] = {}
        self._found: dict[str, dict[tuple[int, int], Formula]] = {}

    def of(self, sheet: str) -> dict[tuple[int, int], Formula]:
        """(0-based row, 0-based column) → its formula; empty for other formats."""
        if sheet not in self._found:
            may_hold = sheet in self._with_formulas and self._path.suffix.lower() in SUFFIXES
            self._found[sheet] = self._read(sheet) if may_hold else {}
        return self._found[sheet]

    def close(self) -> None:
        if self._package is not None:
            self._package.close()

    def _read(self, sheet: str) -> dict[tuple[int, int], Formula]:
        try:
            if self._package is None:
                self._package = zipfile.ZipFile(self._path)
                self._parts = sheet_parts(self._package)
            part = self._parts.get(sheet)
            return _cells(self._package.read(part)) if part else {}
        except (OSError, KeyError, zipfile.BadZipFile, SyntaxError):  # calamine has already judged the file
            return {}


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part in the package, from the workbook and its relationships."""
    workbook = XML(package.read("xl/workbook.xml"))
    rels = XML(package.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{RELS}Relationship")}
    parts, names = {}, package.NameToInfo
    for sheet in workbook.iter(f"{MAIN}sheet"):
        target = targets.get(sheet.get(f"{DOC_RELS}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if part in names:
            parts[sheet.get("name", "")] = part
    return parts


def _cells(data: bytes) -> dict[tuple[int, int], Formula]:
    found: dict[tuple[int, int], Formula] = {}
    shared: dict[str, tuple[str, str]] = {}  # si → (formula text, the cell it is written in)
    for _, element in iterparse(io.BytesIO(data)):
        if element.tag != f"{MAIN}c":
            if element.tag == f"{MAIN}row":
                element.clear()
            continue
        formula = element.find(f"{MAIN}f")
        ref = element.get("r", "")
        where = REF.fullmatch(ref)
        if formula is not None and where:
            text = formula.text or ""
            if formula.get("t") == "shared":
                si = formula.get("si", "")
                if text:
                    shared[si] = (text, ref)
                elif si in shared:
                    text = f"{shared[si][0]}, copied from {shared[si][1]}"
            value = element.find(f"{MAIN}v")
            # An empty text result is saved as t="str" with an empty <v>; no type means nothing saved.
            saved = (value is not None and bool(value.text)) or element.get("t") == "str"
            found[(int(where.group(2)) - 1, _column(where.group(1)))] = Formula(f"={text}", saved)
    return found


def _column(letters: str) -> int:
    """"D" → 3 (0-based)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1
