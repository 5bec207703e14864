"""Identification of area and year: clues from the top of any workbook, names in usual forms, titles,
file names, overrides, and refusals that say what was found."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from framework import load_framework
from framework.model import Framework
from ingest.core.book import Book
from ingest.core.clues import Clues, collect_clues
from ingest.core.identify import Identity, identify
from ingest.core.problems import Problem, Refused
from ingest.core.submission import Submission

FW = load_framework()  # module level so that hypothesis strategies can draw from it
LATEST = date.today().year + 1


@pytest.fixture(scope="module")
def fw() -> Framework:
    return FW


def write_book(path: Path, sheets: dict[str, dict[str, object]]) -> Path:
    """A workbook with the given cells, e.g. {"About": {"B4": "Local authority", "C4": "Camden"}}."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, cells in sheets.items():
        sheet = workbook.create_sheet(name)
        for ref, value in cells.items():
            sheet[ref] = value
    workbook.save(path)
    return path


def clues_of(path: Path) -> Clues:
    with Book(path) as book:
        return collect_clues(book)


def submission(area: str | None = None, year: str | None = None,
               titles: tuple[tuple[str, str], ...] = ()) -> Submission:
    return Submission("test", area, "'About'!C4" if area is not None else None,
                      year, "'About'!C5" if year is not None else None, None, False, (), (), titles)


def from_clues(clues: Clues) -> Submission:
    return Submission("test", clues.area_text, clues.area_location, clues.year_text, clues.year_location,
                      clues.group_label, False, (), (), clues.titles)


def refusal(*args, **kwargs) -> list[Problem]:
    with pytest.raises(Refused) as refused:
        identify(*args, **kwargs)
    return refused.value.problems


def found(identity: Identity) -> tuple[str, int, str, str]:
    return identity.area_code, identity.assessment_year, identity.area_source, identity.year_source


# --- clues from workbooks ------------------------------------------------------------------------------


def test_labelled_values_to_the_right_are_found_with_their_cells(fw, tmp_path):
    path = write_book(tmp_path / "a.xlsx", {"About": {
        "B2": "Beyond Boundaries", "B4": "Local authority", "C4": "Camden",
        "B5": "Assessment year:", "C5": 2024, "B6": "Group", "D6": "Health partners",
    }})

    clues = clues_of(path)

    assert (clues.area_text, clues.area_location) == ("Camden", "'About'!C4")
    assert (clues.year_text, clues.year_location) == ("2024", "'About'!C5")
    assert (clues.group_label, clues.group_location) == ("Health partners", "'About'!D6")
    assert clues.titles == (("About", "sheet name 'About'"), ("Beyond Boundaries", "'About'!B2"))
    assert found(identify(from_clues(clues), "a.xlsx", fw)) == ("E09000007", 2024, "'About'!C4", "'About'!C5")


def test_labels_heading_a_small_table_take_the_values_below(fw, tmp_path):
    path = write_book(tmp_path / "a.xlsx", {"Cover": {"A1": "Borough:", "B1": "Year", "A2": "Sutton", "B2": 2023}})

    clues = clues_of(path)

    assert (clues.area_text, clues.area_location, clues.year_text, clues.year_location) == (
        "Sutton", "'Cover'!A2", "2023", "'Cover'!B2")
    assert clues.titles == (("Cover", "sheet name 'Cover'"),)


def test_labels_on_a_later_sheet_with_a_gap_before_the_value(fw, tmp_path):
    path = write_book(tmp_path / "a.xlsx", {
        "Scores": {"A1": "Enabler", "B1": "P1"},
        "Details": {"A3": "LA", "D3": "Tower Hamlets Council", "A4": "Date of assessment",
                    "B4": datetime(2024, 3, 12)},
    })

    identity = identify(from_clues(clues_of(path)), "a.xlsx", fw)

    assert found(identity) == ("E09000030", 2024, "'Details'!D3", "'Details'!B4")


def test_a_label_left_blank_is_remembered_for_the_refusal(fw, tmp_path):
    path = write_book(tmp_path / "scores.xlsx", {"About": {
        "A1": "Integration self-assessment", "B4": "Local authority", "B5": "Assessment year", "C5": 2024,
    }})

    clues = clues_of(path)
    problems = refusal(from_clues(clues), "scores.xlsx", fw)

    assert (clues.area_text, clues.area_location) == (None, "'About'!C4")
    assert problems == [Problem("'About'!C4", "no local authority found: looked at 'About'!C4 (empty), titles "
                                "sheet name 'About', 'About'!A1 'Integration self-assessment', "
                                "file name 'scores.xlsx'")]


