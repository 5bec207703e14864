"""ONS's local authority to ICB lookup as a reference kind of file (issue #15): files made the way the
Open Geography Portal publishes them and the way people resave them (a byte-order mark, lower-case
or reordered headings, another year, trailing blank rows, a footnote, an xlsx), an LSOA-level lookup
with a county split between ICBs, districts and Welsh rows; read end to end through the ingest path
into raw.icb_lookup, and rebuilt into reference.ons_area_icbs from the current file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest

from framework.tables import framework_tables
from ingest.batch.loading import ingest_files
from ingest.core.book import Book
from ingest.core.problems import Refused
from ingest.kinds import Incoming
from ingest.reference.icb_lookup import looks_like_icb_lookup, read_icb_lookup_book
from ingest.registry import recognise
from ingest.results import FileStatus
from pipelines.assets.reference import load_ons_area_icbs
from warehouse.home import Home

LAD23 = "LAD23CD,LAD23NM,ICB23CD,ICB23CDH,ICB23NM,ObjectId"
NCL, NCL_GSS = "NHS North Central London Integrated Care Board", "E54000028"
HIOW, HIOW_GSS = "NHS Hampshire and Isle of Wight Integrated Care Board", "E54000042"
FRIMLEY, FRIMLEY_GSS = "NHS Frimley Integrated Care Board", "E54000034"
CAMDEN, ISLINGTON, PORTSMOUTH, SOUTHAMPTON = "E09000007", "E09000019", "E06000044", "E06000045"
HAMPSHIRE, SURREY = "E10000014", "E10000030"
SOURCE = "Source: Office for National Statistics licensed under the Open Government Licence v.3.0"
LAD_ROWS = [
    [CAMDEN, "Camden", NCL_GSS, "QMJ", NCL, 1],
    [ISLINGTON, "Islington", NCL_GSS, "QMJ", NCL, 2],
    [PORTSMOUTH, "Portsmouth", HIOW_GSS, "QRL", HIOW, 3],
    [SOUTHAMPTON, "Southampton", HIOW_GSS, "QRL", HIOW, 4],
]


def _csv(path: Path, lines: list[str], bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + ("\r\n".join(lines) + "\r\n").encode())
    return path


def _line(row: list[object]) -> str:
    return ",".join("" if value is None else str(value) for value in row)


def _lad_file(path: Path, extra: list[list[object]] = (), bom: bool = True, tail: list[str] = ()) -> Path:
    return _csv(path, [LAD23, *map(_line, LAD_ROWS), *map(_line, extra), *tail], bom=bom)


def _read(path: Path, framework):
    with Book(path) as book:
        assert looks_like_icb_lookup(book)
        return read_icb_lookup_book(book, framework)


def _rows(home: Home, sql: str) -> list[tuple]:
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def _problems(path: Path, framework) -> list[str]:
    with pytest.raises(Refused) as refused:
        _read(path, framework)
    return [str(p) for p in refused.value.problems]


# --- end to end --------------------------------------------------------------------------------------


def test_an_ons_lookup_in_the_inbox_is_recognised_loaded_audited_and_becomes_reference_ons_area_icbs(tmp_path, framework):
    home = Home(tmp_path / "home").ensure()
    written = _lad_file(home.inbox / "LAD23_ICB23_EN_LU.csv")

    [outcome] = ingest_files([written], home, framework)

    assert outcome.status == FileStatus.ACCEPTED
    assert outcome.detail == "ICB lookup: 4 local authorities in 2 ICBs"
    assert not written.exists()  # consumed from the inbox; kept in the archive
    assert _rows(home, "select file_kind, status from audit.file_events") == [("icb_lookup", "accepted")]
    assert _rows(home, "select file_name, kind, n_rows, is_synthetic, superseded_by from raw.reference_files") == [
        ("LAD23_ICB23_EN_LU.csv", "icb_lookup", 4, False, None)]
    assert _rows(home, "select area_code, icb_code, icb_name, valid_from, n_rows, location from raw.icb_lookup "
                       "order by area_code") == [
        (PORTSMOUTH, "QRL", HIOW, date(2023, 4, 1), 1, "'CSV'!D4"),
        (SOUTHAMPTON, "QRL", HIOW, date(2023, 4, 1), 1, "'CSV'!D5"),
        (CAMDEN, "QMJ", NCL, date(2023, 4, 1), 1, "'CSV'!D2"),
        (ISLINGTON, "QMJ", NCL, date(2023, 4, 1), 1, "'CSV'!D3"),
    ]

    assert load_ons_area_icbs(home)[:2] == ("absent", 4)  # none at HOME/reference; the inbox's is current
    columns = _rows(home, "select column_name, data_type from information_schema.columns "
                          "where table_schema = 'reference' and table_name = 'ons_area_icbs' order by ordinal_position")
    assert [name for name, _ in columns] == list(framework_tables(framework)["area_icbs"].columns)
    assert dict(columns)["valid_from"] == dict(columns)["valid_to"] == "DATE"
    assert _rows(home, "select * from reference.ons_area_icbs where area_code = 'E09000007'") == [
        (CAMDEN, "QMJ", NCL, date(2023, 4, 1), None)]


def test_a_later_lookup_supersedes_the_earlier_and_the_reference_table_is_the_later_files(tmp_path, framework):
    home = Home(tmp_path / "home").ensure()
    first = _lad_file(tmp_path / "lad22.csv")
    second = _csv(tmp_path / "lad24.csv", ["LAD24CD,LAD24NM,ICB24CD,ICB24CDH,ICB24NM",
                                           _line([CAMDEN, "Camden", NCL_GSS, "QMJ", NCL])])

    report = ingest_files([first, second], home, framework)

    assert [o.status for o in report] == [FileStatus.ACCEPTED, FileStatus.SUPERSEDED]
    assert report[1].detail == "replaces lad22.csv; ICB lookup: 1 local authorities in 1 ICBs"
    assert _rows(home, "select file_name, superseded_by is null from raw.reference_files order by loaded_at") == [
        ("lad22.csv", False), ("lad24.csv", True)]
    assert load_ons_area_icbs(home)[1] == 1
    assert _rows(home, "select area_code, icb_code, valid_from, valid_to from reference.ons_area_icbs") == [
        (CAMDEN, "QMJ", date(2024, 4, 1), None)]


def test_a_lookup_at_home_reference_is_read_on_every_build_once_and_a_synthetic_xlsx_says_so(tmp_path, framework):
    home = Home(tmp_path / "home").ensure()
    home.reference.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "LAD23_ICB23_EN_LU"
    sheet.append(["SYNTHETIC lookup for the demo, not ONS's"])
    sheet.append([])
    sheet.append(LAD23.split(","))
    for row in LAD_ROWS:
        sheet.append(row)
    book.save(home.reference / "icb_lookup.xlsx")

    assert load_ons_area_icbs(home) == ("loaded", 4, [])
    assert load_ons_area_icbs(home) == ("loaded", 4, [])  # the same bytes: not ingested again
    assert _rows(home, "select count(*), min(detail) from audit.file_events") == [
        (1, "SYNTHETIC ICB lookup: 4 local authorities in 2 ICBs")]
    assert _rows(home, "select is_synthetic from raw.reference_files") == [(True,)]
    assert _rows(home, f"select location from raw.icb_lookup where area_code = '{CAMDEN}'") == [
        ("'LAD23_ICB23_EN_LU'!D4",)]


def test_a_broken_lookup_is_refused_with_its_cells_quarantined_and_the_last_good_table_kept(tmp_path, framework):
    home = Home(tmp_path / "home").ensure()
    ingest_files([_lad_file(tmp_path / "good.csv")], home, framework)
    broken = _lad_file(home.inbox / "lookup.csv", extra=[[HAMPSHIRE, "Hampshire", HIOW_GSS, "Q?L", HIOW, 5]])

    [outcome] = ingest_files([broken], home, framework)

    assert outcome.status == FileStatus.REFUSED
    assert [str(p) for p in outcome.problems] == [
        "'CSV'!D6: ICB ODS code 'Q?L' is not an ICB ODS code (three to five capital letters or digits, e.g. QMJ or Z9B2Z)"]
    assert _rows(home, "select file_kind, status from audit.file_events order by event_at") == [
        ("icb_lookup", "accepted"), ("icb_lookup", "refused")]
    assert (home.quarantine / f"{outcome.sha256[:12]}__lookup.csv").exists()
    assert load_ons_area_icbs(home)[1] == 4


def test_the_lookup_is_recognised_before_any_outcome_kind_or_grid_and_the_neighbours_csv_is_not_taken(
        tmp_path, framework):
    lookup = _lad_file(tmp_path / "lookup.csv")
    lsoa = _csv(tmp_path / "lsoa.csv", [
        "LSOA21CD,LSOA21NM,SICBL23CD,SICBL23CDH,SICBL23NM,ICB23CD,ICB23CDH,ICB23NM,LAD23CD,LAD23NM,ObjectId",
        _line(["E01000907", "Camden 001A", "E38000240", "93C", "NHS NCL ICB - 93C", NCL_GSS, "QMJ", NCL, CAMDEN,
               "Camden", 1])])
    neighbours = _csv(tmp_path / "sn.csv", ["LA number,LA name," + ",".join(f"SN{k}" for k in range(1, 11)),
                                            "202,Camden,206,213,204,210,211,205,212,208,873,316"])
    for path, kind in ((lookup, "icb_lookup"), (lsoa, "icb_lookup"), (neighbours, "statistical_neighbours")):
        with Incoming(path, path.name) as incoming:
            assert recognise(incoming, framework).name == kind, path.name


# --- reading rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("header", "row", "expected"), [
    # lower-case headings, reordered, no ODS column: the E54 code is the ICB's code
    ("objectid,icb23nm,icb23cd,lad23nm,lad23cd", [7, NCL, NCL_GSS, "Camden", CAMDEN],
     (CAMDEN, NCL_GSS, NCL, date(2023, 4, 1))),
    # the first lookup: ICBs were established on 1 July 2022
    ("LAD22CD,LAD22NM,ICB22CDH,ICB22CD,ICB22NM", [CAMDEN, "Camden", "QMJ", NCL_GSS, NCL],
     (CAMDEN, "QMJ", NCL, date(2022, 7, 1))),
    # spaces in headings as a person retyped them, and a 2025 lookup
    ("LAD25 CD, ICB25 CDH,ICB25 NM, ICB25CD", [CAMDEN, "QMJ", NCL, NCL_GSS],
     (CAMDEN, "QMJ", NCL, date(2025, 4, 1))),
    # no names at all
    ("LAD23CD,ICB23CD", [CAMDEN, NCL_GSS], (CAMDEN, NCL_GSS, None, date(2023, 4, 1))),
])
def test_header_variants_are_read(tmp_path, framework, header, row, expected):
    table = _read(_csv(tmp_path / "l.csv", [header, _line(row)], bom=True), framework)
    assert [(r.area_code, r.icb_code, r.icb_name, r.valid_from) for r in table.rows] == [expected]
    assert table.notes == ()


def test_an_lsoa_level_lookup_reads_the_county_column_keeps_the_majority_icb_and_says_so(tmp_path, framework):
    header = ("LSOA21CD,LSOA21NM,SICBL23CD,SICBL23CDH,SICBL23NM,ICB23CD,ICB23CDH,ICB23NM,LAD23CD,LAD23NM,"
              "CTYUA23CD,CTYUA23NM,ObjectId")
    lines, n = [header], 0

    def add(count: int, county: tuple[str, str], district: tuple[str, str], icb: tuple[str, str, str]) -> None:
        nonlocal n
        for _ in range(count):
            n += 1
            lines.append(_line([f"E01{n:06d}", f"LSOA {n}", "E38000000", "10J", "sub-ICB", icb[1], icb[0], icb[2],
                                *district, *county, n]))

    hants, basingstoke, hart = (HAMPSHIRE, "Hampshire"), ("E07000084", "Basingstoke and Deane"), ("E07000089", "Hart")
    add(812, hants, basingstoke, ("QRL", HIOW_GSS, HIOW))
    add(96, hants, hart, ("QNQ", FRIMLEY_GSS, FRIMLEY))
    add(5, (SURREY, "Surrey"), ("E07000209", "Guildford"), ("QNQ", FRIMLEY_GSS, FRIMLEY))
    add(3, (PORTSMOUTH, "Portsmouth"), (PORTSMOUTH, "Portsmouth"), ("QRL", HIOW_GSS, HIOW))
    lines += ["", ""]  # trailing blank rows, as a resave leaves them

    table = _read(_csv(tmp_path / "lsoa.csv", lines), framework)

    assert [(r.area_code, r.icb_code, r.n_rows, r.location) for r in table.rows] == [
        (PORTSMOUTH, "QRL", 3, "'CSV'!G915"), (HAMPSHIRE, "QRL", 812, "'CSV'!G2"), (SURREY, "QNQ", 5, "'CSV'!G910")]
    assert table.notes == ("authorities split between ICBs, the ICB of most rows kept: Hampshire: 812 rows QRL, "
                           "96 QNQ",)
    assert table.n_icbs == 2


def test_districts_welsh_rows_and_a_footnote_are_said_in_notes_not_refused(tmp_path, framework):
    extra = [["E07000084", "Basingstoke and Deane", HIOW_GSS, "QRL", HIOW, 5],
             ["E07000089", "Hart", FRIMLEY_GSS, "QNQ", FRIMLEY, 6],
             ["W06000015", "Cardiff", "", "", "", 7],  # a Welsh row: no ICB
             ["S12000036", "City of Edinburgh", "S08000024", "", "NHS Lothian", 8]]
    path = _lad_file(tmp_path / "lookup.csv", extra=extra, tail=["", SOURCE, "", "Contains OS data"])

    table = _read(path, framework)

    assert len(table.rows) == 4
    assert table.notes == (
        "2 district rows (E07) not read: a district's county needs a county-level lookup",
        "2 rows of authorities outside the framework's list not read (S12: 1, W06: 1)",
        f"ignored 2 rows below the table (from row 11): '{SOURCE}'; 'Contains OS data'",
    )


def test_an_xlsx_save_with_numbers_and_extra_sheets_is_read(tmp_path, framework):
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["About this file"])
    sheet = book.create_sheet("LAD23_ICB23")
    sheet.append(["FID", "lad23cd", "lad23nm", "icb23cd", "icb23cdh", "icb23nm"])
    sheet.append([1, CAMDEN, "Camden", NCL_GSS, "QMJ", NCL])
    sheet.append([None] * 6)
    book.save(tmp_path / "lookup.xlsx")

    table = _read(tmp_path / "lookup.xlsx", framework)

    assert [(r.area_code, r.icb_code, r.location) for r in table.rows] == [(CAMDEN, "QMJ", "'LAD23_ICB23'!E2")]
    assert not table.is_synthetic


def test_bad_cells_are_problems_naming_them_and_the_file_is_refused_whole(tmp_path, framework):
    extra = [["", "Hackney", NCL_GSS, "QMJ", NCL, 5],  # blank authority code
             ["E0900002", "Haringey", NCL_GSS, "QMJ", NCL, 6],  # malformed: seven digits
             ["E09000003", "Barnet", "E5400028", "QMJ", NCL, 7],  # malformed E54
             ["E09000012", "Hackney", NCL_GSS, "", NCL, 8]]  # blank ODS code
    assert _problems(_lad_file(tmp_path / "l.csv", extra=extra), framework) == [
        "'CSV'!A6: authority code is blank",
        "'CSV'!A7: authority code 'E0900002' is not a GSS code (a letter and eight digits, e.g. E09000002)",
        "'CSV'!C8: ICB code 'E5400028' is not an ICB GSS code (E54 and six digits, e.g. E54000028)",
        "'CSV'!D9: ICB ODS code is blank",
    ]


def test_an_even_split_is_a_problem_and_a_member_below_the_footnote_is_not_lost(tmp_path, framework):
    tie = _lad_file(tmp_path / "tie.csv", extra=[[HAMPSHIRE, "Hampshire", HIOW_GSS, "QRL", HIOW, 5],
                                                 [HAMPSHIRE, "Hampshire", FRIMLEY_GSS, "QNQ", FRIMLEY, 6]])
    assert _problems(tie, framework) == [
        f"'CSV'!A6: Hampshire ({HAMPSHIRE}): its rows split evenly between ICBs QRL and QNQ (1 rows each), "
        "so its ICB cannot be told"]

    below = _lad_file(tmp_path / "below.csv", tail=[SOURCE, _line([HAMPSHIRE, "Hampshire", HIOW_GSS, "QRL", HIOW, 5])])
    assert _problems(below, framework) == [
        f"'CSV'!A7: authority {HAMPSHIRE} is below the end of the table (row 6) and not read"]


def test_a_file_no_person_could_read_as_a_lookup_is_refused(tmp_path, framework):
    welsh_only = _csv(tmp_path / "wales.csv", [LAD23, _line(["W06000015", "Cardiff", "", "", "", 1])])
    assert _problems(welsh_only, framework) == [
        "'CSV': no row of an authority in the framework's list (by GSS code) found"]

    home = Home(tmp_path / "home").ensure()
    no_header = _csv(tmp_path / "icb_lookup.csv", ["area,icb", f"{CAMDEN},QMJ"])
    [outcome] = ingest_files([no_header], home, framework, kinds=("icb_lookup",))
    assert outcome.status == FileStatus.REFUSED
    assert [str(p) for p in outcome.problems] == [
        "'CSV': no header row with an ICB code column (ICB23CD …) and an authority code column (LAD23CD, UTLA23CD "
        "or CTYUA23CD) in the first 20 rows"]
