"""DfE's statistical neighbours files as DfE publishes them (issue #11): the real May 2025 and April
2021 workbooks and a CSV save of the April 2021 sheet, read from /work/shared/data/published/
(SOURCES.md), then hand-made files in the same layout saved by Excel and by a CSV export. Helper
rows above the header, the "Old SNs:" block below the table and "-" placeholder rows are accepted
with a note; a broken cell in a real row still refuses the file."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from ingest.batch.loading import ingest_files
from ingest.core.book import Book
from ingest.core.problems import Refused
from ingest.reference.neighbours import NeighbourTable, looks_like_neighbours, read_neighbours_book
from ingest.results import FileStatus
from pipelines.assets.reference import load_statistical_neighbours
from warehouse.home import Home

PUBLISHED = Path("/work/shared/data/published")
MAY_2025, APRIL_2021 = "dfe_sn_may_2025.xlsx", "dfe_sn_april_2021.xlsx"
APRIL_2021_CSV = "dfe_sn_groupings_april_2021.csv"
OLD_SNS = "'Old SNs:'; 835 Dorset (Pre LG); 836 Poole (Pre LG); 837 Bournemouth (Pre LG); 928 Northamptonshire"
NOTES = {
    MAY_2025: (f"ignored 6 rows below the table (from row 158): {OLD_SNS}; 909 Cumbria",),
    APRIL_2021: (
        f"ignored 5 rows below the table (from row 159): {OLD_SNS}",
        "ignored 2 authorities with no neighbours given (every SN cell '-'): "
        "942 Cumberland, 943 Westmorland and Furness",
    ),
    APRIL_2021_CSV: (f"ignored 5 rows below the table (from row 155): {OLD_SNS}",),
}
CAMDEN, CITY, BARKING = "E09000007", "E09000001", "E09000002"
ISLINGTON, WESTMINSTER, BARNET = "E09000019", "E09000033", "E09000003"

pytestmark = pytest.mark.skipif(not PUBLISHED.is_dir(), reason="the published files are not on this machine")


def _read(path: Path, framework) -> NeighbourTable:
    with Book(path) as book:
        assert looks_like_neighbours(book)
        return read_neighbours_book(book, framework)


def _neighbours(table: NeighbourTable, area: str) -> list[tuple[str, str | None]]:
    """An area's (DfE number, GSS code) neighbours, nearest first."""
    return [(r.neighbour_dfe_code, r.neighbour_area_code)
            for r in sorted((r for r in table.rows if r.area_code == area), key=lambda r: r.neighbour_rank)]


# --- the real files ------------------------------------------------------------------------------


# The authorities each file models: in 2025 England's 153; in 2021 Cumbria (E10000006) still, and
# Cumberland and Westmorland and Furness only as "-" placeholder rows.
MODELLED_2021 = ({"E10000006"}, {"E06000063", "E06000064"})  # (in the file, not yet modelled)


def _modelled(name: str, framework) -> set[str]:
    current = {a.code for a in framework.areas if a.last_year is None}
    if name == MAY_2025:
        return current
    also, not_yet = MODELLED_2021
    return current - not_yet | also


@pytest.mark.parametrize("name", [MAY_2025, APRIL_2021, APRIL_2021_CSV])
def test_every_english_authority_has_its_ten_neighbours_and_the_notes_say_what_was_ignored(name, framework):
    table = _read(PUBLISHED / name, framework)
    modelled = _modelled(name, framework)

    assert len(modelled) == (153 if name == MAY_2025 else 152)
    assert {r.area_code for r in table.rows} == modelled  # London's 33 among them, City included
    assert {a.code for a in framework.london_areas} <= modelled
    assert len(table.rows) == 10 * len(modelled)
    for code in modelled:
        assert [r.neighbour_rank for r in table.rows if r.area_code == code] == list(range(1, 11))
    assert table.notes == NOTES[name]
    assert not table.is_synthetic


