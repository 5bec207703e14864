"""Identifiers read from files must fit their documented shapes (ingest.core.identifiers): formula text
in an indicator id, area code, period, LA number or question id refuses the file, naming the cell
and the shape in words; every identifier in the real published files fits.

Files are written with the csv module in the publishers' own columns, and the questionnaire is the
blank template typed into, as a borough does.
"""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import openpyxl
import pytest

from ingest.assessments import layout as L
from ingest.core.book import Book
from ingest.core.identifiers import (
    DFE_LA_NUMBER,
    FINGERTIPS_INDICATOR_ID,
    GSS_CODE,
    INDICATOR_ID,
    OTHER_AREA_CODE,
    PERIOD_LABEL,
    area_code_refusal,
)
from ingest.core.problems import Problem, Refused
from ingest.data_sharing import layout as D
from ingest.data_sharing.reader import DataSharingReader
from ingest.data_sharing.template import write_data_sharing_template
from ingest.outcomes.fingertips import COLUMNS as FINGERTIPS_COLUMNS
from ingest.outcomes.fingertips_metadata import COLUMNS as METADATA_COLUMNS
from ingest.outcomes.generic import COLUMNS as GENERIC_COLUMNS
from ingest.reference.neighbours import read_statistical_neighbours
from ingest.registry import read_outcome_file
from tests.support.formula_text import AT, DDE, HYPERLINK, MINUS, PLUS

PUBLISHED = Path("/work/shared/data/published")
CAMDEN = "E09000007"
CAMDEN_ROW = ["202", "Camden", "206", "213", "204", "210", "211", "205", "212", "208", "873", "316"]
INDICATOR_WORDS = "is not an id (letters, digits, _ . -; up to 64)"
FINGERTIPS_WORDS = "is not a Fingertips indicator number (digits; up to 9)"
AREA_WORDS = "is not an area code (a GSS code, or letters and digits; up to 12)"
PERIOD_WORDS = ("is not a period label (digits, letters, spaces, / . and dashes, beginning with a digit or letter; "
                "up to 48)")


