"""Identification of any English authority: names as people write them, aliases, GSS codes and DfE
numbers are recognised and taken; an ambiguous name is asked about; an authority in a year it did
not exist is refused with a precise reason — through `maturity ingest` too, beside a London file
that is accepted; a name that is also an ordinary word is never the only clue taken from free text."""

from __future__ import annotations

import duckdb
import openpyxl
import pytest

from framework import load_framework
from framework.model import Framework
from ingest.assessments.model import ParticipantEntry, WorkbookContent
from ingest.assessments.template import write_template
from ingest.core.identify import Identity, identify, match_area
from ingest.core.problems import Problem, Refused
from ingest.core.submission import Submission
from pipelines.cli import main
from warehouse.home import Home

FW = load_framework()


@pytest.fixture(scope="module")
def fw() -> Framework:
    return FW


def submission(area: str | None = None, year: str | None = None,
               titles: tuple[tuple[str, str], ...] = ()) -> Submission:
    return Submission("test", area, "'About'!C4" if area is not None else None,
                      year, "'About'!C5" if year is not None else None, None, False, (), (), titles)


def identified(area: str | None, year: str = "2024", file_name: str = "x.xlsx", titles=()) -> Identity:
    return identify(submission(area, year, titles), file_name, FW)


def refusal(area: str | None, year: str = "2024", file_name: str = "x.xlsx", titles=(), **kwargs) -> list[Problem]:
    with pytest.raises(Refused) as refused:
        identify(submission(area, year, titles), file_name, FW, **kwargs)
    return refused.value.problems


# --- names, aliases and codes ------------------------------------------------------------------------


@pytest.mark.parametrize("written, code", [
    ("BCP", "E06000058"),
    ("Bournemouth, Christchurch & Poole Council", "E06000058"),
    ("Bucks", "E06000060"),
    ("Buckinghamshire Council", "E06000060"),
    ("Hull", "E06000010"),
    ("Kingston upon Hull", "E06000010"),
    ("Kingston upon Hull, City of", "E06000010"),
    ("Hull City Council", "E06000010"),
    ("Herefordshire", "E06000019"),
    ("County of Herefordshire", "E06000019"),
    ("Herefordshire Council", "E06000019"),
    ("Bristol", "E06000023"),
    ("City of Bristol", "E06000023"),
    ("Bristol City Council", "E06000023"),
    ("Durham County Council", "E06000047"),
    ("durham", "E06000047"),
    ("St Helens", "E08000013"),
    ("St. Helens Metropolitan Borough Council", "E08000013"),
    ("Southend", "E06000033"),
    ("Telford", "E06000020"),
    ("BANES", "E06000022"),
    ("Bath", "E06000022"),
    ("Brighton & Hove City Council", "E06000043"),
    ("Stoke", "E06000021"),
    ("Royal Borough of Windsor and Maidenhead", "E06000040"),
    ("Kent County Council", "E10000016"),
    ("Leeds City Council", "E08000035"),
    ("  CUMBERLAND council ", "E06000063"),
    ("Newcastle", "E08000021"),
])
def test_names_and_aliases_resolve(written, code):
    assert identified(written).area_code == code


def test_every_name_and_gss_code_in_england_finds_itself_in_a_year_it_existed(fw):
    for authority in fw.england_authorities:
        first, last = fw.assessment_years(authority)
        year = str(last or first or 2024)
        assert identified(authority.gss_code, year).area_code == authority.gss_code
        found = identified(authority.name, year)
        # or the successor of the same name, in the year of the change (Buckinghamshire in 2020)
        assert found.area_code == authority.gss_code or (year == str(last) and found.area_name == authority.name)


@pytest.mark.parametrize("written, year, code", [
    ("909", "2022", "E10000006"),  # Cumbria
    ("383", "2024", "E08000035"),  # Leeds
    ("825", "2018", "E10000002"),  # Buckinghamshire county council until 2020
    ("825", "2024", "E06000060"),  # and the unitary council since
    ("Buckinghamshire", "2019", "E10000002"),
    ("Buckinghamshire", "2020", "E06000060"),  # both existed in 2020: the successor
    ("e08000035", "2024", "E08000035"),
])
def test_dfe_numbers_and_gss_codes_outside_london_are_recognised_by_year(written, year, code):
    assert identified(written, year).area_code == code


def test_a_gss_code_outside_london_is_found_in_a_title_and_a_file_name():
    assert identified(None, titles=(("Maturity assessment E08000035", "'A'!A1"),)).area_code == "E08000035"
    assert identified(None, file_name="E06000058_2024.xlsx").area_code == "E06000058"
    assert identified(None, file_name="leeds-2024.xlsx").area_code == "E08000035"


# --- ambiguity ------------------------------------------------------------------------------------------


def test_kingston_is_refused_naming_both_candidates():
    [problem] = refusal("Kingston")

    assert problem.location == "'About'!C4"
    assert "'Kingston' could be any of" in problem.reason
    assert "Kingston upon Thames (E09000021)" in problem.reason
    assert "Kingston upon Hull, City of (E06000010)" in problem.reason
    assert "give the full name or GSS code" in problem.reason


def test_kingston_alone_in_a_file_name_is_asked_about_but_the_full_name_is_not():
    [problem] = refusal(None, file_name="Kingston 2024.xlsx")

    assert "2 local authorities are named" in problem.reason and "Kingston upon Hull" in problem.reason
    assert identify(submission(None, "2024"), "Kingston upon Thames final.xlsx", FW).area_code == "E09000021"
    assert identify(submission(None, "2024"), "KingstonUponThames.xlsx", FW).area_code == "E09000021"