def test_the_may_2025_file_gives_leeds_and_north_yorkshire_their_neighbours_under_todays_codes(framework):
    """North Yorkshire's DfE number 815 outlived its county code: its row is the unitary E06000065's."""
    table = _read(PUBLISHED / MAY_2025, framework)

    leeds = _neighbours(table, "E08000035")
    assert len(leeds) == 10 and all(code is not None for _, code in leeds)
    assert len(_neighbours(table, "E06000065")) == 10
    assert not _neighbours(table, "E10000023")


def test_the_may_2025_neighbours_are_dfes_with_non_london_ones_given_their_gss_codes(framework):
    table = _read(PUBLISHED / MAY_2025, framework)

    camden = _neighbours(table, CAMDEN)
    assert camden[0] == ("206", ISLINGTON)  # Camden's SN1, row 25, "Close"
    assert camden[-1] == ("302", BARNET)  # SN10, "Not close"
    assert [dfe for dfe, _ in camden] == ["206", "213", "205", "210", "208", "207", "209", "309", "204", "302"]
    barking = _neighbours(table, BARKING)
    assert barking[1] == ("821", "E06000032")  # Luton: outside London, from the England list
    assert barking[8] == ("874", "E06000031")  # Peterborough
    first = next(r for r in table.rows if r.area_code == CAMDEN and r.neighbour_rank == 1)
    assert first.location == "'LA SN Groups'!F25"


@pytest.mark.parametrize("name", [MAY_2025, APRIL_2021, APRIL_2021_CSV])
def test_every_neighbour_has_its_gss_code_from_the_england_list(name, framework):
    """DfE's own files name only authorities DfE publishes figures for, so the list knows every one."""
    england = {a.gss_code: a for a in framework.england_authorities}
    for row in _read(PUBLISHED / name, framework).rows:
        assert england[row.neighbour_area_code].dfe_code == row.neighbour_dfe_code, row


def test_the_april_2021_workbook_and_its_csv_save_give_the_same_neighbours(framework):
    workbook, csv = _read(PUBLISHED / APRIL_2021, framework), _read(PUBLISHED / APRIL_2021_CSV, framework)

    def plain(table):
        return sorted((r.area_code, r.neighbour_rank, r.neighbour_dfe_code, r.neighbour_area_code) for r in table.rows)

    assert plain(workbook) == plain(csv)
    assert _neighbours(workbook, CAMDEN)[:2] == [("213", WESTMINSTER), ("205", "E09000013")]  # Westminster, H&F
    assert _neighbours(workbook, CAMDEN)[5] == ("352", "E08000003")  # Manchester
    assert [dfe for dfe, _ in _neighbours(csv, CITY)] == ["207", "213", "212", "202", "318", "205", "302", "314",
                                                          "846", "868"]


def test_the_may_2025_workbook_through_the_ingest_path_becomes_the_reference_table(tmp_path, framework):
    home = Home(tmp_path / "home").ensure()

    [outcome] = ingest_files([PUBLISHED / MAY_2025], home, framework)

    assert outcome.status == FileStatus.ACCEPTED
    assert outcome.detail == f"statistical neighbours: 153 local authorities, 1530 neighbours; {NOTES[MAY_2025][0]}"
    assert (PUBLISHED / MAY_2025).exists()  # read from outside the inbox: left where it is
    # none at HOME/reference: the ingested file is current
    assert load_statistical_neighbours(home)[:2] == ("absent", 1530)


# --- hand-made files in DfE's layout -------------------------------------------------------------

HELPER_ROWS = [["A", "B", "C", "D", "E", *range(3, 23)], list(range(1, 26))]
HEADER = ["LA num", "LA Name", "LA number", "GOInd", "GOReg", *(h for k in range(1, 11) for h in (f"SN{k}", "SNP"))]
CAMDEN_SN = [206, 213, 204, 210, 211, 205, 212, 208, 873, 316]


def _dfe_row(la, name, region, neighbours, proximity="Close"):
    return [la, name, la, 3, region, *(v for n in neighbours for v in (n, proximity if n != "-" else "-"))]