def write_csv(path: Path, header: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(Refused) as refused:
        read_outcome_file(path)
    return refused.value.problems


# --- the shapes themselves ------------------------------------------------------------------------

SHAPES = {INDICATOR_ID: "gld_percentage", FINGERTIPS_INDICATOR_ID: "93356", GSS_CODE: CAMDEN,
          OTHER_AREA_CODE: "z", DFE_LA_NUMBER: "202", PERIOD_LABEL: "2022/23 Q1"}


@pytest.mark.parametrize("shape, fitting", list(SHAPES.items()))
def test_no_shape_admits_a_formula_a_newline_or_a_non_latin_digit(shape, fitting):
    assert shape.fits(fitting)
    for trigger in ("=", "+", "-", "@", "\t", "\r"):
        assert not shape.fits(trigger + fitting)
    assert not shape.fits(fitting + "\n")
    if digits := [c for c in fitting if c.isdigit()]:  # the same in Arabic-Indic digits, which \d would take
        assert not shape.fits(fitting.replace(digits[0], chr(0x660 + int(digits[0]))))


def test_a_long_refused_value_is_quoted_in_part():
    assert INDICATOR_ID.refusal("indicator id", HYPERLINK) == (
        f"indicator id '{HYPERLINK[:60]}…' {INDICATOR_WORDS}")
    assert area_code_refusal("E0900001") == "area code 'E0900001' is not a GSS code (a letter and eight digits, e.g. E09000002)"


# --- outcome files --------------------------------------------------------------------------------

def fingertips_rows(**camden: str) -> list[dict[str, str]]:
    base = {"Indicator ID": "90631", "Indicator Name": "Breastfeeding at 6 to 8 weeks", "Sex": "Persons",
            "Age": "All ages", "Time period": "2022/23"}
    return [{**base, "Area Code": "E92000001", "Area Name": "England", "Area Type": "England", "Value": "49.2"},
            {**base, "Area Code": CAMDEN, "Area Name": "Camden", "Area Type": "Counties & UAs (from Apr 2023)",
             "Value": "61.5", **camden}]


@pytest.mark.parametrize("column, letter, text, words", [
    ("Indicator ID", "A", DDE, FINGERTIPS_WORDS),
    ("Indicator ID", "A", "９０６３１", FINGERTIPS_WORDS),  # full-width digits: isdigit() said yes
    ("Area Code", "E", AT, AREA_WORDS),
    ("Time period", "L", PLUS, PERIOD_WORDS),
])
def test_a_fingertips_identifier_with_formula_text_refuses_the_file_at_its_cell(tmp_path, column, letter, text, words):
    path = write_csv(tmp_path / "fingertips.csv", FINGERTIPS_COLUMNS, fingertips_rows(**{column: text}))
    what = {"Indicator ID": "indicator id", "Area Code": "area code", "Time period": "period"}[column]
    assert problems_of(path) == [Problem(f"'CSV'!{letter}3", f"{what} '{text}' {words}")]


def test_a_fingertips_definitions_file_with_a_formula_as_indicator_id_is_refused(tmp_path):
    path = write_csv(tmp_path / "definitions.csv", METADATA_COLUMNS,
                     [{"Indicator ID": "90631", "Indicator": "Breastfeeding", "Unit": "%"},
                      {"Indicator ID": MINUS, "Indicator": "Smoking", "Unit": "%"}])
    assert problems_of(path) == [Problem("'CSV'!A3", f"indicator id '{MINUS}' {FINGERTIPS_WORDS}")]


EES_HEADER = ("time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
              "region_name", "old_la_code", "new_la_code", "la_name", "gld_percentage")


def ees_rows(**camden: str) -> list[dict[str, str]]:
    base = {"time_period": "202122", "time_identifier": "Academic year", "country_code": "E92000001",
            "country_name": "England"}
    return [{**base, "geographic_level": "National", "gld_percentage": "65.2"},
            {**base, "geographic_level": "Local authority", "region_code": "E12000007", "region_name": "London",
             "old_la_code": "202", "new_la_code": CAMDEN, "la_name": "Camden", "gld_percentage": "65.3", **camden}]


@pytest.mark.parametrize("column, letter, text, what, words", [
    ("new_la_code", "I", DDE, "area code", AREA_WORDS),
    ("time_period", "A", "=202122", "period", PERIOD_WORDS),
])
def test_an_ees_identifier_with_formula_text_refuses_the_file_at_its_cell(tmp_path, column, letter, text, what, words):
    path = write_csv(tmp_path / "ees.csv", EES_HEADER, ees_rows(**{column: text}))
    assert problems_of(path) == [Problem(f"'CSV'!{letter}3", f"{what} '{text}' {words}")]


def test_an_ees_indicator_column_named_with_a_formula_refuses_the_file_at_its_heading(tmp_path):
    header = (*EES_HEADER[:-1], DDE)
    rows = [{**{k: v for k, v in row.items() if k != "gld_percentage"}, DDE: row["gld_percentage"]}
            for row in ees_rows()]
    path = write_csv(tmp_path / "ees.csv", header, rows)
    assert problems_of(path) == [Problem("'CSV'!K1", f"indicator id '{DDE}' {INDICATOR_WORDS}")]


@pytest.mark.parametrize("column, letter, text, what, words", [
    ("indicator_id", "C", DDE, "indicator id", INDICATOR_WORDS),
    ("area_code", "A", "-E09000007", "area code", AREA_WORDS),
    ("period", "F", "@2022", "period", PERIOD_WORDS),
])
def test_a_generic_identifier_with_formula_text_refuses_the_file_at_its_cell(tmp_path, column, letter, text, what, words):
    rows = [{"area_code": code, "indicator_id": "hv_visits", "period": "2022/23", "value": value}
            for code, value in (("E92000001", "86.1"), (CAMDEN, "88.5"))]
    rows[1][column] = text
    path = write_csv(tmp_path / "local.csv", GENERIC_COLUMNS, rows)
    assert problems_of(path) == [Problem(f"'CSV'!{letter}3", f"{what} '{text}' {words}")]


# --- the neighbours file and the data-sharing questionnaire ------------------------------------------

@pytest.mark.parametrize("index, text, reason", [
    (0, "=1+202", "LA number '=1+202' is not a three-digit DfE LA number"),
    (0, "２０２", "LA number '２０２' is not a three-digit DfE LA number"),  # full-width: \d took it
    (2, "@206", "SN1 '@206' is not a three-digit DfE LA number"),
])
def test_a_neighbours_file_with_formula_text_as_an_la_number_is_refused_at_its_cell(tmp_path, framework, index,
                                                                                    text, reason):
    row = list(CAMDEN_ROW)
    row[index] = text
    path = tmp_path / "neighbours.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["LA number", "LA name", *(f"SN{k}" for k in range(1, 11))], row])
    with pytest.raises(Refused) as refused:
        read_statistical_neighbours(path, framework)
    column = "ABCDEFGHIJKL"[index]
    assert [str(p) for p in refused.value.problems] == [f"'CSV'!{column}2: {reason}"]


def test_a_data_sharing_return_with_a_formula_as_question_id_is_refused_at_its_cell(tmp_path, framework):
    path = write_data_sharing_template(tmp_path / "return.xlsx", framework, "Camden", 2024)
    book = openpyxl.load_workbook(path)
    sheet = book[D.QUESTIONS_SHEET]
    cell = sheet.cell(D.FIRST_QUESTION_ROW, D.ID_COL)
    cell.value, cell.data_type = DDE, "s"
    sheet.cell(D.FIRST_QUESTION_ROW, D.ANSWER_COL, framework.data_sharing_choices[0].answer)
    book.save(path)
    with Book(path) as opened, pytest.raises(Refused) as refused:
        DataSharingReader(framework).read(opened)
    reasons = {p.location: p.reason for p in refused.value.problems}
    assert reasons[f"'{D.QUESTIONS_SHEET}'!A{D.FIRST_QUESTION_ROW}"] == f"'{DDE}' is not a question ID of the questionnaire"
    assert L.ABOUT_SHEET not in " ".join(reasons)  # the About sheet was filled in correctly


# --- the real published files ------------------------------------------------------------------------

OUTCOME_FILES = sorted(p.name for p in PUBLISHED.glob("*.csv*") if not p.name.startswith("dfe_sn"))


@pytest.mark.skipif(not PUBLISHED.is_dir(), reason="the published files are not on this machine")
@pytest.mark.parametrize("name", OUTCOME_FILES)
def test_every_identifier_in_the_real_published_outcome_files_fits_its_shape(tmp_path, name):
    path = PUBLISHED / name
    if name.endswith(".gz"):
        path = tmp_path / name.removesuffix(".gz")
        path.write_bytes(gzip.decompress((PUBLISHED / name).read_bytes()))
    read = read_outcome_file(path)
    shape = FINGERTIPS_INDICATOR_ID if read.source == "fingertips" else INDICATOR_ID
    assert read.values
    assert all(shape.fits(i.indicator_id) for i in read.indicators)
    assert all(area_code_refusal(v.area_code) is None and PERIOD_LABEL.fits(v.period.label) for v in read.values)
