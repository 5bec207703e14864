"""Two extra demo files, so that a newcomer sees what the Data received page is for.

Left to itself the demo sends one clean workbook per borough, year and group, so every file is
accepted and the page has nothing to show but "accepted". Real inboxes are not like that: a
borough sends a corrected copy after the first, and now and then a file cannot be used. So the
demo adds, clearly SYNTHETIC:

- a late corrected copy of one borough's workbook, which supersedes the first. The correction
  is a participant's name (names are never published), so every figure stays what the first
  copy gave and no other page of the demo changes;
- one deliberately broken copy of a workbook (a score of 6 on the 1–5 scale), which the ingest
  refuses with its reason. Its name says it is a deliberate example, and `maturity demo` says so.

Both are written after the demo's own files in the inbox's name order, so the correction arrives
after the copy it replaces.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from openpyxl import load_workbook

from framework.model import Framework
from ingest.assessments import layout as L
from ingest.assessments.template import write_template
from synthetic.generator import MARKER, generate
from synthetic.scope import LONDON
from synthetic.seeding import DEFAULT_SEED

CORRECTED_AREA, CORRECTED_YEAR = "E09000007", 2024  # Camden 2024: one workbook, no split group
CORRECTED_SUFFIX = "_corrected"
BROKEN_NAME = f"{MARKER}_deliberately-broken-example.xlsx"
BROKEN_SCORE = 6  # outside the tool's 1–5 scale: refused, with the cell named
BROKEN_CELL = (L.FIRST_ITEM_ROW, L.ENABLER_SHEET.first_participant_column)  # the first participant's E01


def write_received_examples(
    folder: Path, fw: Framework, seed: int = DEFAULT_SEED, scope: str = LONDON
) -> tuple[Path, Path]:
    """Write (the corrected copy, the broken copy) into `folder`; returns their paths. The copies
    are of the scope's own Camden 2024 workbook, so the correction changes no figure in either demo."""
    original = generate(fw, seed, area_codes=[CORRECTED_AREA], years=[CORRECTED_YEAR], scope=scope)[0]
    first, *others = original.content.participants
    corrected = replace(original.content, participants=(replace(first, label=f"{first.label} (name corrected)"), *others))
    stem = Path(original.file_name).stem
    corrected_path = write_template(folder / f"{stem}{CORRECTED_SUFFIX}.xlsx", fw, corrected)

    broken_path = write_template(folder / BROKEN_NAME, fw, original.content)
    workbook = load_workbook(broken_path)
    workbook[L.ENABLER_SHEET.name].cell(*BROKEN_CELL, BROKEN_SCORE)
    workbook.save(broken_path)
    return corrected_path, broken_path