def _table_rows(camden=CAMDEN_SN, below=True):
    rows = [
        _dfe_row(202, "Camden", "London (Inner)", camden),
        _dfe_row(886, "Kent", "South East", [885, 936, 916, 937, 938, 855, 925, 881, 865, 830]),
        _dfe_row(942, "Cumberland", "North West", ["-"] * 10),
    ]
    if below:
        rows += [[], ["", "Old SNs:"], [], _dfe_row(909, "Cumbria", "North West", [925, 926, 830, 891, 860, 885, 935,
                                                                                   940, 893, 878], "Very Close")]
    return rows


def _xlsx(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "LA SN Groups"
    for row in [*HELPER_ROWS, HEADER, *rows]:
        sheet.append(row)
    book.save(path)
    return path


def _csv(path: Path, rows: list[list]) -> Path:
    """As Excel saves "CSV UTF-8": a BOM, CRLF, every row as wide as the sheet, here with DfE's trailing
    empty column; the header in row 1 (the helper rows deleted first, as in DfE's own CSV)."""
    width = len(HEADER) + 1
    lines = [",".join(str(v) for v in [*row, *[""] * (width - len(row))]) for row in [HEADER, *rows]]
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


@pytest.mark.parametrize("write", [_xlsx, _csv])
def test_helper_rows_footnotes_and_placeholders_are_accepted_with_notes(tmp_path, framework, write):
    path = write(tmp_path / f"sn.{write.__name__[1:]}", _table_rows())
    first = 4 if write is _xlsx else 2  # Camden's row

    table = _read(path, framework)

    assert _neighbours(table, CAMDEN) == [(str(n), framework_code) for n, framework_code in zip(
        CAMDEN_SN, ["E09000019", "E09000033", "E09000012", "E09000028", "E09000030", "E09000013", "E09000032",
                    "E09000022", "E10000003", "E09000025"])]
    assert table.notes == (
        f"ignored 2 rows below the table (from row {first + 4}): 'Old SNs:'; 909 Cumbria",
        "ignored 1 authority with no neighbours given (every SN cell '-'): 942 Cumberland",
    )


@pytest.mark.parametrize("write", [_xlsx, _csv])
def test_a_dash_in_one_cell_of_a_real_row_is_still_refused_naming_the_cell(tmp_path, framework, write):
    camden = [*CAMDEN_SN[:2], "-", *CAMDEN_SN[3:]]
    path = write(tmp_path / f"sn.{write.__name__[1:]}", _table_rows(camden))
    sheet, row = ("LA SN Groups", 4) if write is _xlsx else ("CSV", 2)

    with pytest.raises(Refused) as refused:
        _read(path, framework)

    assert [str(p) for p in refused.value.problems] == [f"'{sheet}'!J{row}: SN3 '-' is not a three-digit DfE LA number"]


def test_the_la_number_is_read_from_whichever_column_holds_la_numbers(tmp_path, framework):
    rows = [[row[0], row[1], None, *row[3:]] for row in _table_rows(below=False)]  # "LA number" left empty

    table = _read(_xlsx(tmp_path / "sn.xlsx", rows), framework)

    assert [dfe for dfe, _ in _neighbours(table, CAMDEN)] == [str(n) for n in CAMDEN_SN]
    assert {r.dfe_code for r in table.rows} == {"202", "886"}  # Camden and Kent


def test_a_current_authority_below_a_note_line_is_refused_not_ignored(tmp_path, framework):
    rows = [*_table_rows(below=False), ["", "Inner London"],
            _dfe_row(206, "Islington", "London (Inner)", [202, 213, 204, 210, 211, 205, 212, 208, 209, 316])]

    with pytest.raises(Refused) as refused:
        _read(_xlsx(tmp_path / "sn.xlsx", rows), framework)

    assert [str(p) for p in refused.value.problems] == [
        "'LA SN Groups'!C8: local authority 206 is below the end of the table (row 7) and not in it"]
