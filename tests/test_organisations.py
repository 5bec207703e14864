"""Participants' organisations and roles as boroughs write them (issue #11): placed in the
framework's sectors and role levels by framework/data/organisations.yaml, kept as written, and
said in a note when they cannot be placed — never a refusal."""

from __future__ import annotations

from pathlib import Path

import duckdb
import openpyxl
import pytest

from framework.model import Framework
from ingest.assessments import layout as L
from ingest.batch.loading import ingest_files
from ingest.core.organisations import Placements, place_role, place_sector
from ingest.paper import layout as P
from ingest.registry import read_content
from tests.support.layouts import write_plain
from tests.test_framework import edited_copy, refusal
from tests.test_paper import edit, typed, write
from warehouse.home import Home

HEALTH, LA, EARLY, VCS = "Health", "Local authority", "Early education and childcare", "Voluntary and community sector"


@pytest.mark.parametrize(("text", "sector"), [
    ("Public Health (LA)", LA),  # "public health" beats "health": more words
    ("Midwifery – NHS trust", HEALTH),
    ("PVI nursery", EARLY),
    ("Family hub – council", LA),
    ("School nursing", HEALTH),  # not Early education, for "school"
    ("NHS", HEALTH),
    ("health", HEALTH),  # the choice itself, in any case
    ("Children’s Centre", LA),  # curly apostrophe
    ("Barnardo's", VCS),
    ("HOME-START Camden", VCS),
    ("National Childbirth Trust", VCS),  # not Health, for "trust"
    ("Early Education & Childcare", EARLY),
])
def test_a_written_organisation_is_placed_in_its_sector(framework, text, sector):
    assert place_sector(text, framework) == (sector, True)


@pytest.mark.parametrize("text", ["Housing", "Library service", "Early years", "Mental health charity"])
def test_an_organisation_no_phrase_places_or_two_place_equally_is_other(framework, text):
    assert place_sector(text, framework) == ("Other", False)


@pytest.mark.parametrize(("text", "role"), [
    ("Senior manager", "Strategic"), ("Head of service", "Strategic"), ("Assistant Director", "Strategic"),
    ("strategic", "Strategic"), ("Health visitor", "Operational"), ("Senior practitioner", "Operational"),
    ("Ops", "Operational"), ("Family support worker", "Operational"),
])
def test_a_written_role_is_placed_in_its_level(framework, text, role):
    assert place_role(text, framework) == (role, True)


def test_an_unrecognised_role_is_not_recorded(framework):
    assert place_role("Volunteer coordinator", framework) == (None, False)


def test_unplaced_texts_are_noted_once_each_and_ties_say_between_what(framework):
    placements = Placements(framework)

    placed = [placements.sector(t) for t in ("Library service", "NHS", "Housing", "Library service", None)]
    placed += [placements.sector("Mental health charity"), placements.role("Volunteer coordinator")]

    assert placed == ["Other", HEALTH, "Other", "Other", None, "Other", None]
    assert placements.notes() == (
        ("3 organisations not matched to a sector (recorded as Other): 'Library service', 'Housing', "
         f"'Mental health charity' (equally {HEALTH} / {VCS})"),
        "1 role not recognised (not recorded): 'Volunteer coordinator'",
    )
    assert Placements(framework).notes() == ()


# --- the synonym table is checked like the rest of the framework ----------------------------------


def test_a_phrase_under_two_sectors_or_an_unknown_choice_is_refused(tmp_path):
    def edit(doc: dict) -> None:
        doc["sectors"][HEALTH].append("family hub")
        doc["sectors"]["Police"] = ["police"]
        doc["roles"]["Strategic"].append("Head-of-service")
        doc["unmatched_sector"] = "Elsewhere"

    problems = set(refusal(edited_copy(tmp_path, "organisations.yaml", edit)).problems)

    sectors = [LA, HEALTH, EARLY, VCS, "Other"]  # as scale.yaml lists them
    assert problems == {
        f"organisations.yaml: sectors: phrase 'family hub' is given 2 times, under ['{HEALTH}', '{LA}']",
        f"organisations.yaml: sectors: 'Police' is not one of scale.yaml's {sectors}",
        ("organisations.yaml: roles.Strategic: 'Head-of-service' is not plain lower-case words "
         "(letters and digits, single spaces)"),
        f"organisations.yaml: unmatched_sector: 'Elsewhere' is not one of scale.yaml's sectors {sectors}",
    }


# --- workbooks --------------------------------------------------------------------------------------


ORGANISATIONS = ("Public Health (LA)", "Midwifery – NHS trust", "PVI nursery", "Family hub – council", "Housing",
                 "Library service")
ROLES = ("Senior manager", "Health visitor", "Head of service", None, "Volunteer coordinator", "Operational")