def test_a_hint_beside_a_blank_input_is_neither_its_value_nor_a_title(fw, tmp_path):
    path = write_book(tmp_path / "form.xlsx", {"About": {
        "B4": "Local authority", "D4": "Choose from the list",
        "B5": "Assessment year", "D5": "The calendar year of the assessment, e.g. 2024",
        "B6": "Group", "D6": "Optional: e.g. 'Health partners'",
    }})

    clues = clues_of(path)

    assert (clues.area_text, clues.area_location, clues.year_text, clues.year_location, clues.group_label) == (
        None, "'About'!C4", None, "'About'!C5", None)
    assert clues.titles == (("About", "sheet name 'About'"),)
    assert [p.reason for p in refusal(from_clues(clues), "form.xlsx", fw)] == [
        "no local authority found: looked at 'About'!C4 (empty), titles sheet name 'About', "
        "file name 'form.xlsx'",
        "no assessment year found: looked at 'About'!C5 (empty), titles sheet name 'About', "
        "file name 'form.xlsx'",
    ]


def test_a_label_word_after_other_data_in_its_row_is_data(tmp_path):
    """A participant whose sector is "Local authority" does not name the area."""
    path = write_book(tmp_path / "a.xlsx", {"Scores": {
        "A1": "Group", "A2": "Contact:", "A3": "Sector", "B3": "Health", "C3": "Local authority", "D3": "Education",
    }})

    clues = clues_of(path)

    assert (clues.area_text, clues.area_location, clues.group_label, clues.group_location) == (
        None, None, None, "'Scores'!B1")
    assert ("Local authority", "'Scores'!C3") in clues.titles


def test_titles_are_short_worded_text_in_the_top_left_corner_in_reading_order(tmp_path):
    prose = "Fill in one column per participant. " * 5
    path = write_book(tmp_path / "a.xlsx", {
        "One": {"A1": "Camden self-assessment", "C1": "draft", "A2": prose, "A3": 2024, "B3": "205",
                "C3": "12/03/2024", "D3": "(see notes)", "G1": "far right", "A16": "far down",
                "A5": "Local authority", "B5": "Camden"},
        "Two": {"B2": "Second sheet title"},
    })

    assert clues_of(path).titles == (
        ("One", "sheet name 'One'"), ("Camden self-assessment", "'One'!A1"), ("draft", "'One'!C1"),
        ("Two", "sheet name 'Two'"), ("Second sheet title", "'Two'!B2"),
    )


def test_a_second_labelled_date_settles_an_academic_year(fw, tmp_path):
    path = write_book(tmp_path / "a.xlsx", {"About": {
        "A1": "Borough", "B1": "Camden", "A2": "Year", "B2": "2023/24", "A3": "Date", "B3": datetime(2024, 3, 12),
    }})

    clues = clues_of(path)

    assert clues.year_text == "2023/24"
    assert ("Date: 2024-03-12", "'About'!B3") in clues.titles
    assert found(identify(from_clues(clues), "a.xlsx", fw)) == ("E09000007", 2024, "'About'!B1", "title 'About'!B3")


def test_a_title_names_area_and_year(fw, tmp_path):
    path = write_book(tmp_path / "a.xlsx", {"Sheet1": {"A1": "London Borough of Sutton — Beyond Boundaries 2024"}})

    identity = identify(from_clues(clues_of(path)), "scores.xlsx", fw)

    assert found(identity) == ("E09000029", 2024, "title 'Sheet1'!A1", "title 'Sheet1'!A1")


def test_a_sheet_name_names_area_and_year(fw, tmp_path):
    path = write_book(tmp_path / "a.xlsx", {"Camden 2024": {"A1": "Scores"}})

    identity = identify(from_clues(clues_of(path)), "scores.xlsx", fw)

    assert found(identity) == ("E09000007", 2024, "sheet name 'Camden 2024'", "sheet name 'Camden 2024'")


# --- names in usual forms --------------------------------------------------------------------------------