def test_kingston_is_refused_on_the_command_line_too(fw):
    with pytest.raises(Refused, match="could be any of"):
        match_area("Kingston", fw)
    assert match_area("RBK", fw).code == "E09000021"


# --- authorities in years they did not exist ----------------------------------------------------------


def test_a_dissolved_authority_is_refused_naming_its_successors():
    [problem] = refusal("Cumbria", "2024")

    assert problem == Problem("'About'!C4", "'Cumbria' (E10000006) was replaced on 1 April 2023 by Cumberland "
                              "(E06000063) and Westmorland and Furness (E06000064); an assessment for 2024 "
                              "must name one of them")


def test_a_dissolved_authority_is_accepted_as_an_identity_in_a_year_it_existed():
    identity = identified("Cumbria County Council", "2022")

    assert (identity.area_code, identity.area_name, identity.assessment_year) == ("E10000006", "Cumbria", 2022)


def test_a_new_authority_before_it_existed_is_refused_naming_what_it_replaced():
    [problem] = refusal("BCP", "2018")

    assert problem.reason.startswith("'BCP' is Bournemouth, Christchurch and Poole (E06000058), which was "
                                     "created on 1 April 2019, replacing Bournemouth (E06000028), Poole (E06000029)")
    assert problem.reason.endswith("an assessment for 2018 must name one of them")
    assert identified("BCP", "2019").area_code == "E06000058"


def test_a_dissolved_authority_named_by_its_number_says_which_it_is():
    [problem] = refusal("E10000002", "2022")

    assert problem.reason == ("'E10000002' is Buckinghamshire (E10000002), which was replaced on 1 April 2020 by "
                              "Buckinghamshire (E06000060); an assessment for 2022 must name it")


# --- outside London: taken like London's ------------------------------------------------------------


@pytest.mark.parametrize("written, code", [("Leeds", "E08000035"), ("909", "E10000006"), ("E06000058", "E06000058"),
                                           ("Hull", "E06000010"), ("Cornwall Council", "E06000052"),
                                           ("City of Bradford Metropolitan District Council", "E08000032")])
def test_any_form_of_an_authority_outside_london_is_taken(written, code):
    assert identified(written, "2022").area_code == code


def test_match_area_names_any_english_authority():
    assert match_area("Leeds City Council", FW).region_name == "Yorkshire and The Humber"
    assert match_area("Cumberland", FW).code == "E06000063"


def test_an_ordinary_word_that_names_an_authority_does_not_contradict_another_clue():
    titles = (("Reading the results: Camden self-assessment", "'A'!A1"),)

    assert identify(submission(None, "2024", titles), "x.xlsx", FW).area_code == "E09000007"
    reading = (("Reading the results", "'A'!A1"),)
    assert identify(submission(None, "2024", reading), "camden_2024.xlsx", FW).area_code == "E09000007"
    bath = (("Bath time for the partnership: Leeds 2024", "'A'!A1"),)
    assert identify(submission(None, "2024", bath), "x.xlsx", FW).area_code == "E08000035"


def test_an_ordinary_word_alone_is_asked_about_not_taken():
    [problem] = refusal(None, titles=(("Reading the results 2024", "'A'!A1"),))

    assert problem == Problem("'A'!A1", "'Reading' (title 'A'!A1) is the only authority named, and it is also an "
                              "ordinary word: if the file is Reading's, say so in a 'Local authority' cell or with --area")


def test_an_ordinary_word_in_a_labelled_cell_is_the_authority():
    assert identified("Reading").area_code == "E06000038"
    assert identified("Bath").area_code == "E06000022"


def test_a_name_that_is_no_english_authority_says_what_is_taken():
    [problem] = refusal("Narnia")

    assert problem.reason == ("'Narnia' is not an English local authority (an upper-tier council: county, unitary, "
                              "metropolitan or London borough)")


# --- through `maturity ingest` -------------------------------------------------------------------------


def content(fw: Framework, area: str, year: int) -> WorkbookContent:
    scores = {e.id: (n % 5) + 1 for n, e in enumerate(fw.enablers)}
    return WorkbookContent(area_name=area, assessment_year=year, group_label=None, is_synthetic=True,
                           participants=(ParticipantEntry("AB", fw.sectors[0], fw.role_levels[0], scores),
                                         ParticipantEntry("CD", None, None, scores)))


def test_a_cumbria_2024_workbook_is_refused_by_maturity_ingest_beside_an_accepted_london_one(fw, tmp_path, capsys):
    home = Home(tmp_path / "data").ensure()
    good = write_template(tmp_path / "sutton 2024.xlsx", fw, content(fw, "Sutton", 2024))
    bad = write_template(tmp_path / "cumbria 2024.xlsx", fw, content(fw, "Camden", 2024))
    workbook = openpyxl.load_workbook(bad)  # the area typed over, as a person would
    [cell] = [cell for row in workbook["About"].iter_rows() for cell in row if cell.value == "Camden"]
    cell.value = "Cumbria County Council"
    workbook.save(bad)

    assert main(["ingest", str(bad), str(good), "--home", str(home.root)]) == 1

    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert lines[0].startswith("refused") and bad.name in lines[0]
    assert lines[1].startswith("accepted") and good.name in lines[1]
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        [(reason,)] = con.execute("select reason from audit.rejections").fetchall()
        loaded = con.execute("select area_code, assessment_year from raw.submissions").fetchall()
    assert reason == ("'Cumbria County Council' (E10000006) was replaced on 1 April 2023 by "
                      "Cumberland (E06000063) and Westmorland and Furness (E06000064); an assessment for 2024 "
                      "must name one of them")
    assert loaded == [("E09000029", 2024)]
