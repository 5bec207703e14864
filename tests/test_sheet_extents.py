"""A sheet's extent read from its XML before calamine loads it: cells that name their place are
measured in one pass; a part with any cell that does not is followed tag by tag, as calamine
places cells, across the chunks the package scan hands over. The same scan says which sheets hold
a formula, so that only those are parsed again for them."""

from __future__ import annotations

import openpyxl

from ingest.core.book import Book
from ingest.core.extents import XlsxExtent
from ingest.core.package import check_package

PART = "xl/worksheets/sheet1.xml"


def extent(*chunks: bytes) -> tuple[int, int]:
    cells = XlsxExtent(PART)
    for chunk in chunks:
        cells.feed(chunk)
    return cells.extents[PART]


def test_cells_that_name_their_place_give_the_furthest_row_and_column():
    xml = (b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="AB1"><v>1</v></c></row>'
           b'<row r="12"><c r="C12"><v>2</v></c></row><row r="40"/>')
    assert extent(xml) == (12, 28)  # an empty row is no written cell


def test_a_wider_column_name_is_further_whatever_its_letters():
    assert extent(b'<row r="3"><c r="Z3"/><c r="AA2"/></row>') == (3, 27)


def test_a_cell_without_its_place_follows_the_last_cell_or_row():
    assert extent(b'<row r="5"><c r="B5"/><c><v>1</v></c><c/></row>') == (5, 4)
    assert extent(b'<row r="2"><c r="A2"/></row><row><c/><c/></row>') == (3, 2)


def test_a_prefixed_or_reordered_cell_is_placed_as_calamine_places_it():
    assert extent(b'<x:row r="7"><x:c r="D7"/><c s="1" r="F9"/></x:row>') == (9, 6)


def test_where_the_next_cell_goes_carries_over_from_one_chunk_to_the_next():
    assert extent(b'<row r="1"><c r="C1"/></row><row r="9">', b'<c/><c/></row>') == (9, 3)
    assert extent(b'<row r="4"><c r="E4"/>', b'<c/></row>') == (4, 6)
    assert extent(b'<row r="4"><c r="E4"/></row><row>', b'<c/></row>') == (5, 5)


def test_a_row_number_beyond_the_limits_is_measured_not_capped():
    assert extent(b'<row r="1048576"><c r="XFD1048576"/></row>') == (1048576, 16384)


def test_the_package_check_names_the_sheets_that_hold_a_formula(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Plain"
    book.active["A1"] = 3
    book.create_sheet("Sums")["B2"] = "=SUM(A1:A3)"
    book.create_sheet("Note")["A1"] = "</f> is text here, not a formula"  # escaped in the XML: text, not a formula
    book.save(tmp_path / "mixed.xlsx")

    assert check_package(tmp_path / "mixed.xlsx") == {"Sums"}
    with Book(tmp_path / "mixed.xlsx") as read:
        assert {cell: formula.saved for cell, formula in read.formulas("Sums").items()} == {(1, 1): False}
        assert read.formulas("Plain") == {} and read.formulas("Note") == {}