@pytest.mark.parametrize("written, code", [
    ("Hammersmith & Fulham", "E09000013"),
    ("LBHF", "E09000013"),
    ("London Borough of Sutton", "E09000029"),
    ("City of London Corporation", "E09000001"),
    ("Kingston upon Thames", "E09000021"),  # "Kingston" alone could be Hull (tests/test_identify_england.py)
    ("Royal Borough of Kingston upon Thames", "E09000021"),
    ("RBK", "E09000021"),
    ("Richmond", "E09000027"),
    ("Barking & Dagenham", "E09000002"),
    ("Tower Hamlets Council", "E09000030"),
    ("RBKC", "E09000020"),
    ("Royal Borough of Greenwich", "E09000011"),
    ("RBG", "E09000011"),
    ("Westminster City Council", "E09000033"),
    ("e09000007", "E09000007"),
    ("202", "E09000007"),
])
def test_a_labelled_cell_accepts_usual_names_and_codes(fw, written, code):
    assert identify(submission(written, "2024"), "x.xlsx", fw).area_code == code


@pytest.mark.parametrize("written, year", [
    ("2024", 2024), ("2024.0", 2024), ("2024-03-12", 2024), ("2024-03-12T10:30:00", 2024), ("12/03/2023", 2023),
    ("12.03.2023", 2023), ("March 2024", 2024), ("12 March 2024", 2024), ("Sept. 12, 2025", 2025),
])
def test_a_labelled_year_cell_holds_a_year_or_a_date(fw, written, year):
    assert identify(submission("Camden", written), "x.xlsx", fw).assessment_year == year


@pytest.mark.parametrize("file_name, code, year", [
    ("camden_bb_2023.xlsx", "E09000007", 2023),
    ("LBHF self-assessment 2024 final.xlsx", "E09000013", 2024),
    ("hammersmith-and-fulham-2022.xlsx", "E09000013", 2022),
    ("E09000029-2022.csv", "E09000029", 2022),
    ("Kingston upon Thames 2025.xlsx", "E09000021", 2025),
    ("Richmond_2024.xlsx", "E09000027", 2024),
    ("205_2024.xlsx", "E09000013", 2024),
    ("KingstonUponThames2024.xlsx", "E09000021", 2024),
    ("LBRuT.2023.xlsx", "E09000027", 2023),
    ("sutton_2024.xlsx", "E09000029", 2024),  # "202" inside 2024 is not Camden's DfE code
    ("westminster 2013 v2.1.xlsx", "E09000033", 2013),  # nor "201" the City's
])
def test_a_file_name_names_area_and_year(fw, file_name, code, year):
    assert found(identify(submission(), file_name, fw)) == (code, year, "file name", "file name")


# --- order and overrides ---------------------------------------------------------------------------------


def test_overrides_win_over_every_clue(fw):
    identity = identify(submission("Camden", "2022", (("Hackney 2021", "'A'!A1"),)), "sutton_2020.xlsx", fw,
                        area="Barnet", year=2024)

    assert found(identity) == ("E09000003", 2024, "--area", "--year")


def test_an_unknown_override_is_refused_as_the_override(fw):
    assert refusal(submission("Camden", "2024"), "x.xlsx", fw, area="Narnia") == [
        Problem("--area", "'Narnia' is not an English local authority (an upper-tier council: county, unitary, metropolitan or London borough)")]


def test_a_labelled_cell_wins_over_titles_and_titles_over_the_file_name(fw):
    titles = (("Hackney self-assessment 2021", "'A'!A1"),)

    assert found(identify(submission("Camden", "2022", titles), "sutton_2020.xlsx", fw)) == (
        "E09000007", 2022, "'About'!C4", "'About'!C5")
    assert found(identify(submission(None, None, titles), "sutton_2020.xlsx", fw)) == (
        "E09000012", 2021, "title 'A'!A1", "title 'A'!A1")


def test_an_unknown_labelled_name_is_refused_not_replaced_by_the_file_name(fw):
    assert refusal(submission("Narnia", "2024"), "camden_2024.xlsx", fw) == [
        Problem("'About'!C4", "'Narnia' is not an English local authority (an upper-tier council: county, unitary, metropolitan or London borough)")]


# --- ambiguity and absence -------------------------------------------------------------------------------


def test_two_boroughs_in_titles_are_refused_naming_both(fw):
    titles = (("Camden and Sutton joint review", "'A'!A1"),)

    assert refusal(submission(None, "2024", titles), "x.xlsx", fw) == [Problem(
        "'A'!A1", "2 local authorities are named: Camden (title 'A'!A1), Sutton (title 'A'!A1); "
        "name one in a 'Local authority' cell or use --area")]


def test_two_years_in_a_file_name_are_refused_naming_both(fw):
    assert refusal(submission("Camden"), "camden_2023_vs_2024.xlsx", fw) == [Problem(
        "file name", "2 different years are named: 2023 (file name), 2024 (file name); "
        "give the year in an 'Assessment year' cell or use --year")]