def tool_layout_workbook(fw: Framework, path: Path) -> Path:
    """The Excel tool's layout typed by hand (as a borough's copy of it might be): About answers,
    then participants' names, organisations and roles above the enabler table."""
    book = openpyxl.Workbook()
    about = book.active
    about.title = "About"
    about["B4"], about["C4"] = "Local authority", "Camden"
    about["B5"], about["C5"] = "Assessment year", 2024
    sheet = book.create_sheet(L.ENABLER_SHEET.name)
    for row, label in ((4, "Participant"), (5, "Organisation / sector"), (6, "Strategic or operational")):
        sheet.cell(row, 4, label)
    for n, (organisation, role) in enumerate(zip(ORGANISATIONS, ROLES, strict=True)):
        sheet.cell(4, 5 + n, f"Person {n + 1}")
        sheet.cell(5, 5 + n, organisation)
        sheet.cell(6, 5 + n, role)
    for col, heading in enumerate(("Theme", "Enabler ID", "Enabler", "Statement"), start=1):
        sheet.cell(8, col, heading)
    for r, enabler in enumerate(fw.enablers):
        for col, value in enumerate((enabler.theme_id, enabler.id, enabler.name, enabler.statement), start=1):
            sheet.cell(9 + r, col, value)
        for n in range(len(ORGANISATIONS)):
            sheet.cell(9 + r, 5 + n, (r + n) % 5 + 1)
    book.save(path)
    return path


def test_a_tool_workbook_with_written_organisations_and_roles_is_accepted_with_a_note(framework, tmp_path):
    path = tool_layout_workbook(framework, tmp_path / "camden 2024.xlsx")
    home = Home(tmp_path / "home").ensure()

    [outcome] = ingest_files([path], home, framework)

    assert outcome.status == "accepted", outcome.line()
    assert "2 organisations not matched to a sector (recorded as Other): 'Housing', 'Library service'" in outcome.line()
    assert "1 role not recognised (not recorded): 'Volunteer coordinator'" in outcome.line()
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        participants = con.execute("""select participant_id, organisation, sector, role_text, role_level
                                      from raw.participants order by participant_id""").fetchall()
        scores = con.execute("select participant_id, item_id, score from raw.scores").fetchall()
        reader = con.execute("select reader from raw.submissions").fetchall()
    assert reader == [("template_workbook",)]
    assert participants == [
        ("P01", "Public Health (LA)", LA, "Senior manager", "Strategic"),
        ("P02", "Midwifery – NHS trust", HEALTH, "Health visitor", "Operational"),
        ("P03", "PVI nursery", EARLY, "Head of service", "Strategic"),
        ("P04", "Family hub – council", LA, None, None),
        ("P05", "Housing", "Other", "Volunteer coordinator", None),
        ("P06", "Library service", "Other", "Operational", "Operational"),
    ]
    assert sorted(scores) == sorted(
        (f"P{n + 1:02d}", e.id, (r + n) % 5 + 1) for r, e in enumerate(framework.enablers)
        for n in range(len(ORGANISATIONS)))


def test_a_borough_grid_places_written_organisations_and_keeps_initials(framework, tmp_path):
    rows = [["Local authority", "Camden"], ["Assessment year", 2024], [],
            ["Organisation", "VCS", "School nursing", "Police"], ["Role", "Strat", "Practitioner", "Volunteer"],
            ["Enabler", "AB", "CD", "EF"]]
    rows += [[e.name, 1 + n % 5, 1 + (n + 1) % 5, 1 + (n + 2) % 5] for n, e in enumerate(framework.enablers)]
    path = write_plain(tmp_path / "grid.xlsx", {"Scores": rows})

    submission = read_content(path, framework)

    assert [(p.organisation, p.sector, p.role_text, p.role_level) for p in submission.participants] == [
        ("VCS", VCS, "Strat", "Strategic"),
        ("School nursing", HEALTH, "Practitioner", "Operational"),
        ("Police", "Other", "Volunteer", None),
    ]
    assert "1 organisation not matched to a sector (recorded as Other): 'Police'" in submission.notes
    assert "1 role not recognised (not recorded): 'Volunteer'" in submission.notes


def test_a_paper_transcription_keeps_what_was_typed_and_notes_what_it_could_not_place(framework, tmp_path):
    path = write(tmp_path, framework, "single.xlsx", typed(framework, "single", "JS"))
    edit(path, P.ENABLER_FORMS.name, {"C6": "Health visiting – Whittington NHS", "C7": "Housing", "D7": "Chair"})

    submission = read_content(path, framework)

    first, second = submission.participants[:2]
    assert (first.organisation, first.sector) == ("Health visiting – Whittington NHS", HEALTH)
    assert (second.organisation, second.sector, second.role_text, second.role_level) == (
        "Housing", "Other", "Chair", None)
    assert submission.notes == ("1 organisation not matched to a sector (recorded as Other): 'Housing'",
                                "1 role not recognised (not recorded): 'Chair'")