def test_an_academic_year_alone_is_refused_as_spanning_two_years(fw):
    def reason(written: str) -> str:
        return (f"'{written}' is an academic or financial year, spanning 2023 and 2024; "
                "give the calendar year the assessment took place (or its date), or use --year")

    assert refusal(submission("Camden", "2023/24"), "x.xlsx", fw) == [Problem("'About'!C5", reason("2023/24"))]
    assert refusal(submission("Camden"), "camden 2023-24.xlsx", fw) == [Problem("file name", reason("2023-24"))]


def test_an_academic_year_is_settled_by_a_year_it_contains_and_refused_by_one_it_does_not(fw):
    assert found(identify(submission("Camden", "2023-24"), "camden_2024.xlsx", fw))[1:] == (
        2024, "'About'!C4", "file name")
    assert refusal(submission("Camden", "2023-24"), "camden_2022.xlsx", fw) == [Problem(
        "file name", "2022 (file name) is not in '2023-24' ('About'!C5); "
        "give the year in an 'Assessment year' cell or use --year")]


def test_a_name_that_is_no_london_borough_is_refused_saying_what_was_found(fw):
    titles = (("Narnia integration self-assessment", "'Sheet1'!A1"),)

    assert refusal(submission(None, "2024", titles), "narnia.xlsx", fw) == [Problem(
        "file", "no local authority found: looked at titles 'Sheet1'!A1 'Narnia integration self-assessment', "
        "file name 'narnia.xlsx' (no labelled cell)")]


def test_no_clue_at_all_is_refused_for_both_area_and_year(fw):
    assert refusal(submission(), "scores.xlsx", fw) == [
        Problem("file", "no local authority found: looked at file name 'scores.xlsx' (no labelled cell or titles)"),
        Problem("file", "no assessment year found: looked at file name 'scores.xlsx' (no labelled cell or titles)"),
    ]


def test_years_outside_the_accepted_range_are_not_years_in_free_text_but_refused_in_a_cell(fw):
    assert refusal(submission("Camden"), "camden_1999.xlsx", fw)[0].reason.startswith("no assessment year found")
    assert refusal(submission("Camden", str(LATEST + 1)), "x.xlsx", fw) == [
        Problem("'About'!C5", f"{LATEST + 1} is outside the accepted years 2000–{LATEST}")]


# --- properties ------------------------------------------------------------------------------------------

# A name people use for two authorities ("Kingston") is asked about (tests/test_identify_england.py).
# Every current English authority (one replaced by a reorganisation is refused for 2024: see there).
CURRENT = [area for area in FW.areas if area.last_year is None]
NAMES = [(area.code, text) for area in CURRENT for text in (area.name, *area.aliases)
         if text not in FW.shared_authority_names]
CODES = [(area.code, text) for area in CURRENT for text in (area.code, area.dfe_code)]
# In a title, a name that is also an ordinary word ("Reading") is never the only clue taken.
TITLE_NAMES = [(code, text) for code, text in NAMES if text not in FW.common_word_names]


@given(st.sampled_from(NAMES), st.sampled_from(["{}", "London Borough of {}", "{} Council", "the {}"]),
       st.sampled_from([str, str.upper, str.lower]))
def test_every_name_and_alias_in_a_labelled_cell_finds_its_area(named, form, case):
    code, text = named

    assert identify(submission(case(form.format(text)), "2024"), "x.xlsx", FW).area_code == code


@given(st.sampled_from(CODES), st.sampled_from([str, str.lower]))
def test_every_code_in_a_labelled_cell_finds_its_area(coded, case):
    code, text = coded

    assert identify(submission(case(text), "2024"), "x.xlsx", FW).area_code == code


@given(st.sampled_from(TITLE_NAMES + [(code, text) for code, text in CODES if text.startswith("E")]),
       st.sampled_from(["{} self-assessment", "Beyond Boundaries: {}", "{}"]))
def test_every_name_alias_and_gss_code_inside_a_title_finds_its_area(named, form):
    code, text = named

    assert identify(submission(None, "2024", ((form.format(text), "'A'!A1"),)), "x.xlsx", FW).area_code == code


@given(st.integers(2000, 2026), st.sampled_from(["_", "-", " ", "."]), st.booleans(),
       st.sampled_from(["camden", "E09000007", "202"]))
def test_every_year_in_a_file_name_is_found(year, separator, year_first, area):
    parts = [str(year), area] if year_first else [area, "bb", str(year), "final"]

    identity = identify(submission(), separator.join(parts) + ".xlsx", FW)

    assert (identity.area_code, identity.assessment_year) == ("E09000007", year)
